"""DfE figures computed straight from the delivered CSV files, in plain Python.

Deliberately independent of the warehouse: no SQL, no reconciliation across returns. Each
collection year is computed from that year's own return, where an episode open on 31 March
has no end date.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

FOSTER = {"U1", "U2", "U3", "U4", "U5", "U6"}
SHORT_BREAKS = {"V3", "V4"}


def _date(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def percent(numerator: int, denominator: int) -> float:
    """One decimal place, halves rounded away from zero (as PostgreSQL's round())."""
    value = Decimal(100 * numerator) / Decimal(denominator)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class YearFigures:
    collection_year: str
    children_looked_after: int
    in_foster_care: int
    placed_outside: int

    @property
    def percent_foster(self) -> float:
        return percent(self.in_foster_care, self.children_looked_after)

    @property
    def percent_outside(self) -> float:
        return percent(self.placed_outside, self.children_looked_after)


def postcode_utlas(estate: Path) -> dict[str, str]:
    with (estate / "reference" / "postcodes.csv").open(newline="") as handle:
        return {" ".join(r["pcds"].upper().split()): r["utla"] for r in csv.DictReader(handle)}


def figures_for_year(estate: Path, la_code: str, collection_year: str) -> YearFigures:
    snapshot = date(int(collection_year[:4]) + 1, 3, 31)
    utlas = postcode_utlas(estate)
    folder = estate / la_code / "ssda903" / collection_year
    path = (folder / "csv" if (folder / "csv").is_dir() else folder) / "episodes.csv"
    looked_after: dict[str, dict] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            start, end = _date(row["DECOM"]), _date(row["DEC"])
            if (
                start <= snapshot
                and (end is None or end > snapshot)
                and row["LS"] not in SHORT_BREAKS
            ):
                looked_after[row["CHILD"]] = row
    outside = 0
    for row in looked_after.values():
        utla = utlas.get(" ".join(row["PL_POST"].upper().split()))
        if utla is not None and utla != la_code:
            outside += 1
    return YearFigures(
        collection_year=collection_year,
        children_looked_after=len(looked_after),
        in_foster_care=sum(r["PLACE"] in FOSTER for r in looked_after.values()),
        placed_outside=outside,
    )


def all_figures(estate: Path) -> dict[str, dict[str, YearFigures]]:
    """{la_code: {collection_year: figures}} for every return in the estate."""
    result: dict[str, dict[str, YearFigures]] = {}
    for year_dir in sorted(estate.glob("*/ssda903/*")):
        la_code = year_dir.parent.parent.name
        result.setdefault(la_code, {})[year_dir.name] = figures_for_year(
            estate, la_code, year_dir.name
        )
    return result
