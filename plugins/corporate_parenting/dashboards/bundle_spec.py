"""The dashboards as code: what writes `bundle/`, the YAML Superset imports.

The bundle in git (`bundle/`: metadata.yaml, databases/, datasets/, charts/, dashboards/) is
in Superset's own export format, so it can be read, diffed and imported as it is. This module
is how it is written: one dashboard per panel theme, each with

- a short "how to read" note (periods, suppression symbols, comparisons in words);
- a "latest figures" table: every indicator of the theme, its latest figure of each kind
  (year, 12 months, term) labelled with its period, England's figure with England's year,
  the comparison with England in words, the statistical neighbours and the previous period;
- a trend chart per headline indicator (the static pack's headline set): the council's
  figure by year as bars, England's as a line with markers, so the two differ by shape and
  name, not only by colour;
- the annual review also lists every indicator year by year.

Regenerate after changing the themes, the catalogue or this file:
    python -m corporate_parenting.dashboards.bundle_spec
`tests/unit/test_dashboard_bundle.py` fails when the YAML in git and this file disagree.

Every chart stores a `query_context` (what the chart-data API runs): without one, Superset's
cache warm-up answers `viz_error`. Its shape is the one Superset's own front end sends for
the chart's `params`, so warming the cache fills the entries the dashboards then read.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from corporate_parenting.publish.themes import THEMES, Theme

BUNDLE_DIR = Path(__file__).resolve().with_name("bundle")
CATALOGUE = (
    Path(__file__).resolve().parents[3] / "dbt_project/seeds/indicators/indicator_catalogue.csv"
)
# Stable identifiers: the same names always give the same UUIDs, so a re-import overwrites.
NAMESPACE = uuid.UUID("6f1c3a52-2f0e-4d8a-9a57-63a1c4b0d001")

DATABASE_NAME = "Panel warehouse (reporting_public)"
DATABASE_FILE = "databases/Panel_warehouse.yaml"
# Host, port and database are filled in at import time (see client.bundle_zip): the same
# bundle serves every environment. The password is never in the file: Superset's mask
# `XXXXXXXXXX` stands in for it and the import passes the real one.
PLACEHOLDER_URI = "postgresql+psycopg2://panel_reader:XXXXXXXXXX@warehouse:5432/warehouse"
DATASET_NAME = "panel_theme_indicators"
# The panel's council: the first in the warehouse, as the static pack chooses by default.
DATASET_SQL = """\
select *
from reporting_public.rpt_theme_indicators
where la_code = (select min(la_code) from reporting_public.rpt_theme_indicators)
"""
ANNUAL_PERIOD_TYPES = ["statutory_year", "academic_year"]
UNIT_WORDS = {
    "count": "number",
    "percent": "%",
    "rate_per_10000": "per 10,000 children",
    "rate_per_100": "per 100 pupils",
    "mean": "average",
    "mean_days": "days",
    "median_days": "days",
}

# (column, label shown to the panel, type); the order of the latest-figures table.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("theme_code", "Theme", "TEXT"),
    ("la_code", "Council code", "TEXT"),
    ("la_name", "Council", "TEXT"),
    ("period_type", "Kind of period", "TEXT"),
    ("period_label", "Period", "TEXT"),
    ("period_end_date", "Period end", "DATE"),
    ("is_latest_period", "Latest period", "BOOLEAN"),
    ("indicator_id", "Code", "TEXT"),
    ("indicator_name", "Indicator", "TEXT"),
    ("unit", "Unit", "TEXT"),
    ("direction_of_good", "Direction of good", "TEXT"),
    ("value", "Value (number)", "NUMERIC"),
    ("display_value", "Value", "TEXT"),
    ("suppression", "Suppressed", "TEXT"),
    ("england_value", "England (number)", "NUMERIC"),
    ("england_period_label", "England's year", "TEXT"),
    ("england_display_value", "England", "TEXT"),
    ("england_value_same_period", "England, same year", "NUMERIC"),
    ("comparison_to_england", "Compared with England", "TEXT"),
    ("statistical_neighbour_value", "Neighbours (number)", "NUMERIC"),
    ("neighbours_display_value", "Statistical neighbours", "TEXT"),
    ("previous_period_label", "Previous period", "TEXT"),
    ("previous_display_value", "Previous value", "TEXT"),
    ("change_on_previous_period", "Change on previous period", "TEXT"),
)
VERBOSE = {name: label for name, label, _ in COLUMNS}
LATEST_COLUMNS = [
    "indicator_name",
    "period_label",
    "display_value",
    "england_display_value",
    "england_period_label",
    "comparison_to_england",
    "neighbours_display_value",
    "previous_period_label",
    "previous_display_value",
    "change_on_previous_period",
]
YEAR_BY_YEAR_COLUMNS = [
    "indicator_name",
    "period_label",
    "display_value",
    "england_display_value",
    "england_period_label",
    "comparison_to_england",
    "change_on_previous_period",
]

HOW_TO_READ = """\
**How to read these figures.** Every figure is labelled with its period: a year (2024-25 is
1 April 2024 to 31 March 2025 for care figures, the school year for school figures), the
12 months to the latest monthly extract, or a school term. England's figure is shown beside
it with the year it is for: DfE publishes a year later, so England's year can be earlier.
*Compared with England* says in words whether the figure is **better**, **similar** or
**worse** (or **higher** / **lower** where neither is better), or why there is no comparison.
Small numbers are hidden to protect children: **<5** is a count from 1 to 4 and **c** is a
figure that would reveal one. In the trend charts the bars are this council and the line
with round markers is England, for the same year only; a year with no bar is one whose figure
is hidden or not available."""


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    name: str
    unit: str
    themes: tuple[str, ...]


@cache
def catalogue() -> dict[str, Indicator]:
    with CATALOGUE.open(encoding="utf-8", newline="") as handle:
        return {
            row["indicator_id"]: Indicator(
                row["indicator_id"],
                row["indicator_name"],
                row["unit"],
                tuple(code.strip() for code in row["themes"].split(";")),
            )
            for row in csv.DictReader(handle)
        }


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _file_stem(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_")


DATABASE_UUID = stable_uuid("database", "panel-warehouse")
DATASET_UUID = stable_uuid("dataset", DATASET_NAME)
# Superset rewrites the datasource id on import; this is the placeholder in the YAML.
PLACEHOLDER_DATASET_ID = 1


# --- chart parameters ---------------------------------------------------------------------
def _where(column: str, operator: str, value) -> dict:
    return {
        "clause": "WHERE",
        "expressionType": "SIMPLE",
        "subject": column,
        "operator": operator,
        "operatorId": {"==": "EQUALS", "IN": "IN", "IS TRUE": "IS_TRUE"}[operator],
        "comparator": value,
        "isExtra": False,
        "isNew": False,
        "filterOptionName": f"filter_{column}",
        "sqlExpression": None,
    }


def _query_filters(adhoc_filters: list[dict]) -> list[dict]:
    """The chart-data API's form of adhoc filters."""
    filters = []
    for adhoc in adhoc_filters:
        filters.append(
            {"col": adhoc["subject"], "op": adhoc["operator"], "val": adhoc["comparator"]}
        )
    return filters


