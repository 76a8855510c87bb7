"""England benchmarks: a newer EES file is landed row by row and wins over the seed.

The delivery is built by hand here, in the EES open-data layout of the seed
`ees_england_benchmarks`, so the test knows exactly which rows arrived.
"""

from __future__ import annotations

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


def _rows(db, sql, *params):
    with db.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


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
    project = str(settings.dbt_project_dir)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "build",
            "--project-dir",
            project,
            "--profiles-dir",
            project,
            "--target-path",
            str(settings.var_dir / "dbt" / "benchmarks_target"),
            "--indirect-selection",
            "cautious",
            "--select",
            "indicator_catalogue ees_england_benchmarks stg_benchmarks__ees_values "
            "fct_england_benchmarks",
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stdout[-3000:]

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
