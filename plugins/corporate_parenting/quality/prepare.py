"""Typed, indexed copies of the delivered 903 returns for the validation rules.

Raw tables hold text exactly as delivered. The rules compare dates, join tables of the same
return and look at last year's return, so before the gate runs we build, in schema
`quality`, one table per 903 table (`s903_<table>`) with:

- every delivered column (text, as delivered) and the row's origin (file, row, LA, child key);
- `<column>_date` for each date column (null when the text is not a dd/mm/yyyy date);
- `collection_year` ('2025-26'), `year_start`/`year_end` (1 April / 31 March), `in_year`
  (false for an annual return, true for the latest monthly extract, validated as the return
  in progress), and `as_at` (31 March, or the last day of the extract's month).

Only the latest monthly extract of each LA is validated, and only for a collection year with
no annual return yet: once the statutory return arrives it is the one that counts.
Raw tables that were never delivered (e.g. DoLo before 2026-27) become empty tables, so rules
always have something to query.
"""

from __future__ import annotations

from corporate_parenting import ssda903_spec as spec
from corporate_parenting.extract.ssda903 import DATE_COLUMNS
from corporate_parenting.quality.rules import QUALITY_SCHEMA, TABLES

# Tables a rule may query that no 903 layout in ssda903_spec defines yet (none today: DoLo,
# new in 2026-27, is in the layouts); the rule tests create raw tables for these too.
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {}
EPISODE_DERIVED = ("home_district", "pl_district", "pl_distance", "pl_la", "pl_location")
META = ("child_key", "_source_file", "_row_number", "_la_code", "_period", "_batch_id")


def table_columns(table: str) -> tuple[str, ...]:
    columns = spec.TABLE_COLUMNS.get(table) or EXTRA_COLUMNS[table]
    return tuple(c.lower() for c in columns)


def _raw_exists(cur, name: str) -> bool:
    cur.execute("select to_regclass(%s) is not null", (f"raw.{name}",))
    return bool(cur.fetchone()[0])


def _collection_year_of_month(column: str) -> str:
    start = (
        f"(case when substr({column}, 6, 2)::int >= 4 then substr({column}, 1, 4)::int "
        f"else substr({column}, 1, 4)::int - 1 end)"
    )
    return f"({start}::text || '-' || lpad((({start} + 1) % 100)::text, 2, '0'))"


def _select(table: str, raw_name: str, *, monthly: bool, annual_exists: bool = False) -> str:
    columns = table_columns(table)
    derived = EPISODE_DERIVED if table == "episodes" else ()
    cols = ", ".join(f"r.{c}" for c in (*columns, *derived, *META))
    if not monthly:
        year = "r._period"
        as_at = f"make_date(substr({year}, 1, 4)::int + 1, 3, 31)"
        where = ""
        in_year = "false"
    else:
        year = _collection_year_of_month("r._period")
        as_at = "(to_date(r._period, 'YYYY-MM') + interval '1 month - 1 day')::date"
        in_year = "true"
        annual = f"raw.ssda903_{table}"
        latest = (
            f" join (select _la_code, max(_period) as latest from raw.{raw_name} "
            f"group by _la_code) as l on l._la_code = r._la_code and r._period = l.latest"
        )
        where = latest
        if annual_exists:
            where += (
                f" where not exists (select 1 from {annual} as a "
                f"where a._la_code = r._la_code and a._period = {year})"
            )
    return (
        f"select {cols}, {year} as collection_year, {in_year} as in_year, "
        f"{as_at} as as_at from raw.{raw_name} as r{where}"
    )


def _empty(table: str) -> str:
    columns = table_columns(table)
    derived = EPISODE_DERIVED if table == "episodes" else ()
    cols = ", ".join(f"null::text as {c}" for c in (*columns, *derived))
    return (
        f"select {cols}, null::text as child_key, null::text as _source_file, "
        "null::integer as _row_number, null::text as _la_code, null::text as _period, "
        "null::uuid as _batch_id, null::text as collection_year, null::boolean as in_year, "
        "null::date as as_at where false"
    )