def _sql_metric(expression: str, label: str) -> dict:
    return {
        "expressionType": "SQL",
        "sqlExpression": expression,
        "label": label,
        "hasCustomLabel": True,
        "optionName": f"metric_{_file_stem(label).lower()}",
    }


def _base_query(filters: list[dict]) -> dict:
    return {
        "filters": filters,
        "extras": {"having": "", "where": ""},
        "applied_time_extras": {},
        "annotation_layers": [],
        "series_limit": 0,
        "group_others_when_limit_reached": False,
        "url_params": {},
        "custom_params": {},
        "custom_form_data": {},
    }


def _query_context(params: dict, queries: list[dict]) -> str:
    context = {
        "datasource": {"id": PLACEHOLDER_DATASET_ID, "type": "table"},
        "force": False,
        "queries": queries,
        "form_data": params,
        "result_format": "json",
        "result_type": "full",
    }
    return json.dumps(context, sort_keys=True)


def table_chart(title: str, filters: list[dict], columns: list[str], row_limit: int) -> dict:
    """A plain table of rows (no aggregation), sorted by catalogue code then period."""
    order_by = [["indicator_id", True], ["period_type", True], ["period_end_date", False]]
    params = {
        "viz_type": "table",
        "datasource": f"{PLACEHOLDER_DATASET_ID}__table",
        "query_mode": "raw",
        "all_columns": columns,
        "order_by_cols": [json.dumps(item) for item in order_by],
        "adhoc_filters": filters,
        "row_limit": row_limit,
        "server_pagination": False,
        "server_page_length": 10,
        "order_desc": True,
        "table_timestamp_format": "smart_date",
        "show_cell_bars": False,
        "color_pn": False,
        "allow_render_html": False,
        "include_search": False,
        "extra_form_data": {},
        "dashboards": [],
    }
    query = _base_query(_query_filters(filters))
    query.update(
        {
            "columns": columns,
            "orderby": order_by,
            "order_desc": True,
            "row_limit": row_limit,
            "post_processing": [],
            "time_offsets": [],
        }
    )
    return {"slice_name": title, "viz_type": "table", "params": params, "queries": [query]}


