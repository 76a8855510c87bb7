"""Every DAG imports cleanly, is documented and owned, retries, and does no I/O at parse time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "dags"

# Parsing runs in a fresh interpreter where every way to reach a database or the network
# records the attempt and fails, and the configured databases point at a closed port.
PARSE_WITHOUT_IO = textwrap.dedent(
    """
    import json, socket, sys
    attempts = []

    def refuse(what):
        def _refuse(*args, **kwargs):
            attempts.append(what)
            raise OSError(f"parse-time {what} is not allowed")
        return _refuse

    socket.socket.connect = refuse("socket.connect")
    socket.socket.connect_ex = refuse("socket.connect_ex")
    socket.create_connection = refuse("socket.create_connection")
    socket.getaddrinfo = refuse("socket.getaddrinfo")
    import psycopg2
    psycopg2.connect = refuse("psycopg2.connect")
    try:
        import psycopg
        psycopg.connect = refuse("psycopg.connect")
    except ImportError:
        pass

    from airflow.dag_processing.dagbag import DagBag
    bag = DagBag(dag_folder=sys.argv[1])
    print(json.dumps({
        "import_errors": {k: str(v) for k, v in bag.import_errors.items()},
        "dag_ids": sorted(bag.dag_ids),
        "attempts": attempts,
    }))
    """
)


@pytest.fixture(scope="module")
def parsed(warehouse, tmp_path_factory):
    env = dict(os.environ)
    closed = "postgresql://nobody:nothing@127.0.0.1:1/none"
    env["WAREHOUSE_URL"] = closed
    env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = closed.replace("postgresql", "postgresql+psycopg2")
    result = subprocess.run(
        [sys.executable, "-c", PARSE_WITHOUT_IO, str(DAGS)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def dagbag(warehouse):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_every_dag_file_imports_without_errors(parsed):
    assert parsed["import_errors"] == {}
    assert "panel_refresh" in parsed["dag_ids"]


def test_parsing_dags_touches_no_database_or_network(parsed):
    assert parsed["attempts"] == []


def test_one_dag_per_file(dagbag):
    files = [Path(d.fileloc).name for d in dagbag.dags.values()]
    assert len(files) == len(set(files))
    assert len(list(DAGS.glob("*.py"))) == len(dagbag.dags)


@pytest.mark.parametrize("attribute", ["tags", "doc_md"])
def test_every_dag_is_tagged_and_documented(dagbag, attribute):
    for dag in dagbag.dags.values():
        assert getattr(dag, attribute), f"{dag.dag_id} has no {attribute}"


def test_every_dag_has_an_owner_retries_and_no_catchup(dagbag):
    for dag in dagbag.dags.values():
        assert dag.default_args.get("owner") not in (None, "", "airflow"), dag.dag_id
        assert dag.default_args.get("retries", 0) >= 1, dag.dag_id
        assert dag.catchup is False, dag.dag_id
        assert dag.start_date.tzinfo is not None, dag.dag_id


def test_publish_runs_only_after_both_quality_gates_and_dbt(dagbag):
    dag = dagbag.get_dag("panel_refresh")
    upstream = dag.get_task("publish").get_flat_relative_ids(upstream=True)
    assert {"validate_raw", "validate_marts", "land_raw", "extract_sources"} <= upstream
    dbt_tasks = {t for t in dag.task_ids if t == "dbt_build" or t.startswith("dbt_build.")}
    assert dbt_tasks and dbt_tasks <= upstream
    assert dag.get_task("publish").trigger_rule == "all_success"


def test_panel_refresh_is_scheduled_by_the_panel_calendar_and_serialises(dagbag):
    from airflow.plugins_manager import get_timetables_plugins
    from airflow.serialization.serialized_objects import DagSerialization

    from corporate_parenting.orchestration.timetables import PanelMeetingTimetable

    assert (
        get_timetables_plugins()[
            "corporate_parenting.orchestration.timetables.PanelMeetingTimetable"
        ]
        is PanelMeetingTimetable
    )
    dag = dagbag.get_dag("panel_refresh")
    assert isinstance(dag.timetable, PanelMeetingTimetable)
    restored = DagSerialization.from_dict(DagSerialization.to_dict(dag))
    assert restored.timetable == dag.timetable
    info = restored.next_dagrun_info(last_automated_run_info=None, restricted=False)
    assert info is not None and info.data_interval.start < info.data_interval.end


def test_panel_refresh_lands_the_assets_the_source_dags_update(dagbag):
    updated = {
        outlet.name
        for dag in dagbag.dags.values()
        if dag.dag_id.startswith(("extract_", "load_"))
        for task in dag.tasks
        for outlet in task.outlets
    }
    read = {inlet.name for inlet in dagbag.get_dag("panel_refresh").get_task("land_raw").inlets}
    assert updated and updated <= read


def test_panel_deadlines_alerts_through_the_notifier(dagbag):
    from corporate_parenting.orchestration.notifier import PanelDeadlineNotifier

    check = dagbag.get_dag("panel_deadlines").get_task("check_deadlines")
    assert check.retries == 0
    assert any(isinstance(c, PanelDeadlineNotifier) for c in check.on_failure_callback)
