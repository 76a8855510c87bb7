"""Land delivered files in the restricted `raw` schema with load metadata.

Every delivered row ends up either in its raw table or in `raw._quarantine` with the reason,
the file, the row and the field, and every load checks `rows in file = loaded + quarantined`.
Values are kept exactly as delivered (text); typing and cleaning happen in dbt staging.

Re-delivering a file with the same content changes nothing. A different file for the same
table, LA and collection year supersedes the earlier batch: its rows are replaced and the
batch register keeps the history of what was superseded and when.
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

METADATA_COLUMNS = (
    "_batch_id",
    "_source_file",
    "_row_number",
    "_la_code",
    "_collection_year",
    "_loaded_at",
)

REGISTER_DDL = r"""
create schema if not exists raw;
-- Validation rules must test a dd/mm/yyyy date without failing on 31/02/2024.
create or replace function raw.parse_ddmmyyyy(value text) returns date
language plpgsql immutable as $$
begin
    if value !~ '^\d{2}/\d{2}/\d{4}$' then
        return null;
    end if;
    return to_date(value, 'DD/MM/YYYY');
exception when others then
    return null;
end;
$$;
create table if not exists raw._load_batches (
    batch_id uuid primary key,
    source_system text not null,
    table_name text not null,
    la_code text not null,
    collection_year text not null,
    source_file text not null,
    checksum text not null,
    rows_in_file integer not null,
    rows_loaded integer not null,
    rows_quarantined integer not null,
    loaded_at timestamptz not null,
    superseded_at timestamptz,
    superseded_by uuid
);
create table if not exists raw._quarantine (
    batch_id uuid not null,
    source_file text not null,
    row_number integer not null,
    field text,
    reason text not null,
    raw_record text
);
"""


class RowAccountingError(RuntimeError):
    """Rows were lost: the file's data rows do not equal loaded + quarantined."""


class SourceFileError(ValueError):
    """A delivered file cannot be read at all; names the file and what is wrong."""


@dataclass(frozen=True)
class RawTable:
    """One raw table: the delivered columns plus the columns derived at the boundary."""

    name: str
    source_system: str
    columns: tuple[str, ...]
    derived_columns: tuple[str, ...] = ()

    def ddl(self) -> str:
        cols = [f'"{c.lower()}" text' for c in self.columns]
        cols += [f'"{c}" text' for c in self.derived_columns]
        cols += [
            "_batch_id uuid not null",
            "_source_file text not null",
            "_row_number integer not null",
            "_la_code text not null",
            "_collection_year text not null",
            "_loaded_at timestamptz not null",
        ]
        return f"create table if not exists raw.{self.name} (\n  " + ",\n  ".join(cols) + "\n)"


@dataclass
class Quarantined:
    row_number: int
    field: str | None
    reason: str
    raw_record: str


@dataclass
class LoadResult:
    table: str
    source_file: str
    batch_id: str | None
    rows_in_file: int
    rows_loaded: int
    rows_quarantined: int
    skipped_unchanged: bool = False
    quarantined: list[Quarantined] = field(default_factory=list)


# A row transform receives the delivered values (by DfE column name) and returns the derived
# column values, or raises ValueError("FIELD: reason") to quarantine the row.
RowTransform = Callable[[dict[str, str]], dict[str, str | None]]


def file_checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_register(conn) -> None:
    with conn.cursor() as cur:
        cur.execute(REGISTER_DDL)


