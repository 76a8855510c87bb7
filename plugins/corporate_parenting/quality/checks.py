"""How a suite under `expectations/` describes its checks to the gate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["blocking", "warning"]
BLOCKING: Severity = "blocking"
WARNING: Severity = "warning"


def rule(code: str, message: str, severity: Severity = BLOCKING) -> dict[str, Any]:
    """Expectation `meta` carrying the DfE rule code (or our STR-/MART- code) and message."""
    return {"rule_code": code, "message": message, "severity": severity}


@dataclass
class Check:
    """One GX suite run against one batch: a table (optionally one collection year of it)."""

    suite_name: str
    table: str
    query: str
    expectations: list[Any] = field(default_factory=list)
    # Columns that identify a delivered row for the people who fix it at source.
    row_identifiers: tuple[str, ...] = ()
    collection_year: str | None = None
    # Rule code -> a query returning *every* failing row (GX keeps at most 200 per rule);
    # the data-quality report for data owners lists them all.
    failing_rows_queries: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildContext:
    """What suites need to know at run time."""

    collection_years: tuple[str, ...]
    # (collection year, in-year?) of every 903 return the typed tables hold.
    return_years: tuple[tuple[str, bool], ...] = ()
