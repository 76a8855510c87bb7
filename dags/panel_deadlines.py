"""
### Panel deadlines

Every morning, checks the panel calendar against the pack archive: when a meeting's papers
deadline (to members, 5 working days before; or the young people's, to the children in care
council, 7 days before) has passed and no pack for that meeting was published before it, the
`check_deadlines` task fails and an alert goes to the webhook in connection `panel_alerts`
(else `quality_alerts`; logged when neither is configured; always appended to
`var/quality/alerts.jsonl`). It keeps alerting each morning until the pack is published or the
meeting has been held. Each pack's manifest and the archive on the home page show the
deadline and whether the pack was on time.
"""

from datetime import timedelta

from airflow.sdk import DAG, CronTriggerTimetable, task

from corporate_parenting.orchestration.notifier import PanelDeadlineNotifier
from corporate_parenting.orchestration.source_dags import START_DATE, TIMEZONE

with DAG(
    dag_id="panel_deadlines",
    schedule=CronTriggerTimetable("30 7 * * *", timezone=TIMEZONE),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["corporate-parenting", "panel", "deadlines", "daily"],
    default_args={"owner": "data-engineering", "retries": 2, "retry_delay": timedelta(minutes=5)},
):
    # No retries: a missed deadline is a fact, not a glitch; the failure is the alert.
    @task(retries=0, on_failure_callback=PanelDeadlineNotifier())
    def check_deadlines() -> list[dict]:
        from corporate_parenting.calendar.status import check_deadlines as check

        return check()

    check_deadlines()
