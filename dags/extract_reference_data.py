"""
### Reference data

Lands LA codes and populations, the postcode directory (eastings/northings for placement
distance) and the Ofsted provider list. Runs quarterly.
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="extract_reference_data",
    schedule=CronTriggerTimetable("0 4 2 1,4,7,10 *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "source-system", "reference", "quarterly"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_reference", source="reference")
