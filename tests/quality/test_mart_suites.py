"""The panel mart suites (expectations/panel_marts.py) on tiny hand-made marts.

A database of its own (`marts_<CP_TEST_NAME>`) holds a few rows of every table the suites read,
consistent with each other and the indicator contract: every suite passes on them. Each case
then breaks one row and runs the gate on that table's suite: it must report the row under the
expected rule code, with the severity the rule has and the la_code, period and indicator (or
the fact's key) of the failing row.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date

import pytest

from tests.conftest import TEST_NAME, _create_database

LA, LA2 = "E06000001", "E06000002"
# A statistical neighbour of LA whose data is not in these marts: DfE's LA-level figure stands in.
OUTSIDE_NEIGHBOUR, OUTSIDE_NEIGHBOUR_P01 = "E06000003", 40
YEAR, LAST_YEAR = (
    ("statutory_year", "2025-26", date(2026, 3, 31)),
    (
        "statutory_year",
        "2024-25",
        date(2025, 3, 31),
    ),
)
TERM = ("academic_term", "2025-26 T1", date(2025, 12, 31))

CATALOGUE = {
    "P01": "count",
    "P02": "rate_per_10000",
    "P06": "percent",
    "P10": "percent",
    "P10NK": "percent",
    "P17": "median_days",
    "He01": "percent",
    "He06": "mean",
    "E01": "percent",
    "E03b": "rate_per_100",
    "CL01": "percent",
    "CL08": "count",
    "Q01": "percent",
    "A01a": "percent",
    "A02a": "mean_days",
}

# theme -> (period, indicator, breakdown_type, breakdown_value, numerator, denominator)
THEME_ROWS = {
    "housing_placements_indicators": [
        (YEAR, "P01", "all", "all", 30, None),
        (YEAR, "P01", "sex", "Female", 12, None),
        (YEAR, "P01", "sex", "Male", 18, None),
        (YEAR, "P01", "ethnicity_group", "White", 27, None),
        (YEAR, "P01", "ethnicity_group", "Black", 3, None),
        (YEAR, "P06", "all", "all", 20, 30),
        (YEAR, "P06", "sex", "Female", 8, 12),
        (YEAR, "P06", "sex", "Male", 12, 18),
        (YEAR, "P06", "ethnicity_group", "White", 18, 27),
        (YEAR, "P06", "ethnicity_group", "Black", 2, 3),
        (YEAR, "P02", "all", "all", 30, 5000),
        (YEAR, "P10", "all", "all", 10, 30),
        (YEAR, "P10NK", "all", "all", 5, 30),
        (YEAR, "P17", "all", "all", 12, None),
    ],
    "health_indicators": [
        (LAST_YEAR, "He01", "all", "all", 14, 20),
        (YEAR, "He01", "all", "all", 15, 20),
        (YEAR, "He01", "age_band", "5-9", 7, 10),
        (YEAR, "He01", "age_band", "10-15", 8, 10),
        (YEAR, "He06", "all", "all", 140, 10),
    ],
    "education_eet_indicators": [
        (TERM, "E01", "all", "all", 40, 50),
        # Suspensions per 100 pupils: more suspensions than pupils is not an error.
        (YEAR, "E03b", "all", "all", 60, 50),
    ],
    "care_leavers_indicators": [
        (YEAR, "CL01", "all", "all", 9, 12),
        (YEAR, "CL01", "age_group", "17-18", 5, 6),
        (YEAR, "CL01", "age_group", "19-21", 9, 12),
        (YEAR, "CL08", "all", "all", 7, None),
    ],
    "voice_indicators": [(YEAR, "Q01", "all", "all", 50, 60)],
    "annual_review_indicators": [
        (YEAR, "A01a", "all", "all", 6, 20),
        (YEAR, "A02a", "all", "all", 2000, 8),
    ],
}

CONTRACT_COLUMNS = (
    "la_code text, period_type text, period_label text, period_end_date date, "
    "indicator_id text, breakdown_type text, breakdown_value text, "
    "numerator numeric, denominator numeric, value numeric"
)
RPT_DDL = (
    f"create table reporting_public.rpt_indicators ({CONTRACT_COLUMNS}, unit text, "
    "suppression text, display_value text, comparison_to_england text, rag_status text, "
    "statistical_neighbour_value numeric, statistical_neighbours_with_value int, "
    "comparison_to_neighbours text)"
)


def key(child: str) -> str:
    return hashlib.sha256(child.encode()).hexdigest()[:32]


# table -> (DDL columns, rows)
FACTS = {
    "fct_children_looked_after_31_march": (
        "la_code text, collection_year text, child_key text, legal_status_code text, "
        "age_at_31_march int",
        [(LA, "2025-26", key("C1"), "C2", 7), (LA, "2025-26", key("C2"), "V2", 15)],
    ),
    "fct_care_leaver_years": (
        "la_code text, collection_year text, child_key text",
        [(LA, "2025-26", key("C3"))],
    ),
    "fct_health_outcomes": (
        "la_code text, collection_year text, child_key text",
        [(LA, "2025-26", key("C1")), (LA, "2025-26", key("C2"))],
    ),
    "fct_pupil_years": (
        "la_code text, academic_year text, child_key text",
        [(LA, "2024-25", key("C1")), (LA, "2025-26", key("C1"))],
    ),
    "fct_pupil_terms": (
        "la_code text, academic_term text, child_key text",
        [(LA, "2025-26 T1", key("C1"))],
    ),
    "fct_key_stage_results": (
        "la_code text, results_academic_year text, key_stage text, child_key text",
        [(LA, "2024-25", "KS2", key("C1")), (LA, "2024-25", "KS4", key("C2"))],
    ),
    "fct_school_stability_31_march": (
        "la_code text, collection_year text, child_key text",
        [(LA, "2025-26", key("C1"))],
    ),
    "dim_children": ("la_code text, child_key text", [(LA, key("C1")), (LA, key("C2"))]),
    "fct_survey_results": (
        "la_code text, collection_year text, survey_name text, question_code text",
        [(LA, "2025-26", "cicc_survey", "feel_safe")],
    ),
    "fct_iro_report_figures": ("la_code text, collection_year text", [(LA, "2025-26")]),
    "fct_england_benchmarks": (
        "indicator_id text, period_type text, period_label text",
        [("P01", "statutory_year", "2024-25")],
    ),
    "fct_la_benchmarks": (
        "la_code text, indicator_id text, period_type text, period_label text, value numeric",
        [(OUTSIDE_NEIGHBOUR, "P01", *YEAR[:2], OUTSIDE_NEIGHBOUR_P01)],
    ),
}


def indicator_value(unit: str, numerator, denominator):
    if unit in ("count", "median_days"):
        return numerator
    if not denominator:
        return None
    scale = {"percent": 100, "rate_per_10000": 10000, "rate_per_100": 100}.get(unit, 1)
    return round(scale * numerator / denominator, 1)


def suppressed(rows: list[dict]) -> dict[tuple, str]:
    """rpt_indicators' suppression (macros/suppression.sql), by grain."""

    def grain(r):
        return tuple(r[c] for c in ("la_code", "period_type", "period_label", "indicator_id"))

    def small(n):
        return n is not None and 1 <= n <= 4

    marks = {}
    for r in rows:
        if r["unit"] != "median_days" and (
            small(r["numerator"]) or (r["unit"] != "count" and small(r["denominator"]))
        ):
            marks[grain(r) + (r["breakdown_type"], r["breakdown_value"])] = "c"
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        if r["breakdown_type"] != "all":
            groups.setdefault(grain(r) + (r["breakdown_type"],), []).append(r)
    for group_key, cells in groups.items():
        hidden = [c for c in cells if group_key + (c["breakdown_value"],) in marks]
        if len(hidden) == 1:
            shown = [c for c in cells if c not in hidden]
            shown.sort(
                key=lambda c: (not c["numerator"], c["numerator"] or 0, c["breakdown_value"])
            )
            if shown:
                marks[group_key + (shown[0]["breakdown_value"],)] = "c2"
    return marks


