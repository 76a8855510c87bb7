"""Draft a municipal year of panel meetings and write it into the calendar YAML.

The default year runs May to March: six bi-monthly meetings (May, July, September, November,
January, March) taking the six themes in their fixed order (E, H, He, CL, Q, A), so the annual
review (A) comes once a year, in March. Each meeting is on a fixed weekday of the month (the
third Thursday by default); one that falls on a bank holiday moves a week later. Committee
services then edit the dates in the YAML.
"""

from __future__ import annotations

import calendar as month_calendar
import re
from datetime import date, timedelta
from pathlib import Path

from corporate_parenting.calendar import CALENDAR_FILE, Meeting, _bank_holidays, meetings

THEME_ORDER = ("E", "H", "He", "CL", "Q", "A")
MEETING_MONTHS = (5, 7, 9, 11, 1, 3)  # a municipal year: May to March
WEEKDAYS = {name.lower(): number for number, name in enumerate(month_calendar.day_name)}


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def default_year(year: int, weekday: str = "thursday", nth: int = 3) -> list[Meeting]:
    """The meetings of the municipal year starting in May `year`."""
    day_number = WEEKDAYS[weekday.lower()]
    drafted = []
    for month, theme in zip(MEETING_MONTHS, THEME_ORDER, strict=True):
        in_year = year if month >= 5 else year + 1
        when = nth_weekday(in_year, month, day_number, nth)
        while when in _bank_holidays(when.year):
            when += timedelta(days=7)
        drafted.append(Meeting(when, theme))
    return drafted


def municipal_year(day: date) -> int:
    return day.year if day.month >= 5 else day.year - 1


class MeetingsExist(Exception):
    pass


def write_year(
    year: int,
    target: Path = CALENDAR_FILE,
    replace: bool = False,
    weekday: str = "thursday",
    nth: int = 3,
) -> list[Meeting]:
    """Add the drafted year to `target` (created if missing); keeps every other year's meetings.

    Refuses, naming them, when the file already has meetings in that municipal year, unless
    `replace` (then those meetings are replaced by the draft).
    """
    target = Path(target)
    drafted = default_year(year, weekday, nth)
    existing = meetings(target) if target.exists() else []
    clashing = [m for m in existing if municipal_year(m.date) == year]
    if clashing and not replace:
        raise MeetingsExist(
            f"{target} already has {len(clashing)} meeting(s) in the {year}-{str(year + 1)[2:]} "
            f"municipal year ({', '.join(str(m.date) for m in clashing)}); "
            "use --replace to overwrite them"
        )
    kept = [m for m in existing if municipal_year(m.date) != year]
    _write(target, sorted(kept + drafted, key=lambda m: (m.date, m.theme_code)))
    return drafted


def _write(target: Path, every_meeting: list[Meeting]) -> None:
    """Rewrite the meetings list, keeping the file's comments and settings as they are."""
    if target.exists():
        text = target.read_text(encoding="utf-8")
        head = re.split(r"^meetings:.*$", text, maxsplit=1, flags=re.MULTILINE)[0]
    else:
        head = CALENDAR_FILE.read_text(encoding="utf-8").split("\nmeetings:")[0] + "\n"
    lines = [f"  - {{date: {m.date.isoformat()}, theme: {m.theme_code}}}" for m in every_meeting]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(head + "meetings:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    meetings(target)  # what was written must read back
