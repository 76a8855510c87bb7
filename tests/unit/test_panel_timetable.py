"""The panel calendar timetable over two municipal years (2026-27 and 2027-28).

Airflow is imported inside each test, after the `warehouse` fixture has configured it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from corporate_parenting.calendar import is_working_day, working_days_before
from corporate_parenting.calendar.default_year import default_year

LONDON = ZoneInfo("Europe/London")

# The default years plus meetings that test the bank holidays; (date, theme).
SPECIAL = [
    (date(2026, 6, 1), "E"),  # Monday after the spring bank holiday (Mon 25 May 2026)
    (date(2027, 1, 7), "Q"),  # first week of January, after Christmas and New Year 2026-27
    (date(2027, 4, 1), "He"),  # the Thursday after Easter 2027 (Good Friday 26 Mar, Mon 29 Mar)
    (date(2027, 5, 4), "H"),  # the Tuesday after the early May bank holiday (Mon 3 May 2027)
    (date(2028, 1, 6), "CL"),  # Christmas 2027 and New Year 2028 all fall on weekends
    (date(2028, 4, 20), "A"),  # the Thursday after Easter 2028 (Good Friday 14, Mon 17 April)
    (date(2028, 5, 4), "Q"),  # after the early May bank holiday (Mon 1 May 2028)
]


def _write(path, rows) -> None:
    lines = [f"  - {{date: {when.isoformat()}, theme: {theme}}}" for when, theme in rows]
    path.write_text(
        "papers_working_days_before: 5\nchildren_in_care_council_days_before: 7\n"
        'refresh_lead_working_days: 2\nrefresh_at: "06:00"\nmeetings:\n' + "\n".join(lines) + "\n"
    )


@pytest.fixture
def two_years(tmp_path):
    path = tmp_path / "panel_calendar.yml"
    rows = [(m.date, m.theme_code) for year in (2026, 2027) for m in default_year(year)]
    _write(path, sorted(rows + SPECIAL))
    return path


def _all_runs(timetable, catchup=True, earliest=None, last=None):
    from airflow.timetables.base import TimeRestriction

    restriction = TimeRestriction(earliest=earliest, latest=None, catchup=catchup)
    runs = []
    while info := timetable.next_dagrun_info(
        last_automated_data_interval=last, restriction=restriction
    ):
        runs.append(info)
        last = info.data_interval
    return runs


def _run_id(timetable, info):
    from airflow.utils.types import DagRunType

    return timetable.generate_run_id(
        run_type=DagRunType.SCHEDULED, run_after=info.run_after, data_interval=info.data_interval
    )


def _local(info) -> datetime:
    return info.run_after.astimezone(LONDON)


def test_one_run_per_meeting_over_two_years_each_mapping_back_to_its_meeting(warehouse, two_years):
    from corporate_parenting.orchestration.timetables import PanelMeetingTimetable, meeting_for_run

    timetable = PanelMeetingTimetable(calendar_path=two_years)
    runs = _all_runs(timetable)

    assert len(runs) == 12 + len(SPECIAL)
    seen = []
    for info in runs:
        run_id = _run_id(timetable, info)
        meeting = meeting_for_run(run_id, info.data_interval.end, path=two_years)
        assert run_id == f"scheduled__{meeting.meeting_id}"
        # Without the run id, the data interval alone names the meeting too.
        assert meeting_for_run("scheduled__?", info.data_interval.end, path=two_years) == meeting
        assert info.data_interval.end.astimezone(LONDON).date() == meeting.date
        started = _local(info)
        assert (started.hour, started.minute) == (6, 0), run_id
        assert is_working_day(started.date()), run_id
        # Two working days before the earlier deadline: both packs are out in time.
        assert started.date() == working_days_before(meeting.first_deadline, 2), run_id
        assert started.date() < meeting.papers_due <= working_days_before(meeting.date, 5)
        assert (meeting.date - started.date()).days > 7
        seen.append(meeting.meeting_id)
    assert len(set(seen)) == len(seen)
    assert [r.run_after for r in runs] == sorted(r.run_after for r in runs)


@pytest.mark.parametrize(
    ("meeting", "papers_due", "refresh_starts"),
    [
        # Spring bank holiday Mon 25 May 2026; the young people's deadline is that holiday.
        (date(2026, 6, 1), date(2026, 5, 22), datetime(2026, 5, 20, 6, 0)),
        # Christmas Fri 25, Boxing Day (substitute) Mon 28 Dec 2026, New Year Fri 1 Jan 2027.
        (date(2027, 1, 7), date(2026, 12, 30), datetime(2026, 12, 24, 6, 0)),
        # Good Friday 26 and Easter Monday 29 March 2027 (and the clocks change on 28 March).
        (date(2027, 4, 1), date(2027, 3, 23), datetime(2027, 3, 19, 6, 0)),
        # Early May bank holiday Mon 3 May 2027.
        (date(2027, 5, 4), date(2027, 4, 26), datetime(2027, 4, 22, 6, 0)),
        # Substitute days Mon 27, Tue 28 Dec 2027 and Mon 3 Jan 2028.
        (date(2028, 1, 6), date(2027, 12, 29), datetime(2027, 12, 23, 6, 0)),
        # Good Friday 14 and Easter Monday 17 April 2028.
        (date(2028, 4, 20), date(2028, 4, 11), datetime(2028, 4, 7, 6, 0)),
        # Early May bank holiday Mon 1 May 2028.
        (date(2028, 5, 4), date(2028, 4, 26), datetime(2028, 4, 24, 6, 0)),
    ],
)
def test_bank_holidays_move_the_deadline_and_the_run(
    warehouse, two_years, meeting, papers_due, refresh_starts
):
    from corporate_parenting.orchestration.timetables import PanelMeetingTimetable, meeting_for_run

    timetable = PanelMeetingTimetable(calendar_path=two_years)
    (info,) = [
        i for i in _all_runs(timetable) if i.data_interval.end.astimezone(LONDON).date() == meeting
    ]
    found = meeting_for_run(_run_id(timetable, info), info.data_interval.end, path=two_years)
    assert found.papers_due == papers_due
    assert _local(info).replace(tzinfo=None) == refresh_starts


def test_the_lead_time_is_configurable(warehouse, two_years):
    from corporate_parenting.orchestration.timetables import PanelMeetingTimetable

    runs = _all_runs(
        PanelMeetingTimetable(lead_working_days=0, at="18:30", calendar_path=two_years)
    )
    first = _local(runs[0])
    # Meeting Thu 21 May 2026: the run is on the deadline day itself, Thu 14 May, at 18:30.
    assert (first.date(), first.hour, first.minute) == (date(2026, 5, 14), 18, 30)


def test_editing_the_calendar_mid_year_changes_future_runs_not_past_ones(warehouse, tmp_path):
    from corporate_parenting.orchestration.timetables import PanelMeetingTimetable, meeting_for_run

    path = tmp_path / "panel_calendar.yml"
    rows = [(m.date, m.theme_code) for m in default_year(2026)]
    _write(path, rows)
    timetable = PanelMeetingTimetable(calendar_path=path)
    before = _all_runs(timetable)
    done = before[:4]  # the runs up to the November 2026 meeting have happened
    done_ids = [_run_id(timetable, i) for i in done]

    # Committee services move January's meeting a week later, drop the health meeting
    # (already held) and add an extraordinary meeting in February.
    edited = [r for r in rows if r != (date(2026, 9, 17), "He") and r[0] != date(2027, 1, 21)]
    _write(path, edited + [(date(2027, 1, 28), "Q"), (date(2027, 2, 11), "He")])
    after = _all_runs(timetable, last=done[-1].data_interval)

    assert [i.data_interval.end.astimezone(LONDON).date() for i in after] == [
        date(2027, 1, 28),
        date(2027, 2, 11),
        date(2027, 3, 18),
    ]
    assert _local(after[0]).date() == date(2027, 1, 19)
    # Runs already made keep their meeting, even the one no longer in the calendar.
    for info, run_id in zip(done, done_ids, strict=True):
        meeting = meeting_for_run(run_id, info.data_interval.end, path=path)
        assert meeting.meeting_id == run_id.removeprefix("scheduled__")
    assert meeting_for_run(done_ids[2], done[2].data_interval.end, path=path).theme_code == "He"


def test_without_catchup_held_meetings_are_skipped_but_a_missed_run_still_happens(
    warehouse, two_years, monkeypatch
):
    import pendulum

    from corporate_parenting.orchestration import timetables

    # Scheduler started on Wed 13 Jan 2027: the Q meeting (Thu 21 Jan) should have been
    # refreshed on Tue 12 Jan, and is still ahead, so it runs now; nothing older runs.
    monkeypatch.setattr(timetables, "_now", lambda: pendulum.datetime(2027, 1, 13, 9, 0))
    timetable = timetables.PanelMeetingTimetable(calendar_path=two_years)
    runs = _all_runs(timetable, catchup=False)
    meetings = [i.data_interval.end.astimezone(LONDON).date() for i in runs]
    assert meetings[0] == date(2027, 1, 21)
    assert date(2027, 1, 7) not in meetings


def test_a_manual_run_is_for_no_meeting_unless_its_conf_names_one(warehouse, two_years):
    import pendulum

    from corporate_parenting.orchestration.timetables import PanelMeetingTimetable, meeting_for_run

    timetable = PanelMeetingTimetable(calendar_path=two_years)
    when = pendulum.datetime(2027, 1, 12, 6, 0)
    interval = timetable.infer_manual_data_interval(run_after=when)
    assert interval.start == interval.end == when
    assert (
        meeting_for_run("manual__2027-01-12T06:00:00+00:00", interval.end, path=two_years) is None
    )
    named = meeting_for_run("manual__x", None, {"meeting": "2027-01-21"}, path=two_years)
    assert (named.date, named.theme_code) == (date(2027, 1, 21), "Q")
    with pytest.raises(LookupError, match="2027-01-22"):
        meeting_for_run("manual__x", None, {"meeting": "2027-01-22"}, path=two_years)


def test_the_timetable_survives_serialisation(warehouse):
    from airflow.serialization.decoders import decode_timetable
    from airflow.serialization.encoders import encode_timetable

    from corporate_parenting.orchestration.timetables import PanelMeetingTimetable

    timetable = PanelMeetingTimetable(lead_working_days=3, at="07:15")
    assert decode_timetable(encode_timetable(timetable)) == timetable
