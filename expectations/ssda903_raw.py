"""Raw SSDA903 suites: one per 903 table and collection year, running that year's DfE rules.

The rules themselves are data, under `expectations/ssda903/` (see
`corporate_parenting.quality.rules`). Each becomes a GX `UnexpectedRowsExpectation` carrying
its DfE rule code, message, fields and severity, in the suite of the table whose rows break
it. A rule runs only for the collection years it applies to; rules that need a complete year
are skipped for the in-year extract, and rules comparing with last year's return are skipped
when there is none. Failing rows are reported by source file and row.
"""

from __future__ import annotations

from corporate_parenting.quality.checks import BuildContext, Check
from corporate_parenting.quality.rules import (
    ROW_ID_COLUMNS,
    TABLES,
    Rule,
    batch_query,
    load_rules,
    previous_year,
)
from corporate_parenting.settings import Settings


def rule_meta(rule: Rule) -> dict:
    return {
        "rule_code": rule.code,
        "message": rule.message,
        "severity": rule.severity,
        "fields": list(rule.fields),
        "affects": list(rule.affects),
    }


def suite_name(table: str, collection_year: str, in_year: bool) -> str:
    return f"raw_ssda903_{table}_{collection_year}" + ("_in_year" if in_year else "")


def build(context: BuildContext) -> list[Check]:
    import great_expectations as gx  # noqa: PLC0415 - heavy import, only at run time

    rules = load_rules(Settings.from_env().expectations_dir)
    years = dict(context.return_years)
    checks: list[Check] = []
    for year, in_year in sorted(years.items()):
        has_last = previous_year(year) in years
        for table in TABLES:
            applicable = [
                r
                for r in rules
                if r.table == table and r.applies_to(year, in_year=in_year, has_last_year=has_last)
            ]
            if not applicable:
                continue
            source = "cms_monthly" if in_year else "ssda903"
            checks.append(
                Check(
                    suite_name=suite_name(table, year, in_year),
                    table=f"raw.{source}_{table}",
                    collection_year=year + (" (in year)" if in_year else ""),
                    query=batch_query(table, year),
                    row_identifiers=ROW_ID_COLUMNS,
                    expectations=[
                        gx.expectations.UnexpectedRowsExpectation(
                            description=f"{r.code}: {r.message}",
                            unexpected_rows_query=r.expectation_query(year),
                            meta=rule_meta(r),
                        )
                        for r in applicable
                    ],
                    failing_rows_queries={r.code: r.query(year) for r in applicable},
                )
            )
    return checks
