"""What every writer of one LA's source files is given: the simulated children and the calendar."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from corporate_parenting.synthetic.outcomes import ChildFacts


@dataclass(frozen=True)
class Month:
    """A monthly extract's month: `label` 2026-10, first and last day (ordinals)."""

    label: str
    first: int
    last: int


def months_after(year_end: int, count: int) -> list[Month]:
    """The first `count` months of the collection year that starts on 1 April `year_end`."""
    out = []
    y, m = year_end, 4
    for _ in range(count):
        first = date(y, m, 1).toordinal()
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(Month(f"{y}-{m:02d}", first, date(ny, nm, 1).toordinal() - 1))
        y, m = ny, nm
    return out


@dataclass
class LaContext:
    seed: int
    la: object  # synthetic.ssda903._Area: code, la_number, name, postcodes, settings
    estate: object  # synthetic.ssda903._Estate
    children: list  # synthetic.ssda903._Child, each with .eps
    years: list[tuple[str, int, int]]  # (label 2025-26, first day, last day), oldest first
    months: list[Month]  # in-year months after the last collection year (monthly extracts)
    _facts: dict = field(default_factory=dict)

    def facts(self, child) -> ChildFacts:
        found = self._facts.get(child.cid)
        if found is None:
            found = self._facts[child.cid] = ChildFacts(self.seed, self.la.code, child)
        return found

    @property
    def as_at(self) -> int:
        """The last day the estate describes: the last month's end, else the last 31 March."""
        return self.months[-1].last if self.months else self.years[-1][2]
