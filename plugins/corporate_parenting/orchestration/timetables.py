"""`PanelMeetingTimetable`: one panel_refresh run per panel meeting, from the panel calendar.

Each meeting's run starts `lead_working_days` working days before the EARLIER of its two
papers deadlines (members: 5 working days before; children in care council: 7 calendar days
before), at `at` Europe/London. Both default to the calendar file's `refresh_lead_working_days`
and `refresh_at`. The calendar YAML is read every time Airflow asks for the next run, so an
edited calendar changes the runs not yet made; runs already made keep their meeting.

A run's data interval runs from the refresh (its logical date) to the start of the meeting
day and its run id names the meeting (`scheduled__2027-01-21-qualitative-feedback`), so a
run maps back to exactly one meeting (`meeting_for_run`). Registered with Airflow by the
plugin `plugins/panel_calendar_plugin.py` (serialisation needs it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from airflow.timetables.base import DagRunInfo, DataInterval, TimeRestriction, Timetable
from pendulum import DateTime, instance

from corporate_parenting.calendar import CALENDAR_FILE, Meeting, local_datetime
from corporate_parenting.calendar.runs import meeting_for_run, refresh_runs

__all__ = ["PanelMeetingTimetable", "meeting_for_run"]


class PanelMeetingTimetable(Timetable):
    periodic = True
    run_ordering = ("logical_date", "data_interval_end")

    def __init__(
        self,
        lead_working_days: int | None = None,
        at: str | None = None,
        calendar_path: str | Path | None = None,
    ):
        self.lead_working_days = lead_working_days
        self.at = at
        # None: the calendar shipped in the package, wherever the package is installed.
        self.calendar_path = str(calendar_path) if calendar_path else None
        self.description = (
            "One run per panel meeting (panel calendar), "
            f"{self._lead_text()} before the earlier papers deadline"
        )

    def _lead_text(self) -> str:
        lead = "the configured" if self.lead_working_days is None else self.lead_working_days
        at = f" at {self.at}" if self.at else ""
        return f"{lead} working days{at}"

    @property
    def summary(self) -> str:
        return "Panel meetings"

    @property
    def path(self) -> Path:
        return Path(self.calendar_path) if self.calendar_path else CALENDAR_FILE

    def runs(self) -> list[tuple[DateTime, Meeting]]:
        """Every meeting's run time (UTC) and meeting, read from the calendar now."""
        overrides = {}
        if self.lead_working_days is not None:
            overrides["refresh_lead_working_days"] = self.lead_working_days
        if self.at is not None:
            overrides["refresh_at"] = self.at
        found = []
        for at, meeting in refresh_runs(self.path):
            if overrides:
                meeting = replace(meeting, **overrides)
                at = meeting.refresh_run_at
            found.append((_utc(at), meeting))
        return sorted(found, key=lambda pair: pair[0])

    @staticmethod
    def _info(at: DateTime, meeting: Meeting) -> DagRunInfo:
        meeting_starts = _utc(local_datetime(meeting.date, "00:00"))
        return DagRunInfo(run_after=at, data_interval=DataInterval(at, meeting_starts))

    def next_dagrun_info(
        self,
        *,
        last_automated_data_interval: DataInterval | None,
        restriction: TimeRestriction,
    ) -> DagRunInfo | None:
        earliest = restriction.earliest
        if not restriction.catchup:
            # No catch-up: forget refreshes for meetings already held, but a refresh missed
            # while the scheduler was down still runs (at once) while its meeting is ahead.
            now = _now()
            earliest = now if earliest is None else max(earliest, now)
        for at, meeting in self.runs():
            last = last_automated_data_interval
            if last is not None and at <= last.start:
                continue
            if restriction.catchup:
                if earliest is not None and at < earliest:
                    continue
            elif _utc(local_datetime(meeting.date, "00:00")) <= earliest:
                continue
            if restriction.latest is not None and at > restriction.latest:
                return None
            return self._info(at, meeting)
        return None

    def infer_manual_data_interval(self, *, run_after: DateTime) -> DataInterval:
        # A manual run is not for one meeting unless its conf names one (meeting_for_run).
        return DataInterval.exact(run_after)

    def generate_run_id(self, *, run_type, run_after, data_interval, **extra) -> str:
        from airflow.utils.types import DagRunType  # noqa: PLC0415

        if run_type in (DagRunType.SCHEDULED, DagRunType.BACKFILL_JOB) and data_interval:
            for at, meeting in self.runs():
                if at == data_interval.start:
                    return run_type.generate_run_id(suffix=meeting.meeting_id)
        return super().generate_run_id(
            run_type=run_type, run_after=run_after, data_interval=data_interval, **extra
        )

    def serialize(self) -> dict[str, Any]:
        return {
            "lead_working_days": self.lead_working_days,
            "at": self.at,
            "calendar_path": self.calendar_path,
        }

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> PanelMeetingTimetable:
        return cls(data.get("lead_working_days"), data.get("at"), data.get("calendar_path"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PanelMeetingTimetable) and self.serialize() == other.serialize()

    def __hash__(self) -> int:
        return hash(tuple(self.serialize().items()))


def _now() -> DateTime:
    return _utc(datetime.now().astimezone())


def _utc(moment: datetime) -> DateTime:
    return instance(moment).in_timezone("UTC")
