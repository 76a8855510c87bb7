"""The process environment shared by the CLI, Airflow, dbt, GX and the tests.

Everything is configured with environment variables, so `make run`, pytest and the Airflow UI
(`eval "$(corporate-parenting env)"; airflow standalone`) see the same home and databases.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from corporate_parenting.settings import PostgresUrl, Settings


def resolve_warehouse(settings: Settings) -> tuple[PostgresUrl, PostgresUrl | None]:
    """(warehouse URL, Airflow metadata URL or None for SQLite).

    With WAREHOUSE_URL set nothing is started. Otherwise the embedded PostgreSQL is started
    (or reused) and holds both the warehouse and the Airflow metadata database.
    """
    if os.environ.get("WAREHOUSE_URL"):
        return PostgresUrl(os.environ["WAREHOUSE_URL"]), None
    from corporate_parenting.embedded_pg import EmbeddedPostgres  # noqa: PLC0415

    pg = EmbeddedPostgres.for_settings(settings)
    url = pg.ensure_running()
    return url, pg.url("airflow")


def runtime_env(settings: Settings, warehouse: PostgresUrl, metadata: PostgresUrl | None) -> dict:
    airflow_home = settings.airflow_home
    if os.environ.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"):
        metadata_conn = os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    elif metadata is not None:
        metadata_conn = metadata.sqlalchemy()
    else:
        metadata_conn = f"sqlite:///{airflow_home / 'airflow.db'}"
    env = {
        "CORPORATE_PARENTING_HOME": str(settings.project_root),
        "CORPORATE_PARENTING_VAR": str(settings.var_dir),
        "WAREHOUSE_URL": warehouse.url,
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(settings.dags_dir),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(settings.project_root / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata_conn,
        "AIRFLOW__COSMOS__CACHE_DIR": str(settings.var_dir / "cosmos"),
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
        "DBT_PROFILES_DIR": str(settings.dbt_project_dir),
        "DBT_LOG_PATH": str(settings.var_dir / "dbt" / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "GX_ANALYTICS_ENABLED": "False",
        "NO_COLOR": "1",
    }
    env.update(warehouse.dbt_env())
    # Each source system's location as an Airflow connection (production sets its own).
    from corporate_parenting.orchestration.hooks import connection_env  # noqa: PLC0415

    for key, value in connection_env(settings.landing_dir).items():
        env.setdefault(key, os.environ.get(key, value))
    return env


def apply(env: dict) -> None:
    os.environ.update(env)


def _bin(name: str) -> str:
    """A console script of this environment (works without the venv being activated)."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


def migrate_airflow(settings: Settings) -> bool:
    """`airflow db migrate` once per Airflow version and metadata database; True if it ran."""
    import hashlib  # noqa: PLC0415
    from importlib.metadata import version  # noqa: PLC0415

    conn = os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    stamp = hashlib.sha256(f"{version('apache-airflow')}|{conn}".encode()).hexdigest()[:16]
    marker = settings.airflow_home / f".migrated-{stamp}"
    if marker.exists():
        return False
    settings.airflow_home.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([_bin("airflow"), "db", "migrate"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(
            f"airflow db migrate failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    marker.touch()
    return True


def dbt_parse(settings: Settings) -> bool:
    """Write the manifest cosmos renders the DAG from, when the dbt project changed."""
    project = settings.dbt_project_dir
    manifest = project / "target" / "manifest.json"
    sources = [
        p
        for p in project.rglob("*")
        if p.is_file() and "target" not in p.parts and "logs" not in p.parts
    ]
    newest = max(p.stat().st_mtime for p in sources)
    if manifest.exists() and manifest.stat().st_mtime >= newest:
        return False
    result = subprocess.run(
        [
            _bin("dbt"),
            "parse",
            "--project-dir",
            str(project),
            "--profiles-dir",
            str(project),
            "--quiet",
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dbt parse failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return True


def prepare(settings: Settings | None = None) -> dict:
    """Database up, environment applied, Airflow metadata migrated, dbt manifest written."""
    settings = settings or Settings.from_env()
    warehouse, metadata = resolve_warehouse(settings)
    env = runtime_env(settings, warehouse, metadata)
    apply(env)
    dbt_parse(settings)
    migrate_airflow(settings)
    return env
