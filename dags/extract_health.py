"""
### Looked-after children health team workbook

Lands the monthly health workbook (`<la>/health/<YYYY-MM>/lac_health_<YYYY-MM>.xlsx`, the
`health` connection): initial and review health assessments, dental checks, immunisations,
SDQ scores and CAMHS referrals, one sheet each. The workbook is the financial year's tracker,
year to date, so a later month's workbook supersedes the earlier one for that year (the old
rows are kept in `raw_history`). NHS numbers go to the restricted linkage schema only. Runs
on the 5th of each month.
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="extract_health",
    schedule=CronTriggerTimetable("0 5 5 * *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "source-system", "health", "monthly"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_health", source="health")
