"""Every failing row of the last gate run, and the data-quality report for data owners.

`quality.rule_failures` holds one row per failing record per rule (child *key*, source file and
row, the values involved). From it:

- `quality.dq_report`: what data owners see, pseudonymised (role `dq_data_owner`);
- `linkage.dq_report_identified`: the same with the case-management system's child ID, for the
  restricted role `dq_restricted` only (caseworkers who fix records at source);
- `var/quality/dq_report/dq_report.{csv,html}` and, in the restricted folder
  `var/restricted/dq_report/`, `dq_report_identified.{csv,html}`: the files, laid out like the
  error report of DfE's 903 validator (per child, per rule), so records can be fixed before the
  statutory return.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from corporate_parenting.settings import Settings

# Values that identify a child: only the restricted role sees them in the report.
IDENTIFYING_VALUES = (
    "child",
    "dob",
    "mc_dob",
    "upn",
    "home_post",
    "pl_post",
    "postcode",
    "nhs_number",
    "date_of_birth",
)
DATA_OWNER_ROLE = "dq_data_owner"
RESTRICTED_ROLE = "dq_restricted"
ID_COLUMNS = ("_source_file", "_row_number", "child", "child_key", "_la_code")


def _sql_array(values) -> str:
    return "array[" + ", ".join(f"'{v}'" for v in values) + "]"


DDL = f"""
create schema if not exists quality;
create table if not exists quality.gate_runs (
  checked_at timestamptz not null,
  stage text not null,
  passed boolean not null,
  rule_checks integer not null,
  blocking_failures integer not null,
  warnings integer not null,
  seconds numeric not null,
  summary text not null
);
create table if not exists quality.rule_failures (
  stage text not null,
  checked_at timestamptz not null,
  rule_code text not null,
  severity text not null,
  message text not null,
  fields text not null,
  suite text not null,
  table_name text not null,
  collection_year text,
  la_code text,
  child_key text,
  source_file text,
  row_number integer,
  details jsonb not null
);
create index if not exists rule_failures_stage on quality.rule_failures (stage);
drop view if exists linkage.dq_report_identified;
drop view if exists quality.dq_report;
create view quality.dq_report as
select
  la_code, collection_year, child_key, table_name, source_file, row_number,
  rule_code, severity, message, fields, details - {_sql_array(IDENTIFYING_VALUES)} as details,
  checked_at
from quality.rule_failures
where stage = 'raw';
comment on view quality.dq_report is
  'Records to fix at source: one row per failing record and rule of the last raw gate run. '
  'Pseudonymised: child IDs, dates of birth, UPNs and postcodes are only in '
  'linkage.dq_report_identified (restricted role).';
create schema if not exists linkage;
create view linkage.dq_report_identified as
select
  f.la_code, f.collection_year, f.child_key, f.table_name, f.source_file, f.row_number,
  f.rule_code, f.severity, f.message, f.fields, f.details, f.checked_at, i.child_id
from quality.rule_failures as f
left join linkage.child_identifiers as i on i.child_key = f.child_key
where f.stage = 'raw';
do $$
begin
  if not exists (select 1 from pg_roles where rolname = '{DATA_OWNER_ROLE}') then
    create role {DATA_OWNER_ROLE} nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = '{RESTRICTED_ROLE}') then
    create role {RESTRICTED_ROLE} nologin in role {DATA_OWNER_ROLE};
  end if;
