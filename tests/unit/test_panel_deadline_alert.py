"""The daily deadline check alerts (webhook, or logged) when a meeting's pack is missing."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest


def _calendar(tmp_path):
    path = tmp_path / "calendar.yml"
    path.write_text(
        "meetings:\n  - {date: 2027-01-21, theme: Q}\n  - {date: 2027-03-18, theme: A}\n"
    )
    return path


def test_a_missed_deadline_fails_the_check_and_is_alerted(
    warehouse, tmp_path, caplog, capsys, settings
):
    from corporate_parenting.calendar.status import check_deadlines
    from corporate_parenting.orchestration.notifier import (
        PanelDeadlineMissed,
        PanelDeadlineNotifier,
    )

    now = datetime(2027, 1, 15, 7, 30, tzinfo=UTC)  # the day after Q's papers were due
    with pytest.raises(PanelDeadlineMissed) as missed:
        check_deadlines(_calendar(tmp_path), tmp_path / "published", now)
    assert "2027-01-21-qualitative-feedback" in str(missed.value)
    assert "annual-review" not in str(missed.value), "March's deadline has not passed"

    audit = settings.quality_dir / "alerts.jsonl"
    before = audit.read_text().count("\n") if audit.exists() else 0
    with caplog.at_level("WARNING"):
        PanelDeadlineNotifier().notify({"exception": missed.value, "run_id": "scheduled__x"})
    # Once Airflow has set up its logging (structlog), the warning goes to stdout instead.
    logged = caplog.text + capsys.readouterr().out
    assert "No Airflow connection 'panel_alerts' or 'quality_alerts'" in logged
    assert "21 January 2027 meeting" in logged
    lines = audit.read_text().splitlines()
    assert len(lines) == before + 1
    assert json.loads(lines[-1])["stage"] == "panel_deadline"


def test_no_alert_when_the_pack_was_published_in_time(warehouse, tmp_path):
    from corporate_parenting.calendar.status import check_deadlines

    folder = tmp_path / "published" / "packs" / "2027-01-21-qualitative-feedback" / "built-1"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "meeting": {"id": "2027-01-21-qualitative-feedback", "date": "2027-01-21"},
                "built_at": "2027-01-12T06:04:00+00:00",
            }
        )
    )
    now = datetime(2027, 1, 15, 7, 30, tzinfo=UTC)
    found = check_deadlines(_calendar(tmp_path), tmp_path / "published", now)
    assert found[0] == {"meeting": "2027-01-21-qualitative-feedback", "status": "on time"}
