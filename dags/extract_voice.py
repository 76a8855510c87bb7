"""
### Voice of children, care leavers and carers

Lands survey-tool exports (children in care council and care leaver surveys, foster carers'
feedback) and the IRO annual report figures (`<la>/voice/<kind>/<file>.csv`, the `voice`
connection); each file is its own delivery. Responses are anonymous; free-text comments stay
in the restricted raw schema. Checks for new files every Monday.
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="extract_voice",
    schedule=CronTriggerTimetable("0 6 * * 1", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "source-system", "voice", "weekly"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_voice", source="voice")
