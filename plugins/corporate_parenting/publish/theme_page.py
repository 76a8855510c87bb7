"""Render and publish the Housing and placements theme page.

The page is written to a temporary file and moved into place in one step, so readers never
see a half-written page, and a run that fails before this task leaves the last page as it was.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from corporate_parenting.settings import Settings

THEME_SLUG = "housing-and-placements"
THEME_TITLE = "Housing and placements"
HEADLINE_INDICATORS = ("P01", "P06", "P10")


@dataclass
class Figure:
    indicator_id: str
    indicator_name: str
    period_label: str
    numerator: int
    denominator: int | None
    value: float
    unit: str
    direction_of_good: str

    @property
    def display(self) -> str:
        return f"{self.value:,.0f}" if self.unit == "count" else f"{self.value:.1f}%"


@dataclass
class IndicatorSeries:
    indicator_id: str
    indicator_name: str
    unit: str
    direction_of_good: str
    figures: list[Figure]

    @property
    def latest(self) -> Figure:
        return self.figures[-1]

    @property
    def previous(self) -> Figure | None:
        return self.figures[-2] if len(self.figures) > 1 else None

    @property
    def change_sentence(self) -> str:
        """Plain English: what changed since last year, and whether that is good."""
        prev = self.previous
        if prev is None:
            return "This is the first year we have."
        diff = self.latest.value - prev.value
        if self.unit == "count":
            amount = f"{abs(diff):,.0f}"
            size = f"{amount} {'more' if diff > 0 else 'fewer'} than"
        else:
            amount = f"{abs(diff):.1f} percentage points"
            size = f"{amount} {'higher' if diff > 0 else 'lower'} than"
        if abs(diff) < 1e-9:
            return f"The same as {prev.period_label}."
        verdict = ""
        if self.direction_of_good != "neutral":
            better = (diff > 0) == (self.direction_of_good == "higher_is_better")
            verdict = " This is better." if better else " This is worse."
        return f"{size.capitalize()} {prev.period_label} ({prev.display}).{verdict}"

    def sparkline(self, width: int = 240, height: int = 60) -> str:
        """A small inline SVG line of the trend (no scripts, works offline and in print)."""
        values = [f.value for f in self.figures]
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = width / max(len(values) - 1, 1)
        points = " ".join(
            f"{i * step:.1f},{height - 6 - (v - low) / span * (height - 12):.1f}"
            for i, v in enumerate(values)
        )
        return (
            f'<svg role="img" aria-label="Trend of {self.indicator_name}: '
            f'{", ".join(f.period_label + " " + f.display for f in self.figures)}" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<polyline fill="none" stroke="#1d70b8" stroke-width="3" points="{points}"/></svg>'
        )


def read_series(conn, la_code: str | None = None) -> tuple[str, str, list[IndicatorSeries]]:
    """The headline series for one LA (the only LA when not given), oldest year first."""
    with conn.cursor() as cur:
        cur.execute(
            "select la_code, coalesce(la_name, la_code), indicator_id, indicator_name, "
            "period_label, numerator, denominator, value, unit, direction_of_good "
            "from marts.housing_placements_indicators "
            "where breakdown_type = 'all' and indicator_id = any(%s) "
            "and period_type = 'statutory_year' "
            "and (%s::text is null or la_code = %s) "
            "order by la_code, indicator_id, period_label",
            (list(HEADLINE_INDICATORS), la_code, la_code),
        )
        rows = cur.fetchall()
    if not rows:
        raise LookupError("marts.housing_placements_indicators has no rows to publish")
    chosen_la = la_code or rows[0][0]
    la_name = next(r[1] for r in rows if r[0] == chosen_la)
    series: dict[str, IndicatorSeries] = {}
    for row_la, _, ind, name, period, num, den, value, unit, direction in rows:
        if row_la != chosen_la:
            continue
        entry = series.setdefault(ind, IndicatorSeries(ind, name, unit, direction, []))
        entry.figures.append(
            Figure(
                ind,
                name,
                period,
                int(num),
                None if den is None else int(den),
                float(value),
                unit,
                direction,
            )
        )
    ordered = [series[i] for i in HEADLINE_INDICATORS if i in series]
    return chosen_la, la_name, ordered


def current_batches(conn) -> list[dict]:
    with conn.cursor() as cur:
        cur.execute(
            "select batch_id::text, table_name, la_code, period, source_file, checksum, "
            "loaded_at from raw._load_batches where superseded_at is null "
            "and status = 'loaded' order by source_file"
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def render(
    la_name: str,
    series: list[IndicatorSeries],
    built_at: datetime,
    quality_notes: list | None = None,
) -> str:
    from corporate_parenting.quality.notes import notes_by_indicator  # noqa: PLC0415

    env = Environment(
        loader=PackageLoader("corporate_parenting.publish", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    latest = series[0].latest.period_label
    return env.get_template("theme_page.html.j2").render(
        theme_title=THEME_TITLE,
        la_name=la_name,
        series=series,
        latest_period=latest,
        built_at=built_at.strftime("%d %B %Y at %H:%M UTC"),
        quality_notes=quality_notes or [],
        tile_notes=notes_by_indicator(quality_notes or []),
    )


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def publish(conn, settings: Settings | None = None, run_id: str | None = None) -> Path:
    from corporate_parenting.quality.notes import read_notes  # noqa: PLC0415
    from corporate_parenting.quality.published import record_published  # noqa: PLC0415

    settings = settings or Settings.from_env()
    built_at = datetime.now(UTC)
    la_code, la_name, series = read_series(conn)
    notes = read_notes(settings.quality_dir)
    page = settings.publish_dir / THEME_SLUG / "index.html"
    manifest = {
        "theme": THEME_TITLE,
        "la_code": la_code,
        "built_at": built_at.isoformat(),
        "run_id": run_id,
        "figures": {
            s.indicator_id: {
                f.period_label: {
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "value": f.value,
                }
                for f in s.figures
            }
            for s in series
        },
        "source_batches": current_batches(conn),
        "quality_notes": [
            {"rule_code": n.rule_code, "note": n.sentence, "indicators": sorted(n.indicators)}
            for n in notes
        ],
    }
    _write_atomically(page, render(la_name, series, built_at, notes))
    _write_atomically(page.with_name("manifest.json"), json.dumps(manifest, indent=2, default=str))
    publish_data_dictionary(settings)
    record_published(conn, run_id)
    return page


def publish_data_dictionary(settings: Settings) -> Path | None:
    """dbt's static docs site (models, columns, lineage) beside the pages it documents."""
    built = settings.var_dir / "dbt" / "target" / "static_index.html"
    if not built.exists():
        return None
    target = settings.publish_dir / "data-dictionary" / "index.html"
    _write_atomically(target, built.read_text(encoding="utf-8"))
    return target
