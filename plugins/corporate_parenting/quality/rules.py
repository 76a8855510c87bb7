"""DfE SSDA903 validation rules as data: one `Rule` per DfE rule code.

A rule is a SQL query that returns the rows of one 903 table that break it. The query is a
template: `{this}` is the table under test (aliased `t`, one collection year of it), `{ids}`
the columns that name a delivered row, `{header}`, `{episodes}`, ... the other tables of the
same return, `{header_last}`, `{episodes_last}`, ... last year's return, `{year_start}`,
`{year_end}`, `{collection_year}` the year's dates (SQL literals), `{codes[<seed>]}` the code
list of seed `dbt_project/seeds/code_lists/<seed>.csv` valid that year, `{providers}` and
`{postcodes}` the reference tables. The typed tables behind the placeholders
are built by `corporate_parenting.quality.prepare` (dates parsed to `<column>_date`).

The gate turns each rule into a GX `UnexpectedRowsExpectation` inside the suite of its table
and collection year; the rule tests run the very same query on small hand-made returns.
Rule modules live under `expectations/ssda903/`: each defines `RULES: list[Rule]`.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from corporate_parenting.quality.checks import BLOCKING, Severity

FIRST_COLLECTION_YEAR = "2016-17"
QUALITY_SCHEMA = "quality"
ROW_ID_COLUMNS = ("_source_file", "_row_number", "child", "child_key", "_la_code")
TABLES = (
    "header",
    "episodes",
    "reviews",
    "uasc",
    "oc2",
    "oc3",
    "ad1",
    "placed_for_adoption",
    "previous_permanence",
    "missing",
    "sw_episodes",
    "dolo",
)
YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def year_start(collection_year: str) -> str:
    return f"{int(collection_year[:4])}-04-01"


def year_end(collection_year: str) -> str:
    return f"{int(collection_year[:4]) + 1}-03-31"


def previous_year(collection_year: str) -> str:
    start = int(collection_year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


@dataclass(frozen=True)
class Rule:
    """One DfE validation rule (or an `STR-` structural rule the guidance implies)."""

    code: str
    table: str  # the 903 table whose rows break it: a key of TABLES
    message: str  # DfE's message, so caseworkers recognise it from the statutory return
    sql: str  # template; returns the failing rows of {this}
    fields: tuple[str, ...] = ()  # the fields a caseworker must look at
    severity: Severity = BLOCKING
    first_year: str = FIRST_COLLECTION_YEAR  # first collection year the rule applies to
    last_year: str | None = None  # last collection year it applies to (None: still in force)
    full_year_only: bool = False  # needs the whole year (31 March cohorts): not for in-year data
    needs_last_year: bool = False  # compares with last year's return: skipped without one
    affects: tuple[str, ...] = ()  # indicator ids whose tiles carry a note when it fails

    def __post_init__(self) -> None:
        if self.table not in TABLES:
            raise ValueError(f"Rule {self.code}: unknown table {self.table!r}")
        if self.severity not in ("blocking", "warning"):
            raise ValueError(f"Rule {self.code}: severity must be blocking or warning")
        for year in (self.first_year, self.last_year):
            if year is not None and not YEAR.match(year):
                raise ValueError(f"Rule {self.code}: {year!r} is not a collection year")

    def applies_to(
        self, collection_year: str, *, in_year: bool = False, has_last_year: bool = True
    ) -> bool:
        if collection_year < self.first_year:
            return False
        if self.last_year is not None and collection_year > self.last_year:
            return False
        if in_year and self.full_year_only:
            return False
        return has_last_year or not self.needs_last_year

    def _values(self, collection_year: str, schema: str) -> dict:
        values = {
            # GX substitutes {batch} as "(<query>)" in a query with a JOIN and as
            # "(<query>) AS subselect" otherwise; the no-op join makes every rule the first
            # kind, so {this} can give the batch its own alias.
            "this": "(select b.* from {batch} as b cross join (select 1) as one) as t",
            "ids": ", ".join(f"t.{c}" for c in ROW_ID_COLUMNS),
            "collection_year": f"'{collection_year}'",
            "year_start": f"date '{year_start(collection_year)}'",
            "year_end": f"date '{year_end(collection_year)}'",
            "providers": f"{schema}.ofsted_providers",
            "postcodes": f"{schema}.postcodes",
            "codes": _YearCodes(collection_year),
        }
        last = previous_year(collection_year)
        for table in TABLES:
            values[table] = _year_of(schema, table, collection_year)
            values[f"{table}_last"] = _year_of(schema, table, last)
        return values

    def expectation_query(self, collection_year: str, schema: str = QUALITY_SCHEMA) -> str:
        """The query for GX, which substitutes `{batch}` with the suite's batch itself.

        GX formats the query again, so every other brace (a regex like `{1,2}`, written
        `{{1,2}}` in the rule) is doubled once more here.
        """
        marker = "\x00batch\x00"
        values = self._values(collection_year, schema)
        values["this"] = values["this"].replace("{batch}", marker)
        query = self.sql.format(**values)
        return query.replace("{", "{{").replace("}", "}}").replace(marker, "{batch}")

    def query(self, collection_year: str, schema: str = QUALITY_SCHEMA) -> str:
        """The complete query, with the batch as the gate defines it (for reports and tests)."""
        values = self._values(collection_year, schema)
        batch = f"({batch_query(self.table, collection_year, schema)})"
        values["this"] = values["this"].replace("{batch}", batch)
        return self.sql.format(**values)


class _YearCodes:
    """`{codes[placement_types]}` in a rule: the year's code list as a SQL list literal."""

    def __init__(self, collection_year: str) -> None:
        self.collection_year = collection_year

    def __getitem__(self, name: str) -> str:
        from corporate_parenting.quality.code_lists import valid_codes  # noqa: PLC0415

        return sql_list(valid_codes(name, self.collection_year))


def batch_query(table: str, collection_year: str, schema: str = QUALITY_SCHEMA) -> str:
    """The rows one suite validates: one table of one collection year's return."""
    return f"select * from {schema}.s903_{table} where collection_year = '{collection_year}'"


def _year_of(schema: str, table: str, collection_year: str) -> str:
    return f"({batch_query(table, collection_year, schema)})"


def rule_modules_dir(expectations_dir: Path) -> Path:
    return expectations_dir / "ssda903"


def load_rules(expectations_dir: Path) -> list[Rule]:
    """Every rule defined under `expectations/ssda903/`, checked for duplicate codes."""
    rules: list[Rule] = []
    for path in sorted(rule_modules_dir(expectations_dir).glob("[!_]*.py")):
        spec = importlib.util.spec_from_file_location(f"expectations.ssda903.{path.stem}", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"Cannot import rule module {path}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rules.extend(getattr(module, "RULES", []))
    seen: dict[str, Rule] = {}
    for r in rules:
        if r.code in seen:
            raise ValueError(
                f"Rule {r.code} is defined twice (tables {seen[r.code].table}, {r.table})"
            )
        seen[r.code] = r
    return rules


def sql_list(values) -> str:
    """A SQL literal list, e.g. for a code list: ('A1', 'A2')."""
    return "(" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + ")"