def fct_rows() -> list[dict]:
    rows = []
    for theme, theme_rows in THEME_ROWS.items():
        for (period_type, label, end), indicator, btype, bvalue, num, den in theme_rows:
            unit = CATALOGUE[indicator]
            rows.append(
                {
                    "la_code": LA,
                    "period_type": period_type,
                    "period_label": label,
                    "period_end_date": end,
                    "indicator_id": indicator,
                    "breakdown_type": btype,
                    "breakdown_value": bvalue,
                    "numerator": num,
                    "denominator": den,
                    "value": indicator_value(unit, num, den),
                    "unit": unit,
                    "theme_model": theme,
                }
            )
    return rows


CONTRACT = (
    "la_code",
    "period_type",
    "period_label",
    "period_end_date",
    "indicator_id",
    "breakdown_type",
    "breakdown_value",
    "numerator",
    "denominator",
    "value",
)


def insert(cur, table: str, rows: list[tuple]) -> None:
    if rows:
        marks = ", ".join(["%s"] * len(rows[0]))
        cur.executemany(f"insert into {table} values ({marks})", rows)


def load_clean_marts(conn) -> None:
    with conn.cursor() as cur:
        for schema in ("marts", "reporting_public", "reference"):
            cur.execute(f"drop schema if exists {schema} cascade; create schema {schema}")
        cur.execute("create table marts.dim_indicators (indicator_id text, unit text)")
        insert(cur, "marts.dim_indicators", list(CATALOGUE.items()))
        all_rows = fct_rows()
        for theme in THEME_ROWS:
            cur.execute(f"create table marts.{theme} ({CONTRACT_COLUMNS})")
            insert(
                cur,
                f"marts.{theme}",
                [tuple(r[c] for c in CONTRACT) for r in all_rows if r["theme_model"] == theme],
            )
        cur.execute(
            f"create table marts.fct_indicators ({CONTRACT_COLUMNS}, unit text, theme_model text)"
        )
        insert(
            cur,
            "marts.fct_indicators",
            [tuple(r[c] for c in CONTRACT) + (r["unit"], r["theme_model"]) for r in all_rows],
        )
        cur.execute(RPT_DDL)
        marks = suppressed(all_rows)
        published = []
        for r in all_rows:
            mark = marks.get(tuple(r[c] for c in CONTRACT[:3] + CONTRACT[4:7]))
            shown = mark is None
            display = (
                ("<5" if r["unit"] == "count" and mark == "c" else "c") if mark else str(r["value"])
            )
            published.append(
                tuple(r[c] for c in CONTRACT[:7])
                + (
                    r["numerator"] if shown and r["unit"] != "median_days" else None,
                    r["denominator"] if shown else None,
                    r["value"] if shown else None,
                    r["unit"],
                    mark,
                    display,
                    None,
                    None,
                    None,
                )
            )
        insert(cur, "reporting_public.rpt_indicators", published)
        cur.execute(
            "create table reference.statistical_neighbours "
            "(la_code text, neighbour_la_code text, rank int)"
        )
        for table, (columns, rows) in FACTS.items():
            cur.execute(f"create table marts.{table} ({columns})")
            insert(cur, f"marts.{table}", rows)
        # LA's headline P01 is compared with its neighbour outside the marts (DfE's figure).
        insert(cur, "reference.statistical_neighbours", [(LA, OUTSIDE_NEIGHBOUR, 2)])
        cur.execute(
            f"update {RPT} set statistical_neighbour_value = %s, "
            "statistical_neighbours_with_value = 1 "
            f"where la_code = %s and period_label = %s and {P01_ALL}",
            (OUTSIDE_NEIGHBOUR_P01, LA, YEAR[1]),
        )
    conn.commit()


