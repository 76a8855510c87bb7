"""Write a collection year's 903 tables as the DfE XML form.

The shape is the one extract/ssda903_xml.py reads: root `EXPSSDA903`, a return-level
`HEADER` (collection details, ignored by readers of child data), then one `CHILD` per child
holding `CHILDID` and the child's `HEADER`, `EPISODE`, `UASC`, `AREVIEW`, `AMISSING`, `OC2`,
`OC3`, `AD1`, `AD_PLACED`, `PERMANENCE` and `SWEPISODE` elements. Field elements carry the CSV
column names except CHILD (`CHILDID`, once per child) and PLACE (`PL`). Every row is one
element on one line, so a reader's line numbers point at whole rows. Blank fields are written
as empty elements. A child that is only in the OC3 cohort has no HEADER (the header table
lists the children looked after in the year).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

ELEMENTS = {
    "header": "HEADER",
    "episodes": "EPISODE",
    "uasc": "UASC",
    "reviews": "AREVIEW",
    "missing": "AMISSING",
    "oc2": "OC2",
    "oc3": "OC3",
    "ad1": "AD1",
    "placed_for_adoption": "AD_PLACED",
    "previous_permanence": "PERMANENCE",
    "sw_episodes": "SWEPISODE",
}
FIELD_ELEMENTS = {"PLACE": "PL"}
_SPECIAL = re.compile(r"[&<>]")


def write_xml(
    path: Path,
    tables: dict[str, tuple[tuple[str, ...], list[tuple]]],
    *,
    la_number: str,
    year_end: int,
) -> int:
    """Write `tables` ({table: (columns, rows)}, CHILD first) to `path`; returns rows written."""
    by_child: dict[str, list[str]] = {}
    count = 0
    for table in ELEMENTS:
        if table not in tables:
            continue
        columns, rows = tables[table]
        if columns[0] != "CHILD":
            raise ValueError(f"{table}: the first column must be CHILD")
        tag = ELEMENTS[table]
        names = [FIELD_ELEMENTS.get(c, c) for c in columns[1:]]
        opens = [f"<{n}>" for n in names]
        closes = [f"</{n}>" for n in names]
        empties = [f"<{n}/>" for n in names]
        head, tail = f"    <{tag}>", f"</{tag}>\n"
        for row in rows:
            if len(row) != len(columns):
                raise ValueError(f"{table}: {row!r} does not have {len(columns)} fields")
            parts = [head]
            for i, v in enumerate(row[1:]):
                if v == "":
                    parts.append(empties[i])
                else:
                    v = str(v)
                    parts += (opens[i], escape(v) if _SPECIAL.search(v) else v, closes[i])
            parts.append(tail)
            by_child.setdefault(row[0], []).append("".join(parts))
            count += 1
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        "<EXPSSDA903>\n",
        f"  <HEADER><COLLECTION>SSDA903</COLLECTION><YEAR>{year_end}</YEAR>"
        f"<REFERENCEDATE>31/03/{year_end}</REFERENCEDATE><LEA>{escape(la_number)}</LEA></HEADER>\n",
    ]
    for cid in sorted(by_child):
        out.append("  <CHILD>\n")
        out.append(f"    <CHILDID>{escape(cid)}</CHILDID>\n")
        out.extend(by_child[cid])
        out.append("  </CHILD>\n")
    out.append("</EXPSSDA903>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(out), encoding="utf-8", newline="\n")
    return count
