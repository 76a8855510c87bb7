"""Land delivered records in the restricted `raw` schema with load metadata.

Every delivered row ends up either in its raw table or in `raw._quarantine` with the reason,
the file, the row and the field, and every load checks `rows delivered = loaded + quarantined`.
Values are kept as delivered (text); only what cannot be a value of its column (a date that is
not a dd/mm/yyyy calendar date) is quarantined here. Code lists and cross-field rules are the
quality gate's job, by collection year.

Deliveries are per (table, LA, period). Re-delivering identical content changes nothing. A
different delivery for the same period supersedes the earlier one: its rows move to
`raw_history.<table>` and the batch register records what superseded it and when. An empty
file is refused and registered, and leaves the earlier delivery in place.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from corporate_parenting.extract.readers import (
    Delivery,
    EmptyDelivery,
    Quarantined,
    Record,
    SourceFileError,
)

__all__ = [
    "Delivery",
    "EmptyDelivery",
    "LoadResult",
    "Quarantined",
    "RawTable",
    "Record",
    "RowAccountingError",
    "SourceFileError",
    "ensure_register",
    "load_records",
]

METADATA_COLUMNS = ("_batch_id", "_source_file", "_row_number", "_la_code", "_period", "_loaded_at")

REGISTER_DDL = r"""
create schema if not exists raw;
create schema if not exists raw_history;
-- Validation rules must test a dd/mm/yyyy date without failing on 31/02/2024. Plain SQL,
-- no exception handler: PostgreSQL inlines it, where a plpgsql handler opens a
-- subtransaction per call (the gate calls it millions of times on a national estate).
-- Nested CASEs because AND does not promise an order of evaluation.
create or replace function raw.parse_ddmmyyyy(value text) returns date
language sql immutable parallel safe as $$
    select case when value ~ '^\d{2}/\d{2}/\d{4}$' then
        case when substr(value, 7, 4)::int >= 1 and substr(value, 4, 2)::int between 1 and 12 then
            case when substr(value, 1, 2)::int between 1 and extract(day from (
                make_date(substr(value, 7, 4)::int, substr(value, 4, 2)::int, 1)
                + interval '1 month - 1 day'))
            then make_date(
                substr(value, 7, 4)::int, substr(value, 4, 2)::int, substr(value, 1, 2)::int
            ) end
        end
    end
$$;
create table if not exists raw._load_batches (
    batch_id uuid primary key,
    source_system text not null,
    table_name text not null,
    la_code text not null,
    period text not null,
    source_file text not null,
    checksum text not null,
    status text not null,
    encoding text,
    notes text,
    rows_delivered integer not null,
    rows_loaded integer not null,
    rows_quarantined integer not null,
    loaded_at timestamptz not null,
    superseded_at timestamptz,
    superseded_by uuid
);
create index if not exists load_batches_current
    on raw._load_batches (table_name, la_code, period) where superseded_at is null;
