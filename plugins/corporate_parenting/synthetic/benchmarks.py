"""A synthetic DfE LA-level publication: the statistical neighbours' published figures.

A real council compares itself with its statistical neighbours using the LA-level figures DfE
publishes each November (Explore Education Statistics open-data CSVs, `geographic_level`
'Local authority', with `new_la_code`, `old_la_code` and `la_name`). A generated estate has
no such publication, so this writes one. **Every figure in it is invented**: it is England's
published figure (dbt seed `ees_england_benchmarks`) times a made-up factor per council and
indicator, so that the warehouse has something realistic to average; it says nothing about
any real council.

Output, one file per DfE release (DfE publishes each year in the November after it ends)::

    out_dir/benchmarks/ees_la_level_<YYYYYY>.csv   e.g. ees_la_level_202425.csv

in the layout `extract.benchmarks` lands (EES columns plus `new_la_code`, `old_la_code`,
`la_name`). Rows: for every statistical neighbour (seed `statistical_neighbours`) of a
generated LA that is not itself generated (its figures are in the warehouse already), every
indicator with an England figure in the seed, and every complete collection (or academic)
year of the estate, the in-year months excluded. The last year's release date (November after
it ends) may be after the estate's last day: it is included anyway, so the panel's latest year
has a comparator. A value is England's figure for that year (else the nearest year's) times the
council's factor (normal around 1, sd 0.12, clipped to 0.6-1.4) and a small year-to-year wobble
(sd 0.03); counts are scaled to a council of the estate's size. Rounded as DfE publishes:
counts and percentages and rates per 10,000 whole, means to 1 dp; a count of 1 to 4 is
published as 'c' (DfE's suppression symbol). Deterministic for a seed and the seeds' contents.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

from corporate_parenting.extract.benchmarks import (
    BENCHMARKS,
    EES_COLUMNS,
    LA_COLUMNS,
    LOCAL_AUTHORITY_LEVEL,
)
from corporate_parenting.settings import Settings
from corporate_parenting.synthetic.written import Written

# The LA file's columns in EES order: the geography first, then the figure.
LA_LEVEL_COLUMNS = EES_COLUMNS[:5] + LA_COLUMNS + EES_COLUMNS[5:]
FILE_PREFIX = "ees_la_level_"

FACTOR_SD, FACTOR_MIN, FACTOR_MAX = 0.12, 0.6, 1.4
YEAR_WOBBLE_SD = 0.03
SUPPRESSED = "c"  # DfE's symbol for a figure withheld to protect confidentiality
SMALL_COUNT_MAX = 4
# Bounded mean scores (SDQ total difficulties 0-40, Attainment 8 0-90).
SCORE_MAXIMA = {"He06": 40.0, "E06a": 90.0}


def _seed_rows(settings: Settings, name: str) -> list[dict[str, str]]:
    path = settings.dbt_project_dir / "seeds" / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def release_date(year_end: int) -> date:
    """DfE's November release for the year to 31 March `year_end`: the third Thursday."""
    first = date(year_end, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 14)


class _England:
    """England's figures from the seed: the newest published per indicator and year."""

    def __init__(self, rows: Iterable[dict[str, str]]):
        newest: dict[tuple[str, int], dict[str, str]] = {}
        for row in rows:
            if row["geographic_level"] != "National":
                continue
            key = (row["indicator_id"], int(row["time_period"][:4]) + 1)
            if key not in newest or row["published_date"] > newest[key]["published_date"]:
                newest[key] = row
        self.time_identifier: dict[str, str] = {}
        self.values: dict[str, dict[int, float]] = {}
        for (indicator, year_end), row in sorted(newest.items()):
            self.time_identifier[indicator] = row["time_identifier"]
            self.values.setdefault(indicator, {})[year_end] = float(row["value"])

    def nearest(self, indicator: str, year_end: int) -> float:
        """England's figure for the year, else the nearest year's (the later one on a tie)."""
        years = self.values[indicator]
        return years[min(years, key=lambda y: (abs(y - year_end), -y))]


def _factor(seed: int, la_code: str, indicator: str) -> float:
    rng = random.Random(f"benchmarks:{seed}:{la_code}:{indicator}")
    return min(max(rng.gauss(1.0, FACTOR_SD), FACTOR_MIN), FACTOR_MAX)


def _wobble(seed: int, la_code: str, indicator: str, year_end: int) -> float:
    return random.Random(f"benchmarks:{seed}:{la_code}:{indicator}:{year_end}").gauss(
        1.0, YEAR_WOBBLE_SD
    )


def published_value(unit: str, indicator: str, value: float) -> str:
    """A figure as DfE publishes it: counts, percentages and rates per 10,000 as whole
    numbers (a count of 1 to 4 as 'c'), other rates and means to 1 dp, within range."""
    value = max(value, 0.0)
    if unit == "count":
        count = round(value)
        return SUPPRESSED if 1 <= count <= SMALL_COUNT_MAX else str(count)
    if unit == "percent":
        return str(round(min(value, 100.0)))
    if unit == "rate_per_10000":
        return str(round(value))
    value = min(value, SCORE_MAXIMA.get(indicator, value))
    return f"{value:.1f}"


def write_neighbour_figures(
    out_dir: Path,
    *,
    la_codes: tuple[str, ...],
    identify: Callable[[str], tuple[str, str]],
    years: list[tuple[str, int, int]],
    seed: int,
    cla_per_la: int,
    settings: Settings | None = None,
) -> Written:
    """Write DfE's (synthetic) LA-level releases for the estate's outside neighbours.

    `la_codes`: the generated LAs; `identify(code)` gives a council's (DfE LA number, name);
    `years`: the estate's complete collection years (label, first day, last day).
    """
    settings = settings or Settings.from_env()
    generated = set(la_codes)
    outside = sorted(
        {
            row["neighbour_la_code"]
            for row in _seed_rows(settings, "benchmarks/statistical_neighbours.csv")
            if row["la_code"] in generated and row["neighbour_la_code"] not in generated
        }
    )
    england = _England(_seed_rows(settings, "benchmarks/ees_england_benchmarks.csv"))
    units = {
        row["indicator_id"]: row["unit"]
        for row in _seed_rows(settings, "indicators/indicator_catalogue.csv")
    }
    written = Written()
    if not outside:
        return written
    for label, _, _ in years:
        year_end = int(label[:4]) + 1
        published = release_date(year_end)
        time_period = f"{year_end - 1}{year_end % 100:02d}"
        # A council of the estate's size has this share of England's children looked after.
        share = cla_per_la / england.nearest("P01", year_end)
        rows = []
        for la_code in outside:
            old_la_code, la_name = identify(la_code)
            for indicator in sorted(england.values):
                unit = units[indicator]
                value = (
                    england.nearest(indicator, year_end)
                    * _factor(seed, la_code, indicator)
                    * _wobble(seed, la_code, indicator, year_end)
                )
                if unit == "count":
                    value *= share
                rows.append(
                    (
                        time_period,
                        england.time_identifier[indicator],
                        LOCAL_AUTHORITY_LEVEL,
                        "E92000001",
                        "England",
                        la_code,
                        old_la_code,
                        la_name,
                        indicator,
                        published_value(unit, indicator, value),
                        "",
                        "",
                        f"SYNTHETIC LA-level figures, DfE-style release {year_end} "
                        "(generated, not DfE data)",
                        published.isoformat(),
                    )
                )
        path = out_dir / BENCHMARKS / f"{FILE_PREFIX}{time_period}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(LA_LEVEL_COLUMNS)
            writer.writerows(rows)
        written.add(len(rows))
    return written
