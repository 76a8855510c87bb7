"""A small database of their own for the rule tests: raw 903 tables and the rule views.

Each test loads one hand-made return (tests/quality/returns.py) into empty raw tables and runs
a rule's query, exactly as the gate builds it, over views of the typed tables.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import TEST_NAME, _create_database


def fresh_raw_database(settings, name: str):
    """A new database with the raw 903 and reference tables; returns (connection, url, names)."""
    import psycopg2

    from corporate_parenting.extract.domain_tables import REFERENCE_TABLES
    from corporate_parenting.extract.raw_loader import RawTable, ensure_register
    from corporate_parenting.extract.ssda903 import ANNUAL_TABLES, MONTHLY_TABLES, _table
    from corporate_parenting.quality.prepare import EXTRA_COLUMNS
    from corporate_parenting.settings import PostgresUrl

    base_url = os.environ.get("WAREHOUSE_URL")
    if base_url:
        url = PostgresUrl(base_url).with_database(name)
        _create_database(PostgresUrl(base_url), name)
    else:
        from corporate_parenting.embedded_pg import EmbeddedPostgres

        pg = EmbeddedPostgres.for_settings(settings)
        pg.ensure_running()
        pg.create_databases((name,))
        url = pg.url(name)
    conn = psycopg2.connect(url.url)
    with conn.cursor() as cur:
        cur.execute(
            "drop schema if exists raw cascade; drop schema if exists quality cascade; "
            "drop schema if exists linkage cascade"
        )
    conn.commit()
    ensure_register(conn)
    raw_tables: list[RawTable] = [t.raw for t in ANNUAL_TABLES.values()]
    raw_tables += [t.raw for t in MONTHLY_TABLES.values()]
    for stem, columns in EXTRA_COLUMNS.items():
        if stem not in ANNUAL_TABLES:
            raw_tables += [_table(p, "test", stem, columns).raw for p in ("ssda903", "cms_monthly")]
    raw_tables += [REFERENCE_TABLES[n].raw for n in ("ofsted_providers", "postcodes")]
    with conn.cursor() as cur:
        for table in raw_tables:
            cur.execute(table.ddl())
    conn.commit()
    return conn, url, tuple(t.name for t in raw_tables)


@pytest.fixture(scope="session")
def rules_db(settings):
    from corporate_parenting.quality.prepare import prepare

    conn, _, names = fresh_raw_database(settings, f"rules_{TEST_NAME}")
    prepare(conn, materialise=False)
    yield RulesDatabase(conn, names)
    conn.close()


class RulesDatabase:
    def __init__(self, conn, raw_table_names: tuple[str, ...]) -> None:
        self.conn = conn
        self.raw_table_names = raw_table_names


@pytest.fixture(scope="session")
def rules(settings):
    """Every ported rule, by code."""
    from corporate_parenting.quality.rules import load_rules

    return {r.code: r for r in load_rules(settings.expectations_dir)}


@pytest.fixture(scope="session")
def check_rule(rules_db, rules):
    """check_rule(code, ret, reference=None) -> the rows the rule reports for `ret`."""
    from tests.quality.returns import clean_reference

    def run(code, ret, reference=None):
        rule = rules[code]
        conn = rules_db.conn
        with conn.cursor() as cur:
            cur.execute("truncate " + ", ".join(f"raw.{n}" for n in rules_db.raw_table_names))
            ret.insert(cur)
            (reference or clean_reference()).insert(cur)
            cur.execute(rule.query(ret.collection_year))
            names = [d[0] for d in cur.description]
            found = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        conn.rollback()
        return found

    return run
