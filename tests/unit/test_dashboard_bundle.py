"""The Superset bundle in git: in step with its generator, one dashboard per theme, every
chart importable and warmable, nothing secret and nothing outside reporting_public."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
import yaml

from corporate_parenting.dashboards import bundle_spec
from corporate_parenting.dashboards.client import bundle_zip
from corporate_parenting.publish.themes import THEMES
from corporate_parenting.settings import PostgresUrl

BUNDLE = bundle_spec.BUNDLE_DIR


@pytest.fixture(scope="module")
def files() -> dict[str, dict]:
    return {
        p.relative_to(BUNDLE).as_posix(): yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in BUNDLE.rglob("*.yaml")
    }


def test_the_yaml_in_git_is_what_the_generator_writes():
    in_git = {p.relative_to(BUNDLE).as_posix(): p.read_text() for p in BUNDLE.rglob("*.yaml")}
    assert in_git == bundle_spec.bundle_files(), (
        "regenerate: python -m corporate_parenting.dashboards.bundle_spec"
    )


def test_one_published_dashboard_per_theme(files):
    dashboards = {f["slug"]: f for name, f in files.items() if name.startswith("dashboards/")}
    assert {slug: d["dashboard_title"] for slug, d in dashboards.items()} == {
        t.slug: t.title for t in THEMES
    }
    assert all(d["published"] for d in dashboards.values())


def test_every_chart_on_a_dashboard_exists_with_a_stored_query(files):
    charts = {f["uuid"]: f for name, f in files.items() if name.startswith("charts/")}
    placed = [
        item["meta"]["uuid"]
        for name, f in files.items()
        if name.startswith("dashboards/")
        for item in f["position"].values()
        if isinstance(item, dict) and item.get("type") == "CHART"
    ]
    assert sorted(placed) == sorted(charts), "every chart is placed once, and only those"
    for chart in charts.values():
        # Without a stored query context Superset's warm-up answers viz_error.
        context = json.loads(chart["query_context"])
        assert context["queries"], chart["slice_name"]
        assert context["form_data"]["viz_type"] == chart["viz_type"]
        for query in context["queries"]:
            assert any(f["col"] == "theme_code" for f in query["filters"]), chart["slice_name"]


def test_trend_charts_show_england_beside_the_council_by_shape_not_only_colour(files):
    trends = [
        f for name, f in files.items() if name.startswith("charts/") and f["viz_type"] != "table"
    ]
    assert len(trends) == sum(len(t.headline) for t in THEMES)
    for chart in trends:
        params = chart["params"]
        assert params["x_axis"] == "period_label" and params["show_value"]
        if chart["viz_type"] == "mixed_timeseries":
            assert [m["label"] for m in params["metrics"] + params["metrics_b"]] == [
                "This council",
                "England",
            ]
            assert (params["seriesType"], params["seriesTypeB"]) == ("bar", "line")
            assert params["markerEnabledB"]
        else:
            # Counts: England's national total is not comparable, so bars only.
            assert "(number)" in chart["slice_name"]


def test_latest_figures_show_periods_england_and_comparison_in_words(files):
    tables = [f for name, f in files.items() if name.endswith("_latest_figures.yaml")]
    assert len(tables) == len(THEMES)
    for table in tables:
        columns = table["params"]["all_columns"]
        for column in (
            "indicator_name",
            "period_label",
            "display_value",
            "england_display_value",
            "england_period_label",
            "comparison_to_england",
            "neighbours_display_value",
        ):
            assert column in columns


def test_the_data_comes_from_reporting_public_only(files):
    (dataset,) = [f for name, f in files.items() if name.startswith("datasets/")]
    assert dataset["schema"] == "reporting_public"
    referenced = re.findall(r"\b(?:from|join)\s+([a-z_]+)\.", dataset["sql"], re.IGNORECASE)
    assert referenced and set(referenced) == {"reporting_public"}


def test_no_password_is_in_the_bundle_and_the_import_fills_in_the_warehouse(files):
    (database,) = [f for name, f in files.items() if name.startswith("databases/")]
    assert "password" not in database
    assert re.fullmatch(
        r"postgresql\+psycopg2://panel_reader:X{10}@[^/]+/\w+", database["sqlalchemy_uri"]
    )
    archive = zipfile.ZipFile(
        io.BytesIO(bundle_zip(BUNDLE, PostgresUrl("postgresql://o:secret@db.internal:6543/wh")))
    )
    names = archive.namelist()
    assert all(n.startswith("panel_dashboards/") for n in names)
    assert "panel_dashboards/metadata.yaml" in names
    imported = yaml.safe_load(archive.read(f"panel_dashboards/{bundle_spec.DATABASE_FILE}"))
    assert imported["sqlalchemy_uri"] == (
        "postgresql+psycopg2://panel_reader:XXXXXXXXXX@db.internal:6543/wh"
    )
    assert all(b"secret" not in archive.read(n) for n in names)


def test_metadata_declares_no_type_so_every_import_level_accepts_it(files):
    assert files["metadata.yaml"]["version"] == "1.0.0"
    assert "type" not in files["metadata.yaml"]
