"""
### England benchmarks (DfE, Explore Education Statistics)

Lands newer England figures into `raw.benchmarks_ees_values`: CSV files in the EES open-data
layout (time_period, time_identifier, geographic_level, country_code, country_name, plus
indicator_id, value, numerator, denominator, source_dataset, published_date) dropped in the
`benchmarks` connection's folder (default `<landing>/benchmarks/*.csv`). Every row is loaded
or quarantined; an unchanged file is skipped.

Runs on 28 November, after DfE publishes the children looked after statistics (mid to late
November); trigger it by hand for a later release. The next `panel_refresh` picks the figures
up: `fct_england_benchmarks` prefers the newest published figure for each indicator and
period over the seed `ees_england_benchmarks`.
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="load_benchmarks",
    schedule=CronTriggerTimetable("0 6 28 11 *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "benchmarks", "dfe", "annual"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_benchmarks", source="benchmarks")
