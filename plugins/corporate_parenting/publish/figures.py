"""The figures a panel pack shows, read from the suppressed public schema only.

Every number here comes from `reporting_public.rpt_indicators`, where small numbers are already
hidden (domain spec §4.3): a suppressed cell has no value, only its symbol ('c'), and is never
plotted, compared or summarised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The period a trend is drawn over, in order of preference: the statutory year (to 31 March)
# for 903 measures, the academic year for school measures, the term for termly PEP reviews.
TREND_PERIOD_TYPES = ("statutory_year", "academic_year", "academic_term")
IN_YEAR_PERIOD_TYPE = "rolling_12_months"

# Smallest change (or gap) that counts as a real difference, as in the dbt macro
# england_tolerance: 1 percentage point for percentages, 5% of the figure otherwise.
PERCENT_TOLERANCE = 1.0
RELATIVE_TOLERANCE = 0.05

PERIOD_NAMES = {
    "statutory_year": "year to 31 March",
    "academic_year": "academic year",
    "academic_term": "term",
    "rolling_12_months": "latest 12 months",
}


@dataclass(frozen=True)
class Figure:
    """One published cell: the council's figure for one period, with its comparators."""

    period_label: str
    period_type: str
    value: float | None
    display_value: str
    numerator: float | None
    denominator: float | None
    suppression: str | None
    england_value: float | None
    england_period_label: str | None
    comparison_to_england: str | None
    neighbour_value: float | None
    neighbours_with_value: int | None
    comparison_to_neighbours: str | None
    target: float | None
    rag_status: str | None

    @property
    def suppressed(self) -> bool:
        return self.suppression is not None or self.value is None


@dataclass
class Indicator:
    """One measure's trend for one council, oldest period first."""

    indicator_id: str
    name: str
    unit: str
    direction_of_good: str
    themes: tuple[str, ...]
    figures: list[Figure]
    in_year: Figure | None = None
    breakdowns: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def latest(self) -> Figure:
        return self.figures[-1]

    @property
    def previous(self) -> Figure | None:
        return self.figures[-2] if len(self.figures) > 1 else None

    @property
    def period_type(self) -> str:
        return self.latest.period_type

    @property
    def is_percent(self) -> bool:
        return self.unit == "percent"

    def tolerance(self, reference: float) -> float:
        return PERCENT_TOLERANCE if self.is_percent else abs(reference) * RELATIVE_TOLERANCE

    def format(self, value: float | None) -> str:
        """One of our figures in this measure's unit, as a panel member reads it (1 dp)."""
        if value is None:
            return "not available"
        return format_value(self.unit, value)

    def format_published(self, value: float | None) -> str:
        """A DfE figure as DfE published it: whole-number percentages stay whole."""
        if value is None:
            return "not available"
        return format_value(self.unit, value, keep_whole=True)


def format_value(unit: str, value: float, keep_whole: bool = False) -> str:
    whole = keep_whole and float(value).is_integer()
    if unit == "percent":
        return f"{value:.0f}%" if whole else f"{value:.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit in ("mean_days", "median_days"):
        return f"{value:,.0f} days"
    if unit == "rate_per_10000":
        return f"{value:,.0f} per 10,000" if whole else f"{value:,.1f} per 10,000"
    if unit == "rate_per_100":
        return f"{value:,.0f} per 100" if whole else f"{value:,.1f} per 100"
    return f"{value:,.0f}" if whole else f"{value:,.1f}"


def _number(value) -> float | None:
    return None if value is None else float(value)


COLUMNS = (
    "la_code",
    "la_name",
    "period_type",
    "period_label",
    "indicator_id",
    "indicator_name",
    "themes",
    "unit",
    "direction_of_good",
    "breakdown_type",
    "breakdown_value",
    "numerator",
    "denominator",
    "value",
    "suppression",
    "display_value",
    "england_value",
    "england_period_label",
    "comparison_to_england",
    "statistical_neighbour_value",
    "statistical_neighbours_with_value",
    "comparison_to_neighbours",
    "target",
    "rag_status",
)


