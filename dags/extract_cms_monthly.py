"""
### Monthly case-management extract

Lands the monthly in-year extract (903 layout, year to date at the month end) so the panel
sees current data between statutory returns. Runs on the 3rd of each month.
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="extract_cms_monthly",
    schedule=CronTriggerTimetable("0 5 3 * *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "source-system", "ssda903", "monthly"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_cms_monthly", source="cms_monthly")
