"""`corporate-parenting run` (what `make run` calls) reports and exits by the DAG's outcome."""

from __future__ import annotations

import pytest

from corporate_parenting import cli
from corporate_parenting.orchestration.run_dag import DagOutcome


@pytest.fixture
def fake_pipeline(monkeypatch, tmp_path):
    monkeypatch.setenv("CORPORATE_PARENTING_VAR", str(tmp_path))
    monkeypatch.setattr("corporate_parenting.environment.prepare", lambda settings: {})
    monkeypatch.setattr(cli, "_estate_exists", lambda settings: True)

    def use(outcome):
        monkeypatch.setattr(
            "corporate_parenting.orchestration.run_dag.run_dag", lambda dag_id, settings: outcome
        )

    return use


def test_a_failed_run_exits_non_zero_and_says_the_page_was_kept(fake_pipeline, capsys):
    fake_pipeline(
        DagOutcome(
            "panel_refresh",
            "r1",
            "failed",
            {"validate_raw": "failed", "publish": "upstream_failed"},
            None,
        )
    )
    assert cli.main(["run"]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "Failed task(s): validate_raw" in out
    assert "previously published page was left unchanged" in out


def test_a_successful_run_exits_zero_and_says_where_the_page_is(fake_pipeline, capsys, tmp_path):
    page = tmp_path / "published" / "housing-and-placements" / "index.html"
    fake_pipeline(DagOutcome("panel_refresh", "r2", "success", {"publish": "success"}, page))
    assert cli.main(["run"]) == 0
    assert f"Published: {page}" in capsys.readouterr().out
