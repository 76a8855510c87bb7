"""The indicator table equals the DfE definitions applied by hand to the delivered files.

The warehouse is built with the pipeline's own steps (land every source, one dbt build), and
its figures for the two latest collection years are compared, numerator and denominator,
with tests/e2e/indicator_figures.py, which reads only the CSV files.
"""

from __future__ import annotations

import pytest

from tests.e2e.indicator_figures import figures_for_year

pytestmark = pytest.mark.e2e

# (indicator in the warehouse, figure computed from the files)
COMPARED = {
    "P01": "P01",
    "P03a": "P03a",
    "P03b": "P03b",
    "P12": "P12",
    "P14": "P14",
    "He01": "He01",
    "He02": "He02",
    "He06": "He06",
    "CL01": "CL01",
    "CL02": "CL02",
    "CL04": "CL04",
}


@pytest.fixture(scope="module")
def built_warehouse(warehouse, golden_estate, settings):
    import shutil

    import psycopg2

    from corporate_parenting.pipeline import PANEL_SOURCES, dbt_build, land_sources
    from tests.conftest import WAREHOUSE_SCHEMAS

    conn = psycopg2.connect(warehouse.url)
    conn.autocommit = True
    with conn.cursor() as cur:
        for schema in WAREHOUSE_SCHEMAS:
            cur.execute(f"drop schema if exists {schema} cascade")
    conn.close()
    if settings.landing_dir.exists():
        shutil.rmtree(settings.landing_dir)
    shutil.copytree(golden_estate, settings.landing_dir)
    land_sources(PANEL_SOURCES, settings=settings)
    dbt_build(settings)
    return warehouse


def _warehouse_figures(url, la_code: str, year: str) -> dict[str, tuple]:
    import psycopg2

    with psycopg2.connect(url) as db, db.cursor() as cur:
        cur.execute(
            "select indicator_id, numerator, denominator, value from marts.fct_indicators "
            "where la_code = %s and period_type = 'statutory_year' and period_label = %s "
            "and breakdown_type = 'all' and indicator_id = any(%s)",
            (la_code, year, list(COMPARED)),
        )
        return {r[0]: r[1:] for r in cur.fetchall()}


@pytest.mark.parametrize("year", ["2024-25", "2025-26"])
def test_indicators_equal_the_dfe_definitions_applied_to_the_files(
    built_warehouse, golden_estate, year
):
    (la_dir,) = [p for p in golden_estate.iterdir() if p.name.startswith("E0")]
    expected = figures_for_year(golden_estate, la_dir.name, year)
    found = _warehouse_figures(built_warehouse.url, la_dir.name, year)
    mismatches = []
    for indicator, figure in COMPARED.items():
        numerator, denominator = expected.values[figure]
        got = found.get(indicator)
        want = (numerator, denominator, expected.value(figure))
        if (
            got is None
            or (
                int(got[0]),
                None if got[1] is None else int(got[1]),
                float(got[2]),
            )
            != want
        ):
            mismatches.append(f"{indicator}: warehouse {got}, from the files {want}")
    assert not mismatches, "\n".join(mismatches)
    # The 12-month (OC2) cohort is the denominator of the annual health assessment.
    assert int(found["He01"][1]) == expected.values["OC2_COHORT"][0]
