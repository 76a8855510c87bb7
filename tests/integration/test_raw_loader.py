"""Landing deliveries in raw: nothing lost, idempotent, superseded history kept."""

from __future__ import annotations

from functools import partial

import pytest

from corporate_parenting.extract.raw_loader import RawTable, ensure_register, load_records
from corporate_parenting.extract.readers import read_csv

TABLE = RawTable(
    name="test_things",
    source_system="test",
    columns=("CHILD", "CODE", "SEEN"),
    date_columns=("SEEN",),
    required_columns=("CHILD",),
)


@pytest.fixture
def conn(empty_warehouse, db):
    ensure_register(db)
    db.commit()
    return db


def _load(conn, path, period="2025-26"):
    result = load_records(
        conn,
        TABLE,
        partial(read_csv, path, path.name, TABLE.columns),
        checksum=str(hash(path.read_bytes())),
        la_code="E06099001",
        period=period,
        display_name=path.name,
    )
    conn.commit()
    return result


def _rows(conn, sql):
    with conn.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def test_every_row_is_loaded_or_quarantined_with_row_field_and_reason(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text(
        "CHILD,CODE,SEEN\n1,A,01/02/2024\n2,B,x,extra\n,C,\n\n3,D,01/02/24\n"
        "4,E,31/02/2024\n5,F,\n5,F,\n"
    )

    result = _load(conn, path)

    assert (result.rows_delivered, result.rows_loaded, result.rows_quarantined) == (8, 2, 6)
    assert _rows(conn, "select row_number, field, reason from raw._quarantine order by 1") == [
        (3, None, "expected 3 fields, found 4"),
        (4, "CHILD", "CHILD is blank"),
        (5, None, "blank row"),
        (6, "SEEN", "SEEN '01/02/24' has a two-digit year; dates must be dd/mm/yyyy"),
        (7, "SEEN", "SEEN '31/02/2024' is not a dd/mm/yyyy date"),
        (9, None, "exact duplicate of row 8"),
    ]
    assert _rows(conn, "select _row_number, child from raw.test_things order by 1") == [
        (2, "1"),
        (8, "5"),
    ]
    assert _rows(
        conn, "select rows_delivered, rows_loaded, rows_quarantined, status from raw._load_batches"
    ) == [(8, 2, 6, "loaded")]


def test_redelivering_the_same_file_changes_nothing(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("CHILD,CODE,SEEN\n1,A,\n2,B,\n")
    first = _load(conn, path)
    second = _load(conn, path)
    assert second.status == "unchanged" and second.batch_id == first.batch_id
    assert _rows(conn, "select count(*) from raw.test_things") == [(2,)]
    assert _rows(conn, "select count(*) from raw._load_batches") == [(1,)]


def test_a_corrected_file_supersedes_the_earlier_one_and_history_is_kept(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("CHILD,CODE,SEEN\n1,A,\n2,B,\n")
    first = _load(conn, path)
    path.write_text("CHILD,CODE,SEEN\n1,A,\n2,C,\n3,D,\n")
    second = _load(conn, path)

    assert _rows(conn, "select child, code from raw.test_things order by 1") == [
        ("1", "A"),
        ("2", "C"),
        ("3", "D"),
    ]
    assert _rows(
        conn, "select child, code, _batch_id::text from raw_history.test_things order by 1"
    ) == [("1", "A", first.batch_id), ("2", "B", first.batch_id)]
    assert _rows(
        conn, "select batch_id::text, superseded_by::text from raw._load_batches order by loaded_at"
    ) == [(first.batch_id, second.batch_id), (second.batch_id, None)]


def test_another_period_does_not_supersede(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("CHILD,CODE,SEEN\n1,A,\n")
    _load(conn, path, period="2024-25")
    path.write_text("CHILD,CODE,SEEN\n1,B,\n")
    _load(conn, path, period="2025-26")
    assert _rows(conn, "select _period, code from raw.test_things order by 1") == [
        ("2024-25", "A"),
        ("2025-26", "B"),
    ]


def test_an_empty_redelivery_is_refused_and_keeps_the_previous_delivery(conn, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("CHILD,CODE,SEEN\n1,A,\n")
    _load(conn, path)
    path.write_bytes(b"")
    refused = _load(conn, path)
    assert refused.status == "rejected_empty"
    assert refused.notes == ["things.csv: the file is empty (no header row)"]
    assert _rows(conn, "select child from raw.test_things") == [("1",)]
    assert _load(conn, path).status == "unchanged", "the same empty file is not registered twice"
