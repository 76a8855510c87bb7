"""Tell people when the quality gate stops publishing.

`QualityGateNotifier` is an Airflow notifier for a gate task's `on_failure_callback`. It posts
the gate's readable summary to the webhook in Airflow connection `quality_alerts` (type http
or https: a Teams or Slack incoming webhook, or any endpoint that accepts JSON with a `text`
field). With no such connection it logs the alert instead, so a local run still says what
happened. Every alert is also appended to `var/quality/alerts.jsonl` for the audit trail.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from airflow.sdk import BaseNotifier

log = logging.getLogger(__name__)

DEFAULT_CONN_ID = "quality_alerts"


class QualityGateNotifier(BaseNotifier):
    template_fields = ("conn_id",)

    def __init__(self, stage: str, conn_id: str = DEFAULT_CONN_ID, timeout: float = 10.0):
        super().__init__()
        self.stage = stage
        self.conn_id = conn_id
        self.timeout = timeout

    def notify(self, context) -> None:
        alert = build_alert(self.stage, context)
        _append_audit(alert)
        url = self._webhook_url()
        if url is None:
            log.warning(
                "No Airflow connection %r is configured, so this alert was only logged:\n%s",
                self.conn_id,
                alert["text"],
            )
            return
        post_json(url, alert, self.timeout)
        log.info("Quality alert sent to connection %r", self.conn_id)

    def _webhook_url(self) -> str | None:
        from airflow.sdk import BaseHook  # noqa: PLC0415
        from airflow.sdk.exceptions import AirflowNotFoundException  # noqa: PLC0415

        try:
            connection = BaseHook.get_connection(self.conn_id)
        except AirflowNotFoundException:
            return None
        return webhook_url(connection)


def webhook_url(connection) -> str:
    extra = connection.extra_dejson or {}
    if extra.get("url"):
        return extra["url"]
    scheme = "https" if (connection.conn_type or "").lower() == "https" else "http"
    if connection.schema in ("http", "https"):
        scheme = connection.schema
    port = f":{connection.port}" if connection.port else ""
    endpoint = extra.get("endpoint", "")
    host = connection.host or ""
    if "://" in host:
        return f"{host}{port}{endpoint}"
    return f"{scheme}://{host}{port}{endpoint}"


def build_alert(stage: str, context) -> dict:
    """The alert: the gate's summary (from the failure) plus where to look next."""
    from corporate_parenting.settings import Settings  # noqa: PLC0415

    settings = Settings.from_env()
    exception = context.get("exception") if hasattr(context, "get") else None
    summary = str(exception) if exception else _latest_summary(settings, stage)
    ti = context.get("ti") or context.get("task_instance") if hasattr(context, "get") else None
    dag_id = getattr(ti, "dag_id", None) or getattr(context.get("dag"), "dag_id", None)
    run_id = getattr(ti, "run_id", None) or context.get("run_id")
    text = (
        f"Corporate Parenting warehouse: the {stage} quality gate stopped publishing "
        f"(DAG {dag_id}, run {run_id}). The last published pack is unchanged.\n\n{summary}\n\n"
        f"Data-quality report for data owners: {settings.quality_dir / 'dq_report'}"
    )
    return {
        "text": text,
        "stage": stage,
        "dag_id": dag_id,
        "run_id": run_id,
        "task_id": getattr(ti, "task_id", None),
        "sent_at": datetime.now(UTC).isoformat(),
    }


def _latest_summary(settings, stage: str) -> str:
    path = settings.quality_dir / f"gate_{stage}_latest.json"
    if not path.exists():
        return "(no gate result was written)"
    data = json.loads(path.read_text())
    broken = [o for o in data["outcomes"] if not o["success"] and o["severity"] == "blocking"]
    return "\n".join(f"- rule {o['rule_code']}: {o['message']}" for o in broken)


def _append_audit(alert: dict) -> None:
    from corporate_parenting.settings import Settings  # noqa: PLC0415

    path = Settings.from_env().quality_dir / "alerts.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(alert, default=str) + "\n")


def post_json(url: str, payload: dict, timeout: float) -> None:
    import urllib.request  # noqa: PLC0415

    request = urllib.request.Request(
        url,
        data=json.dumps(payload, default=str).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured URL
        if response.status >= 300:
            raise RuntimeError(f"Alert webhook answered HTTP {response.status}")


PANEL_CONN_ID = "panel_alerts"


class PanelDeadlineMissed(Exception):
    """A meeting's papers deadline passed with no pack published (the message says which)."""


class PanelDeadlineNotifier(BaseNotifier):
    """Alert when a meeting's papers deadline passes with no pack published.

    Posts to the webhook in connection `panel_alerts` (committee services and the panel's
    officers), else `quality_alerts`; logs the alert when neither is configured. Every alert
    is also appended to `var/quality/alerts.jsonl`. The text is the failure's message (the
    `panel_deadlines` check lists each overdue meeting), or `text` when given.
    """

    template_fields = ("conn_id",)

    def __init__(
        self,
        conn_id: str = PANEL_CONN_ID,
        fallback_conn_id: str = DEFAULT_CONN_ID,
        text: str | None = None,
        timeout: float = 10.0,
    ):
        super().__init__()
        self.conn_id = conn_id
        self.fallback_conn_id = fallback_conn_id
        self.text = text
        self.timeout = timeout

    def notify(self, context) -> None:
        exception = context.get("exception") if hasattr(context, "get") else None
        ti = context.get("ti") or context.get("task_instance") if hasattr(context, "get") else None
        alert = {
            "text": "Corporate Parenting Panel: papers deadline missed.\n\n"
            + (self.text or str(exception or "(no detail)")),
            "stage": "panel_deadline",
            "dag_id": getattr(ti, "dag_id", None),
            "run_id": getattr(ti, "run_id", None) or context.get("run_id"),
            "task_id": getattr(ti, "task_id", None),
            "sent_at": datetime.now(UTC).isoformat(),
        }
        _append_audit(alert)
        for conn_id in (self.conn_id, self.fallback_conn_id):
            url = QualityGateNotifier(stage="panel_deadline", conn_id=conn_id)._webhook_url()
            if url is not None:
                post_json(url, alert, self.timeout)
                log.info("Panel deadline alert sent to connection %r", conn_id)
                return
        log.warning(
            "No Airflow connection %r or %r is configured, so this alert was only logged:\n%s",
            self.conn_id,
            self.fallback_conn_id,
            alert["text"],
        )
