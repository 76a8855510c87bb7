"""
### Looked-after children health team workbook

Lands the monthly health workbook (XLSX): initial and review health assessments, dental
checks, immunisations, SDQ scores and CAMHS referrals. NHS numbers go to the restricted
linkage schema only. Runs on the 5th of each month.
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
