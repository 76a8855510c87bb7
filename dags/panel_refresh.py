"""
### Panel refresh

Builds the Corporate Parenting Panel's published pages from the source systems' files:

1. **extract_sources**: find the deliveries of every source system (reference data, the
   SSDA903 return and monthly extracts, Virtual School, health, leaving care, voice) and
   DfE's published figures (England and the statistical neighbours), and identify each one.
   Only the 903 return is mandatory.
2. **land_raw**: load them into the restricted `raw` schema with load metadata; every row is
   loaded or quarantined with its reason; child IDs are pseudonymised at this boundary.
   Deliveries already landed by the source-system DAGs are skipped as unchanged.
3. **validate_raw**: Great Expectations suites per 903 table and collection year (the DfE
   validation rules of that year, in `expectations/ssda903/`), the load register and the
   domain sources. Writes the data-quality report for data owners (`var/quality/dq_report/`).
4. **dbt_build**: one `dbt build` of the staging, intermediate and mart models with their
   tests (a failing test skips what depends on it); `DBT_EXECUTION=per_model` renders one
   task per model instead.
5. **validate_marts**: Great Expectations suites on the marts the panel reads, and the change
   check against the last published pack.

A *blocking* rule broken at either gate fails the task (no retries: the data is wrong, not the
infrastructure), skips publish, keeps the last published pack, writes GX Data Docs
(`var/quality/data_docs/`) and sends an alert through the `quality_alerts` connection (logged
when there is none). *Warnings* are published, with a data-quality note on the tiles they
affect.
6. **publish**: build the pack for the run's meeting (a scheduled run, or a run with
   `conf={"meeting": "2027-01-21"}`), or, for a plain manual run, each theme's pack for its
   next meeting (the calendar in
   `plugins/corporate_parenting/calendar/panel_calendar.yml`): an HTML site and a tagged A4
   PDF, with the young people's version, archived per meeting and never overwritten; then
   the home page (`published/index.html`) and, when Superset is configured, the live
   dashboards. It runs only when everything before it succeeded, so a failed gate or dbt
   test leaves the previously published packs exactly as they were.

**Schedule**: `PanelMeetingTimetable`, one run per panel meeting, read from the panel
calendar: 2 working days (the calendar's `refresh_lead_working_days`) before the earlier of
the members' deadline (5 working days before) and the young people's (7 days before), at
06:00 Europe/London. The run id names the meeting, e.g.
`scheduled__2027-01-21-qualitative-feedback`. `panel_deadlines` alerts when a deadline passes
with no pack.

**Assets**: the source-system DAGs update one asset per source (`raw_<source>`); land_raw
lists them as inlets, for the lineage. The refresh lands whatever was delivered since (the
source DAGs' loads are skipped as unchanged), so it always builds from the latest data
without waiting for them; it is not triggered by the assets, as a weekly voice upload is no
reason to rebuild a meeting's pack.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, get_current_context, task

from corporate_parenting.orchestration.dbt_group import dbt_build_task_group
from corporate_parenting.orchestration.notifier import QualityGateNotifier
from corporate_parenting.orchestration.operators import raw_asset
from corporate_parenting.orchestration.timetables import PanelMeetingTimetable
from corporate_parenting.pipeline import PANEL_SOURCES


@dag(
    dag_id="panel_refresh",
    schedule=PanelMeetingTimetable(),
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/London"),
    catchup=False,
    max_active_runs=1,
    tags=["corporate-parenting", "panel", "packs"],
    doc_md=__doc__,
    default_args={
        "owner": "data-engineering",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
    },
)
def panel_refresh():
    @task
    def extract_sources() -> list[dict]:
        from corporate_parenting.pipeline import extract_sources as run

        return run()

    @task(inlets=[raw_asset(source) for source in PANEL_SOURCES])
    def land_raw(delivered: list[dict]) -> dict:
        from corporate_parenting.pipeline import land_sources

        return land_sources(only=delivered)

    @task(retries=0, on_failure_callback=QualityGateNotifier(stage="raw"))
    def validate_raw() -> str:
        from corporate_parenting.pipeline import validate

        return validate("raw")

    @task(retries=0, on_failure_callback=QualityGateNotifier(stage="marts"))
    def validate_marts() -> str:
        from corporate_parenting.pipeline import validate

        return validate("marts")

    @task
    def publish() -> str:
        from corporate_parenting.orchestration.timetables import meeting_for_run
        from corporate_parenting.pipeline import publish as run

        context = get_current_context()
        dag_run = context["dag_run"]
        meeting = meeting_for_run(
            context["run_id"], context.get("data_interval_end"), dag_run.conf or {}
        )
        # Otherwise the run's own date picks "the next meeting", so a re-run of an old run
        # rebuilds the packs that run was for.
        when = context.get("logical_date") or dag_run.run_after
        today = pendulum.instance(when).in_timezone("Europe/London").date()
        return run(run_id=context["run_id"], today=today, meeting=meeting)

    landed = land_raw(extract_sources())
    raw_checked = validate_raw()
    dbt_build = dbt_build_task_group()
    landed >> raw_checked >> dbt_build >> validate_marts() >> publish()


panel_refresh()
