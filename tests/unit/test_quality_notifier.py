"""The gate's alert reaches the configured webhook, or is logged when none is configured."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from corporate_parenting.quality.gate import QualityGateFailed

SUMMARY = (
    "Quality gate (raw) FAILED: 1 blocking rule check(s) broken out of 900\n"
    "- [blocking] rule 146: Placement type code is not a valid code. Table "
    "raw.ssda903_episodes 2025-26: 1 row(s). File E06099001/ssda903/2025-26/csv/episodes.csv "
    "row(s) 17."
)


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            length = int(self.headers["Content-Length"])
            received.append(
                {"path": self.path, "body": json.loads(self.rfile.read(length).decode("utf-8"))}
            )
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()


def test_alert_is_posted_to_the_configured_webhook_with_the_summary(
    warehouse, webhook, monkeypatch
):
    # Airflow reads its configuration once, on first import: after the test set-up.
    from corporate_parenting.orchestration.notifier import QualityGateNotifier

    port, received = webhook
    monkeypatch.setenv(
        "AIRFLOW_CONN_QUALITY_ALERTS",
        json.dumps(
            {"conn_type": "http", "host": "127.0.0.1", "port": port, "extra": {"endpoint": "/hook"}}
        ),
    )
    QualityGateNotifier(stage="raw").notify(
        {"exception": QualityGateFailed(SUMMARY), "run_id": "manual__1"}
    )

    assert len(received) == 1
    assert received[0]["path"] == "/hook"
    text = received[0]["body"]["text"]
    assert "rule 146" in text and "episodes.csv row(s) 17" in text
    assert "last published pack is unchanged" in text
    assert received[0]["body"]["run_id"] == "manual__1"


def test_without_a_connection_the_alert_is_logged_and_kept(
    warehouse, monkeypatch, caplog, settings
):
    from corporate_parenting.orchestration.notifier import QualityGateNotifier

    monkeypatch.delenv("AIRFLOW_CONN_QUALITY_ALERTS", raising=False)
    audit = settings.quality_dir / "alerts.jsonl"
    before = audit.read_text().count("\n") if audit.exists() else 0

    with caplog.at_level("WARNING"):
        QualityGateNotifier(stage="marts").notify({"exception": QualityGateFailed(SUMMARY)})

    assert "No Airflow connection 'quality_alerts' is configured" in caplog.text
    assert "rule 146" in caplog.text
    lines = audit.read_text().splitlines()
    assert len(lines) == before + 1
    assert json.loads(lines[-1])["stage"] == "marts"
