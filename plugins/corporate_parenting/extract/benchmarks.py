"""England benchmarks: DfE figures in the Explore Education Statistics (EES) open-data layout.

DfE publishes the children looked after statistics each November. Newer figures are
dropped as CSV files in the benchmarks location (the `benchmarks` connection; by default
`<landing>/benchmarks/*.csv`), one tidy row per indicator and period, with the EES columns
(time_period, time_identifier, geographic_level, country_code, country_name) plus our
indicator_id, value, numerator, denominator, source_dataset and published_date, the layout of
the dbt seed `ees_england_benchmarks`. Each file is landed as delivered into
`raw.benchmarks_ees_values` with the raw loader: every row loaded or quarantined (a row
without a period, indicator or value is quarantined), a re-delivered identical file is
skipped and a corrected file of the same name replaces the earlier one.
"""

from __future__ import annotations

from pathlib import Path

from corporate_parenting.extract.raw_loader import RawTable
from corporate_parenting.extract.sources import (
    DeliveredFile,
    SourceTable,
    csv_file,
)

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

EES_VALUES = SourceTable(
    raw=RawTable(
        name="benchmarks_ees_values",
        source_system=BENCHMARKS,
        columns=EES_COLUMNS,
        required_columns=("time_period", "time_identifier", "indicator_id", "value"),
    )
)


def discover(base: Path) -> list[DeliveredFile]:
    """benchmarks/*.csv under `base`, each a delivery for its own period (the file name)."""
    folder = base / BENCHMARKS
    if not folder.is_dir():
        return []
    return [
        csv_file(BENCHMARKS, EES_VALUES, path, base, "ALL", path.stem)
        for path in sorted(folder.glob("*.csv"))
    ]