def load_csv(
    conn,
    table: RawTable,
    path: Path,
    *,
    la_code: str,
    collection_year: str,
    display_name: str,
    transform: RowTransform | None = None,
) -> LoadResult:
    """Load one delivered CSV into `raw.<table>`; idempotent per (table, LA, year, content)."""
    checksum = file_checksum(path)
    with conn.cursor() as cur:
        cur.execute(table.ddl())
        cur.execute(
            "select batch_id, checksum from raw._load_batches where table_name = %s "
            "and la_code = %s and collection_year = %s and superseded_at is null",
            (table.name, la_code, collection_year),
        )
        current = cur.fetchone()
    if current and current[1] == checksum:
        return LoadResult(
            table.name, display_name, str(current[0]), 0, 0, 0, skipped_unchanged=True
        )

    batch_id = str(uuid.uuid4())
    loaded_at = datetime.now(UTC).isoformat()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    quarantined: list[Quarantined] = []
    rows_in_file = 0
    for line_number, record, raw_line in _read_records(path, display_name, table.columns):
        rows_in_file += 1
        if isinstance(record, Quarantined):
            quarantined.append(record)
            continue
        try:
            derived = transform(record) if transform else {}
        except ValueError as exc:
            field_name, _, reason = str(exc).partition(": ")
            quarantined.append(Quarantined(line_number, field_name, reason or str(exc), raw_line))
            continue
        writer.writerow(
            [record[c] for c in table.columns]
            + [derived.get(c) for c in table.derived_columns]
            + [batch_id, display_name, line_number, la_code, collection_year, loaded_at]
        )
    rows_loaded = rows_in_file - len(quarantined)
    if rows_loaded + len(quarantined) != rows_in_file:  # pragma: no cover - arithmetic guard
        raise RowAccountingError(f"{display_name}: rows lost during load")

    columns = [f'"{c.lower()}"' for c in table.columns]
    columns += [f'"{c}"' for c in table.derived_columns] + list(METADATA_COLUMNS)
    with conn.cursor() as cur:
        if current:
            cur.execute(
                f"delete from raw.{table.name} where _la_code = %s and _collection_year = %s",
                (la_code, collection_year),
            )
            cur.execute(
                "update raw._load_batches set superseded_at = now(), superseded_by = %s "
                "where batch_id = %s",
                (batch_id, current[0]),
            )
        buffer.seek(0)
        cur.copy_expert(
            f"copy raw.{table.name} ({', '.join(columns)}) from stdin with (format csv)", buffer
        )
        cur.execute(f"select count(*) from raw.{table.name} where _batch_id = %s", (batch_id,))
        (in_table,) = cur.fetchone()
        if in_table != rows_loaded:
            raise RowAccountingError(
                f"{display_name}: {rows_in_file} rows in file but {in_table} in raw.{table.name} "
                f"and {len(quarantined)} quarantined"
            )
        if quarantined:
            cur.executemany(
                "insert into raw._quarantine (batch_id, source_file, row_number, field, reason, "
                "raw_record) values (%s, %s, %s, %s, %s, %s)",
                [
                    (batch_id, display_name, q.row_number, q.field, q.reason, q.raw_record)
                    for q in quarantined
                ],
            )
        cur.execute(
            "insert into raw._load_batches (batch_id, source_system, table_name, la_code, "
            "collection_year, source_file, checksum, rows_in_file, rows_loaded, "
            "rows_quarantined, loaded_at) values (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            (
                batch_id,
                table.source_system,
                table.name,
                la_code,
                collection_year,
                display_name,
                checksum,
                rows_in_file,
                rows_loaded,
                len(quarantined),
                loaded_at,
            ),
        )
    return LoadResult(
        table.name,
        display_name,
        batch_id,
        rows_in_file,
        rows_loaded,
        len(quarantined),
        quarantined=quarantined,
    )


def read_header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        first = next(csv.reader(handle), None)
    if first is None:
        raise SourceFileError(f"{path}: the file is empty (no header row)")
    return [c.strip().upper() for c in first]


def _read_records(
    path: Path, display_name: str, expected: Iterable[str]
) -> Iterable[tuple[int, dict[str, str] | Quarantined, str]]:
    expected = tuple(expected)
    header = read_header(path)
    missing = [c for c in expected if c not in header]
    if missing:
        raise SourceFileError(
            f"{display_name}: row 1 (header): missing column(s) {', '.join(missing)}"
        )
    positions = [header.index(c) for c in expected]
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)
        for values in reader:
            line_number = reader.line_num
            raw_line = ",".join(values)
            if not any(v.strip() for v in values):
                yield line_number, Quarantined(line_number, None, "blank row", raw_line), raw_line
                continue
            if len(values) != len(header):
                reason = f"expected {len(header)} fields, found {len(values)}"
                yield line_number, Quarantined(line_number, None, reason, raw_line), raw_line
                continue
            yield (
                line_number,
                {c: values[i].strip() for c, i in zip(expected, positions, strict=True)},
                raw_line,
            )
