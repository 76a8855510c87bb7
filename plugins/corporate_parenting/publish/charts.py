"""Trend charts (Vega-Lite via altair): the council against England and its neighbours.

The same spec is drawn live in the HTML pack (vega-embed, scripts shipped with the pack, no
CDN) and as inline SVG in the PDF (vl-convert). Each line differs by dash and point shape as
well as colour, and every chart has a text alternative and a table beside it.
"""

from __future__ import annotations

from functools import cache

from corporate_parenting.publish.figures import Indicator

SERIES = ("Our council", "England", "Statistical neighbours")
COLOURS = ("#1d70b8", "#0b0c0c", "#b45309")  # GOV.UK blue, black, a dark amber (4.5:1 on white)
DASHES = ([1, 0], [6, 3], [2, 2])
SHAPES = ("circle", "square", "triangle-up")
AXIS_TITLES = {
    "percent": "Per cent",
    "count": "Number",
    "rate_per_10000": "Per 10,000 children",
    "rate_per_100": "Per 100 pupils",
    "mean": "Average",
    "mean_days": "Days",
    "median_days": "Days",
}


def chart_rows(indicator: Indicator) -> list[dict]:
    """Long-form points: our published figures, England's and the neighbours' per period."""
    rows = []
    england_seen = set()
    for figure in indicator.figures:
        if not figure.suppressed:
            rows.append({"period": figure.period_label, "series": SERIES[0], "value": figure.value})
        label = figure.england_period_label
        # England's count is a national total: on the same axis as ours it says nothing.
        comparable = indicator.unit != "count"
        if comparable and figure.england_value is not None and label and label not in england_seen:
            england_seen.add(label)
            rows.append({"period": label, "series": SERIES[1], "value": figure.england_value})
        if figure.neighbour_value is not None:
            rows.append(
                {
                    "period": figure.period_label,
                    "series": SERIES[2],
                    "value": figure.neighbour_value,
                }
            )
    return rows


def description(indicator: Indicator) -> str:
    """The chart in words, for screen readers and the PDF's alternative text."""
    parts = []
    for series in SERIES:
        points = [r for r in chart_rows(indicator) if r["series"] == series]
        if points:
            values = ", ".join(
                f"{p['period']} {indicator.format(p['value'])}"
                for p in sorted(points, key=lambda p: p["period"])
            )
            parts.append(f"{series}: {values}")
    return f"Line chart of {indicator.name}. " + ("; ".join(parts) or "No published figures.")


def trend_spec(indicator: Indicator, width: int = 560, height: int = 220) -> dict:
    import altair as alt  # noqa: PLC0415 - heavy import, only when charts are drawn

    rows = chart_rows(indicator)
    periods = sorted({r["period"] for r in rows} | {f.period_label for f in indicator.figures})
    present = [s for s in SERIES if any(r["series"] == s for r in rows)]
    index = [SERIES.index(s) for s in present]
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=present, range=[COLOURS[i] for i in index]),
        legend=alt.Legend(orient="bottom", symbolStrokeWidth=3, labelFontSize=12),
    )
    dash = alt.StrokeDash(
        "series:N", scale=alt.Scale(domain=present, range=[DASHES[i] for i in index]), legend=None
    )
    shape = alt.Shape(
        "series:N", scale=alt.Scale(domain=present, range=[SHAPES[i] for i in index]), legend=None
    )
    y_title = AXIS_TITLES.get(indicator.unit, "Value")
    y_scale = alt.Scale(zero=indicator.unit in ("count", "percent"))
    if indicator.unit == "percent":
        y_scale = (
            alt.Scale(domain=[0, 100])
            if max((r["value"] for r in rows), default=0) > 40
            else alt.Scale(zero=True)
        )
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            "period:O",
            title=None,
            sort=periods,
            scale=alt.Scale(domain=periods),
            axis=alt.Axis(labelAngle=0, labelFontSize=11, labelOverlap="greedy"),
        ),
        y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=alt.Axis(labelFontSize=11)),
        color=colour,
        tooltip=[
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("period:O", title="Period"),
            alt.Tooltip("value:Q", title=y_title, format=",.1f"),
        ],
    )
    lines = base.mark_line(strokeWidth=3).encode(strokeDash=dash)
    points = base.mark_point(size=70, filled=True, opacity=1).encode(shape=shape)
    chart = (
        (lines + points)
        .properties(width=width, height=height, description=description(indicator))
        .configure_view(stroke=None)
        .configure_axis(titleFontSize=12, gridColor="#e5e6e7")
        .configure(font="Arial")
    )
    # Validation against the Vega-Lite schema costs ~80 ms a chart; the spec is ours and tested.
    return chart.to_dict(validate=False)


@cache
def vega_script_bundle() -> str:
    """vega, vega-lite and vega-embed in one script, to ship with the pack (no CDN)."""
    import vl_convert  # noqa: PLC0415

    # The default snippet puts vegaEmbed, vegaLite and vega on `window`.
    return vl_convert.javascript_bundle()


def trend_svg(spec: dict) -> str:
    import vl_convert  # noqa: PLC0415

    return vl_convert.vegalite_to_svg(spec)
