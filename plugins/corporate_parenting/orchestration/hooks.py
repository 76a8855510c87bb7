"""Where each source system's deliveries are: Airflow connections, one per source.

A landing location is a connection of type `fs` whose extra holds `{"path": "/data/landing"}`
(and optionally settings such as `{"format": "xml"}` for the 903 return). A source database
(`leaving_care_db`) is a connection whose extra holds `{"sqlalchemy_url": "...", "la_code":
"E06..."}` (one database per LA), or a path under which `<la>/leaving_care/leaving_care.sqlite`
files are found. `make run` and the tests define them as AIRFLOW_CONN_<ID> environment
variables pointing at the landing folder; production defines them in the Airflow UI or a
secrets backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

SOURCE_CONNECTIONS = {
    "reference": "reference_data",
    "cms_ssda903": "cms_ssda903",
    "cms_monthly": "cms_monthly",
    "virtual_school": "virtual_school",
    "health": "health",
    "leaving_care": "leaving_care_db",
    "voice": "voice",
    # DfE's England and LA-level figures (EES CSV files): load_benchmarks and panel_refresh.
    "benchmarks": "benchmarks",
}


@dataclass
class SourceLocation:
    path: Path | None
    options: dict = field(default_factory=dict)


class LandingLocationHook:
    """Reads a source's location from its Airflow connection (no I/O until asked)."""

    def __init__(self, conn_id: str):
        self.conn_id = conn_id

    def get_location(self) -> SourceLocation:
        from airflow.sdk import BaseHook  # noqa: PLC0415

        connection = BaseHook.get_connection(self.conn_id)
        extra = dict(connection.extra_dejson or {})
        path = extra.pop("path", None) or connection.host
        return SourceLocation(Path(path) if path else None, extra)


def connection_env(landing_dir: Path) -> dict[str, str]:
    """AIRFLOW_CONN_* variables pointing every source at one landing folder (local runs)."""
    import json  # noqa: PLC0415

    return {
        f"AIRFLOW_CONN_{conn_id.upper()}": json.dumps(
            {"conn_type": "fs", "extra": {"path": str(landing_dir)}}
        )
        for conn_id in SOURCE_CONNECTIONS.values()
    }