def prepare_sql(cur, table: str, schema: str = QUALITY_SCHEMA, *, materialise: bool) -> str:
    """The statement that (re)builds `<schema>.s903_<table>`."""
    parts = []
    annual_exists = _raw_exists(cur, f"ssda903_{table}")
    if annual_exists:
        parts.append(_select(table, f"ssda903_{table}", monthly=False))
    if _raw_exists(cur, f"cms_monthly_{table}"):
        parts.append(
            _select(table, f"cms_monthly_{table}", monthly=True, annual_exists=annual_exists)
        )
    body = " union all ".join(parts) if parts else _empty(table)
    dates = [c.lower() for c in DATE_COLUMNS if c.lower() in table_columns(table)]
    parsed = "".join(f", raw.parse_ddmmyyyy(u.{c}) as {c}_date" for c in dates)
    typed = (
        f"select u.*, make_date(substr(u.collection_year, 1, 4)::int, 4, 1) as year_start, "
        f"make_date(substr(u.collection_year, 1, 4)::int + 1, 3, 31) as year_end{parsed} "
        f"from ({body}) as u"
    )
    name = f"{schema}.s903_{table}"
    if not materialise:
        return f"{_drop(cur, name)} create view {name} as {typed};"
    return (
        f"{_drop(cur, name)} create table {name} as {typed}; "
        f"create index on {name} (collection_year, child_key); analyze {name};"
    )


def _drop(cur, name: str) -> str:
    """Drop a table or view of that name, whichever it is (tests use views)."""
    cur.execute("select relkind from pg_class where oid = to_regclass(%s)", (name,))
    row = cur.fetchone()
    if row is None:
        return ""
    return f"drop {'view' if row[0] == 'v' else 'table'} {name} cascade;"


REFERENCE_SQL = {
    "ofsted_providers": (
        "select urn, provider_type, setting_name, postcode, la_code, "
        "raw.parse_ddmmyyyy(inspection_date) as inspection_date "
        "from raw.reference_ofsted_providers"
    ),
    "postcodes": "select pcds, oseast1m, osnrth1m, laua, utla from raw.reference_postcodes",
}
REFERENCE_EMPTY = {
    "ofsted_providers": (
        "select null::text as urn, null::text as provider_type, null::text as setting_name, "
        "null::text as postcode, null::text as la_code, null::date as inspection_date where false"
    ),
    "postcodes": (
        "select null::text as pcds, null::text as oseast1m, null::text as osnrth1m, "
        "null::text as laua, null::text as utla where false"
    ),
}


def _lookups(cur, schema: str) -> None:
    """Who the case-management system knows, and their dates of birth, for the domain-source
    suites' cross-source rules: built once here rather than once per rule."""
    headers = [h for h in ("ssda903_header", "cms_monthly_header") if _raw_exists(cur, h)]
    if not headers:
        return
    children = " union ".join(
        f"select _la_code, child_key from raw.{h} where child_key is not null" for h in headers
    )
    dobs = [f"select _la_code, child_key, trim(dob) as dob from raw.{h}" for h in headers]
    with_lc = list(dobs)
    if _raw_exists(cur, "leaving_care_young_people"):
        with_lc.append(
            "select _la_code, child_key, trim(date_of_birth) as dob "
            "from raw.leaving_care_young_people"
        )
    statements = [
        f"drop table if exists {schema}.cms_children",
        f"create table {schema}.cms_children as {children}",
        f"create index on {schema}.cms_children (_la_code, child_key)",
    ]
    for name, parts in (("child_dates_of_birth", dobs), ("child_dates_of_birth_lc", with_lc)):
        # One row per child: the latest recorded date of birth, each distinct value parsed once.
        statements += [
            f"drop table if exists {schema}.{name}",
            f"create table {schema}.{name} as select _la_code, child_key, "
            f"max(raw.parse_ddmmyyyy(dob)) as dob from (select distinct * from "
            f"({' union all '.join(parts)}) as given) as recorded group by _la_code, child_key",
            f"create index on {schema}.{name} (_la_code, child_key)",
        ]
    for statement in statements:
        cur.execute(statement)


def prepare(conn, schema: str = QUALITY_SCHEMA, *, materialise: bool = True) -> None:
    """(Re)build the typed copies the rules query. Views instead of tables for tests."""
    with conn.cursor() as cur:
        cur.execute(f"create schema if not exists {schema}")
        for table in TABLES:
            cur.execute(prepare_sql(cur, table, schema, materialise=materialise))
        for name, sql in REFERENCE_SQL.items():
            source = f"reference_{name}"
            body = sql if _raw_exists(cur, source) else REFERENCE_EMPTY[name]
            kind = "table" if materialise else "view"
            target = f"{schema}.{name}"
            cur.execute(f"{_drop(cur, target)} create {kind} {target} as {body};")
        if materialise:
            _lookups(cur, schema)
    conn.commit()
