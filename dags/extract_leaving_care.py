"""
### Care-leaver service database

Queries every table of each LA's care-leaver database through SQLAlchemy (the
`leaving_care_db` connection: a `sqlalchemy_url`, or a folder holding
`<la>/leaving_care/leaving_care.sqlite`): young people and their personal advisers, pathway
plans, contacts, accommodation, activity and staying put. Each extraction is a snapshot: one
whose content changed supersedes the previous one, an identical one changes nothing. Runs on
the 4th of each month.
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
