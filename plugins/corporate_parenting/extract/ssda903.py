"""Extract the SSDA903 return (case-management system) into `raw`.

Files are found under `<landing>/<la_code>/ssda903/<collection year>/` and identified by
their header row, as DfE's own validator does, not by file name. Child identifiers are
pseudonymised and placement distance/locality derived here, at the boundary.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from corporate_parenting.extract.raw_loader import (
    LoadResult,
    RawTable,
    SourceFileError,
    ensure_register,
    load_csv,
    read_header,
)
from corporate_parenting.geography import PostcodeDirectory, postcode_district
from corporate_parenting.pseudonymise import Pseudonymiser
from corporate_parenting.ssda903_spec import EPISODE_COLUMNS, HEADER_COLUMNS

log = logging.getLogger(__name__)

SOURCE_SYSTEM = "case_management_ssda903"
COLLECTION_YEAR = re.compile(r"^(\d{4})-(\d{2})$")

HEADER = RawTable(
    name="ssda903_header",
    source_system=SOURCE_SYSTEM,
    columns=HEADER_COLUMNS,
    derived_columns=("child_key",),
)
EPISODES = RawTable(
    name="ssda903_episodes",
    source_system=SOURCE_SYSTEM,
    columns=EPISODE_COLUMNS,
    derived_columns=(
        "child_key",
        "home_district",
        "pl_district",
        "pl_distance",
        "pl_la",
        "pl_location",
    ),
)
TABLES = (HEADER, EPISODES)
LOCAL_AUTHORITIES = RawTable(
    name="reference_local_authorities",
    source_system="reference",
    columns=("LA_CODE", "LA_NUMBER", "LA_NAME", "REGION", "POPULATION_0_17"),
)


@dataclass(frozen=True)
class DeliveredFile:
    path: Path
    table: RawTable
    la_code: str
    collection_year: str
    display_name: str


def identify_table(path: Path) -> RawTable:
    """Which 903 table a CSV holds, from its header row (file names are not reliable)."""
    header = set(read_header(path))
    for table in sorted(TABLES, key=lambda t: -len(t.columns)):
        if set(table.columns) <= header:
            return table
    raise SourceFileError(
        f"{path}: row 1 (header): columns {sorted(header)} match no SSDA903 table "
        f"({', '.join(t.name for t in TABLES)})"
    )


def discover(landing_dir: Path) -> list[DeliveredFile]:
    files: list[DeliveredFile] = []
    for path in sorted(landing_dir.glob("*/ssda903/*/*.csv")):
        year_dir, la_dir = path.parent, path.parent.parent.parent
        if not COLLECTION_YEAR.match(year_dir.name):
            raise SourceFileError(f"{path}: folder {year_dir.name!r} is not a collection year")
        files.append(
            DeliveredFile(
                path=path,
                table=identify_table(path),
                la_code=la_dir.name,
                collection_year=year_dir.name,
                display_name=str(path.relative_to(landing_dir)),
            )
        )
    return files


def _episode_transform(pseudonymiser: Pseudonymiser, postcodes: PostcodeDirectory, la_code: str):
    def transform(row: dict[str, str]) -> dict[str, str | None]:
        if not row["CHILD"]:
            raise ValueError("CHILD: missing child identifier")
        return {
            "child_key": pseudonymiser.child_key(la_code, row["CHILD"]),
            "home_district": postcode_district(row["HOME_POST"]),
            "pl_district": postcode_district(row["PL_POST"]),
            "pl_distance": f"{postcodes.placement_distance(row['HOME_POST'], row['PL_POST']):.1f}",
            "pl_la": postcodes.placement_la(row["PL_POST"]),
            "pl_location": postcodes.placement_location(row["PL_POST"], la_code),
        }

    return transform


def _header_transform(pseudonymiser: Pseudonymiser, la_code: str):
    def transform(row: dict[str, str]) -> dict[str, str | None]:
        if not row["CHILD"]:
            raise ValueError("CHILD: missing child identifier")
        return {"child_key": pseudonymiser.child_key(la_code, row["CHILD"])}

    return transform


def load_landing(
    conn, landing_dir: Path, pseudonymiser: Pseudonymiser, files: set[str] | None = None
) -> list[LoadResult]:
    """Load the delivered 903 files (all, or those named in `files`) and the reference data.

    One transaction per file, so a failure leaves earlier files loaded and later ones untouched.
    """
    reference_dir = landing_dir / "reference"
    postcodes = PostcodeDirectory.from_csv(reference_dir / "postcodes.csv")
    ensure_register(conn)
    conn.commit()
    results = [
        load_csv(
            conn,
            LOCAL_AUTHORITIES,
            reference_dir / "local_authorities.csv",
            la_code="ALL",
            collection_year="reference",
            display_name="reference/local_authorities.csv",
        )
    ]
    conn.commit()
    for delivered in discover(landing_dir):
        if files is not None and delivered.display_name not in files:
            continue
        transform = (
            _episode_transform(pseudonymiser, postcodes, delivered.la_code)
            if delivered.table is EPISODES
            else _header_transform(pseudonymiser, delivered.la_code)
        )
        result = load_csv(
            conn,
            delivered.table,
            delivered.path,
            la_code=delivered.la_code,
            collection_year=delivered.collection_year,
            display_name=delivered.display_name,
            transform=transform,
        )
        conn.commit()
        log.info(
            "%s: %s rows in file, %s loaded, %s quarantined%s",
            result.source_file,
            result.rows_in_file,
            result.rows_loaded,
            result.rows_quarantined,
            " (unchanged, skipped)" if result.skipped_unchanged else "",
        )
        results.append(result)
    return results
