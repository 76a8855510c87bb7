"""Connections to the warehouse, from WAREHOUSE_URL (set by the CLI or the deployment)."""

from __future__ import annotations

import os
from contextlib import contextmanager

from corporate_parenting.settings import PostgresUrl


def warehouse_url() -> PostgresUrl:
    url = os.environ.get("WAREHOUSE_URL")
    if not url:
        raise RuntimeError(
            "WAREHOUSE_URL is not set. Run through `make run` / `corporate-parenting run`, "
            "which start the embedded PostgreSQL, or set WAREHOUSE_URL to your server."
        )
    return PostgresUrl(url)


@contextmanager
def connect():
    import psycopg2  # noqa: PLC0415

    conn = psycopg2.connect(warehouse_url().url, application_name="corporate-parenting")
    try:
        yield conn
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()
