"""DfE benchmarks: newer EES files are landed row by row; England's newest figure wins over
the seed, and DfE's LA-level figures give a single council its statistical neighbours.

Most deliveries are built by hand here, in the EES open-data layout of the seed
`ees_england_benchmarks` (plus EES's LA columns for LA-level files), so the test knows exactly
which rows arrived.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

EES_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,indicator_id,"
    "value,numerator,denominator,source_dataset,published_date"
)
RELEASE = "Children looked after in England including adoptions: 2026"
DROPPED = [
    # A figure for a year the seed does not have yet.
    f"202526,Reporting year,National,E92000001,England,P01,80100,,,{RELEASE},2026-11-19",
    # A revision of a seeded figure (seed: 81770, published 2025-11-20).
    f"202425,Reporting year,National,E92000001,England,P01,81800,,,{RELEASE} (revised),2026-11-19",
    f"202526,Reporting year,National,E92000001,England,P02,66,,,{RELEASE},2026-11-19",
    # No value: quarantined, not lost.
    f"202526,Reporting year,National,E92000001,England,P06,,,,{RELEASE},2026-11-19",
]


@pytest.fixture
def dropped(settings, empty_warehouse):
    folder = settings.landing_dir / "benchmarks"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "ees_cla_2026.csv").write_text("\n".join([EES_HEADER, *DROPPED]) + "\n")
    yield folder
    shutil.rmtree(folder)


LA_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,new_la_code,"
    "old_la_code,la_name,indicator_id,value,numerator,denominator,source_dataset,published_date"
)
LA_RELEASE = "Children looked after in England including adoptions: 2025 (LA level)"
LA_DROPPED = [
    f"202425,Reporting year,Local authority,E92000001,England,E06099002,902,Northmere,P06,66,,,"
    f"{LA_RELEASE},2025-11-20",
    # DfE suppressed the figure: loaded, with a symbol and no value.
    f"202425,Reporting year,Local authority,E92000001,England,E06099003,903,Graylingley,P18,c,,,"
    f"{LA_RELEASE},2025-11-20",
    # Nobody can tell which council this is for: quarantined.
    f"202425,Reporting year,Local authority,E92000001,England,,,,P06,70,,,{LA_RELEASE},2025-11-20",
    # LA files carry the national figure too: England's, not an LA's.
    f"202425,Reporting year,National,E92000001,England,,,,P13,24,,,{LA_RELEASE},2025-11-20",
]


def _rows(db, sql, *params):
    with db.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _dbt(settings, *args):
    project = str(settings.dbt_project_dir)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            *args,
            "--project-dir",
            project,
            "--profiles-dir",
            project,
            "--target-path",
            str(settings.var_dir / "dbt" / "benchmarks_target"),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_dropped_ees_file_is_landed_with_every_row_accounted_for(dropped, db):
    from corporate_parenting.pipeline import check_row_accounting, land_sources

    report = land_sources(["benchmarks"])["benchmarks"]

    assert report["deliveries"] == 1
    assert report["rows_delivered"] == 4
    assert (report["rows_loaded"], report["rows_quarantined"]) == (3, 1)
    check_row_accounting(db, ["benchmarks"])
    assert _rows(
        db,
        "select source_system, source_file, status, rows_delivered, rows_loaded, "
        "rows_quarantined from raw._load_batches",
    ) == [("benchmarks", "benchmarks/ees_cla_2026.csv", "loaded", 4, 3, 1)]
    assert sorted(
        _rows(db, "select indicator_id, time_period, value from raw.benchmarks_ees_values")
    ) == [("P01", "202425", "81800"), ("P01", "202526", "80100"), ("P02", "202526", "66")]
    assert _rows(db, "select row_number, field from raw._quarantine") == [(5, "value")]

    # The same file again changes nothing.
    again = land_sources(["benchmarks"])["benchmarks"]
    assert again["unchanged"] == 1
    assert _rows(db, "select count(*) from raw.benchmarks_ees_values") == [(3,)]


def test_the_newest_published_figure_wins_over_the_seed(dropped, db, settings):
    from corporate_parenting.pipeline import land_sources

    land_sources(["benchmarks"])
    _dbt(
        settings,
        "build",
        "--indirect-selection",
        "cautious",
        "--select",
        "indicator_catalogue ees_england_benchmarks stg_benchmarks__ees_values "
        "fct_england_benchmarks",
    )

    figures = {
        (indicator, period): (float(value), origin)
        for indicator, period, value, origin in _rows(
            db,
            "select indicator_id, period_label, england_value, benchmark_origin "
            "from marts.fct_england_benchmarks where indicator_id in ('P01', 'P02', 'P06')",
        )
    }
    assert figures[("P01", "2025-26")] == (80100, "loaded")
    assert figures[("P01", "2024-25")] == (81800, "loaded")  # revised in the newer release
    assert figures[("P01", "2023-24")] == (83530, "seed")  # the seed's own revision wins
    assert figures[("P02", "2025-26")] == (66, "loaded")
    assert ("P06", "2025-26") not in figures  # its row was quarantined
    assert figures[("P06", "2022-23")] == (68, "seed")


def test_an_la_level_file_is_landed_beside_a_national_one(dropped, db, settings):
    from corporate_parenting.pipeline import check_row_accounting, land_sources

    (dropped / "ees_la_level_202425.csv").write_text("\n".join([LA_HEADER, *LA_DROPPED]) + "\n")
    report = land_sources(["benchmarks"])["benchmarks"]

    assert report["deliveries"] == 2
    assert (report["rows_delivered"], report["rows_loaded"], report["rows_quarantined"]) == (
        8,
        6,
        2,
    )
    check_row_accounting(db, ["benchmarks"])
    assert _rows(
        db,
        "select source_file, row_number, field, reason from raw._quarantine "
        "where strpos(source_file, 'la_level') > 0",
    ) == [
        (
            "benchmarks/ees_la_level_202425.csv",
            4,
            "new_la_code",
            "new_la_code is blank: a Local authority figure must name its LA",
        )
    ]
    # The national-only file has no LA columns: its rows are loaded with them blank.
    assert _rows(
        db,
        "select count(*), count(nullif(new_la_code, '')) from raw.benchmarks_ees_values "
        "where _source_file = 'benchmarks/ees_cla_2026.csv'",
    ) == [(3, 0)]

    _dbt(
        settings,
        "build",
        "--indirect-selection",
        "cautious",
        "--select",
        "indicator_catalogue ees_england_benchmarks stg_benchmarks__ees_values "
        "fct_england_benchmarks fct_la_benchmarks",
    )
    assert sorted(
        _rows(
            db,
            "select la_code, la_name, indicator_id, period_label, value, value_symbol "
            "from marts.fct_la_benchmarks",
        )
    ) == [
        ("E06099002", "Northmere", "P06", "2024-25", 66, None),
        ("E06099003", "Graylingley", "P18", "2024-25", None, "c"),
    ]
    # England's P13 for 2024-25 is the file's national row (newer than the seed's 23).
    assert _rows(
        db,
        "select england_value, benchmark_origin from marts.fct_england_benchmarks "
        "where indicator_id = 'P13' and period_label = '2024-25'",
    ) == [(24, "loaded")]


def test_a_raw_table_landed_before_la_columns_existed_gets_them(dropped, db):
    """A warehouse that landed national files before LA-level files existed: the LA columns
    are added and a later delivery still supersedes earlier ones into raw_history."""
    from corporate_parenting.extract import benchmarks
    from corporate_parenting.extract.raw_loader import RawTable
    from corporate_parenting.extract.sources import SourceTable, csv_file, land
    from corporate_parenting.pipeline import land_sources
    from corporate_parenting.pseudonymise import Pseudonymiser

    old_layout = SourceTable(
        raw=RawTable(
            name="benchmarks_ees_values",
            source_system="benchmarks",
            columns=benchmarks.EES_COLUMNS,
            required_columns=("time_period", "time_identifier", "indicator_id", "value"),
        )
    )
    path = dropped / "ees_cla_2026.csv"
    key = Pseudonymiser(b"benchmarks-test-key-16")
    land(db, [csv_file("benchmarks", old_layout, path, dropped.parent, "ALL", path.stem)], key)
    path.write_text("\n".join([EES_HEADER, *DROPPED[:2]]) + "\n")  # corrected: 2 rows
    land(db, [csv_file("benchmarks", old_layout, path, dropped.parent, "ALL", path.stem)], key)
    assert _rows(db, "select count(*) from raw_history.benchmarks_ees_values") == [(3,)]
    db.rollback()  # end the read, which would block the migration's table rebuild

    path.write_text("\n".join([EES_HEADER, DROPPED[0]]) + "\n")  # corrected again: 1 row
    (dropped / "ees_la_level_202425.csv").write_text("\n".join([LA_HEADER, *LA_DROPPED]) + "\n")
    land_sources(["benchmarks"])

    assert _rows(
        db,
        "select _source_file, new_la_code, indicator_id from raw.benchmarks_ees_values "
        "order by _source_file, _row_number",
    ) == [
        ("benchmarks/ees_cla_2026.csv", None, "P01"),
        ("benchmarks/ees_la_level_202425.csv", "E06099002", "P06"),
        ("benchmarks/ees_la_level_202425.csv", "E06099003", "P18"),
        ("benchmarks/ees_la_level_202425.csv", None, "P13"),
    ]
    assert _rows(
        db,
        "select count(*), count(_superseded_at) from raw_history.benchmarks_ees_values",
    ) == [(5, 5)]


def test_a_single_council_is_compared_with_its_neighbours_published_figures(
    empty_warehouse, landing, db, settings
):
    """The default estate is one council; its five statistical neighbours' figures come from
    DfE's (synthetic) LA-level files delivered with it."""
    from corporate_parenting.pipeline import land_sources

    land_sources(["reference", "cms_ssda903", "benchmarks"])
    _dbt(settings, "build", "--select", "+rpt_indicators", "--resource-type", "seed", "model")

    published = {
        row["new_la_code"]: float(row["value"])
        for path in (landing / "benchmarks").glob("*.csv")
        for row in csv.DictReader(path.open(encoding="utf-8"))
        if row["indicator_id"] == "P06" and row["time_period"] == "202425"
    }
    assert len(published) == 5
    figures = {
        (period, breakdown): (value, average, neighbours, comparison)
        for period, breakdown, value, average, neighbours, comparison in _rows(
            db,
            "select period_label, breakdown_type, value, statistical_neighbour_value, "
            "statistical_neighbours_with_value, comparison_to_neighbours "
            "from reporting_public.rpt_indicators where la_code = 'E06099001' "
            "and indicator_id = 'P06' and period_type = 'statutory_year' "
            "and breakdown_value in ('all', 'Female')",
        )
    }
    value, average, neighbours, comparison = figures[("2024-25", "all")]
    assert neighbours == 5
    assert float(average) == round(sum(published.values()) / 5, 1)
    gap = float(value) - float(average)
    assert comparison == ("similar" if abs(gap) <= 1 else "higher" if gap > 0 else "lower")
    # DfE's LA files have no breakdowns.
    assert figures[("2024-25", "sex")][1:3] == (None, 0)


def test_every_theme_is_built_before_the_indicator_union(warehouse, settings):
    """dbt orders models by the refs it sees at parse time: each theme's `_indicators` model
    must be named in int_theme_indicators_unioned's depends_on hints, or a build can read a
    theme before rebuilding it."""
    manifest = json.loads((settings.dbt_project_dir / "target" / "manifest.json").read_text())
    nodes = manifest["nodes"]
    themes = {
        node["unique_id"]
        for node in nodes.values()
        if node["resource_type"] == "model"
        and node["fqn"][1] == "marts"
        and node["fqn"][2] != "indicators"
        and node["name"].endswith("_indicators")
    }
    union = nodes["model.corporate_parenting.int_theme_indicators_unioned"]
    missing = sorted(themes - set(union["depends_on"]["nodes"]))
    assert not missing, "add to int_theme_indicators_unioned.sql: " + " ".join(
        f"-- depends_on: {{{{ ref('{m.split('.')[-1]}') }}}}" for m in missing
    )