@pytest.fixture(scope="session")
def marts_db(settings):
    from corporate_parenting.settings import PostgresUrl

    name = f"marts_{TEST_NAME}"
    base_url = os.environ.get("WAREHOUSE_URL")
    if base_url:
        _create_database(PostgresUrl(base_url), name)
        return PostgresUrl(base_url).with_database(name)
    from corporate_parenting.embedded_pg import EmbeddedPostgres

    pg = EmbeddedPostgres.for_settings(settings)
    pg.ensure_running()
    pg.create_databases((name,))
    return pg.url(name)


@pytest.fixture
def marts(marts_db, monkeypatch):
    """Clean tiny marts; WAREHOUSE_URL points the gate at them."""
    import psycopg2

    conn = psycopg2.connect(marts_db.url)
    load_clean_marts(conn)
    monkeypatch.setenv("WAREHOUSE_URL", marts_db.url)
    yield conn
    conn.close()


def build_checks(settings):
    from corporate_parenting.quality.checks import BuildContext
    from corporate_parenting.quality.gate import _load_suite_module

    module = _load_suite_module(settings.expectations_dir, "panel_marts")
    return module.build(BuildContext(collection_years=()))


def run_suite(settings, table: str | None = None):
    from corporate_parenting.quality.gate import run_checks

    checks = [c for c in build_checks(settings) if table is None or c.table == table]
    assert checks, f"no suite for {table}"
    return run_checks("marts", checks)


