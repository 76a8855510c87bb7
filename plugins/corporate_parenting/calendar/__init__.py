"""The panel's meeting calendar: which theme each meeting takes and when its papers are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

CALENDAR_FILE = Path(__file__).with_name("panel_calendar.yml")


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays  # noqa: PLC0415

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_before(day: date, n: int) -> date:
    """The date n working days before `day` (weekends and England bank holidays skipped)."""
    current = day
    while n > 0:
        current -= timedelta(days=1)
        if is_working_day(current):
            n -= 1
    return current


@dataclass(frozen=True)
class Meeting:
    date: date
    theme_code: str
    papers_working_days_before: int = 5
    cicc_days_before: int = 7

    @property
    def meeting_id(self) -> str:
        from corporate_parenting.publish.themes import theme_by_code  # noqa: PLC0415

        return f"{self.date.isoformat()}-{theme_by_code(self.theme_code).slug}"

    @property
    def papers_due(self) -> date:
        """Papers reach members this many working days before the meeting."""
        return working_days_before(self.date, self.papers_working_days_before)

    @property
    def children_in_care_council_due(self) -> date:
        """The young people's version reaches the children in care council a week before."""
        return self.date - timedelta(days=self.cicc_days_before)


def meetings(path: Path = CALENDAR_FILE) -> list[Meeting]:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for row_number, entry in enumerate(config.get("meetings") or [], start=1):
        when, theme = entry.get("date"), entry.get("theme")
        if not isinstance(when, date) or not theme:
            raise ValueError(
                f"{path}: meeting {row_number} needs a date (YYYY-MM-DD) and a theme code, "
                f"got {entry!r}"
            )
        found.append(
            Meeting(
                when,
                str(theme),
                int(config.get("papers_working_days_before", 5)),
                int(config.get("children_in_care_council_days_before", 7)),
            )
        )
    return sorted(found, key=lambda m: m.date)


def next_meeting(theme_code: str, today: date, path: Path = CALENDAR_FILE) -> Meeting:
    """The first meeting of the theme on or after today (the last one if none is left)."""
    of_theme = [m for m in meetings(path) if m.theme_code == theme_code]
    if not of_theme:
        raise LookupError(f"{path}: no meeting has theme {theme_code!r}")
    upcoming = [m for m in of_theme if m.date >= today]
    return upcoming[0] if upcoming else of_theme[-1]
