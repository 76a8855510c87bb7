"""
### Statutory SSDA903 return (case-management system)

Lands the annual children looked after return (DfE 903 CSV files, or the XML form when the
`cms_ssda903` connection's extra says `{"format": "xml"}`) for every collection year delivered.
Runs on the 15th of May, June and July while the return is finalised and corrected
re-deliveries arrive; a corrected file supersedes the earlier one for its collection year and
the superseded rows are kept in `raw_history`.
"""

from airflow.sdk import DAG, CronTriggerTimetable

from corporate_parenting.orchestration.operators import LandSourceOperator
from corporate_parenting.orchestration.source_dags import DEFAULT_ARGS, START_DATE, TIMEZONE

with DAG(
    dag_id="extract_cms_ssda903_annual",
    schedule=CronTriggerTimetable("0 6 15 5-7 *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "source-system", "ssda903", "annual"],
    default_args=DEFAULT_ARGS,
):
    LandSourceOperator(task_id="land_cms_ssda903", source="cms_ssda903")
