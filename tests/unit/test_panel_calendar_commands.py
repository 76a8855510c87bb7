"""`calendar generate|print` and the deadline check against the pack archive."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from corporate_parenting.calendar import CALENDAR_FILE, Meeting, meetings
from corporate_parenting.calendar.status import (
    LATE,
    MISSING,
    NOT_YET_DUE,
    ON_TIME,
    overdue,
    statuses,
)
from corporate_parenting.cli import main


def test_generate_drafts_a_municipal_year_in_the_theme_order(tmp_path, capsys):
    target = tmp_path / "calendar.yml"
    assert main(["calendar", "generate", "--year", "2027", "--output", str(target)]) == 0

    drafted = meetings(target)
    assert [(m.date, m.theme_code) for m in drafted] == [
        (date(2027, 5, 20), "E"),
        (date(2027, 7, 15), "H"),
        (date(2027, 9, 16), "He"),
        (date(2027, 11, 18), "CL"),
        (date(2028, 1, 20), "Q"),
        (date(2028, 3, 16), "A"),  # the annual review, once a year
    ]
    assert all(m.date.weekday() == 3 for m in drafted)
    assert "Thu 20 May 2027" in capsys.readouterr().out


def test_the_default_year_is_the_calendar_the_council_agreed(tmp_path):
    target = tmp_path / "calendar.yml"
    for year in (2026, 2027):
        main(["calendar", "generate", "--year", str(year), "--output", str(target)])
    assert [(m.date, m.theme_code) for m in meetings(target)] == [
        (m.date, m.theme_code) for m in meetings(CALENDAR_FILE)
    ]


def test_a_meeting_on_a_bank_holiday_moves_a_week_later(tmp_path):
    target = tmp_path / "calendar.yml"
    # First Mondays: 3 May 2027 is the early May bank holiday.
    main(["calendar", "generate", "--year", "2027", "--weekday", "monday", "--week", "1",
          "--output", str(target)])  # fmt: skip
    assert meetings(target)[0].date == date(2027, 5, 10)


def test_generate_refuses_to_overwrite_meetings_unless_asked(tmp_path, capsys):
    target = tmp_path / "calendar.yml"
    main(["calendar", "generate", "--year", "2027", "--output", str(target)])
    edited = target.read_text().replace("2027-07-15", "2027-07-22")
    target.write_text(edited)

    assert main(["calendar", "generate", "--year", "2027", "--output", str(target)]) == 1
    assert "already has 6 meeting(s) in the 2027-28 municipal year" in capsys.readouterr().err
    assert target.read_text() == edited
    # Another year is added beside it; --replace restores the draft.
    main(["calendar", "generate", "--year", "2028", "--output", str(target)])
    assert len(meetings(target)) == 12 and date(2027, 7, 22) in {m.date for m in meetings(target)}
    main(["calendar", "generate", "--year", "2027", "--output", str(target), "--replace"])
    assert date(2027, 7, 15) in {m.date for m in meetings(target)}
    assert "# The Corporate Parenting Panel" in target.read_text(), "comments are kept"


def test_a_bad_meeting_is_named_with_the_file(tmp_path):
    bad = tmp_path / "calendar.yml"
    bad.write_text(
        "meetings:\n  - {date: 2027-01-21, theme: Q}\n  - {date: 2027-03-18, theme: X}\n"
    )
    with pytest.raises(ValueError, match=r"calendar.yml: meeting 2 \(2027-03-18\) has theme 'X'"):
        meetings(bad)


def _archive(publish_dir, meeting: Meeting, built_at: datetime) -> None:
    folder = publish_dir / "packs" / meeting.meeting_id / built_at.strftime("built-%Y%m%dT%H%M%S")
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "meeting": {"id": meeting.meeting_id, "date": meeting.date.isoformat()},
                "built_at": built_at.isoformat(),
            }
        )
    )


def test_each_meeting_is_on_time_late_missing_or_not_yet_due(tmp_path):
    on_time, late, missing, ahead = (
        Meeting(date(2027, 1, 21), "Q"),  # papers due Thu 14 Jan
        Meeting(date(2027, 3, 18), "A"),  # papers due Thu 11 Mar
        Meeting(date(2027, 5, 20), "E"),  # papers due Thu 13 May
        Meeting(date(2027, 7, 15), "H"),  # papers due Thu 8 Jul
    )
    _archive(tmp_path, on_time, datetime(2027, 1, 12, 6, 3, tzinfo=UTC))
    _archive(tmp_path, on_time, datetime(2027, 1, 20, 9, 0, tzinfo=UTC))  # a rebuild: still on time
    _archive(tmp_path, late, datetime(2027, 3, 11, 10, 0, tzinfo=UTC))
    now = datetime(2027, 5, 14, 8, 0, tzinfo=UTC)

    found = {
        s.meeting.theme_code: s for s in statuses([on_time, late, missing, ahead], tmp_path, now)
    }

    assert (found["Q"].members, found["Q"].young_people) == (ON_TIME, ON_TIME)
    assert found["A"].overall == LATE
    assert found["E"].overall == MISSING and found["E"].missed
    assert found["H"].overall == NOT_YET_DUE
    # Only the missing pack of a meeting still ahead is alerted on.
    assert [s.meeting for s in overdue([on_time, late, missing, ahead], tmp_path, now)] == [missing]
    assert overdue([missing], tmp_path, datetime(2027, 5, 21, 8, 0, tzinfo=UTC)) == []


def test_print_shows_runs_deadlines_and_whether_past_packs_were_on_time(
    tmp_path, capsys, monkeypatch
):
    publish = tmp_path / "published"
    monkeypatch.setenv("PUBLISH_DIR", str(publish))
    _archive(publish, Meeting(date(2026, 5, 21), "E"), datetime(2026, 5, 12, 5, 4, tzinfo=UTC))

    assert main(["calendar", "print", "--from", "2026-05-01", "--months", "4"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert "refresh run (Europe/London)" in lines[1] and "young people's by" in lines[1]
    may, july = lines[3], lines[4]
    assert may.split("  ")[0] == "Thu 21 May 2026"
    assert "Tue 12 May 2026 06:00" in may and "Thu 14 May 2026" in may and "on time" in may
    assert "Housing and placements" in july and "no pack published" in july
    assert len(lines) == 5  # May and July only
