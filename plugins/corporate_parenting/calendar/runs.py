"""Which panel_refresh run belongs to which meeting.

A scheduled run of panel_refresh is made for exactly one meeting. Its data interval runs from
the refresh (the logical date) to the start of the meeting day, and its run id names the
meeting (`scheduled__2027-01-21-qualitative-feedback`), so `meeting_for_run` can always say
which meeting and theme a run is for, even after the calendar has been edited.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from corporate_parenting.calendar import CALENDAR_FILE, Meeting, find_meeting, meetings

SCHEDULED_PREFIXES = ("scheduled__", "backfill__")


def refresh_runs(path: Path = CALENDAR_FILE) -> list[tuple[datetime, Meeting]]:
    """Every meeting with the time its refresh starts, earliest first.

    Two meetings whose refreshes would start at the same minute (two themes on one day) are
    a minute apart, because Airflow allows one run per logical date.
    """
    runs: list[tuple[datetime, Meeting]] = []
    for meeting in sorted(meetings(path), key=lambda m: (m.refresh_run_at, m.date)):
        at = meeting.refresh_run_at
        if runs and at <= runs[-1][0]:
            at = runs[-1][0] + timedelta(minutes=1)
        runs.append((at, meeting))
    return runs


def meeting_for_run(
    run_id: str | None,
    data_interval_end: datetime | None = None,
    conf: dict | None = None,
    path: Path = CALENDAR_FILE,
) -> Meeting | None:
    """The meeting a panel_refresh run is for, or None for a plain manual run.

    In order: `conf={"meeting": "2027-01-21"}` (a date or a meeting id) on any run; the
    meeting named in a scheduled or backfill run's id; the meeting on the day its data
    interval ends. A scheduled run whose meeting has since been removed from the calendar is
    still rebuilt for the meeting it was scheduled for (from its run id).
    """
    wanted = (conf or {}).get("meeting")
    if wanted:
        return find_meeting(str(wanted), path)
    if not run_id or not run_id.startswith(SCHEDULED_PREFIXES):
        return None
    meeting_id = run_id.split("__", 1)[1]
    try:
        return find_meeting(meeting_id, path)
    except LookupError:
        pass
    if data_interval_end is not None:
        from zoneinfo import ZoneInfo  # noqa: PLC0415

        from corporate_parenting.calendar import TIMEZONE  # noqa: PLC0415

        day = data_interval_end.astimezone(ZoneInfo(TIMEZONE)).date()
        on_day = [m for m in meetings(path) if m.date == day]
        if len(on_day) == 1:
            return on_day[0]
    return _meeting_from_id(meeting_id)


def _meeting_from_id(meeting_id: str) -> Meeting:
    """Rebuild a meeting that is no longer in the calendar from its id (date + theme slug)."""
    from datetime import date  # noqa: PLC0415

    from corporate_parenting.publish.themes import theme_by_slug  # noqa: PLC0415

    try:
        return Meeting(date.fromisoformat(meeting_id[:10]), theme_by_slug(meeting_id[11:]).code)
    except (ValueError, KeyError) as error:
        raise LookupError(f"run for {meeting_id!r} matches no meeting") from error
