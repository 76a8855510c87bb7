"""
### Care-leaver service database

Queries the leaving-care database (through SQLAlchemy; its location is the `leaving_care_db`
connection) for pathway plans, personal advisers, accommodation, activity, staying put and
contact. Runs on the 4th of each month.
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="extract_leaving_care",
    schedule=CronTriggerTimetable("0 5 4 * *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "source-system", "care-leavers", "monthly"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_leaving_care", source="leaving_care")