def _axis_format(unit: str) -> str:
    return ",d" if unit == "count" else ",.1f"


def trend_chart(theme: Theme, indicator: Indicator) -> dict:
    """The council by year as bars; England (same year) as a line with markers."""
    filters = [
        _where("theme_code", "==", theme.code),
        _where("indicator_id", "==", indicator.indicator_id),
        _where("period_type", "IN", ANNUAL_PERIOD_TYPES),
    ]
    council = _sql_metric("MAX(value)", "This council")
    england = _sql_metric("MAX(england_value_same_period)", "England")
    unit_words = UNIT_WORDS.get(indicator.unit, indicator.unit)
    common = {
        "datasource": f"{PLACEHOLDER_DATASET_ID}__table",
        "x_axis": "period_label",
        "x_axis_sort_asc": True,
        "groupby": [],
        "adhoc_filters": filters,
        "row_limit": 100,
        "order_desc": True,
        "show_value": True,
        "y_axis_format": _axis_format(indicator.unit),
        "show_legend": True,
        "legendType": "plain",
        "legendOrientation": "top",
        "x_axis_title": "Year",
        "x_axis_title_margin": 30,
        "y_axis_title": unit_words,
        "y_axis_title_margin": 40,
        "y_axis_title_position": "Left",
        "rich_tooltip": True,
        "truncateYAxis": False,
        "zoomable": False,
        "color_scheme": "supersetColors",
        "annotation_layers": [],
        "extra_form_data": {},
        "dashboards": [],
    }
    if indicator.unit == "count":
        # A council's count is not comparable with England's national total: bars only.
        params = {
            "viz_type": "echarts_timeseries_bar",
            **common,
            "metrics": [council],
            "orientation": "vertical",
            "only_total": True,
            "stack": None,
        }
        queries = [_trend_query(filters, council, mixed=False)]
        description = (
            f"{indicator.name}: this council's figure for each year. England's figure is a "
            "national total, so it is not drawn beside it."
        )
    else:
        params = {
            "viz_type": "mixed_timeseries",
            **common,
            "metrics": [council],
            "metrics_b": [england],
            "groupby_b": [],
            "adhoc_filters_b": filters,
            "row_limit_b": 100,
            "order_desc_b": True,
            "seriesType": "bar",
            "seriesTypeB": "line",
            "markerEnabled": False,
            "markerEnabledB": True,
            "markerSize": 8,
            "markerSizeB": 10,
            "show_valueB": True,
            "opacity": 0.9,
            "opacityB": 1,
            "stack": False,
            "stackB": False,
            "area": False,
            "areaB": False,
            "yAxisIndex": 0,
            "yAxisIndexB": 0,
            "y_axis_format_secondary": _axis_format(indicator.unit),
        }
        queries = [
            _trend_query(filters, council, mixed=True),
            _trend_query(filters, england, mixed=True),
        ]
        description = (
            f"{indicator.name}: this council's figure for each year (bars), with England's "
            "figure for the same year (line with round markers)."
        )
    return {
        "slice_name": f"{indicator.name} ({unit_words}), by year",
        "viz_type": params["viz_type"],
        "params": params,
        "queries": queries,
        "description": description,
    }


def _trend_query(filters: list[dict], metric: dict, mixed: bool) -> dict:
    """As the front end builds it: the mixed chart's and the bar chart's differ slightly."""
    query = _base_query(_query_filters(filters))
    if not mixed:
        query["order_desc"] = True
    query.update(
        {
            "columns": [
                {
                    "columnType": "BASE_AXIS",
                    "sqlExpression": "period_label",
                    "label": "period_label",
                    "expressionType": "SQL",
                    "isColumnReference": True,
                }
            ],
            "metrics": [metric],
            "orderby": [[metric, False]],
            "row_limit": 100,
            "series_columns": [],
            "time_offsets": [],
            "post_processing": [
                {
                    "operation": "pivot",
                    "options": {
                        "index": ["period_label"],
                        "columns": [],
                        "aggregates": {metric["label"]: {"operator": "mean"}},
                        "drop_missing_columns": mixed,
                    },
                },
                {"operation": "flatten"},
            ],
        }
    )
    return query


