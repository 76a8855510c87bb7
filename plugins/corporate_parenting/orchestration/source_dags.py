"""Settings every source-system DAG shares."""

from __future__ import annotations

from datetime import timedelta

import pendulum

TIMEZONE = "Europe/London"
START_DATE = pendulum.datetime(2026, 1, 1, tz=TIMEZONE)
DEFAULT_ARGS = {
    "owner": "data-engineering",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}
