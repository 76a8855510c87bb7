from __future__ import annotations

import pytest

from corporate_parenting import environment
from corporate_parenting.settings import Settings


def test_with_warehouse_url_set_nothing_is_started(monkeypatch):
    import corporate_parenting.embedded_pg as embedded_pg

    def must_not_start(*args, **kwargs):
        raise AssertionError("the embedded PostgreSQL was started although WAREHOUSE_URL is set")

    monkeypatch.setattr(embedded_pg.EmbeddedPostgres, "ensure_running", must_not_start)
    monkeypatch.setenv("WAREHOUSE_URL", "postgresql://u:p@db.example.invalid:6543/wh")
    monkeypatch.delenv("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", raising=False)
    settings = Settings.from_env()

    warehouse, metadata = environment.resolve_warehouse(settings)
    env = environment.runtime_env(settings, warehouse, metadata)

    assert metadata is None
    assert env["WAREHOUSE_URL"] == "postgresql://u:p@db.example.invalid:6543/wh"
    assert (env["DBT_HOST"], env["DBT_PORT"], env["DBT_DBNAME"]) == (
        "db.example.invalid",
        "6543",
        "wh",
    )
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("sqlite:///")


@pytest.mark.parametrize(
    "variable", ["AIRFLOW__CORE__LOAD_EXAMPLES", "AIRFLOW__COSMOS__ENABLE_TELEMETRY"]
)
def test_examples_and_telemetry_are_off(monkeypatch, variable):
    monkeypatch.setenv("WAREHOUSE_URL", "postgresql://u:p@localhost:5432/wh")
    settings = Settings.from_env()
    env = environment.runtime_env(settings, *environment.resolve_warehouse(settings))
    assert env[variable] == "False"
