"""Virtual School, health, leaving care and voice: finding their deliveries (landing-layout.md).

- Virtual School: `<la>/virtual_school/<academic year>-T<1-3>/<table>.csv`; period = the term
  folder (`2025-26-T1`). A file is its table by name, or by its header row.
- Health: `<la>/health/<YYYY-MM>/lac_health_<YYYY-MM>.xlsx`, one sheet per table. The
  workbook is the tracker of the financial year the month falls in, year to date, so the
  period is the financial year (`2026-10` -> `2026-27`, `2026-03` -> `2025-26`). Months are
  taken oldest first and a later month's workbook replaces the earlier one, so only the
  latest workbook of each financial year is landed; it supersedes what was landed before.
- Leaving care: one database per LA, `<la>/leaving_care/leaving_care.sqlite` (opened read
  only), or the `sqlalchemy_url` (with `la_code`) of the `leaving_care_db` connection. Every
  table is queried whole; period = `snapshot`. A snapshot whose content changed supersedes
  the previous one; identical content is `unchanged`.
- Voice: `<la>/voice/<kind>/<file>.csv`, kind one of source_layouts.VOICE; period = the file
  stem (each file is its own delivery: one survey, one year's report).

Anything else in these folders (a file that matches no table, a folder that is not a term or
month) fails with a SourceFileError naming it: nothing delivered is silently skipped. Hidden
files and Office lock files (`~$...`) are not deliveries and are ignored.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from corporate_parenting.extract import readers
from corporate_parenting.extract.domain_tables import DOMAIN_SOURCES, DOMAIN_TABLES
from corporate_parenting.extract.raw_loader import SourceFileError, checksum_of
from corporate_parenting.extract.sources import (
    MONTH,
    DeliveredFile,
    SourceTable,
    csv_file,
    identify_by_header,
)

TERM = re.compile(r"^(\d{4})-(\d{2})-T[123]$")
LEAVING_CARE_DB = "leaving_care.sqlite"
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")
SNAPSHOT = "snapshot"


def discover(source: str, base: Path, options: dict | None = None) -> list[DeliveredFile]:
    """Every delivery of a domain source under `base` (the source connection's path)."""
    if source not in DOMAIN_SOURCES:
        raise ValueError(f"Unknown source {source!r}: one of {', '.join(DOMAIN_SOURCES)}")
    finder = {
        "virtual_school": _virtual_school,
        "health": _health,
        "leaving_care": _leaving_care,
        "voice": _voice,
    }[source]
    return finder(base, options or {}, DOMAIN_TABLES[source])


def financial_year(month: str) -> str:
    """The financial year (April to March) a month is in: '2026-10' -> '2026-27'."""
    year, number = _month(month)
    start = year if number >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _month(name: str) -> tuple[int, int]:
    if not MONTH.match(name) or not 1 <= int(name[5:]) <= 12:
        raise ValueError(f"{name!r} is not a month like 2026-10")
    return int(name[:4]), int(name[5:])


def _entries(folder: Path) -> Iterator[Path]:
    """A folder's entries in name order, without hidden files and Office lock files."""
    for path in sorted(folder.iterdir()):
        if not path.name.startswith((".", "~$")):
            yield path


def _roots(base: Path, name: str) -> Iterator[tuple[str, Path]]:
    """(LA code, `<la>/<name>` folder) for every LA that has the source's folder."""
    for root in sorted(base.glob(f"*/{name}")):
        if root.is_dir():
            yield root.parent.name, root


def _table_for_csv(path: Path, tables: dict[str, SourceTable], what: str) -> SourceTable:
    table = tables.get(path.stem.lower()) or identify_by_header(path, tables.values())
    if table is None:
        raise SourceFileError(
            f"{path}: the file name and header row match no {what} table "
            f"({', '.join(sorted(tables))})"
        )
    return table


def _csv_or_fail(path: Path, what: str) -> None:
    if path.is_dir() or path.suffix.lower() != ".csv":
        raise SourceFileError(f"{path}: not a {what} delivery (expected CSV files only)")


def _virtual_school(base: Path, options: dict, tables) -> list[DeliveredFile]:
    delivered = []
    for la_code, root in _roots(base, "virtual_school"):
        for term_dir in _entries(root):
            term = TERM.match(term_dir.name)
            if not term_dir.is_dir() or not term:
                raise SourceFileError(
                    f"{term_dir}: not a term folder like 2025-26-T1 "
                    "(<la>/virtual_school/<academic year>-T<1-3>/<table>.csv)"
                )
            if int(term.group(2)) != (int(term.group(1)) + 1) % 100:
                raise SourceFileError(f"{term_dir}: {term_dir.name[:7]} is not an academic year")
            for path in _entries(term_dir):
                _csv_or_fail(path, "Virtual School")
                table = _table_for_csv(path, tables, "Virtual School")
                delivered.append(
                    csv_file("virtual_school", table, path, base, la_code, term_dir.name)
                )
    return delivered


def _voice(base: Path, options: dict, tables) -> list[DeliveredFile]:
    delivered = []
    for la_code, root in _roots(base, "voice"):
        for kind_dir in _entries(root):
            table = tables.get(kind_dir.name)
            if not kind_dir.is_dir() or table is None:
                raise SourceFileError(
                    f"{kind_dir}: not a kind of voice data (<la>/voice/<kind>/<file>.csv, "
                    f"kind one of {', '.join(tables)})"
                )
            for path in _entries(kind_dir):
                _csv_or_fail(path, f"voice {kind_dir.name}")
                delivered.append(csv_file("voice", table, path, base, la_code, path.stem))
    return delivered


def _health(base: Path, options: dict, tables) -> list[DeliveredFile]:
    delivered = []
    for la_code, root in _roots(base, "health"):
        # Oldest month first: a later month's workbook replaces an earlier one of its year.
        latest: dict[str, Path] = {}
        for month_dir in _entries(root):
            try:
                year = financial_year(month_dir.name)
            except ValueError:
                year = None
            if not month_dir.is_dir() or year is None:
                raise SourceFileError(
                    f"{month_dir}: not a month folder like 2026-10 "
                    "(<la>/health/<YYYY-MM>/lac_health_<YYYY-MM>.xlsx)"
                ) from None
            expected = f"lac_health_{month_dir.name}.xlsx"
            for path in _entries(month_dir):
                if path.name.lower() != expected or not path.is_file():
                    raise SourceFileError(
                        f"{path}: not the health workbook of {month_dir.name} (expected {expected})"
                    )
                latest[year] = path
        for year, path in sorted(latest.items()):
            delivered += _workbook_sheets(base, path, la_code, year, tables)
    return delivered


def _workbook_sheets(base: Path, path: Path, la_code: str, period: str, tables):
    display = str(path.relative_to(base))
    checksum = checksum_of(path.read_bytes())
    return [
        DeliveredFile(
            source="health",
            table=table,
            la_code=la_code,
            period=period,
            display_name=f"{display}#{sheet}",
            checksum=f"{checksum}:{sheet}",
            read=partial(
                readers.read_xlsx_sheet, path, sheet, f"{display}#{sheet}", table.raw.columns
            ),
        )
        for sheet, table in tables.items()
    ]


def _leaving_care(base: Path, options: dict, tables) -> list[DeliveredFile]:
    """Query every table of each care-leaver database: one snapshot per LA."""
    import sqlalchemy as sa  # noqa: PLC0415

    if options.get("sqlalchemy_url"):
        if not options.get("la_code"):
            raise ValueError(
                "The leaving_care_db connection has a sqlalchemy_url but no la_code: "
                'set its extra to {"sqlalchemy_url": "...", "la_code": "E06..."}'
            )
        databases = [
            (options["la_code"], f"{options['la_code']}/leaving_care_db", options["sqlalchemy_url"])
        ]
    else:
        databases = []
        for la_code, root in _roots(base, "leaving_care"):
            for path in _entries(root):
                if path.name == LEAVING_CARE_DB and path.is_file():
                    databases.append((la_code, str(path.relative_to(base)), path))
                elif not path.name.startswith(LEAVING_CARE_DB) or not path.name.endswith(
                    SQLITE_SIDE_FILES
                ):
                    raise SourceFileError(
                        f"{path}: not the care-leaver database (expected {LEAVING_CARE_DB})"
                    )
    delivered = []
    for la_code, display, location in databases:
        engine = _engine(sa, location)
        try:
            for name, table in tables.items():
                rows = readers.fetch_table(
                    engine, name, f"{display}#{name}", table.raw.date_columns
                )
                content = json.dumps(rows, separators=(",", ":")).encode()
                delivered.append(
                    DeliveredFile(
                        source="leaving_care",
                        table=table,
                        la_code=la_code,
                        period=SNAPSHOT,
                        display_name=f"{display}#{name}",
                        checksum=hashlib.sha256(content).hexdigest(),
                        read=partial(
                            readers.read_query, rows, f"{display}#{name}", table.raw.columns
                        ),
                    )
                )
        finally:
            engine.dispose()
    return delivered


def _engine(sa, location: Path | str):
    """An engine on a database URL, or read-only on a SQLite file (never created or changed)."""
    if isinstance(location, Path):
        uri = f"{location.resolve().as_uri()}?mode=ro"
        return sa.create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=sa.pool.NullPool
        )
    return sa.create_engine(location, poolclass=sa.pool.NullPool)