create table if not exists raw._quarantine (
    batch_id uuid not null,
    table_name text not null,
    source_file text not null,
    row_number integer,
    field text,
    reason text not null,
    raw_record text
);
"""

DDMMYYYY = re.compile(r"^\d{2}/\d{2}/\d{4}$")
TWO_DIGIT_YEAR = re.compile(r"^\d{1,2}/\d{1,2}/\d{2}$")


class RowAccountingError(RuntimeError):
    """Rows were lost: delivered rows do not equal loaded + quarantined."""


@dataclass(frozen=True)
class RawTable:
    """One raw table: the delivered columns, how to check them, and what is derived at load."""

    name: str
    source_system: str
    columns: tuple[str, ...]
    derived_columns: tuple[str, ...] = ()
    date_columns: tuple[str, ...] = ()
    required_columns: tuple[str, ...] = ()

    def ddl(self) -> str:
        cols = [f'"{c.lower()}" text' for c in self.columns]
        cols += [f'"{c}" text' for c in self.derived_columns]
        cols += [
            "_extra jsonb",
            "_batch_id uuid not null",
            "_source_file text not null",
            "_row_number integer",
            "_la_code text not null",
            "_period text not null",
            "_loaded_at timestamptz not null",
        ]
        body = ",\n  ".join(cols)
        return (
            f"create table if not exists raw.{self.name} (\n  {body}\n);\n"
            f"create index if not exists {self.name}_batch on raw.{self.name} (_batch_id);\n"
            f"create table if not exists raw_history.{self.name} "
            f"(like raw.{self.name}, _superseded_at timestamptz);"
        )

    def check(self, record: Record) -> Quarantined | None:
        """The first value that cannot be what its column holds, as a quarantine reason."""
        for column in self.required_columns:
            if not record.values.get(column):
                return Quarantined(record.row_number, column, f"{column} is blank", "")
        for column in self.date_columns:
            value = record.values.get(column, "")
            if not value:
                continue
            if TWO_DIGIT_YEAR.match(value):
                reason = f"{column} {value!r} has a two-digit year; dates must be dd/mm/yyyy"
                return Quarantined(record.row_number, column, reason, "")
            if not DDMMYYYY.match(value) or not _is_calendar_date(value):
                reason = f"{column} {value!r} is not a dd/mm/yyyy date"
                return Quarantined(record.row_number, column, reason, "")
        return None


def _is_calendar_date(value: str) -> bool:
    try:
        datetime.strptime(value, "%d/%m/%Y")
    except ValueError:
        return False
    return True


@dataclass
class LoadResult:
    table: str
    source_file: str
    batch_id: str | None
    status: str
    rows_delivered: int
    rows_loaded: int
    rows_quarantined: int
    quarantined: list[Quarantined] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def skipped_unchanged(self) -> bool:
        return self.status == "unchanged"


# A row transform returns the derived column values, or raises ValueError("FIELD: reason")
# to quarantine the row.
RowTransform = Callable[[dict[str, str]], dict[str, str | None]]


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ensure_register(conn) -> None:
    with conn.cursor() as cur:
        cur.execute(REGISTER_DDL)


def _current_batch(cur, table: RawTable, la_code: str, period: str):
    cur.execute(
        "select batch_id, checksum from raw._load_batches where table_name = %s "
        "and la_code = %s and period = %s and superseded_at is null and status = 'loaded'",
        (table.name, la_code, period),
    )
    return cur.fetchone()


def _same_delivery(cur, table: RawTable, la_code: str, period: str, checksum: str):
    """A delivery with this content that is still in force (loaded, or refused as empty)."""
    cur.execute(
        "select batch_id from raw._load_batches where table_name = %s and la_code = %s "
        "and period = %s and checksum = %s and superseded_at is null "
        "order by loaded_at desc limit 1",
        (table.name, la_code, period, checksum),
    )
    row = cur.fetchone()
    return row[0] if row else None


def load_records(
    conn,
    table: RawTable,
    read: Callable[[Delivery], Iterable[Record | Quarantined]],
    *,
    checksum: str,
    la_code: str,
    period: str,
    display_name: str,
    transform: RowTransform | None = None,
) -> LoadResult:
    """Load one delivery of `table` for (LA, period); idempotent on content checksum."""
    with conn.cursor() as cur:
        cur.execute(table.ddl())
        same = _same_delivery(cur, table, la_code, period, checksum)
        current = _current_batch(cur, table, la_code, period)
    if same is not None:
        return LoadResult(table.name, display_name, str(same), "unchanged", 0, 0, 0)

    batch_id = str(uuid.uuid4())
    loaded_at = datetime.now(UTC).isoformat()
    batch = _Batch(batch_id, table, la_code, period, display_name, checksum, loaded_at)
    delivery = Delivery()
    try:
        records = list(read(delivery))
    except EmptyDelivery as empty:
        _register(conn, batch, "rejected_empty", delivery, (0, 0, 0), [str(empty)])
        return LoadResult(
            table.name, display_name, batch_id, "rejected_empty", 0, 0, 0, notes=[str(empty)]
        )

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    quarantined: list[Quarantined] = []
    for item in records:
        if isinstance(item, Quarantined):
            quarantined.append(item)
            continue
        problem = table.check(item)
        if problem is None and transform is not None:
            try:
                derived = transform(item.values)
            except ValueError as exc:
                field_name, _, reason = str(exc).partition(": ")
                problem = Quarantined(item.row_number, field_name, reason or str(exc), "")
        else:
            derived = {}
        if problem is not None:
            problem.raw_record = ",".join(item.values.values())
            quarantined.append(problem)
            continue
        writer.writerow(
            [item.values[c] for c in table.columns]
            + [derived.get(c) for c in table.derived_columns]
            + [json.dumps(item.extra) if item.extra else None]
            + [batch_id, display_name, item.row_number, la_code, period, loaded_at]
        )
    rows_delivered = len(records)
    rows_loaded = rows_delivered - len(quarantined)

    notes = list(delivery.notes)
    if delivery.extra_columns:
        notes.append(f"unexpected column(s) kept in _extra: {', '.join(delivery.extra_columns)}")
    if delivery.missing_columns:
        notes.append(f"missing column(s): {', '.join(delivery.missing_columns)}")
    columns = [f'"{c.lower()}"' for c in table.columns]
    columns += [f'"{c}"' for c in table.derived_columns] + ["_extra", *METADATA_COLUMNS]
    with conn.cursor() as cur:
        if current:
            _supersede(cur, table, current[0], batch_id)
        buffer.seek(0)
        cur.copy_expert(
            f"copy raw.{table.name} ({', '.join(columns)}) from stdin with (format csv)", buffer
        )
        cur.execute(f"select count(*) from raw.{table.name} where _batch_id = %s", (batch_id,))
        (in_table,) = cur.fetchone()
        if in_table + len(quarantined) != rows_delivered:
            raise RowAccountingError(
                f"{display_name}: {rows_delivered} rows delivered but {in_table} in "
                f"raw.{table.name} and {len(quarantined)} quarantined"
            )
        if quarantined:
            cur.executemany(
                "insert into raw._quarantine (batch_id, table_name, source_file, row_number, "
                "field, reason, raw_record) values (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        batch_id,
                        table.name,
                        display_name,
                        q.row_number,
                        q.field,
                        q.reason,
                        q.raw_record,
                    )
                    for q in quarantined
                ],
            )
    counts = (rows_delivered, rows_loaded, len(quarantined))
    _register(conn, batch, "loaded", delivery, counts, notes)
    return LoadResult(
        table.name,
        display_name,
        batch_id,
        "loaded",
        rows_delivered,
        rows_loaded,
        len(quarantined),
        quarantined=quarantined,
        notes=notes,
    )


def _supersede(cur, table: RawTable, old_batch, new_batch: str) -> None:
    """Move the earlier delivery's rows to raw_history and mark its batch superseded."""
    cur.execute(
        f"insert into raw_history.{table.name} select *, now() from raw.{table.name} "
        "where _batch_id = %s",
        (old_batch,),
    )
    cur.execute(f"delete from raw.{table.name} where _batch_id = %s", (old_batch,))
    cur.execute(
        "update raw._load_batches set superseded_at = now(), superseded_by = %s "
        "where batch_id = %s",
        (new_batch, old_batch),
    )


@dataclass(frozen=True)
class _Batch:
    batch_id: str
    table: RawTable
    la_code: str
    period: str
    display_name: str
    checksum: str
    loaded_at: str


def _register(conn, batch: _Batch, status: str, delivery, counts, notes) -> None:
    """Record a delivery in the batch register; counts = (delivered, loaded, quarantined)."""
    with conn.cursor() as cur:
        cur.execute(
            "insert into raw._load_batches (batch_id, source_system, table_name, la_code, period, "
            "source_file, checksum, status, encoding, notes, rows_delivered, rows_loaded, "
            "rows_quarantined, loaded_at) values (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            (
                batch.batch_id,
                batch.table.source_system,
                batch.table.name,
                batch.la_code,
                batch.period,
                batch.display_name,
                batch.checksum,
                status,
                delivery.encoding,
                "; ".join(notes) or None,
                *counts,
                batch.loaded_at,
            ),
        )
