"""DfE code lists by collection year, read from the dbt seeds (one source of truth)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from corporate_parenting.settings import Settings


@cache
def _rows(seed_dir: Path, name: str) -> tuple[dict[str, str], ...]:
    with (seed_dir / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def valid_codes(name: str, collection_year: str, settings: Settings | None = None) -> list[str]:
    """Codes of seed `name` valid in `collection_year` (e.g. '2025-26'), sorted."""
    settings = settings or Settings.from_env()
    seed_dir = settings.dbt_project_dir / "seeds" / "code_lists"
    return sorted(
        row["code"]
        for row in _rows(seed_dir, name)
        if row["valid_from_year"] <= collection_year
        and (not row["valid_to_year"] or collection_year <= row["valid_to_year"])
    )