end $$;
grant usage on schema quality to {DATA_OWNER_ROLE};
grant select on quality.dq_report to {DATA_OWNER_ROLE};
grant usage on schema linkage to {RESTRICTED_ROLE};
grant select on linkage.dq_report_identified to {RESTRICTED_ROLE};
"""


def ensure_schema(conn) -> None:
    from corporate_parenting.extract.sources import LINKAGE_DDL  # noqa: PLC0415

    with conn.cursor() as cur:
        # The identified report view joins the linkage table, which landing normally creates.
        cur.execute(LINKAGE_DDL)
        cur.execute(DDL)
    conn.commit()


def record(conn, result, checks) -> None:
    """Replace the stage's failures with this run's, every failing row of every rule."""
    from psycopg2.extras import execute_values  # noqa: PLC0415

    ensure_schema(conn)
    by_suite = {c.suite_name: c for c in checks}
    rows = []
    with conn.cursor() as cur:
        for outcome in result.outcomes:
            if outcome.success:
                continue
            check = by_suite.get(outcome.suite)
            query = check.failing_rows_queries.get(outcome.rule_code) if check else None
            if query:
                cur.execute(query)
                names = [d[0] for d in cur.description]
                failing = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            else:
                failing = outcome.examples
            for row in failing:
                details = {k: v for k, v in row.items() if k not in ID_COLUMNS}
                rows.append(
                    (
                        result.stage,
                        result.checked_at,
                        outcome.rule_code,
                        outcome.severity,
                        outcome.message,
                        ", ".join(outcome.fields),
                        outcome.suite,
                        outcome.table,
                        outcome.collection_year,
                        row.get("_la_code") or row.get("la_code"),
                        row.get("child_key"),
                        row.get("_source_file"),
                        row.get("_row_number"),
                        json.dumps(details, default=str),
                    )
                )
        cur.execute("delete from quality.rule_failures where stage = %s", (result.stage,))
        execute_values(
            cur,
            "insert into quality.rule_failures values %s",
            rows,
            page_size=1000,
        )
        cur.execute(
            "insert into quality.gate_runs values (%s, %s, %s, %s, %s, %s, %s, %s)",
            (
                result.checked_at,
                result.stage,
                result.passed,
                len(result.outcomes),
                len(result.blocking_failures),
                len(result.warnings),
                round(result.seconds, 1),
                result.summary(),
            ),
        )
    conn.commit()


REPORT_COLUMNS = (
    "la_code",
    "collection_year",
    "child",
    "table_name",
    "source_file",
    "row_number",
    "rule_code",
    "severity",
    "message",
    "fields",
    "values",
)


def report_rows(conn, *, identified: bool) -> list[dict]:
    """The report's rows; `identified` adds the source child ID (restricted role only)."""
    view = "linkage.dq_report_identified" if identified else "quality.dq_report"
    child = "coalesce(child_id, '(unknown: ' || child_key || ')')" if identified else "child_key"
    with conn.cursor() as cur:
        cur.execute(
            f"select la_code, collection_year, {child} as child, table_name, source_file, "
            "row_number, rule_code, severity, message, fields, details "
            f"from {view} order by la_code, collection_year desc, child, rule_code, row_number"
        )
        names = [d[0] for d in cur.description]
        out = []
        for r in cur.fetchall():
            row = dict(zip(names, r, strict=True))
            details = row.pop("details") or {}
            row["values"] = "; ".join(f"{k.upper()}={v}" for k, v in details.items() if v)
            out.append(row)
        return out


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def to_html(rows: list[dict], *, identified: bool, generated_at: datetime) -> str:
    env = Environment(
        loader=PackageLoader("corporate_parenting.quality", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    by_rule: dict[tuple, dict] = {}
    children: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        key = (row["rule_code"], row["severity"], row["message"])
        entry = by_rule.setdefault(key, {"children": set(), "rows": 0, "years": set()})
        entry["children"].add((row["la_code"], row["child"]))
        entry["rows"] += 1
        if row["collection_year"]:
            entry["years"].add(row["collection_year"])
        children[(row["la_code"], row["collection_year"], row["child"])].append(row)
    summary = [
        {
            "rule_code": code,
            "severity": severity,
            "message": message,
            "children": len(v["children"]),
            "rows": v["rows"],
            "years": ", ".join(sorted(v["years"], reverse=True)),
        }
        for (code, severity, message), v in sorted(
            by_rule.items(), key=lambda kv: (kv[0][1] != "blocking", -kv[1]["rows"])
        )
    ]
    return env.get_template("dq_report.html.j2").render(
        identified=identified,
        generated_at=generated_at.strftime("%d %B %Y at %H:%M UTC"),
        summary=summary,
        children=sorted(children.items(), key=lambda kv: tuple(k or "" for k in kv[0])),
        total_rows=len(rows),
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_reports(conn, settings: Settings | None = None) -> dict[str, Path]:
    """Write the pseudonymised report and, in the restricted folder, the identified one."""
    settings = settings or Settings.from_env()
    now = datetime.now(UTC)
    written: dict[str, Path] = {}
    plain = report_rows(conn, identified=False)
    folder = settings.quality_dir / "dq_report"
    _write(folder / "dq_report.csv", to_csv(plain))
    _write(folder / "dq_report.html", to_html(plain, identified=False, generated_at=now))
    written["csv"], written["html"] = folder / "dq_report.csv", folder / "dq_report.html"
    restricted = settings.var_dir / "restricted" / "dq_report"
    restricted.mkdir(parents=True, exist_ok=True)
    os.chmod(restricted.parent, 0o700)
    identified = report_rows(conn, identified=True)
    _write(restricted / "dq_report_identified.csv", to_csv(identified))
    _write(
        restricted / "dq_report_identified.html",
        to_html(identified, identified=True, generated_at=now),
    )
    written["identified_csv"] = restricted / "dq_report_identified.csv"
    written["identified_html"] = restricted / "dq_report_identified.html"
    return written
