"""Readers for every delivered format, all yielding the same thing: numbered records.

A reader yields `Record(row_number, values)` for each delivered row, or a `Quarantined`
entry when the row cannot be read as a row at all (wrong number of fields, a blank line, an
exact duplicate of an earlier row). Values are strings exactly as delivered (trimmed); typing
happens later. `row_number` is what a person would use to find the row: the line number of a
CSV (header = line 1), the Excel row number, the line of the XML element, or the position of
the row in a database query ordered by its key.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path


class SourceFileError(ValueError):
    """A delivered file cannot be read at all; the message names the file and the problem."""


@dataclass
class Record:
    row_number: int
    values: dict[str, str]
    # Columns the file had that the table does not define: kept, not lost.
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Quarantined:
    row_number: int | None
    field: str | None
    reason: str
    raw_record: str


@dataclass
class Delivery:
    """What a reader found in a file before any row: its encoding and column notes."""

    encoding: str = "utf-8"
    header: list[str] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def decode(data: bytes, display_name: str, delivery: Delivery) -> str:
    """UTF-8 (with or without BOM); Windows-1252 when a council system exported that instead."""
    try:
        text = data.decode("utf-8-sig")
        delivery.encoding = "utf-8"
        return text
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SourceFileError(
                f"{display_name}: not UTF-8 or Windows-1252 text (byte {exc.start})"
            ) from exc
        delivery.encoding = "cp1252"
        delivery.notes.append("decoded as Windows-1252 (not UTF-8)")
        return text


def _normalise_header(name: str) -> str:
    return name.strip()


def read_csv(
    path: Path,
    display_name: str,
    columns: tuple[str, ...],
    delivery: Delivery,
    *,
    case_insensitive: bool = True,
) -> Iterator[Record | Quarantined]:
    data = path.read_bytes()
    if not data.strip():
        raise EmptyDelivery(f"{display_name}: the file is empty (no header row)")
    reader = csv.reader(io.StringIO(decode(data, display_name, delivery), newline=""))
    header = [_normalise_header(h) for h in next(reader)]
    delivery.header = header
    yield from _records_from_rows(
        ((reader.line_num, row) for row in reader),
        header,
        columns,
        delivery,
        case_insensitive=case_insensitive,
    )


class EmptyDelivery(SourceFileError):
    """A 0-byte or header-less file: refused without touching what was loaded before."""


def _records_from_rows(
    numbered_rows,
    header: list[str],
    columns: tuple[str, ...],
    delivery: Delivery,
    *,
    case_insensitive: bool,
) -> Iterator[Record | Quarantined]:
    def key(name: str) -> str:
        return name.upper() if case_insensitive else name

    positions = {key(h): i for i, h in enumerate(header)}
    delivery.missing_columns = [c for c in columns if key(c) not in positions]
    wanted = {key(c) for c in columns}
    delivery.extra_columns = [h for h in header if key(h) not in wanted]
    seen: dict[tuple, int] = {}
    for line_number, row in numbered_rows:
        raw = ",".join("" if v is None else str(v) for v in row)
        if not any(str(v).strip() for v in row if v is not None):
            yield Quarantined(line_number, None, "blank row", raw)
            continue
        if len(row) != len(header):
            reason = f"expected {len(header)} fields, found {len(row)}"
            yield Quarantined(line_number, None, reason, raw)
            continue
        signature = tuple(row)
        if signature in seen:
            yield Quarantined(line_number, None, f"exact duplicate of row {seen[signature]}", raw)
            continue
        seen[signature] = line_number
        if delivery.missing_columns:
            missing = ", ".join(delivery.missing_columns)
            yield Quarantined(
                line_number,
                delivery.missing_columns[0],
                f"the file has no column {missing}",
                raw,
            )
            continue
        values = {c: as_text(row[positions[key(c)]]) for c in columns}
        extra = {h: as_text(row[positions[key(h)]]) for h in delivery.extra_columns}
        yield Record(line_number, values, extra)


def as_text(value) -> str:
    """A delivered value as the text the raw layer keeps (dates as dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx_sheet(
    path: Path, sheet: str, display_name: str, columns: tuple[str, ...], delivery: Delivery
) -> Iterator[Record | Quarantined]:
    """One worksheet; Excel row numbers (header = row 1). Dates become dd/mm/yyyy text.

    A blank header cell between headed columns names its column by letter (kept in `_extra`
    like any unexpected column). A row with a value right of the last headed column is
    quarantined, as a CSV row with too many fields is. Blank rows after the last row with a
    value are Excel's formatted range, not delivered rows; blank rows before it are rows.
    """
    from openpyxl import load_workbook  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged workbook
        raise SourceFileError(f"{display_name}: not a readable Excel workbook ({exc})") from exc
    try:
        if sheet not in workbook.sheetnames:
            sheets = ", ".join(workbook.sheetnames)
            raise SourceFileError(f"{display_name}: no sheet named {sheet!r} (sheets: {sheets})")
        rows = workbook[sheet].iter_rows(values_only=True)
        header_row = list(next(rows, None) or ())
        while header_row and _blank(header_row[-1]):
            header_row.pop()
        if not header_row:
            raise EmptyDelivery(f"{display_name}: sheet {sheet!r} is empty (no header row)")
        header = [
            _normalise_header(str(h)) if not _blank(h) else f"COLUMN_{get_column_letter(i)}"
            for i, h in enumerate(header_row, start=1)
        ]
        delivery.header = header
        yield from _records_from_rows(
            _sheet_rows(rows, len(header)), header, columns, delivery, case_insensitive=True
        )
    finally:
        workbook.close()


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_rows(rows, width: int):
    """(Excel row number, cells) padded to the header's width; trailing blank rows dropped."""
    pending_blank: list[tuple[int, list]] = []
    for number, row in enumerate(rows, start=2):
        cells = list(row)
        if all(_blank(v) for v in cells):
            pending_blank.append((number, [None] * width))
            continue
        yield from pending_blank
        pending_blank = []
        if any(not _blank(v) for v in cells[width:]):
            # A value with no header: too many fields, like a CSV row (quarantined there).
            yield number, cells[: max(i for i, v in enumerate(cells) if not _blank(v)) + 1]
            continue
        yield number, cells[:width] + [None] * (width - len(cells))


def read_query(
    rows: list[dict], display_name: str, columns: tuple[str, ...], delivery: Delivery
) -> Iterator[Record | Quarantined]:
    """Rows fetched from a source database (already ordered by key): row = position + 1."""
    header = list(rows[0].keys()) if rows else list(columns)
    delivery.header = header
    numbered = ((i, [row.get(h) for h in header]) for i, row in enumerate(rows, start=1))
    yield from _records_from_rows(numbered, header, columns, delivery, case_insensitive=True)


ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][0-9:.+-]*)?$")


