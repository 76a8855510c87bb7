"""When each meeting's papers are due: working days, bank holidays, the next meeting."""

from __future__ import annotations

from datetime import date

import pytest

from corporate_parenting.calendar import Meeting, meetings, next_meeting


def test_papers_are_due_five_working_days_before_skipping_the_weekend():
    meeting = Meeting(date(2027, 1, 21), "Q")  # a Thursday
    assert meeting.papers_due == date(2027, 1, 14)
    assert meeting.children_in_care_council_due == date(2027, 1, 14)


def test_bank_holidays_do_not_count_as_working_days():
    # Mon 4 Jan back to Thu 31 Dec skips New Year's Day (Fri 1 Jan 2027) and the weekend.
    assert Meeting(date(2027, 1, 7), "Q").papers_due == date(2026, 12, 30)


def test_the_next_meeting_of_a_theme_is_the_first_on_or_after_today():
    assert next_meeting("Q", date(2026, 11, 25)).date == date(2027, 1, 21)
    assert next_meeting("Q", date(2027, 1, 21)).date == date(2027, 1, 21)
    assert next_meeting("Q", date(2027, 1, 22)).date == date(2028, 1, 20)


def test_the_calendar_has_every_theme_each_year_in_the_fixed_cycle():
    first_year = [m.theme_code for m in meetings()[:6]]
    assert first_year == ["E", "H", "He", "CL", "Q", "A"]


def test_a_meeting_without_a_date_is_named_in_the_error(tmp_path):
    bad = tmp_path / "calendar.yml"
    bad.write_text("meetings:\n  - {date: 2027-01-21, theme: Q}\n  - {theme: H}\n")
    with pytest.raises(ValueError, match=r"calendar.yml: meeting 2 needs a date"):
        meetings(bad)
