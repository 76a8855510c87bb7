"""Read the SSDA903 XML form into the same rows as the DfE CSV files.

Shape (DfE 903 XML, names as D2I's validator maps them): root `EXPSSDA903`, one `CHILD`
element per child holding `CHILDID`, a `HEADER` and the child's `EPISODE`, `AREVIEW`,
`AMISSING`, `PERMANENCE`, `AD_PLACED`, `OC2`, `OC3`, `AD1`, `UASC` and `SWEPISODE` elements,
whose leaf elements are the fields. `CHILDID` becomes CHILD and `PL` becomes PLACE. A table's
DOB, when the XML leaves it to the header, is taken from the child's HEADER. Each row's number
is the line its element starts on, so a caseworker can find it in the file.
"""

from __future__ import annotations

import xml.sax
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from corporate_parenting.extract.readers import Delivery, Quarantined, Record, SourceFileError

TABLE_ELEMENTS = {
    "HEADER": "header",
    "EPISODE": "episodes",
    "AREVIEW": "reviews",
    "UASC": "uasc",
    "OC2": "oc2",
    "OC3": "oc3",
    "AD1": "ad1",
    "AD_PLACED": "placed_for_adoption",
    "PERMANENCE": "previous_permanence",
    "AMISSING": "missing",
    "SWEPISODE": "sw_episodes",
}
FIELD_NAMES = {"CHILDID": "CHILD", "PL": "PLACE"}


class _Handler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self.stack: list[str] = []
        self.child_id = ""
        self.child_rows: list[tuple[str, int, dict[str, str]]] = []
        self.current: tuple[str, int, dict[str, str]] | None = None
        self.text: list[str] = []

    def startElement(self, name, attrs):  # noqa: N802 - SAX API
        self.stack.append(name)
        self.text = []
        if name == "CHILD":
            self.child_id, self.child_rows = "", []
        elif name in TABLE_ELEMENTS and "CHILD" in self.stack[:-1]:
            self.current = (TABLE_ELEMENTS[name], self._locator.getLineNumber(), {})

    def characters(self, content):
        self.text.append(content)

    def endElement(self, name):  # noqa: N802 - SAX API
        self.stack.pop()
        value = "".join(self.text).strip()
        self.text = []
        if name == "CHILD":
            self._finish_child()
        elif name in TABLE_ELEMENTS and self.current and self.current[0] == TABLE_ELEMENTS[name]:
            self.child_rows.append(self.current)
            self.current = None
        elif name == "CHILDID":
            self.child_id = value
        elif self.current is not None:
            self.current[2][FIELD_NAMES.get(name, name)] = value

    def _finish_child(self):
        header = next((fields for table, _, fields in self.child_rows if table == "header"), {})
        for table, line, fields in self.child_rows:
            fields.setdefault("CHILD", self.child_id)
            if "DOB" in header:
                fields.setdefault("DOB", header["DOB"])
            self.rows.setdefault(table, []).append((line, fields))


@lru_cache(maxsize=4)
def _parse(path: str, mtime: float) -> dict[str, list[tuple[int, dict[str, str]]]]:
    handler = _Handler()
    try:
        xml.sax.parse(path, handler)
    except xml.sax.SAXParseException as exc:
        raise SourceFileError(
            f"{path}: line {exc.getLineNumber()}: not well-formed XML ({exc.getMessage()})"
        ) from exc
    return handler.rows


def read_xml_table(
    path: Path, display_name: str, table: str, columns: tuple[str, ...], delivery: Delivery
) -> Iterator[Record | Quarantined]:
    """The rows of one 903 table from the XML return, with the CSV column names."""
    delivery.header = list(columns)
    rows = _parse(str(path), path.stat().st_mtime)
    seen: dict[tuple, int] = {}
    for line, fields in rows.get(table, []):
        unknown = sorted(set(fields) - set(columns))
        values = {c: fields.get(c, "") for c in columns}
        signature = tuple(values.values())
        if signature in seen:
            raw = ",".join(values.values())
            yield Quarantined(
                line, None, f"exact duplicate of the element on line {seen[signature]}", raw
            )
            continue
        seen[signature] = line
        yield Record(line, values, {k: fields[k] for k in unknown})
