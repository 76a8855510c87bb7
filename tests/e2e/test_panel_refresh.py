"""The panel_refresh DAG end to end, against the embedded PostgreSQL."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from corporate_parenting.pseudonymise import Pseudonymiser
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
    # Every child key in the warehouse differs from every delivered ID, and one child has one
    # key in all four domains (worked out here from the delivered files and the key).
    source_ids = _delivered_child_ids(landing)
    with psycopg2.connect(empty_warehouse.url) as db:
        keys_in_marts = _child_keys_outside_raw(db)
        with db.cursor() as cur:
            cur.execute(
                "select la_code, child_key, in_ssda903 or in_cms_monthly, in_virtual_school, "
                "in_health, in_leaving_care from marts.dim_children"
            )
            spine = {(la, key): flags for la, key, *flags in cur.fetchall()}
    every_id = {child_id for ids in source_ids.values() for _, child_id in ids}
    assert keys_in_marts and not keys_in_marts & every_id
    in_all_four = set.intersection(*source_ids.values())
    assert len(in_all_four) > 20, "the estate has children known to every domain"
    pseudonymiser = Pseudonymiser(os.environ["PSEUDONYMISATION_KEY"].encode())
    for la, child_id in in_all_four:
        flags = spine.get((la, pseudonymiser.child_key(la, child_id)))
        assert flags == [True, True, True, True], (la, child_id, flags)
    assert len(spine) == len({k for ids in source_ids.values() for k in ids})
    # The data dictionary (dbt docs: every model and column) is published with the pack.
    dictionary = settings.publish_dir / "data-dictionary" / "index.html"
    assert "fct_indicators" in dictionary.read_text(encoding="utf-8")
    # The pack records which delivered files it was built from.
    manifest = json.loads(_page(settings).with_name("manifest.json").read_text())
    built_from = {b["source_file"] for b in manifest["source_batches"]}
    delivered = {str(p.relative_to(landing)) for p in landing.glob("*/ssda903/*/csv/*.csv")}
    assert delivered <= built_from


def _delivered_child_ids(landing) -> dict[str, set[tuple[str, str]]]:
    """(LA, child ID) of every child each domain's delivered files name (the case-management
    domain: the annual 903 returns and the monthly extracts)."""
    found: dict[str, set[tuple[str, str]]] = {d: set() for d in DOMAINS}
    for la_dir in (p for p in landing.iterdir() if p.name.startswith("E0")):
        la = la_dir.name
        for path in la_dir.glob("ssda903/*/csv/*.csv"):
            with path.open(newline="") as handle:
                found["ssda903"] |= {(la, r["CHILD"]) for r in csv.DictReader(handle)}
        for path in la_dir.glob("cms_monthly/*/*.csv"):
            with path.open(newline="") as handle:
                found["ssda903"] |= {(la, r["CHILD"]) for r in csv.DictReader(handle)}
        for path in la_dir.glob("virtual_school/*/*.csv"):
            with path.open(newline="") as handle:
                found["virtual_school"] |= {(la, r["CHILD_ID"]) for r in csv.DictReader(handle)}
        for path in la_dir.glob("health/*/*.xlsx"):
            book = load_workbook(path, read_only=True)
            for sheet in book.worksheets:
                rows = sheet.iter_rows(values_only=True)
                column = next(rows).index("CHILD_ID")
                found["health"] |= {(la, str(r[column])) for r in rows}
            book.close()
        with sqlite3.connect(la_dir / "leaving_care" / "leaving_care.sqlite") as db:
            people = db.execute("select person_id from young_people")
            found["leaving_care"] |= {(la, r[0]) for r in people}
    return found


DOMAINS = ("ssda903", "virtual_school", "health", "leaving_care")


def _child_keys_outside_raw(db) -> set[str]:
    """Every child_key value in the staging, intermediate and mart schemas."""
    with db.cursor() as cur:
        cur.execute(
            "select table_schema, table_name from information_schema.columns "
            "where column_name = 'child_key' and table_schema in "
            "('staging', 'intermediate', 'marts')"
        )
        keys: set[str] = set()
        for schema, table in cur.fetchall():
            cur.execute(f'select distinct child_key from "{schema}"."{table}"')
            keys |= {r[0] for r in cur.fetchall() if r[0]}
    return keys


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
            # `quality` holds the typed copies of raw that the validation rules query, with the
            # same (engineers only) access as raw.
            "where table_schema not in ('raw', 'raw_history', 'linkage', 'quality', 'pg_catalog', "
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
    """Blocking: publish skipped, last pack kept, docs, report and alert. Then, fixed at source,
    a warning (a figure far from the last pack's) publishes with a note on its tile."""
    assert _run(settings).succeeded
    page = _page(settings)
    before = page.read_bytes()
    manifest_before = page.with_name("manifest.json").read_bytes()

    episodes = sorted(landing.glob("*/ssda903/*/csv/episodes.csv"))[-1]
    delivered = episodes.read_bytes()
    broken_file, dates_line, code_line = _break_latest_episodes_file(landing)
    outcome = _run(settings)

    assert not outcome.succeeded
    assert outcome.task_states["validate_raw"] == "failed"
    assert outcome.task_states["publish"] == "upstream_failed"
    dbt_states = [s for t, s in outcome.task_states.items() if t.split(".")[0] == "dbt_build"]
    assert dbt_states and all(s == "upstream_failed" for s in dbt_states)
    assert page.read_bytes() == before
    assert page.with_name("manifest.json").read_bytes() == manifest_before

    gate = json.loads((settings.quality_dir / "gate_raw_latest.json").read_text())
    assert gate["passed"] is False
    blocking = [o for o in gate["outcomes"] if not o["success"] and o["severity"] == "blocking"]
    broken = {o["rule_code"]: o for o in blocking}
    assert {"356", "146"} <= set(broken)
    # Nothing but the two broken rows stops publishing.
    broken_rows = {(broken_file, dates_line), (broken_file, code_line)}
    for o in blocking:
        assert {(e["_source_file"], e["_row_number"]) for e in o["examples"]} <= broken_rows, o
    assert (broken_file, dates_line) in {
        (e["_source_file"], e["_row_number"]) for e in broken["356"]["examples"]
    }
    assert [
        (e["_source_file"], e["_row_number"], e["place"]) for e in broken["146"]["examples"]
    ] == [(broken_file, code_line, "Q9")]
    summary = "\n".join(outcome.gate_summaries)
    assert "rule 356" in summary and "rule 146" in summary
    assert f"File {broken_file} row(s) {dates_line}" in summary
    assert f"File {broken_file} row(s) {code_line}" in summary
    # Engineers get GX Data Docs of the failing suite, data owners the per-child report, and
    # the alert is logged (no `quality_alerts` connection is configured here).
    docs = (settings.quality_dir / "data_docs" / "index.html").read_text()
    assert "raw_ssda903_episodes_" in docs
    with (settings.quality_dir / "dq_report" / "dq_report.csv").open(newline="") as handle:
        report = list(csv.DictReader(handle))
    assert {
        (r["rule_code"], r["source_file"], int(r["row_number"]))
        for r in report
        if r["severity"] == "blocking"
    } >= {("146", broken_file, code_line), ("356", broken_file, dates_line)}
    alert = json.loads((settings.quality_dir / "alerts.jsonl").read_text().splitlines()[-1])
    assert alert["stage"] == "raw" and "rule 146" in alert["text"]

    # Fixed at source. The last pack is made to differ from the data, so P01 has "moved" more
    # than the change check allows: a warning, published with a note on the P01 tile only.
    episodes.write_bytes(delivered)
    import psycopg2

    with psycopg2.connect(empty_warehouse.url) as db, db.cursor() as cur:
        cur.execute(
            "update quality.published_figures set value = value * 2 + 50 where indicator_id = 'P01'"
        )
    outcome = _run(settings)

    assert outcome.succeeded, outcome.report()
    marts_gate = json.loads((settings.quality_dir / "gate_marts_latest.json").read_text())
    changed = [o for o in marts_gate["outcomes"] if o["rule_code"] == "MART-CHANGE"]
    assert changed and not changed[0]["success"] and changed[0]["severity"] == "warning"
    assert {e["indicator_id"] for e in changed[0]["examples"]} == {"P01"}
    tiles = _tiles(page.read_text())
    assert 'data-quality-note="MART-CHANGE"' in tiles["P01"]
    assert 'data-quality-note="MART-CHANGE"' not in tiles["P06"] + tiles["P10"]
    assert page.read_bytes() != before


def _tiles(html: str) -> dict[str, str]:
    """Each headline tile's HTML, by indicator."""
    tiles = {}
    for part in html.split("<article")[1:]:
        indicator = part.split('data-indicator="', 1)[1].split('"', 1)[0]
        tiles[indicator] = part.split("</article>", 1)[0]
    return tiles
