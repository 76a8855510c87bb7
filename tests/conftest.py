"""Test set-up: the same embedded PostgreSQL as `make run`, separate databases and folders.

Tests never touch the data, databases or published pages of `make run`: they use
`var/test/` and the databases `warehouse_test` / `airflow_test` on the same cluster (or, when
WAREHOUSE_URL is set, a `<database>_test` database on that server).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# CP_TEST_NAME lets several test runs share one machine without touching each other's
# folders and databases (default: var/test, warehouse_test, airflow_test).
TEST_NAME = os.environ.get("CP_TEST_NAME", "test")
TEST_VAR = ROOT / "var" / TEST_NAME


def pytest_configure(config):
    # Must happen before anything imports Airflow, which reads its configuration once.
    os.environ["CORPORATE_PARENTING_VAR"] = str(TEST_VAR)
    os.environ.setdefault("EMBEDDED_PG_DIR", str(ROOT / "var" / "postgres"))
    os.environ["SOURCE_LANDING_DIR"] = str(TEST_VAR / "landing")
    os.environ["PUBLISH_DIR"] = str(TEST_VAR / "published")
    os.environ["AIRFLOW_HOME"] = str(TEST_VAR / "airflow")
    os.environ.setdefault("PSEUDONYMISATION_KEY", "test-only-key-not-for-production-use")
    # The tests start their own Superset; never publish to one a developer has configured.
    os.environ.pop("SUPERSET_URL", None)


@pytest.fixture(scope="session")
def settings():
    from corporate_parenting.settings import Settings

    return Settings.from_env()


@pytest.fixture(scope="session")
def warehouse(settings):
    """Start (or reuse) PostgreSQL, point the environment at the test databases, prepare."""
    from corporate_parenting import environment
    from corporate_parenting.settings import PostgresUrl

    base_url = os.environ.get("WAREHOUSE_URL")
    if base_url:
        url = PostgresUrl(base_url)
        test_url = url.with_database(f"{url.dbname}_{TEST_NAME}")
        metadata = None
        _create_database(url, test_url.dbname)
    else:
        from corporate_parenting.embedded_pg import EmbeddedPostgres

        pg = EmbeddedPostgres.for_settings(settings)
        pg.ensure_running()
        names = (f"warehouse_{TEST_NAME}", f"airflow_{TEST_NAME}")
        pg.create_databases(names)
        test_url, metadata = pg.url(names[0]), pg.url(names[1])
    env = environment.runtime_env(settings, test_url, metadata)
    environment.apply(env)
    environment.dbt_parse(settings)
    environment.migrate_airflow(settings)
    return test_url


def _create_database(url, name: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url.url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("select 1 from pg_database where datname = %s", (name,))
        if cur.fetchone() is None:
            cur.execute(f'create database "{name}"')
    conn.close()


@pytest.fixture
def db(warehouse):
    import psycopg2

    conn = psycopg2.connect(warehouse.url)
    yield conn
    conn.rollback()
    conn.close()


WAREHOUSE_SCHEMAS = (
    "raw",
    "raw_history",
    "linkage",
    "staging",
    "intermediate",
    "marts",
    "reference",
    "analytics",
)


@pytest.fixture
def empty_warehouse(warehouse):
    """Drop everything the pipeline builds, so a test starts from nothing."""
    drop_warehouse_schemas(warehouse)
    return warehouse


def drop_warehouse_schemas(url) -> None:
    import psycopg2

    conn = psycopg2.connect(url.url)
    conn.autocommit = True
    with conn.cursor() as cur:
        for schema in WAREHOUSE_SCHEMAS:
            cur.execute(f"drop schema if exists {schema} cascade")
    conn.close()


@pytest.fixture(scope="session")
def golden_estate(settings, tmp_path_factory):
    """One synthetic estate per session (4 collection years, one LA), never modified."""
    from corporate_parenting.synthetic import generate_estate

    out = TEST_VAR / "golden_estate"
    if out.exists():
        shutil.rmtree(out)
    generate_estate(out, seed=2024, n_las=1, cla_per_la=500, years=4)
    return out


@pytest.fixture
def landing(settings, golden_estate):
    """A fresh copy of the golden estate in the landing folder the DAG reads."""
    if settings.landing_dir.exists():
        shutil.rmtree(settings.landing_dir)
    shutil.copytree(golden_estate, settings.landing_dir)
    return settings.landing_dir