def charts_for(theme: Theme) -> list[dict]:
    indicators = catalogue()
    latest = table_chart(
        f"{theme.title}: latest figures",
        [_where("theme_code", "==", theme.code), _where("is_latest_period", "IS TRUE", None)],
        LATEST_COLUMNS,
        row_limit=500,
    )
    latest["description"] = (
        "Each indicator's latest figure of each kind of period, with England and the "
        "previous period."
    )
    charts = [latest]
    charts += [trend_chart(theme, indicators[code]) for code in theme.headline]
    if theme.code == "A":
        year_by_year = table_chart(
            "Every indicator, year by year",
            [
                _where("theme_code", "==", "A"),
                _where("period_type", "IN", ANNUAL_PERIOD_TYPES),
            ],
            YEAR_BY_YEAR_COLUMNS,
            row_limit=2000,
        )
        year_by_year["params"]["server_page_length"] = 50
        year_by_year["description"] = "Every indicator for every year, newest first."
        charts.append(year_by_year)
    for chart in charts:
        chart["uuid"] = stable_uuid("chart", theme.slug, chart["slice_name"])
    return charts


# --- files ------------------------------------------------------------------------------
def database_yaml() -> dict:
    return {
        "database_name": DATABASE_NAME,
        "sqlalchemy_uri": PLACEHOLDER_URI,
        "cache_timeout": None,
        "expose_in_sqllab": False,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_csv_upload": False,
        "impersonate_user": False,
        "extra": {
            "metadata_params": {},
            "engine_params": {},
            "metadata_cache_timeout": {},
            "schemas_allowed_for_csv_upload": [],
        },
        "uuid": DATABASE_UUID,
        "version": "1.0.0",
    }


def dataset_yaml() -> dict:
    return {
        "table_name": DATASET_NAME,
        "main_dttm_col": None,
        "description": (
            "The panel's council's headline figures by dashboard theme, small numbers "
            "suppressed (reporting_public.rpt_theme_indicators)."
        ),
        "default_endpoint": None,
        "offset": 0,
        "cache_timeout": None,
        "catalog": None,
        "schema": "reporting_public",
        "sql": DATASET_SQL,
        "params": None,
        "template_params": None,
        "filter_select_enabled": True,
        "fetch_values_predicate": None,
        "extra": None,
        "normalize_columns": False,
        "always_filter_main_dttm": False,
        "uuid": DATASET_UUID,
        "metrics": [
            {
                "metric_name": "count",
                "verbose_name": "Rows",
                "metric_type": "count",
                "expression": "COUNT(*)",
                "description": None,
                "d3format": None,
                "extra": None,
                "warning_text": None,
            }
        ],
        "columns": [
            {
                "column_name": name,
                "verbose_name": label,
                "is_dttm": kind == "DATE",
                "is_active": True,
                "type": kind,
                "advanced_data_type": None,
                "groupby": True,
                "filterable": True,
                "expression": None,
                "description": None,
                "python_date_format": None,
                "extra": None,
            }
            for name, label, kind in COLUMNS
        ],
        "version": "1.0.0",
        "database_uuid": DATABASE_UUID,
    }


def chart_yaml(chart: dict) -> dict:
    return {
        "slice_name": chart["slice_name"],
        "description": chart.get("description"),
        "certified_by": None,
        "certification_details": None,
        "viz_type": chart["viz_type"],
        "params": chart["params"],
        "query_context": _query_context(chart["params"], chart["queries"]),
        "cache_timeout": None,
        "uuid": chart["uuid"],
        "version": "1.0.0",
        "dataset_uuid": DATASET_UUID,
    }


def _table_height(rows: int) -> int:
    # Grid units of 8 px: a header, then about 4.5 units a row, within reason.
    return max(40, min(120, 12 + int(rows * 4.5)))