@dataclass
class Case:
    id: str
    table: str
    code: str
    sql: str
    identifies: tuple[str, ...] = ("la_code", "period_label", "indicator_id")
    severity: str = "blocking"


HOUSING = "marts.housing_placements_indicators"
FCT = "marts.fct_indicators"
RPT = "reporting_public.rpt_indicators"
P01_ALL = "indicator_id = 'P01' and breakdown_type = 'all'"
FACT_KEY = ("la_code", "collection_year", "child_key")

CASES = [
    Case(
        "key",
        HOUSING,
        "MART-KEY",
        f"update {HOUSING} set breakdown_value = null where breakdown_value = 'Male' "
        "and indicator_id = 'P01'",
    ),
    Case(
        "grain",
        HOUSING,
        "MART-GRAIN",
        f"insert into {HOUSING} select * from {HOUSING} where {P01_ALL}",
    ),
    Case(
        "contract",
        HOUSING,
        "MART-CONTRACT",
        f"update {HOUSING} set breakdown_type = 'gender' where breakdown_type = 'sex'",
    ),
    Case(
        "catalogue-unknown",
        HOUSING,
        "MART-CATALOGUE",
        f"update {HOUSING} set indicator_id = 'P99' where indicator_id = 'P17'",
    ),
    Case(
        "catalogue-other-theme",
        "marts.health_indicators",
        "MART-CATALOGUE",
        "insert into marts.health_indicators select * from marts.voice_indicators",
    ),
    Case(
        "numerator-above-denominator",
        HOUSING,
        "MART-NUMDEN",
        f"update {HOUSING} set numerator = 6000, value = 12000.0 where indicator_id = 'P02'",
    ),
    Case(
        "negative",
        HOUSING,
        "MART-NEGATIVE",
        f"update {HOUSING} set numerator = -1, value = -1 where indicator_id = 'P17'",
    ),
    Case(
        "percent-above-100",
        HOUSING,
        "MART-PCT",
        f"update {HOUSING} set numerator = 31, value = 103.3 "
        "where indicator_id = 'P06' and breakdown_type = 'all'",
    ),
    Case(
        "rate-implausible",
        HOUSING,
        "MART-RANGE",
        f"update {HOUSING} set numerator = 3000, value = 6000.0 where indicator_id = 'P02'",
    ),
    Case(
        "mean-score-out-of-scale",
        "marts.health_indicators",
        "MART-RANGE",
        "update marts.health_indicators set numerator = 450, value = 45.0 "
        "where indicator_id = 'He06'",
    ),
    Case(
        "value-not-numerator-over-denominator",
        HOUSING,
        "MART-VALUE",
        f"update {HOUSING} set value = 50.0 where indicator_id = 'P06' and breakdown_type = 'all'",
    ),
    Case(
        "value-missing",
        "marts.annual_review_indicators",
        "MART-VALUE",
        "update marts.annual_review_indicators set denominator = 0, value = null "
        "where indicator_id = 'A02a'",
    ),
    Case(
        "breakdown-does-not-add-up",
        HOUSING,
        "MART-RECONCILE",
        f"update {HOUSING} set numerator = 17, value = 17 "
        "where indicator_id = 'P01' and breakdown_value = 'Male'",
    ),
    Case(
        "breakdown-denominators-do-not-add-up",
        "marts.health_indicators",
        "MART-RECONCILE",
        "update marts.health_indicators set denominator = 11, value = 63.6 "
        "where indicator_id = 'He01' and breakdown_value = '5-9'",
    ),
    Case(
        "care-leaver-headline-is-not-19-21",
        "marts.care_leavers_indicators",
        "MART-HEADLINE",
        "update marts.care_leavers_indicators set numerator = 8, value = 66.7 "
        "where indicator_id = 'CL01' and breakdown_value = '19-21'",
    ),
    Case(
        "latest-period-missing",
        "marts.health_indicators",
        "MART-LATEST",
        "delete from marts.health_indicators where indicator_id = 'He01' "
        "and period_label = '2025-26'",
        severity="warning",
    ),
    Case(
        "indicator-never-published",
        "marts.voice_indicators",
        "MART-LATEST",
        "insert into marts.dim_indicators values ('Q02', 'percent')",
        identifies=("la_code", "indicator_id"),
        severity="warning",
    ),
    Case(
        "no-children-looked-after",
        HOUSING,
        "MART-EMPTY",
        f"update {HOUSING} set numerator = 0, value = 0 where {P01_ALL}",
    ),
    Case(
        "location-exceeds-cohort",
        HOUSING,
        "MART-LOCATION",
        f"update {HOUSING} set numerator = 26, value = 86.7 where indicator_id = 'P10'",
        identifies=("la_code", "period_label"),
    ),
    Case(
        "fct-indicators-grain",
        FCT,
        "MART-GRAIN",
        f"insert into {FCT} select * from {FCT} where {P01_ALL}",
    ),
    Case(
        "fct-indicators-breakdown-does-not-add-up",
        FCT,
        "MART-RECONCILE",
        f"update {FCT} set numerator = 17, value = 17 "
        "where indicator_id = 'P01' and breakdown_value = 'Male'",
    ),
    Case(
        "fct-indicators-not-in-catalogue",
        FCT,
        "MART-CATALOGUE",
        f"update {FCT} set unit = null where indicator_id = 'Q01'",
    ),
    Case(
        "fct-indicators-latest-period-missing",
        FCT,
        "MART-LATEST",
        f"delete from {FCT} where indicator_id = 'A01a'",
        identifies=("la_code", "indicator_id"),
        severity="warning",
    ),
    Case(
        "small-count-published",
        RPT,
        "MART-PUB-SMALL",
        f"update {RPT} set suppression = null, numerator = 3, value = 3, display_value = '3' "
        "where indicator_id = 'P01' and breakdown_value = 'Black'",
    ),
    Case(
        "percentage-of-small-cohort-published",
        RPT,
        "MART-PUB-SMALL",
        # Numerator and denominator hidden but the percentage shown: it rests on 2 of 3.
        f"update {RPT} set suppression = null, value = 66.7, display_value = '66.7%' "
        "where indicator_id = 'P06' and breakdown_value = 'Black'",
    ),
    Case(
        "suppressed-cell-shows-number",
        RPT,
        "MART-PUB-SYMBOL",
        f"update {RPT} set display_value = '3' "
        "where indicator_id = 'P01' and breakdown_value = 'Black'",
    ),
    Case(
        "suppressed-cell-keeps-value",
        RPT,
        "MART-PUB-SYMBOL",
        f"update {RPT} set value = 18 where indicator_id = 'P06' and breakdown_value = 'White'",
    ),
    Case(
        "no-secondary-suppression",
        RPT,
        "MART-PUB-SECONDARY",
        f"update {RPT} set suppression = null, numerator = 27, value = 27, display_value = '27' "
        "where indicator_id = 'P01' and breakdown_value = 'White'",
        identifies=("la_code", "period_label", "indicator_id", "breakdown_type"),
    ),
    Case(
        "neighbour-average-reveals-hidden-cell",
        RPT,
        "MART-PUB-NEIGHBOUR",
        # A neighbour's P01 of 4 is hidden in its own row but shown as our neighbours' average.
        f"insert into {FCT} (la_code, period_type, period_label, period_end_date, "
        "indicator_id, breakdown_type, breakdown_value, numerator, value, unit) values "
        f"('{LA2}', 'statutory_year', '2025-26', '2026-03-31', 'P01', 'all', 'all', 4, 4, "
        "'count'); "
        f"insert into {RPT} (la_code, period_type, period_label, period_end_date, "
        "indicator_id, breakdown_type, breakdown_value, unit, suppression, display_value) "
        f"values ('{LA2}', 'statutory_year', '2025-26', '2026-03-31', 'P01', 'all', 'all', "
        "'count', 'c', '<5'); "
        f"insert into reference.statistical_neighbours values ('{LA}', '{LA2}', 1); "
        f"update {RPT} set statistical_neighbour_value = 4.0 where la_code = '{LA}' "
        f"and {P01_ALL}",
    ),
    Case(
        "neighbour-count-overstated",
        RPT,
        "MART-PUB-NEIGHBOUR",
        # The average is DfE's figure for the one neighbour outside, but claims two.
        f"update {RPT} set statistical_neighbours_with_value = 2 where la_code = '{LA}' "
        f"and {P01_ALL}",
    ),
    Case(
        "suppressed-cell-compared-with-neighbours",
        RPT,
        "MART-PUB-SYMBOL",
        f"update {RPT} set comparison_to_neighbours = 'better' "
        "where indicator_id = 'P06' and breakdown_value = 'Black'",
    ),
    Case(
        "published-figure-differs",
        RPT,
        "MART-PUB-SOURCE",
        f"update {RPT} set value = 31, display_value = '31' where {P01_ALL}",
    ),
    Case(
        "figure-not-published",
        RPT,
        "MART-PUB-SOURCE",
        f"delete from {RPT} where indicator_id = 'Q01'",
    ),
    Case(
        "rpt-grain",
        RPT,
        "MART-GRAIN",
        f"insert into {RPT} select * from {RPT} where {P01_ALL}",
    ),
    Case(
        "fact-key-missing",
        "marts.fct_health_outcomes",
        "MART-KEY",
        f"update marts.fct_health_outcomes set child_key = null where child_key = '{key('C2')}'",
        identifies=("la_code", "collection_year"),
    ),
    Case(
        "fact-grain",
        "marts.fct_pupil_years",
        "MART-GRAIN",
        "insert into marts.fct_pupil_years select * from marts.fct_pupil_years "
        "where academic_year = '2025-26'",
        identifies=("la_code", "academic_year", "child_key"),
    ),
    Case(
        "raw-child-id-as-key",
        "marts.dim_children",
        "MART-CHILD-KEY",
        f"update marts.dim_children set child_key = 'C000123' where child_key = '{key('C2')}'",
        identifies=("la_code", "child_key"),
    ),
    Case(
        "short-break-counted",
        "marts.fct_children_looked_after_31_march",
        "MART-V3V4",
        "update marts.fct_children_looked_after_31_march set legal_status_code = 'V3' "
        "where legal_status_code = 'V2'",
        identifies=FACT_KEY,
    ),
    Case(
        "age-out-of-range",
        "marts.fct_children_looked_after_31_march",
        "MART-AGE",
        "update marts.fct_children_looked_after_31_march set age_at_31_march = 18 "
        "where age_at_31_march = 15",
        identifies=FACT_KEY,
    ),
]


