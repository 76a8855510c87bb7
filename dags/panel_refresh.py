"""
### Panel refresh

Builds the Corporate Parenting Panel's published pages from the source systems' files:

1. **extract_sources**: find the deliveries of every source system (reference data, the
   SSDA903 return and monthly extracts, Virtual School, health, leaving care, voice) and
   identify each one. Only the 903 return is mandatory.
2. **land_raw**: load them into the restricted `raw` schema with load metadata; every row is
   loaded or quarantined with its reason; child IDs are pseudonymised at this boundary.
   Deliveries already landed by the source-system DAGs are skipped as unchanged.
3. **validate_raw**: Great Expectations suites per table and collection year (DfE rules).
4. **dbt_build**: one `dbt build` of the staging, intermediate and mart models with their
   tests (a failing test skips what depends on it); `DBT_EXECUTION=per_model` renders one
   task per model instead.
5. **validate_marts**: Great Expectations suites on the marts the panel reads.
6. **publish**: render the theme page. It runs only when everything before it succeeded,
   so a failed gate or dbt test leaves the previously published page exactly as it was.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, get_current_context, task

from corporate_parenting.orchestration.dbt_group import dbt_build_task_group


@dag(
    dag_id="panel_refresh",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/London"),
    catchup=False,
    max_active_runs=1,
    tags=["corporate-parenting", "panel", "housing-and-placements"],
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

    @task
    def land_raw(delivered: list[dict]) -> dict:
        from corporate_parenting.pipeline import land_sources

        return land_sources(only=delivered)

    @task(retries=0)
    def validate_raw() -> str:
        from corporate_parenting.pipeline import validate

        return validate("raw")

    @task(retries=0)
    def validate_marts() -> str:
        from corporate_parenting.pipeline import validate

        return validate("marts")

    @task
    def publish() -> str:
        from corporate_parenting.pipeline import publish as run

        return run(run_id=get_current_context()["run_id"])

    landed = land_raw(extract_sources())
    raw_checked = validate_raw()
    dbt_build = dbt_build_task_group()
    landed >> raw_checked >> dbt_build >> validate_marts() >> publish()


panel_refresh()