def dashboard_yaml(theme: Theme, charts: list[dict], latest_rows: int) -> dict:
    position: dict = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"id": "HEADER_ID", "type": "HEADER", "meta": {"text": theme.title}},
    }
    rows: list[list[tuple[str, dict]]] = [
        [("MARKDOWN-how-to-read", {"type": "MARKDOWN", "width": 12, "height": 21})],
        [(f"CHART-{1}", {"chart": charts[0], "width": 12, "height": _table_height(latest_rows)})],
    ]
    trends = [c for c in charts[1:] if c["viz_type"] != "table"]
    for start in range(0, len(trends), 2):
        rows.append(
            [
                (f"CHART-{charts.index(c) + 1}", {"chart": c, "width": 6, "height": 50})
                for c in trends[start : start + 2]
            ]
        )
    for extra in (c for c in charts[1:] if c["viz_type"] == "table"):
        rows.append(
            [(f"CHART-{charts.index(extra) + 1}", {"chart": extra, "width": 12, "height": 120})]
        )

    intro = f"This dashboard shows {theme.purpose}.\n\n{HOW_TO_READ}"
    for number, row in enumerate(rows, start=1):
        row_id = f"ROW-{number}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {
            "type": "ROW",
            "id": row_id,
            "children": [item_id for item_id, _ in row],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        for item_id, item in row:
            parents = ["ROOT_ID", "GRID_ID", row_id]
            if item.get("type") == "MARKDOWN":
                position[item_id] = {
                    "type": "MARKDOWN",
                    "id": item_id,
                    "children": [],
                    "parents": parents,
                    "meta": {"width": item["width"], "height": item["height"], "code": intro},
                }
                continue
            chart = item["chart"]
            position[item_id] = {
                "type": "CHART",
                "id": item_id,
                "children": [],
                "parents": parents,
                "meta": {
                    "width": item["width"],
                    "height": item["height"],
                    "chartId": charts.index(chart) + 1,
                    "uuid": chart["uuid"],
                    "sliceName": chart["slice_name"],
                },
            }
    return {
        "dashboard_title": theme.title,
        "description": None,
        "css": "",
        "slug": theme.slug,
        "certified_by": "",
        "certification_details": "",
        "published": True,
        "uuid": stable_uuid("dashboard", theme.slug),
        "position": position,
        "metadata": {
            "color_scheme": "supersetColors",
            "refresh_frequency": 0,
            "expanded_slices": {},
            "label_colors": {},
            "timed_refresh_immune_slices": [],
            "cross_filters_enabled": False,
            "default_filters": "{}",
            "chart_configuration": {},
            "native_filter_configuration": [],
            # The same two series on every trend chart, in the same colours everywhere.
            "shared_label_colors": ["This council", "England"],
            "map_label_colors": {"This council": "#1FA8C9", "England": "#454E7C"},
        },
        "version": "1.0.0",
    }


def latest_row_estimate(theme: Theme) -> int:
    """Rows of the latest-figures table: one per indicator and kind of period (about)."""
    indicators = [i for i in catalogue().values() if theme.code == "A" or theme.code in i.themes]
    return int(len(indicators) * 1.5)


def bundle_files() -> dict[str, str]:
    """{path inside the bundle: YAML text}, in Superset's export layout."""
    files = {
        # No `type`: the same bundle goes to the database, dataset, chart and dashboard
        # import endpoints (see client.import_bundle), and each checks a declared type.
        "metadata.yaml": _dump({"version": "1.0.0", "timestamp": "2026-01-01T00:00:00+00:00"}),
        DATABASE_FILE: _dump(database_yaml()),
        f"datasets/Panel_warehouse/{DATASET_NAME}.yaml": _dump(dataset_yaml()),
    }
    for theme in THEMES:
        charts = charts_for(theme)
        for chart in charts:
            stem = _file_stem(chart["slice_name"])
            files[f"charts/{_file_stem(theme.title)}/{stem}.yaml"] = _dump(chart_yaml(chart))
        dashboard = dashboard_yaml(theme, charts, latest_row_estimate(theme))
        files[f"dashboards/{_file_stem(theme.title)}.yaml"] = _dump(dashboard)
    return files


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_bundle(directory: Path = BUNDLE_DIR) -> list[Path]:
    """Replace the YAML under `directory` with the generated bundle."""
    for stale in directory.rglob("*.yaml"):
        stale.unlink()
    written = []
    for relative, text in bundle_files().items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    paths = write_bundle()
    print(f"Wrote {len(paths)} files under {BUNDLE_DIR}")