def read_indicators(conn, la_code: str | None = None) -> tuple[str, str, list[Indicator]]:
    """(la_code, la_name, every indicator with a trend) for one council (the first if not given)."""
    select = ", ".join(COLUMNS)
    with conn.cursor() as cur:
        cur.execute(
            f"select {select} from reporting_public.rpt_indicators "  # noqa: S608 - fixed names
            "where (%s::text is null or la_code = %s) "
            "order by la_code, indicator_id, period_type, period_label",
            (la_code, la_code),
        )
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in cur.fetchall()]
    if not rows:
        raise LookupError("reporting_public.rpt_indicators has no rows to publish")
    chosen = la_code or rows[0]["la_code"]
    rows = [r for r in rows if r["la_code"] == chosen]
    la_name = rows[0]["la_name"] or chosen
    return chosen, la_name, _assemble(rows)


def _figure(row: dict) -> Figure:
    return Figure(
        period_label=row["period_label"],
        period_type=row["period_type"],
        value=_number(row["value"]),
        display_value=row["display_value"] or "",
        numerator=_number(row["numerator"]),
        denominator=_number(row["denominator"]),
        suppression=row["suppression"],
        england_value=_number(row["england_value"]),
        england_period_label=row["england_period_label"],
        comparison_to_england=row["comparison_to_england"],
        neighbour_value=_number(row["statistical_neighbour_value"]),
        neighbours_with_value=(
            None
            if row["statistical_neighbours_with_value"] is None
            else int(row["statistical_neighbours_with_value"])
        ),
        comparison_to_neighbours=row["comparison_to_neighbours"],
        target=_number(row["target"]),
        rag_status=row["rag_status"],
    )


def _assemble(rows: list[dict]) -> list[Indicator]:
    by_indicator: dict[str, list[dict]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    indicators = []
    for indicator_id, its_rows in by_indicator.items():
        headline = [r for r in its_rows if r["breakdown_type"] == "all"]
        trend_type = next(
            (t for t in TREND_PERIOD_TYPES if any(r["period_type"] == t for r in headline)), None
        )
        if trend_type is None:
            continue
        trend = sorted(
            (r for r in headline if r["period_type"] == trend_type),
            key=lambda r: r["period_label"],
        )
        first = trend[0]
        in_year = [r for r in headline if r["period_type"] == IN_YEAR_PERIOD_TYPE]
        latest_label = trend[-1]["period_label"]
        breakdowns: dict[str, list[tuple[str, str]]] = {}
        for r in its_rows:
            if (
                r["breakdown_type"] != "all"
                and r["period_type"] == trend_type
                and r["period_label"] == latest_label
            ):
                breakdowns.setdefault(r["breakdown_type"], []).append(
                    (r["breakdown_value"], r["display_value"] or "")
                )
        indicators.append(
            Indicator(
                indicator_id=indicator_id,
                name=first["indicator_name"],
                unit=first["unit"],
                direction_of_good=first["direction_of_good"],
                themes=tuple(t.strip() for t in (first["themes"] or "").split(";") if t.strip()),
                figures=[_figure(r) for r in trend],
                in_year=_figure(in_year[-1]) if in_year else None,
                breakdowns={k: sorted(v) for k, v in sorted(breakdowns.items())},
            )
        )
    return sorted(indicators, key=lambda i: _catalogue_order(i.indicator_id))


PREFIX_ORDER = ("P", "He", "E", "CL", "Q", "A")


def _catalogue_order(indicator_id: str) -> tuple:
    """The catalogue's order: P01, P02 ... P10 (not text order), then He, E, CL, Q, A."""
    match = re.match(r"^([A-Za-z]+?)(\d+)(.*)$", indicator_id)
    if not match:
        return (len(PREFIX_ORDER), 0, indicator_id)
    prefix, number, rest = match.groups()
    rank = PREFIX_ORDER.index(prefix) if prefix in PREFIX_ORDER else len(PREFIX_ORDER)
    return (rank, int(number), rest)
