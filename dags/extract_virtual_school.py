"""
### Virtual School (ePEP export)

Lands the termly ePEP export: PEPs, attendance, suspensions and exclusions, SEN, KS2/KS4
results, school moves and post-16 destinations. Runs after each school term ends (January,
April and August).
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="extract_virtual_school",
    schedule=CronTriggerTimetable("0 6 8 1,4,8 *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "source-system", "education", "termly"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_virtual_school", source="virtual_school")
