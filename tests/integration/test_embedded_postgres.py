"""The embedded PostgreSQL: project-local, loopback TCP on a chosen port, reused across runs."""

from __future__ import annotations

import socket

import psycopg2
import pytest

from corporate_parenting.embedded_pg import EmbeddedPostgres
from corporate_parenting.settings import Settings

ROOT_VAR = Settings.from_env().project_root / "var" / "test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cluster(monkeypatch):
    base = ROOT_VAR / "embedded-pg-lifecycle"
    monkeypatch.setenv("EMBEDDED_PG_DIR", str(base))
    monkeypatch.setenv("EMBEDDED_PG_PORT", str(_free_port()))
    pg = EmbeddedPostgres.for_settings()
    yield pg
    pg.stop()


def test_starts_on_the_chosen_loopback_port_and_keeps_data_across_restarts(cluster):
    url = cluster.ensure_running()
    assert (url.host, url.port) == ("127.0.0.1", cluster.port)
    with psycopg2.connect(url.url) as conn, conn.cursor() as cur:
        cur.execute(
            "drop table if exists kept; create table kept (n int); insert into kept values (7)"
        )
        cur.execute("show listen_addresses")
        assert cur.fetchone() == ("127.0.0.1",)

    assert cluster.stop()
    assert not cluster.is_running()
    url_again = cluster.ensure_running()

    assert url_again == url, "the same cluster and credentials are reused"
    with psycopg2.connect(url_again.url) as conn, conn.cursor() as cur:
        cur.execute("select n from kept")
        assert cur.fetchone() == (7,)
        cur.execute("select datname from pg_database where datname in ('warehouse', 'airflow')")
        assert {r[0] for r in cur.fetchall()} == {"warehouse", "airflow"}


def test_a_port_taken_by_another_program_gives_a_clear_error(cluster):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", cluster.port))
        squatter.listen()
        from corporate_parenting.embedded_pg import EmbeddedPostgresError

        with pytest.raises(EmbeddedPostgresError, match="already in use.*EMBEDDED_PG_PORT"):
            cluster.ensure_running()
