"""Landing files in raw: nothing lost, idempotent, superseded history kept."""

from __future__ import annotations

import pytest

from corporate_parenting.extract.raw_loader import (
    RawTable,
    SourceFileError,
    ensure_register,
    load_csv,
)

TABLE = RawTable(name="test_things", source_system="test", columns=("CHILD", "CODE"))


@pytest.fixture
def conn(empty_warehouse, db):
    ensure_register(db)
    db.commit()
    return db


def _load(conn, path, **kw):
    result = load_csv(
        conn,
        TABLE,
        path,
        la_code="E06099001",
        collection_year="2025-26",
        display_name=path.name,
        **kw,
    )
    conn.commit()
    return result


def _count(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0]


def test_every_row_is_loaded_or_quarantined_with_file_row_and_reason(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("CHILD,CODE\n1,A\n2,B,extra\n,C\n\n3,D\n")

    def must_name_child(row):
        if not row["CHILD"]:
            raise ValueError("CHILD: missing child identifier")
        return {}

    result = _load(conn, path, transform=must_name_child)

    assert (result.rows_in_file, result.rows_loaded, result.rows_quarantined) == (5, 2, 3)
    assert _count(conn, "select count(*) from raw.test_things") == 2
    with conn.cursor() as cur:
        cur.execute(
            "select source_file, row_number, field, reason from raw._quarantine order by row_number"
        )
        assert cur.fetchall() == [
            ("things.csv", 3, None, "expected 2 fields, found 3"),
            ("things.csv", 4, "CHILD", "missing child identifier"),
            ("things.csv", 5, None, "blank row"),
        ]
    with conn.cursor() as cur:
        cur.execute("select _row_number from raw.test_things order by 1")
        assert [r[0] for r in cur.fetchall()] == [2, 6]


def test_redelivering_the_same_file_changes_nothing(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("CHILD,CODE\n1,A\n2,B\n")
    first = _load(conn, path)
    second = _load(conn, path)
    assert second.skipped_unchanged and second.batch_id == first.batch_id
    assert _count(conn, "select count(*) from raw.test_things") == 2
    assert _count(conn, "select count(*) from raw._load_batches") == 1


def test_a_corrected_file_supersedes_the_earlier_one_and_keeps_history(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("CHILD,CODE\n1,A\n2,B\n")
    first = _load(conn, path)
    path.write_text("CHILD,CODE\n1,A\n2,C\n3,D\n")
    second = _load(conn, path)
    assert _count(conn, "select count(*) from raw.test_things") == 3
    assert _count(conn, "select count(*) from raw.test_things where code = 'B'") == 0
    with conn.cursor() as cur:
        cur.execute(
            "select batch_id::text, superseded_by::text from raw._load_batches order by loaded_at"
        )
        assert cur.fetchall() == [(first.batch_id, second.batch_id), (second.batch_id, None)]


def test_a_file_missing_a_column_is_refused_naming_file_and_column(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("CHILD\n1\n")
    with pytest.raises(SourceFileError, match=r"things.csv: row 1 \(header\): missing column"):
        _load(conn, path)


def test_an_empty_file_is_refused_naming_the_file(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("")
    with pytest.raises(SourceFileError, match="things.csv.*empty"):
        _load(conn, path)
