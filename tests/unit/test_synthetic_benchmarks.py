"""The synthetic DfE LA-level publication: the statistical neighbours a council compares with."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from corporate_parenting.settings import Settings
from corporate_parenting.synthetic import generate_estate
from corporate_parenting.synthetic import ssda903 as sim
from corporate_parenting.synthetic.benchmarks import (
    LA_LEVEL_COLUMNS,
    published_value,
    release_date,
    write_neighbour_figures,
)
from corporate_parenting.synthetic.faults import FaultRates, inject_faults

LA = "E06099001"
SEEDS = Settings.from_env().dbt_project_dir / "seeds"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _neighbours(la_code: str) -> set[str]:
    rows = _csv(SEEDS / "benchmarks" / "statistical_neighbours.csv")
    return {r["neighbour_la_code"] for r in rows if r["la_code"] == la_code}


def _england_indicators() -> set[str]:
    return {r["indicator_id"] for r in _csv(SEEDS / "benchmarks" / "ees_england_benchmarks.csv")}


def _units() -> dict[str, str]:
    rows = _csv(SEEDS / "indicators" / "indicator_catalogue.csv")
    return {r["indicator_id"]: r["unit"] for r in rows}


@pytest.fixture(scope="module")
def estate(tmp_path_factory) -> tuple[Path, sim.EstateSummary]:
    """One council, three collection years (2023-24 to 2025-26), as at 31 October 2026."""
    out = tmp_path_factory.mktemp("estate")
    return out, generate_estate(out, seed=42, n_las=1, cla_per_la=60, years=3, months=7)


def _write(out: Path, *, la_codes=(LA,), seed=42, years=3):
    return write_neighbour_figures(
        out,
        la_codes=la_codes,
        identify=sim._responsible_la_identity,
        years=sim.collection_years(years, 2026),
        seed=seed,
        cla_per_la=60,
    )


def test_a_single_council_gets_its_neighbours_figures_for_every_complete_year(estate):
    out, summary = estate
    files = sorted((out / "benchmarks").glob("*.csv"))
    # One release per collection year; none for the in-year months of 2026-27.
    assert [f.name for f in files] == [
        "ees_la_level_202324.csv",
        "ees_la_level_202425.csv",
        "ees_la_level_202526.csv",
    ]
    assert summary.files_written == sum(p.is_file() for p in out.rglob("*"))
    indicators = _england_indicators()
    for path in files:
        rows = _csv(path)
        assert list(rows[0]) == list(LA_LEVEL_COLUMNS)
        assert {r["geographic_level"] for r in rows} == {"Local authority"}
        assert {r["time_period"] for r in rows} == {path.stem[-6:]}
        cells = {(r["new_la_code"], r["indicator_id"]) for r in rows}
        assert len(cells) == len(rows), "one figure per council and indicator"
        assert cells == {(n, i) for n in _neighbours(LA) for i in indicators}
        assert all("SYNTHETIC" in r["source_dataset"] for r in rows)
        assert {r["published_date"] for r in rows} == {
            release_date(int(path.stem[-2:]) + 2000).isoformat()
        }


def test_a_neighbour_outside_the_estate_keeps_the_name_a_larger_estate_gives_it(estate, tmp_path):
    out, _ = estate
    generate_estate(tmp_path, seed=42, n_las=2, cla_per_la=20, years=1, months=0)
    larger = {r["la_code"]: r for r in _csv(tmp_path / "reference" / "local_authorities.csv")}
    published = {
        r["new_la_code"]: (r["old_la_code"], r["la_name"])
        for r in _csv(out / "benchmarks" / "ees_la_level_202425.csv")
    }
    assert published["E06099002"] == (larger["E06099002"]["la_number"], "Northmere")
    assert larger["E06099002"]["la_name"] == "Northmere"


def test_figures_are_plausible_and_rounded_as_dfe_publishes(estate):
    out, _ = estate
    units = _units()
    rows = _csv(out / "benchmarks" / "ees_la_level_202425.csv")
    for r in rows:
        unit, value = units[r["indicator_id"]], r["value"]
        if unit == "count":
            assert value == "c" or (value.isdigit() and not 1 <= int(value) <= 4), r
        elif unit in ("percent", "rate_per_10000"):
            assert value.isdigit() and int(value) <= (100 if unit == "percent" else 10_000), r
        else:
            assert float(value) >= 0 and value == f"{float(value):.1f}", r
    by_cell = {(r["new_la_code"], r["indicator_id"]): r["value"] for r in rows}
    # England: 23% with 3+ placements in two years, 81,770 looked after, 67 per 10,000 (2024-25).
    for neighbour in _neighbours(LA):
        assert 23 * 0.55 <= int(by_cell[(neighbour, "P13")]) <= 23 * 1.5
        assert 60 * 0.55 <= int(by_cell[(neighbour, "P01")]) <= 60 * 1.5  # a council of 60
        assert 67 * 0.55 <= int(by_cell[(neighbour, "P02")]) <= 67 * 1.5


def test_a_count_of_one_to_four_is_published_as_c():
    assert [published_value("count", "P18", v) for v in (0.2, 0.6, 3.4, 4.4, 4.6)] == [
        "0",
        "c",
        "c",
        "c",
        "5",
    ]
    assert published_value("percent", "P06", 103.2) == "100"
    assert published_value("percent", "P06", 67.5) == "68"
    assert published_value("mean", "He06", 44.0) == "40.0"  # SDQ scores run 0 to 40
    assert published_value("mean", "P16c", 6.84) == "6.8"


def test_dfe_publishes_each_year_in_november_after_it_ends():
    assert release_date(2025) == date(2025, 11, 20)  # the 2025 CLA release
    assert release_date(2024) == date(2024, 11, 21)  # the third Thursday
    assert release_date(2026).weekday() == 3


def test_only_neighbours_outside_the_estate(tmp_path):
    estate = ("E06099001", "E06099002", "E06099003")
    written = _write(tmp_path, la_codes=estate, years=1)

    (only,) = sorted((tmp_path / "benchmarks").glob("*.csv"))
    assert only.name == "ees_la_level_202526.csv"
    rows = _csv(only)
    assert (written.files, written.rows) == (1, len(rows))
    outside = set().union(*(_neighbours(la) for la in estate)) - set(estate)
    # 001's neighbours 004-006, 002's 006-009, 003's 010-013; never 001-003 themselves.
    expected = {f"E06099{i:03d}" for i in range(4, 14)}
    assert {r["new_la_code"] for r in rows} == outside == expected


def test_no_file_when_every_neighbour_is_in_the_estate(tmp_path):
    twenty = tuple(f"E06099{i:03d}" for i in range(1, 21))
    assert _write(tmp_path, la_codes=twenty).files == 0
    assert not (tmp_path / "benchmarks").exists()


def test_same_seed_same_bytes_other_seed_other_figures(tmp_path):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        _write(tmp_path / name, seed=seed)
    a, b, c = (
        (tmp_path / n / "benchmarks" / "ees_la_level_202425.csv").read_bytes() for n in "abc"
    )
    assert a == b
    assert a != c


def test_the_fault_injector_leaves_dfe_publication_alone(estate, tmp_path):
    out, _ = estate
    copy = tmp_path / "landing"
    shutil.copytree(out, copy)
    manifest = inject_faults(copy, FaultRates.overall(0.3), seed=3)

    assert manifest.faults, "the council's own files were broken"
    assert not [f for f in manifest.faults if f.file.startswith("benchmarks/")]
    for path in sorted((out / "benchmarks").glob("*.csv")):
        assert (copy / "benchmarks" / path.name).read_bytes() == path.read_bytes()
