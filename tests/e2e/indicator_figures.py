"""The panel's headline indicators computed straight from the delivered files, in plain Python.

Deliberately independent of the warehouse: no SQL, no dbt, only the DfE definitions
(domain spec §1.5, §2) applied to the CSV files of the 903 return. History that a measure
needs from earlier years (stability over two and a half years) comes from the earlier
returns: an episode is identified by child and start date, and the latest return that holds
it gives its end.

Boundary choices (the same ones the warehouse documents):
- looked after on a day d: DECOM <= d < DEC (or no DEC), LS not V3/V4;
- 12 months at 31 March: the period of care began on or before 1 April of the year;
  2 years: on or before 1 April two years before the year's end; 2.5 years: on or before
  1 October of the year three years before the year's end (30 months);
- a placement (stability): starts at an episode with RNE S, P, B, T or U; temporary
  placements (T0-T4) are not placements, and the return from one to the same placement
  (RNE P, same PLACE, URN and placement postcode) continues the earlier placement;
- a carer spell (long-term stability): starts at RNE S, P or B, with the same two
  exceptions; T, U and L keep the carer.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

SHORT_BREAKS = {"V3", "V4"}
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}
NEW_PLACEMENT = {"S", "P", "B", "T", "U"}
NEW_CARER = {"S", "P", "B"}
EET = {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"}


def _d(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def round_half_up(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(numerator: int, denominator: int) -> float:
    return round_half_up(Decimal(100 * numerator) / Decimal(denominator))


def mean(total: int, count: int) -> float:
    return round_half_up(Decimal(total) / Decimal(count))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


@dataclass
class Figures:
    """Numerator and denominator of each indicator for one LA and collection year."""

    la_code: str
    collection_year: str
    values: dict[str, tuple[int, int | None]]

    def value(self, indicator_id: str) -> float:
        numerator, denominator = self.values[indicator_id]
        if indicator_id == "He06":
            return mean(numerator, denominator)
        return float(numerator) if denominator is None else percent(numerator, denominator)


def _history(la_dir: Path, up_to: str) -> dict[str, list[dict]]:
    """Every episode per child from the returns up to `up_to`, the latest return winning."""
    episodes: dict[tuple[str, str], dict] = {}
    for folder in sorted(la_dir.glob("ssda903/*/csv")):
        if folder.parent.name > up_to:
            break
        for row in _read(folder / "episodes.csv"):
            episodes[(row["CHILD"], row["DECOM"])] = row
    by_child: dict[str, list[dict]] = defaultdict(list)
    for (child, _), row in episodes.items():
        if row["LS"] not in SHORT_BREAKS:
            by_child[child].append(row)
    for rows in by_child.values():
        rows.sort(key=lambda r: _d(r["DECOM"]))
    return by_child


def _spells(episodes: list[dict], starts: set[str]) -> list[list]:
    """[start, end] spells (placements or carer spells) from a child's episodes."""
    spells: list[list] = []
    last_setting = None
    after_temporary = False
    for e in episodes:
        if e["PLACE"] in TEMPORARY:
            after_temporary = True
            continue
        setting = (e["PLACE"], e["URN"], " ".join(e["PL_POST"].upper().split()))
        new = e["RNE"] in starts or not spells
        if new and after_temporary and e["RNE"] == "P" and setting == last_setting:
            new = False  # back from a temporary placement to the same placement
        if e["RNE"] == "S":
            new = True
        if new:
            spells.append([_d(e["DECOM"]), _d(e["DEC"])])
        else:
            spells[-1][1] = _d(e["DEC"])
        last_setting, after_temporary = setting, False
    return spells


def _current_period(episodes: list[dict], on: date) -> list[dict]:
    """The episodes of the period of care the child is in on `on` (chained by X1)."""
    period: list[dict] = []
    for e in episodes:
        if e["RNE"] == "S" or not period or period[-1]["REC"] not in ("X1", ""):
            period = []
        period.append(e)
        start, end = _d(e["DECOM"]), _d(e["DEC"])
        if start <= on and (end is None or end > on):
            return period
    return []


def figures_for_year(estate: Path, la_code: str, collection_year: str) -> Figures:
    la_dir = estate / la_code
    y = int(collection_year[:4])
    year_start, year_end = date(y, 4, 1), date(y + 1, 3, 31)
    folder = la_dir / "ssda903" / collection_year / "csv"
    header = {r["CHILD"]: r for r in _read(folder / "header.csv")}
    this_year = [r for r in _read(folder / "episodes.csv") if r["LS"] not in SHORT_BREAKS]
    history = _history(la_dir, collection_year)
    values: dict[str, tuple[int, int | None]] = {}

    cla = {}
    for child, episodes in history.items():
        period = _current_period(episodes, year_end)
        if period:
            cla[child] = period
    values["P01"] = (len(cla), None)
    values["P03a"] = (
        len({r["CHILD"] for r in this_year if r["RNE"] == "S" and _d(r["DECOM"]) >= year_start}),
        None,
    )
    values["P03b"] = (
        len(
            {
                r["CHILD"]
                for r in this_year
                if r["DEC"] and r["REC"] != "X1" and year_start <= _d(r["DEC"]) <= year_end
            }
        ),
        None,
    )
    twelve_months = {c for c, p in cla.items() if _d(p[0]["DECOM"]) <= year_start}
    values["OC2_COHORT"] = (len(twelve_months), None)

    three_plus = 0
    for child in cla:
        placements = _spells(history[child], NEW_PLACEMENT)
        during = [p for p in placements if p[0] <= year_end and (p[1] is None or p[1] > year_start)]
        three_plus += len(during) >= 3
    values["P12"] = (three_plus, len(cla))

    lts_start = date(y - 2, 10, 1)
    two_years_ago = date(y - 1, 4, 1)
    lts = stable = 0
    for child, period in cla.items():
        dob = _d(header[child]["DOB"])
        if _age(dob, year_end) >= 16 or _d(period[0]["DECOM"]) > lts_start:
            continue
        lts += 1
        carers = _spells(period, NEW_CARER)
        stable += carers[-1][0] <= two_years_ago
    values["P14"] = (stable, lts)

    oc2 = _read(folder / "oc2.csv")
    values["He01"] = (sum(r["HEALTH_ASSESSMENT"] == "1" for r in oc2), len(oc2))
    values["He02"] = (sum(r["TEETH_CHECK"] == "1" for r in oc2), len(oc2))
    scores = [int(r["SDQ_SCORE"]) for r in oc2 if r["SDQ_SCORE"]]
    values["He06"] = (sum(scores), len(scores))

    leavers = []
    for r in _read(folder / "oc3.csv"):
        dob = _d(r["DOB"])
        birthday_year = y if (dob.month, dob.day) >= (4, 1) else y + 1
        if 19 <= birthday_year - dob.year <= 21:
            leavers.append(r)
    in_touch_cohort = [r for r in leavers if r["IN_TOUCH"] not in ("DIED", "RHOM")]
    values["CL01"] = (sum(r["IN_TOUCH"] == "YES" for r in in_touch_cohort), len(in_touch_cohort))
    values["CL02"] = (sum(r["ACTIV"] in EET for r in leavers), len(leavers))
    values["CL04"] = (sum(r["ACCOM"].endswith("1") for r in leavers), len(leavers))
    return Figures(la_code, collection_year, values)
