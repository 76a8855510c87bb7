"""
### Virtual School (ePEP export)

Lands the termly ePEP export (`<la>/virtual_school/<academic year>-T<1-3>/<table>.csv`, the
`virtual_school` connection): pupil roll, PEPs, attendance, suspensions and exclusions,
KS2/KS4 attainment, school moves and post-16 destinations. Runs after each term's export is
complete: 10 January (autumn term), 10 May (spring term) and 10 October (summer term). A
corrected export supersedes the earlier one for its term; UPNs go to the restricted linkage
schema only.
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="extract_virtual_school",
    schedule=CronTriggerTimetable("0 6 10 1,5,10 *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "source-system", "education", "termly"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_virtual_school", source="virtual_school")
