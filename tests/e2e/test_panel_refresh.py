"""The panel_refresh DAG end to end, against the embedded PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta

import pytest

from tests.e2e.published_page import read_published_figures
from tests.e2e.source_figures import all_figures

pytestmark = pytest.mark.e2e


def _run(settings):
    from corporate_parenting.orchestration.run_dag import run_dag

    return run_dag("panel_refresh", settings)


def _page(settings):
    return settings.publish_dir / "housing-and-placements" / "index.html"


def test_published_page_matches_figures_computed_from_the_source_files(
    empty_warehouse, landing, settings
):
    outcome = _run(settings)

    assert outcome.succeeded, outcome.report()
    expected = all_figures(landing)
    assert len(expected) == 1, "the default estate has one LA"
    (years,) = expected.values()
    assert len(years) == 4
    published, tiles = read_published_figures(_page(settings))
    for year, figures in years.items():
        assert published["P01"][year] == figures.children_looked_after, year
        assert published["P06"][year] == figures.percent_foster, year
        assert published["P10"][year] == figures.percent_outside, year
    latest = max(years)
    assert int(tiles["P01"]["data-numerator"]) == years[latest].children_looked_after
    assert int(tiles["P06"]["data-numerator"]) == years[latest].in_foster_care
    assert int(tiles["P10"]["data-numerator"]) == years[latest].placed_outside
    # Identifiers stay in the restricted schemas; everything built on them uses child_key.
    import psycopg2

    with psycopg2.connect(empty_warehouse.url) as db:
        assert _identifying_columns_outside_restricted_schemas(db) == []
        with db.cursor() as cur:
            cur.execute("select count(*) from linkage.child_identifiers")
            assert cur.fetchone()[0] >= years[latest].children_looked_after
    # The pack records which delivered files it was built from.
    manifest = json.loads(_page(settings).with_name("manifest.json").read_text())
    built_from = {b["source_file"] for b in manifest["source_batches"]}
    delivered = {str(p.relative_to(landing)) for p in landing.glob("*/ssda903/*/csv/*.csv")}
    assert delivered <= built_from


IDENTIFYING_COLUMNS = {
    "child",
    "child_id",
    "la_child_id",
    "upn",
    "nhs_number",
    "dob",
    "date_of_birth",
    "mc_dob",
    "home_post",
    "pl_post",
    "postcode",
}


def _identifying_columns_outside_restricted_schemas(db) -> list[tuple[str, str, str]]:
    with db.cursor() as cur:
        cur.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema not in ('raw', 'raw_history', 'linkage', 'pg_catalog', "
            "'information_schema') and lower(column_name) = any(%s)",
            (sorted(IDENTIFYING_COLUMNS),),
        )
        return cur.fetchall()


def _break_latest_episodes_file(landing) -> tuple[str, int, int]:
    """Make one episode end before it starts and give another an invalid placement code.

    Returns (file as named in reports, line of the dates fault, line of the code fault).
    """
    path = sorted(landing.glob("*/ssda903/*/csv/episodes.csv"))[-1]
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
        fieldnames = list(rows[0].keys())
    ended = next(i for i, r in enumerate(rows) if r["DEC"] and r["REC"] != "X1")
    decom = datetime.strptime(rows[ended]["DECOM"], "%d/%m/%Y")
    rows[ended]["DEC"] = (decom - timedelta(days=10)).strftime("%d/%m/%Y")
    coded = next(i for i, r in enumerate(rows) if i != ended and r["PLACE"].startswith("U"))
    rows[coded]["PLACE"] = "Q9"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    # Line numbers as a caseworker sees them in the file: the header is line 1.
    return str(path.relative_to(landing)), ended + 2, coded + 2


def test_a_broken_source_file_stops_publishing_and_keeps_the_last_page(
    empty_warehouse, landing, settings
):
    assert _run(settings).succeeded
    page = _page(settings)
    before = page.read_bytes()
    manifest_before = page.with_name("manifest.json").read_bytes()

    broken_file, dates_line, code_line = _break_latest_episodes_file(landing)
    outcome = _run(settings)

    assert not outcome.succeeded
    assert outcome.task_states["validate_raw"] == "failed"
    assert outcome.task_states["publish"] == "upstream_failed"
    assert all(
        s == "upstream_failed" for t, s in outcome.task_states.items() if t.startswith("dbt_build.")
    )
    assert page.read_bytes() == before
    assert page.with_name("manifest.json").read_bytes() == manifest_before

    gate = json.loads((settings.quality_dir / "gate_raw_latest.json").read_text())
    assert gate["passed"] is False
    broken = {o["rule_code"]: o for o in gate["outcomes"] if not o["success"]}
    assert set(broken) == {"356", "146"}
    assert broken["356"]["examples"] == [
        {**broken["356"]["examples"][0], "_source_file": broken_file, "_row_number": dates_line}
    ]
    assert [
        (e["_source_file"], e["_row_number"], e["place"]) for e in broken["146"]["examples"]
    ] == [(broken_file, code_line, "Q9")]
    summary = "\n".join(outcome.gate_summaries)
    assert "rule 356" in summary and "rule 146" in summary
    assert f"File {broken_file} row(s) {dates_line}" in summary
    assert f"File {broken_file} row(s) {code_line}" in summary
