"""The panel's meeting calendar: which theme each meeting takes and when its papers are due.

`panel_calendar.yml` lists the meetings (date, theme code) and the notice rules: papers go to
members `papers_working_days_before` working days before (weekends and England bank holidays
skipped) and to the children in care council `children_in_care_council_days_before` calendar
days before. `refresh_lead_working_days` and `refresh_at` say when the panel_refresh run for a
meeting starts: that many working days before the EARLIER of the two deadlines, at that time
(Europe/London). The Airflow timetable (`orchestration/timetables.py`), the `calendar print`
command and the deadline check all read these values from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

import yaml

CALENDAR_FILE = Path(__file__).with_name("panel_calendar.yml")
TIMEZONE = "Europe/London"
DEFAULT_LEAD_WORKING_DAYS = 2
DEFAULT_REFRESH_AT = "06:00"


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
    refresh_lead_working_days: int = DEFAULT_LEAD_WORKING_DAYS
    refresh_at: str = DEFAULT_REFRESH_AT

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

    @property
    def first_deadline(self) -> date:
        """Whichever papers deadline comes first (usually the young people's, a week before)."""
        return min(self.papers_due, self.children_in_care_council_due)

    @property
    def refresh_run_at(self) -> datetime:
        """When the meeting's panel_refresh run starts (Europe/London, timezone-aware)."""
        return local_datetime(
            working_days_before(self.first_deadline, self.refresh_lead_working_days),
            self.refresh_at,
        )

    def deadline_at(self, day: date) -> datetime:
        """A pack is on time for a deadline when it exists at the start of that day."""
        return local_datetime(day, "00:00")


def local_datetime(day: date, hh_mm: str) -> datetime:
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    hours, minutes = (int(part) for part in hh_mm.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(TIMEZONE))


def meetings(path: Path = CALENDAR_FILE) -> list[Meeting]:
    path = Path(path)
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from error
    from corporate_parenting.publish.themes import THEMES  # noqa: PLC0415

    codes = {t.code for t in THEMES}
    found = []
    for row_number, entry in enumerate(config.get("meetings") or [], start=1):
        entry = entry if isinstance(entry, dict) else {"entry": entry}
        when, theme = entry.get("date"), entry.get("theme")
        if not isinstance(when, date) or not theme:
            raise ValueError(
                f"{path}: meeting {row_number} needs a date (YYYY-MM-DD) and a theme code, "
                f"got {entry!r}"
            )
        if str(theme) not in codes:
            raise ValueError(
                f"{path}: meeting {row_number} ({when}) has theme {theme!r}, "
                f"not one of {', '.join(sorted(codes))}"
            )
        found.append(
            Meeting(
                when,
                str(theme),
                int(config.get("papers_working_days_before", 5)),
                int(config.get("children_in_care_council_days_before", 7)),
                int(config.get("refresh_lead_working_days", DEFAULT_LEAD_WORKING_DAYS)),
                str(config.get("refresh_at", DEFAULT_REFRESH_AT)),
            )
        )
    return sorted(found, key=lambda m: (m.date, m.theme_code))


def find_meeting(text: str, path: Path = CALENDAR_FILE) -> Meeting:
    """A meeting named as `2027-01-21` or by its id `2027-01-21-qualitative-feedback`."""
    text = str(text).strip()
    try:
        day = date.fromisoformat(text[:10])
    except ValueError as error:
        raise LookupError(f"{text!r} is not a meeting date (YYYY-MM-DD) or meeting id") from error
    found = [m for m in meetings(path) if m.date == day]
    if len(text) > 10:
        found = [m for m in found if m.meeting_id == text]
    if len(found) != 1:
        listed = ", ".join(m.meeting_id for m in found) or "none on that date"
        raise LookupError(f"{path}: no single meeting matches {text!r} ({listed})")
    return found[0]


def next_meeting(theme_code: str, today: date, path: Path = CALENDAR_FILE) -> Meeting:
    """The first meeting of the theme on or after today (the last one if none is left)."""
    of_theme = [m for m in meetings(path) if m.theme_code == theme_code]
    if not of_theme:
        raise LookupError(f"{path}: no meeting has theme {theme_code!r}")
    upcoming = [m for m in of_theme if m.date >= today]
    return upcoming[0] if upcoming else of_theme[-1]
