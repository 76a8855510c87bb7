"""The case-management system: the statutory SSDA903 return and monthly in-year extracts.

Annual returns arrive per collection year as the DfE CSV files (`<la>/ssda903/<year>/csv/`)
and as the 903 XML form (`<la>/ssda903/<year>/xml/`); the source's `format` setting picks
which one is loaded (CSV by default; both carry the same rows). Monthly extracts use the CSV
layout, year to date, under `<la>/cms_monthly/<month>/`. CSV files are identified by their
header row, as DfE's own validator does, and by file name only when the header says nothing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from corporate_parenting import ssda903_spec as spec
from corporate_parenting.extract import domain_tables
from corporate_parenting.extract.raw_loader import RawTable, SourceFileError, checksum_of
from corporate_parenting.extract.sources import (
    COLLECTION_YEAR,
    MONTH,
    DeliveredFile,
    SourceTable,
    csv_file,
    derived_columns_for,
    identify_by_header,
)

ANNUAL = "case_management_ssda903"
MONTHLY = "case_management_monthly"
DATE_COLUMNS = {
    "DOB",
    "MC_DOB",
    "DECOM",
    "DEC",
    "REVIEW",
    "DUC",
    "DATE_INT",
    "DATE_MATCH",
    "DATE_PLACED",
    "DATE_PLACED_CEASED",
    "MIS_START",
    "MIS_END",
    "SW_DECOM",
    "SW_DEC",
    "DOLO_START",
    "DOLO_END",
}


def _table(prefix: str, source_system: str, stem: str, columns: tuple[str, ...]) -> SourceTable:
    postcodes = ("HOME_POST", "PL_POST") if stem == "episodes" else None
    return SourceTable(
        raw=RawTable(
            name=f"{prefix}_{stem}",
            source_system=source_system,
            columns=columns,
            derived_columns=derived_columns_for("CHILD", postcodes),
            date_columns=tuple(c for c in columns if c in DATE_COLUMNS),
        ),
        child_id_column="CHILD",
        upn_column="UPN" if "UPN" in columns else None,
        postcode_columns=postcodes,
    )


ANNUAL_TABLES = {
    stem: _table("ssda903", ANNUAL, stem, cols) for stem, cols in spec.TABLE_COLUMNS.items()
}
MONTHLY_TABLES = {
    stem: _table("cms_monthly", MONTHLY, stem, cols) for stem, cols in spec.TABLE_COLUMNS.items()
}


def _identify(path: Path, tables: dict[str, SourceTable]) -> SourceTable:
    table = identify_by_header(path, tables.values()) or tables.get(path.stem.lower())
    if table is None:
        raise SourceFileError(
            f"{path}: row 1 (header): the columns match no SSDA903 table and the file name "
            f"is not one of {', '.join(sorted(tables))}"
        )
    return table


def discover_annual(base: Path, file_format: str = "csv") -> list[DeliveredFile]:
    """Every delivered annual return under `base`, in the chosen format."""
    if file_format not in ("csv", "xml"):
        raise ValueError(f"Unknown 903 format {file_format!r}: use csv or xml")
    delivered: list[DeliveredFile] = []
    for year_dir in sorted(base.glob("*/ssda903/*")):
        if not year_dir.is_dir():
            continue
        if not COLLECTION_YEAR.match(year_dir.name):
            raise SourceFileError(f"{year_dir}: folder name is not a collection year like 2025-26")
        la_code = year_dir.parent.parent.name
        if file_format == "xml":
            delivered.extend(_xml_deliveries(base, year_dir, la_code))
            continue
        csv_dir = year_dir / "csv" if (year_dir / "csv").is_dir() else year_dir
        for path in sorted(csv_dir.glob("*.csv")):
            table = _identify(path, ANNUAL_TABLES)
            delivered.append(csv_file(ANNUAL, table, path, base, la_code, year_dir.name))
    return delivered


def _xml_deliveries(base: Path, year_dir: Path, la_code: str) -> list[DeliveredFile]:
    from corporate_parenting.extract.ssda903_xml import read_xml_table  # noqa: PLC0415

    delivered = []
    for path in sorted((year_dir / "xml").glob("*.xml")):
        display = str(path.relative_to(base))
        checksum = checksum_of(path.read_bytes())
        for stem, table in ANNUAL_TABLES.items():
            delivered.append(
                DeliveredFile(
                    source=ANNUAL,
                    table=table,
                    la_code=la_code,
                    period=year_dir.name,
                    display_name=f"{display}#{stem}",
                    checksum=f"{checksum}:{stem}",
                    read=partial(read_xml_table, path, display, stem, table.raw.columns),
                )
            )
    return delivered


def discover_monthly(base: Path) -> list[DeliveredFile]:
    delivered: list[DeliveredFile] = []
    for month_dir in sorted(base.glob("*/cms_monthly/*")):
        if not month_dir.is_dir():
            continue
        if not MONTH.match(month_dir.name):
            raise SourceFileError(f"{month_dir}: folder name is not a month like 2026-10")
        la_code = month_dir.parent.parent.name
        for path in sorted(month_dir.glob("*.csv")):
            table = _identify(path, MONTHLY_TABLES)
            delivered.append(csv_file(MONTHLY, table, path, base, la_code, month_dir.name))
    return delivered


REFERENCE = "reference"
# Built from source_layouts.REFERENCE: local_authorities, postcodes, ofsted_providers,
# population, each delivered as reference/<table>.csv.
REFERENCE_TABLES = domain_tables.REFERENCE_TABLES


def discover_reference(base: Path) -> list[DeliveredFile]:
    """reference/<table>.csv for each reference table delivered; any other CSV there fails."""
    folder = base / "reference"
    if not folder.is_dir():
        return []
    delivered = []
    for path in sorted(folder.glob("*.csv")):
        table = REFERENCE_TABLES.get(path.stem.lower())
        if table is None:
            raise SourceFileError(
                f"{path}: not a reference table (expected one of "
                f"{', '.join(f'{t}.csv' for t in REFERENCE_TABLES)})"
            )
        delivered.append(csv_file(REFERENCE, table, path, base, "ALL", "reference"))
    return delivered
