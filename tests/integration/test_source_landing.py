"""The case-management source: annual returns (CSV or XML form) and monthly extracts land."""

from __future__ import annotations

import shutil

import pytest

from tests.unit.test_ssda903_xml import RETURN

LA = "E06099001"


@pytest.fixture
def landing(settings, empty_warehouse):
    if settings.landing_dir.exists():
        shutil.rmtree(settings.landing_dir)
    (settings.landing_dir / "reference").mkdir(parents=True)
    (settings.landing_dir / "reference" / "postcodes.csv").write_text(
        "pcds,oseast1m,osnrth1m,laua,utla\nHF1 1AA,450000,300000,E06099001,E06099001\n"
        "HF2 2BB,453000,304000,E06099001,E06099001\nQN1 1AA,480000,340000,E06099901,E06099901\n"
    )
    return settings.landing_dir


def _count(db, table):
    with db.cursor() as cur:
        cur.execute(f"select count(*) from raw.{table}")
        return cur.fetchone()[0]


def test_the_xml_form_lands_the_same_rows_with_distance_derived(landing, db, monkeypatch):
    xml_dir = landing / LA / "ssda903" / "2025-26" / "xml"
    xml_dir.mkdir(parents=True)
    (xml_dir / "ssda903_2025-26.xml").write_text(RETURN)
    monkeypatch.setenv(
        "AIRFLOW_CONN_CMS_SSDA903",
        f'{{"conn_type": "fs", "extra": {{"path": "{landing}", "format": "xml"}}}}',
    )
    from corporate_parenting.pipeline import land_sources

    report = land_sources(("cms_ssda903",))

    assert report["cms_ssda903"]["rows_loaded"] == 4  # 2 headers + 2 episodes
    with db.cursor() as cur:
        cur.execute(
            "select _source_file, _row_number, place, pl_distance, pl_location "
            "from raw.ssda903_episodes order by _row_number"
        )
        assert cur.fetchall() == [
            (f"{LA}/ssda903/2025-26/xml/ssda903_2025-26.xml#episodes", 9, "K2", "31.1", "OUT"),
            (f"{LA}/ssda903/2025-26/xml/ssda903_2025-26.xml#episodes", 15, "U6", "3.1", "IN"),
        ]


def test_monthly_extracts_land_per_month_and_rerunning_changes_nothing(landing, db, golden_estate):
    year = sorted((golden_estate / LA / "ssda903").iterdir())[-1]
    source = year / "csv" if (year / "csv").is_dir() else year
    for month in ("2026-04", "2026-05"):
        shutil.copytree(source, landing / LA / "cms_monthly" / month)
    from corporate_parenting.pipeline import land_sources

    first = land_sources(("cms_monthly",))["cms_monthly"]
    again = land_sources(("cms_monthly",))["cms_monthly"]

    episodes = sum(1 for _ in (source / "episodes.csv").open()) - 1
    assert first["rows_quarantined"] == 0
    assert _count(db, "cms_monthly_episodes") == 2 * episodes
    assert again["unchanged"] == again["deliveries"] == first["deliveries"]
    assert _count(db, "cms_monthly_episodes") == 2 * episodes


@pytest.mark.e2e
def test_a_source_dag_lands_through_its_connection_and_operator(
    landing, db, golden_estate, settings
):
    shutil.copytree(golden_estate / LA, landing / LA)
    from corporate_parenting.orchestration.run_dag import run_dag

    outcome = run_dag("extract_cms_ssda903_annual", settings)

    assert outcome.succeeded, outcome.report()
    assert _count(db, "ssda903_episodes") > 0
    with db.cursor() as cur:
        cur.execute(
            "select count(*), sum(rows_quarantined) from raw._load_batches "
            "where source_system = 'case_management_ssda903' and status = 'loaded'"
        )
        batches, quarantined = cur.fetchone()
    assert batches == len(list((golden_estate / LA / "ssda903").glob("*/csv/*.csv")))
    assert quarantined == 0
