"""A run of panel_refresh for one meeting builds that meeting's pack, labelled with it."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.e2e


def test_a_run_for_a_meeting_builds_the_pack_for_that_meetings_theme_and_date(
    empty_warehouse, landing, settings
):
    from corporate_parenting.orchestration.run_dag import run_dag

    # PANEL_THEMES=H is set for tests/e2e: the meeting, not that setting, picks the theme.
    outcome = run_dag("panel_refresh", settings, run_conf={"meeting": "2027-01-21"})

    assert outcome.succeeded, outcome.report()
    current = settings.publish_dir / "qualitative-feedback"
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == outcome.run_id
    assert manifest["theme"]["code"] == "Q"
    assert manifest["meeting"]["id"] == "2027-01-21-qualitative-feedback"
    assert manifest["meeting"]["date"] == "2027-01-21"
    assert manifest["meeting"]["papers_due"] == "2027-01-14"
    assert manifest["meeting"]["papers_due_status"] == "on time"
    cover = (current / "index.html").read_text(encoding="utf-8")
    assert "21 January 2027" in cover and "Qualitative feedback" in cover
    young = (current / "young-people.html").read_text(encoding="utf-8")
    assert "21 January 2027" in young
    # Only that meeting's pack was built by this run.
    manifests = settings.publish_dir.glob("packs/*/built-*/manifest.json")
    built = [p.parent.parent.name for p in manifests if outcome.run_id in p.read_text()]
    assert built == ["2027-01-21-qualitative-feedback"]
    home = (settings.publish_dir / "index.html").read_text(encoding="utf-8")
    assert (
        "<td>2027-01-21</td><td>Qualitative feedback</td><td>2027-01-14</td><td>On time</td>"
        in home
    )