def fetch_table(
    engine, table: str, display_name: str, date_columns: tuple[str, ...] = ()
) -> list[dict[str, str]]:
    """Every row of one table of a source database, ordered by its primary key.

    `engine` is a SQLAlchemy engine (or connection). Values come back as the database holds
    them, as text: NULL is '', dates (DATE/DATETIME columns and the layout's `date_columns`)
    are dd/mm/yyyy. A stored date that is not a calendar date is kept as stored, so the raw
    loader quarantines it naming its row and field rather than the whole query failing. Rows
    without a primary key are ordered by the first column, then the rest.
    """
    import sqlalchemy as sa  # noqa: PLC0415

    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(table):
            raise SourceFileError(f"{display_name}: the database has no table {table!r}")
        source = sa.Table(table, sa.MetaData(), autoload_with=conn)
        key = list(source.primary_key.columns) or list(source.columns)
        wanted_dates = {c.upper() for c in date_columns}
        dates = {
            c.name
            for c in source.columns
            if c.name.upper() in wanted_dates or isinstance(c.type, sa.Date | sa.DateTime)
        }
        # NullType: the driver's own values, so a malformed stored date cannot break the query.
        select = sa.select(
            *(sa.type_coerce(c, sa.types.NullType()).label(c.name) for c in source.columns)
        ).order_by(*key)
        return [
            {name: _db_text(value, name in dates) for name, value in row._mapping.items()}
            for row in conn.execute(select)
        ]


def _db_text(value, is_date: bool) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if is_date and isinstance(value, str):
        match = ISO_DATE.match(value.strip())
        if match:
            try:
                value = date(*(int(g) for g in match.groups()))
            except ValueError:
                return value.strip()
    return as_text(value)
