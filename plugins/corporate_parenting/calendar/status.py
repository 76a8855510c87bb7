"""Was each meeting's pack published in time? Read from the pack archive's manifests.

A pack is on time for a deadline (papers to members, or the young people's version to the
children in care council) when a build for that meeting exists at the start of the deadline
day (Europe/London). Statuses: `on time`, `late` (first build after the deadline), `missing`
(deadline passed, nothing built), `not yet due` (deadline ahead, nothing built yet).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from corporate_parenting.calendar import TIMEZONE, Meeting

ON_TIME, LATE, MISSING, NOT_YET_DUE = "on time", "late", "missing", "not yet due"


@dataclass(frozen=True)
class DeadlineStatus:
    meeting: Meeting
    first_built_at: datetime | None
    members: str
    young_people: str

    @property
    def missed(self) -> list[str]:
        """The deadlines that passed with no pack built."""
        named = (("papers to members", self.members), ("young people's", self.young_people))
        return [name for name, status in named if status == MISSING]

    @property
    def overall(self) -> str:
        for status in (MISSING, LATE, NOT_YET_DUE):
            if status in (self.members, self.young_people):
                return status
        return ON_TIME


def deadline_status(meeting: Meeting, built_at: datetime | None, day: date, now: datetime) -> str:
    """The status of one deadline (see the module doc) for a meeting first built at built_at."""
    due = meeting.deadline_at(day)
    if built_at is not None and built_at <= due:
        return ON_TIME
    if now < due:
        return NOT_YET_DUE
    return LATE if built_at is not None else MISSING


def first_builds(publish_dir: Path) -> dict[str, datetime]:
    """Each meeting id's earliest archived build time."""
    found: dict[str, datetime] = {}
    for manifest in (Path(publish_dir) / "packs").glob("*/built-*/manifest.json"):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        built = datetime.fromisoformat(data["built_at"])
        if built.tzinfo is None:
            built = built.replace(tzinfo=UTC)
        meeting_id = data["meeting"]["id"]
        if meeting_id not in found or built < found[meeting_id]:
            found[meeting_id] = built
    return found


def meeting_status(
    meeting: Meeting, built_at: datetime | None, now: datetime | None = None
) -> DeadlineStatus:
    now = now or datetime.now(UTC)
    return DeadlineStatus(
        meeting,
        built_at,
        deadline_status(meeting, built_at, meeting.papers_due, now),
        deadline_status(meeting, built_at, meeting.children_in_care_council_due, now),
    )


def statuses(
    every_meeting: list[Meeting], publish_dir: Path, now: datetime | None = None
) -> list[DeadlineStatus]:
    built = first_builds(publish_dir)
    return [meeting_status(m, built.get(m.meeting_id), now) for m in every_meeting]


def overdue(
    every_meeting: list[Meeting], publish_dir: Path, now: datetime | None = None
) -> list[DeadlineStatus]:
    """Meetings still ahead (or today) with a deadline passed and no pack built: alert these."""
    now = now or datetime.now(UTC)
    today = now.astimezone(ZoneInfo(TIMEZONE)).date()
    return [
        s for s in statuses(every_meeting, publish_dir, now) if s.missed and s.meeting.date >= today
    ]


def build_labels(meeting: Meeting, built_at: datetime) -> dict:
    """What a new build's manifest records about the deadlines (the build counts as on time
    for a deadline if it exists by the start of that day)."""
    return {
        "refresh_run_at": meeting.refresh_run_at.isoformat(),
        "first_deadline": meeting.first_deadline.isoformat(),
        "papers_due_status": deadline_status(meeting, built_at, meeting.papers_due, built_at),
        "children_in_care_council_due_status": deadline_status(
            meeting, built_at, meeting.children_in_care_council_due, built_at
        ),
    }


def check_deadlines(
    calendar_path: Path | None = None,
    publish_dir: Path | None = None,
    now: datetime | None = None,
) -> list[dict]:
    """The panel_deadlines task: every meeting's status; raises when a deadline was missed."""
    from corporate_parenting.calendar import CALENDAR_FILE, meetings  # noqa: PLC0415
    from corporate_parenting.orchestration.notifier import PanelDeadlineMissed  # noqa: PLC0415
    from corporate_parenting.settings import Settings  # noqa: PLC0415

    publish_dir = publish_dir or Settings.from_env().publish_dir
    every_meeting = meetings(calendar_path or CALENDAR_FILE)
    late = overdue(every_meeting, publish_dir, now)
    if late:
        raise PanelDeadlineMissed(
            "\n".join(
                f"- {s.meeting.date:%d %B %Y} meeting ({s.meeting.meeting_id}): no pack "
                f"published by the {' and '.join(s.missed)} deadline "
                f"(members {s.meeting.papers_due:%d %B}, young people "
                f"{s.meeting.children_in_care_council_due:%d %B})"
                for s in late
            )
        )
    return [
        {"meeting": s.meeting.meeting_id, "status": s.overall}
        for s in statuses(every_meeting, publish_dir, now)
    ]
