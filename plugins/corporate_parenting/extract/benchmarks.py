"""DfE benchmarks: England and LA-level figures in the Explore Education Statistics layout.

DfE publishes the children looked after statistics each November. Newer figures are
dropped as CSV files in the benchmarks location (the `benchmarks` connection; by default
`<landing>/benchmarks/*.csv`), one tidy row per indicator and period, with the EES columns
(time_period, time_identifier, geographic_level, country_code, country_name) plus our
indicator_id, value, numerator, denominator, source_dataset and published_date, the layout of
the dbt seed `ees_england_benchmarks`.

LA-level files (`geographic_level` 'Local authority', e.g. the statistical neighbours' figures)
also carry EES's LA columns `new_la_code` (ONS code), `old_la_code` (DfE LA number) and
`la_name`. Those columns are optional: a national-only file without them is landed as before
(blank LA columns), but a 'Local authority' row without `new_la_code` is quarantined, since
nobody could tell which council the figure is for.

Each file is landed as delivered into `raw.benchmarks_ees_values` with the raw loader: every
row loaded or quarantined (a row without a period, indicator or value is quarantined), a
re-delivered identical file is skipped and a corrected file of the same name replaces the
earlier one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from corporate_parenting.extract import readers
from corporate_parenting.extract.raw_loader import (
    METADATA_COLUMNS,
    Quarantined,
    RawTable,
    Record,
    checksum_of,
)
from corporate_parenting.extract.sources import DeliveredFile, SourceTable

BENCHMARKS = "benchmarks"

EES_COLUMNS = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "indicator_id",
    "value",
    "numerator",
    "denominator",
    "source_dataset",
    "published_date",
)
# EES's LA columns, delivered only by LA-level files.
LA_COLUMNS = ("new_la_code", "old_la_code", "la_name")
LOCAL_AUTHORITY_LEVEL = "Local authority"


@dataclass(frozen=True)
class _EesTable(RawTable):
    """The raw EES table: LA columns optional, but an LA row must say which LA it is for."""

    def ddl(self) -> str:
        return super().ddl() + _ADD_LA_COLUMNS

    def check(self, record: Record) -> Quarantined | None:
        problem = super().check(record)
        if problem is not None:
            return problem
        level = record.values.get("geographic_level", "").strip().lower()
        if level == LOCAL_AUTHORITY_LEVEL.lower() and not record.values.get("new_la_code"):
            reason = "new_la_code is blank: a Local authority figure must name its LA"
            return Quarantined(record.row_number, "new_la_code", reason, "")
        return None


# A raw table created before LA-level files were landed lacks the LA columns: add them. Its
# raw_history twin is rebuilt with the same column order, because superseded rows move there
# with `select *`.
_HISTORY_COLUMNS = ", ".join((*EES_COLUMNS, "_extra", *METADATA_COLUMNS, "_superseded_at"))
_ADD_LA_COLUMNS = f"""
do $$
begin
    if not exists (
        select 1 from information_schema.columns
        where table_schema = 'raw' and table_name = 'benchmarks_ees_values'
            and column_name = 'new_la_code'
    ) then
        alter table raw.benchmarks_ees_values
            add column new_la_code text, add column old_la_code text, add column la_name text;
        alter table raw_history.benchmarks_ees_values
            rename to benchmarks_ees_values_before_la_columns;
        create table raw_history.benchmarks_ees_values
            (like raw.benchmarks_ees_values, _superseded_at timestamptz);
        insert into raw_history.benchmarks_ees_values ({_HISTORY_COLUMNS})
        select {_HISTORY_COLUMNS} from raw_history.benchmarks_ees_values_before_la_columns;
        drop table raw_history.benchmarks_ees_values_before_la_columns;
    end if;
end $$;
"""

EES_VALUES = SourceTable(
    raw=_EesTable(
        name="benchmarks_ees_values",
        source_system=BENCHMARKS,
        columns=EES_COLUMNS + LA_COLUMNS,
        required_columns=("time_period", "time_identifier", "indicator_id", "value"),
    )
)


def _header(path: Path) -> set[str]:
    """The file's column names, upper case (only to see which optional columns it has)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        first = next(csv.reader(handle), [])
    return {name.strip().upper() for name in first}


def read_ees(path: Path, display_name: str, delivery: readers.Delivery):
    """The file's rows; LA columns the file does not have are blank (national-only files)."""
    header = _header(path)
    absent = [c for c in LA_COLUMNS if c.upper() not in header]
    columns = tuple(c for c in EES_VALUES.raw.columns if c not in absent)
    for item in readers.read_csv(path, display_name, columns, delivery):
        if isinstance(item, Record):
            item.values.update(dict.fromkeys(absent, ""))
        yield item


def discover(base: Path) -> list[DeliveredFile]:
    """benchmarks/*.csv under `base`, each a delivery for its own period (the file name)."""
    folder = base / BENCHMARKS
    if not folder.is_dir():
        return []
    return [
        DeliveredFile(
            source=BENCHMARKS,
            table=EES_VALUES,
            la_code="ALL",
            period=path.stem,
            display_name=str(path.relative_to(base)),
            checksum=checksum_of(path.read_bytes()),
            read=partial(read_ees, path, str(path.relative_to(base))),
        )
        for path in sorted(folder.glob("*.csv"))
    ]
