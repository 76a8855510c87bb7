"""The source systems: where each delivers (docs/landing-layout.md), and how it is landed.

Each source finds its delivered files under its location (an Airflow connection in
production, the landing folder by default), reads each with the right reader, pseudonymises
child identifiers with a keyed hash, records the identifiers themselves only in the
restricted `linkage` schema, and loads every row into `raw` or quarantine.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from corporate_parenting.extract import readers
from corporate_parenting.extract.raw_loader import (
    LoadResult,
    RawTable,
    SourceFileError,
    checksum_of,
    ensure_register,
    load_records,
)
from corporate_parenting.geography import PostcodeDirectory, postcode_district
from corporate_parenting.pseudonymise import Pseudonymiser

log = logging.getLogger(__name__)

# Source name -> the source_system recorded on its load batches.
SOURCE_SYSTEMS = {
    "reference": "reference",
    "cms_ssda903": "case_management_ssda903",
    "cms_monthly": "case_management_monthly",
    "virtual_school": "virtual_school",
    "health": "health",
    "leaving_care": "leaving_care",
    "voice": "voice",
    "benchmarks": "benchmarks",
}

COLLECTION_YEAR = re.compile(r"^\d{4}-\d{2}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")

LINKAGE_DDL = """
create schema if not exists linkage;
create table if not exists linkage.child_identifiers (
    child_key text primary key,
    la_code text not null,
    child_id text not null,
    upn text,
    nhs_number text,
    first_seen_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now()
);
"""


@dataclass(frozen=True)
class SourceTable:
    """A raw table plus who the row is about: the child id and identifiers for linkage."""

    raw: RawTable
    child_id_column: str | None = None
    upn_column: str | None = None
    nhs_column: str | None = None
    postcode_columns: tuple[str, str] | None = None  # (home, placement): derive distance


@dataclass
class DeliveredFile:
    source: str
    table: SourceTable
    la_code: str
    period: str
    display_name: str
    checksum: str
    read: Callable[[readers.Delivery], Iterable]


@dataclass
class LandingReport:
    source: str
    results: list[LoadResult] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "deliveries": len(self.results),
            "unchanged": sum(r.status == "unchanged" for r in self.results),
            "rejected": sum(r.status.startswith("rejected") for r in self.results),
            "rows_delivered": sum(r.rows_delivered for r in self.results),
            "rows_loaded": sum(r.rows_loaded for r in self.results),
            "rows_quarantined": sum(r.rows_quarantined for r in self.results),
        }


class IdentityCollector:
    """Builds the per-row transform: child_key, postcode derivations, linkage identifiers."""

    def __init__(self, pseudonymiser: Pseudonymiser, postcodes: PostcodeDirectory | None):
        self.pseudonymiser = pseudonymiser
        self.postcodes = postcodes
        self.identifiers: dict[str, tuple[str, str, str | None, str | None]] = {}

    def transform_for(self, table: SourceTable, la_code: str):
        if table.child_id_column is None and table.postcode_columns is None:
            return None

        def transform(values: dict[str, str]) -> dict[str, str | None]:
            derived: dict[str, str | None] = {}
            if table.child_id_column is not None:
                child_id = values.get(table.child_id_column, "")
                if not child_id:
                    raise ValueError(f"{table.child_id_column}: missing child identifier")
                key = self.pseudonymiser.child_key(la_code, child_id)
                derived["child_key"] = key
                upn = values.get(table.upn_column) if table.upn_column else None
                nhs = values.get(table.nhs_column) if table.nhs_column else None
                known = self.identifiers.get(key)
                self.identifiers[key] = (
                    la_code,
                    child_id.strip(),
                    upn or (known[2] if known else None),
                    nhs or (known[3] if known else None),
                )
            if table.postcode_columns is not None and self.postcodes is not None:
                home, placement = (values.get(c, "") for c in table.postcode_columns)
                derived.update(
                    home_district=postcode_district(home),
                    pl_district=postcode_district(placement),
                    pl_distance=f"{self.postcodes.placement_distance(home, placement):.1f}",
                    pl_la=self.postcodes.placement_la(placement),
                    pl_location=self.postcodes.placement_location(placement, la_code),
                )
            return derived

        return transform

    def save(self, conn) -> None:
        if not self.identifiers:
            return
        with conn.cursor() as cur:
            cur.execute(LINKAGE_DDL)
            cur.executemany(
                "insert into linkage.child_identifiers (child_key, la_code, child_id, upn, "
                "nhs_number) values (%s, %s, %s, %s, %s) on conflict (child_key) do update set "
                "upn = coalesce(excluded.upn, linkage.child_identifiers.upn), "
                "nhs_number = coalesce(excluded.nhs_number, linkage.child_identifiers.nhs_number), "
                "last_seen_at = now()",
                [(key, *ids) for key, ids in self.identifiers.items()],
            )
        self.identifiers.clear()


def derived_columns_for(child_id_column, postcode_columns) -> tuple[str, ...]:
    derived: tuple[str, ...] = ()
    if child_id_column:
        derived += ("child_key",)
    if postcode_columns:
        derived += ("home_district", "pl_district", "pl_distance", "pl_la", "pl_location")
    return derived


def csv_file(
    source: str, table: SourceTable, path: Path, base: Path, la_code: str, period: str
) -> DeliveredFile:
    display = str(path.relative_to(base))
    return DeliveredFile(
        source=source,
        table=table,
        la_code=la_code,
        period=period,
        display_name=display,
        checksum=checksum_of(path.read_bytes()),
        read=partial(readers.read_csv, path, display, table.raw.columns),
    )


def identify_by_header(path: Path, tables: Iterable[SourceTable]) -> SourceTable | None:
    """The table whose columns best match the file's header row (DfE files are named loosely)."""
    try:
        first_line = path.read_bytes().split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    header = {h.strip().upper() for h in first_line.split(",") if h.strip()}
    if not header:
        return None
    best, best_score = None, 0.0
    for table in tables:
        expected = {c.upper() for c in table.raw.columns}
        score = len(expected & header) / len(expected | header)
        if score > best_score:
            best, best_score = table, score
    return best if best_score >= 0.5 else None


def land(
    conn,
    delivered: list[DeliveredFile],
    pseudonymiser: Pseudonymiser,
    postcodes: PostcodeDirectory | None = None,
) -> list[LoadResult]:
    """Load each delivery in its own transaction; identifiers go to linkage with it."""
    ensure_register(conn)
    conn.commit()
    identities = IdentityCollector(pseudonymiser, postcodes)
    results = []
    for item in delivered:
        result = load_records(
            conn,
            item.table.raw,
            item.read,
            checksum=item.checksum,
            la_code=item.la_code,
            period=item.period,
            display_name=item.display_name,
            transform=identities.transform_for(item.table, item.la_code),
        )
        identities.save(conn)
        conn.commit()
        log.info(
            "%s: %s, %s delivered, %s loaded, %s quarantined%s",
            result.source_file,
            result.status,
            result.rows_delivered,
            result.rows_loaded,
            result.rows_quarantined,
            f" ({'; '.join(result.notes)})" if result.notes else "",
        )
        results.append(result)
    return results


def unknown_file_error(path: Path, what: str) -> SourceFileError:
    return SourceFileError(f"{path}: row 1 (header): columns match no {what} table")