def test_every_suite_passes_on_clean_marts(settings, marts):
    result = run_suite(settings)
    failed = [(o.rule_code, o.table, o.examples) for o in result.outcomes if not o.success]
    assert not failed
    tables = {o.table for o in result.outcomes}
    assert {HOUSING, FCT, RPT, "marts.dim_children"} <= tables
    assert len(tables) == 19


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_breaking_row_is_reported(settings, marts, case):
    with marts.cursor() as cur:
        cur.execute(case.sql)
    marts.commit()
    result = run_suite(settings, case.table)
    broken = [o for o in result.outcomes if o.rule_code == case.code and not o.success]
    assert broken, f"{case.code} not reported; failures: {result.summary()}"
    outcome = broken[0]
    assert outcome.severity == case.severity
    assert outcome.failing_rows >= 1
    assert all("error" not in example for example in outcome.examples), outcome.examples
    for column in case.identifies:
        assert column in outcome.examples[0], outcome.examples[0]
    assert result.passed is (case.severity == "warning"), result.summary()


def test_every_rule_is_coded_and_explained(settings):
    checks = build_checks(settings)
    assert len({c.suite_name for c in checks}) == len(checks)
    for check in checks:
        for expectation in check.expectations:
            meta = expectation.meta
            assert meta["rule_code"].startswith("MART-")
            assert meta["severity"] == (
                "warning" if meta["rule_code"] == "MART-LATEST" else "blocking"
            )
            assert meta["message"].endswith(".")
            # Every rule can list all its failing rows for quality.rule_failures.
            assert "{batch}" not in check.failing_rows_queries[meta["rule_code"]]


def test_housing_placements_checks_moved_here(settings):
    assert not (settings.expectations_dir / "housing_placements_marts.py").exists()
    codes = {
        e.meta["rule_code"]
        for c in build_checks(settings)
        if c.table in (HOUSING, "marts.fct_children_looked_after_31_march")
        for e in c.expectations
    }
    assert {"MART-KEY", "MART-GRAIN", "MART-V3V4", "MART-AGE", "MART-NUMDEN", "MART-PCT"} <= codes
    assert {"MART-EMPTY", "MART-LOCATION", "MART-RECONCILE"} <= codes
