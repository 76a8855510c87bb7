"""The live Superset dashboards as a panel member meets them.

One Superset for the module (own venv `.superset-venv`, created here when missing; state under
the test var folder), loaded by `refresh_dashboards` exactly as the publish task does, on the
warehouse of one panel_refresh run. Screenshots of every dashboard, seen by the `panel` user in
headless Chromium, are kept in the screenshot folder; the set-up times beside them.
"""

from __future__ import annotations

import json
import os
import socket
import time

import psycopg2
import pytest

from corporate_parenting.dashboards import access
from corporate_parenting.dashboards.bundle_spec import DATASET_NAME
from corporate_parenting.dashboards.client import SupersetClient, SupersetError
from corporate_parenting.dashboards.publish import refresh_dashboards
from corporate_parenting.dashboards.service import SupersetService
from corporate_parenting.publish.themes import THEMES
from corporate_parenting.settings import PostgresUrl

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def superset(published_warehouse, settings, screenshot_dir):
    """Superset set up and started for this session, the dashboards imported and warmed."""
    service = SupersetService.for_settings(settings, port=_free_port())
    service.stop()  # a server left behind by an interrupted session
    timings = {"venv_install": service.ensure_venv(), "init": service.ensure_initialised()}
    timings["start"] = service.start()
    saved = os.environ.get("SUPERSET_URL")
    os.environ["SUPERSET_URL"] = service.url
    try:
        summary = refresh_dashboards(settings)
    finally:
        if saved is None:
            os.environ.pop("SUPERSET_URL")
        else:
            os.environ["SUPERSET_URL"] = saved
    timings.update(summary)
    (screenshot_dir.parent / "superset-timings.json").write_text(json.dumps(timings, indent=2))
    yield service, summary
    service.stop()


@pytest.fixture(scope="module")
def admin(superset):
    service, _ = superset
    return SupersetClient(service.url).login("admin", service.admin_password())


@pytest.fixture(scope="module")
def panel_member(superset, settings):
    service, _ = superset
    # Read-only: no CSRF token for this account (chart data needs none).
    return SupersetClient(service.url).login(
        access.PANEL_USER, access.panel_user_password(settings), csrf=False
    )


def _theme_charts(admin, theme) -> list[dict]:
    return admin.dashboard_charts(theme.slug)


def test_the_six_dashboards_exist_after_import_and_every_chart_was_warmed(superset, admin):
    _, summary = superset
    dashboards = {theme.slug: admin.dashboard(theme.slug) for theme in THEMES}
    assert {slug: d["dashboard_title"] for slug, d in dashboards.items()} == {
        theme.slug: theme.title for theme in THEMES
    }
    assert all(d["published"] for d in dashboards.values())
    charts = {theme.slug: _theme_charts(admin, theme) for theme in THEMES}
    for theme in THEMES:
        names = [c["slice_name"] for c in charts[theme.slug]]
        assert f"{theme.title}: latest figures" in names
        # One trend chart per headline measure of the theme.
        assert sum(name.endswith(", by year") for name in names) == len(theme.headline)
    assert summary["charts_warmed"] == sum(len(c) for c in charts.values())
    assert summary["dashboards"] == [theme.slug for theme in THEMES]


def _log_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("#username", username)
    page.fill("#password", password)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda address: "/login" not in address, timeout=30_000)


def _wait_until_still(page, chart, timeout: float = 20.0) -> None:
    """ECharts grows its bars in: wait until two looks at the chart are the same picture."""
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        picture = chart.screenshot(animations="disabled")
        if picture == previous:
            return
        previous = picture
        page.wait_for_timeout(300)
    raise AssertionError(f"chart still changing after {timeout} s")


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.slug)
def test_each_dashboard_loads_for_the_panel_member_with_every_chart_drawn(
    theme, superset, admin, settings, browser, screenshot_dir
):
    service, _ = superset
    expected = {c["slice_name"] for c in _theme_charts(admin, theme)}
    answers = []
    with browser.page(width=1400, height=1000) as page:
        # Superset's page pings an analytics host; nothing may leave the machine.
        page.route(lambda address: not address.startswith(service.url), lambda route: route.abort())
        page.on(
            "response",
            lambda response: (
                answers.append(response) if "/api/v1/chart/data" in response.url else None
            ),
        )
        _log_in(page, service.url, access.PANEL_USER, access.panel_user_password(settings))
        page.goto(f"{service.url}/superset/dashboard/{theme.slug}/")
        charts = page.locator("[data-test=chart-grid-component]")
        charts.nth(len(expected) - 1).wait_for(timeout=60_000)
        # Every chart finished: a table with rows, an ECharts canvas, or an error box.
        for i in range(charts.count()):
            charts.nth(i).locator("table tbody tr, canvas, [data-test=error-alert]").first.wait_for(
                timeout=60_000
            )
        page.wait_for_load_state("networkidle")
        for i in range(charts.count()):
            _wait_until_still(page, charts.nth(i))
        # Back to the top, or the sticky dashboard header lands mid-page in the screenshot.
        page.evaluate("window.scrollTo(0, 0)")
        shot = screenshot_dir / f"superset-{theme.slug}.png"
        browser.screenshot(page, shot)
        assert shot.stat().st_size > 20_000

        titles = {
            charts.nth(i).locator("[data-test=editable-title]").inner_text().strip()
            for i in range(charts.count())
        }
        assert titles == expected
        body = page.inner_text("body")
        assert "Data error" not in body and "Unexpected error" not in body
        assert page.locator("[data-test=error-alert], .ant-alert-error").count() == 0
        assert page.log.page_errors == []
        # Every figure is labelled with its period and shown beside England's, in words.
        latest = charts.filter(has_text=f"{theme.title}: latest figures")
        headers = " ".join(latest.locator("thead").all_inner_texts())
        for label in ("Indicator", "Period", "Value", "England", "England's year", "Compared"):
            assert label in headers, label
        rows = latest.locator("tbody tr")
        assert rows.count() > 0
        words = set(" ".join(rows.all_inner_texts()).split())
        assert words & {"better", "worse", "similar", "higher", "lower", "compared", "England"}
        # Read the chart-data answers while the page is still open.
        statuses = [answer.status for answer in answers]
        results = [
            (answer.request.post_data_json["form_data"].get("slice_id"), result)
            for answer in answers
            for result in answer.json()["result"]
        ]

    assert statuses and set(statuses) == {200}
    assert [r for r in results if r[1].get("error")] == []
    # The browser asked exactly what the warm-up ran: every answer came from the cache.
    assert [chart for chart, result in results if not result["is_cached"]] == []


def test_the_panel_member_cannot_open_sql_lab(superset, panel_member, settings, browser):
    service, _ = superset
    for path in ("/api/v1/sqllab/", "/api/v1/database/", "/api/v1/dataset/"):
        refused = panel_member.session.get(f"{panel_member.base_url}{path}", timeout=30)
        assert refused.status_code == 403, path
    with browser.page() as page:
        page.route(lambda address: not address.startswith(service.url), lambda route: route.abort())
        _log_in(page, service.url, access.PANEL_USER, access.panel_user_password(settings))
        response = page.goto(f"{service.url}/sqllab/")
        assert response.status == 403 or "/sqllab" not in page.url
        assert page.locator(".ace_editor").count() == 0


def test_the_panel_role_is_read_only(superset, admin):
    role = next(
        r
        for r in admin.request("GET", "/api/v1/security/roles/", what="roles")["result"]
        if r["name"] == access.PANEL_ROLE
    )
    granted = admin.request(
        "GET", f"/api/v1/security/roles/{role['id']}/permissions/", what="role permissions"
    )["result"]
    names = {(p["permission_name"], p["view_menu_name"]) for p in granted}
    # Writing is allowed only for a member's own filter selections on a dashboard.
    writes = {(p, v) for p, v in names if p in ("can_write", "can_post", "can_put", "can_delete")}
    assert writes == {("can_write", "DashboardFilterStateRestApi")}
    assert not {(p, v) for p, v in names if "sql" in (p + v).lower()}, "no SQL Lab"
    assert not {(p, v) for p, v in names if "csv" in p or "export" in p}, "no export"
    assert not {(p, v) for p, v in names if p.startswith("all_")}, "no blanket data access"
    data_access = [
        view
        for permission, view in names
        if permission in ("database_access", "schema_access", "catalog_access", "datasource_access")
    ]
    assert len(data_access) == 1 and f".[{DATASET_NAME}](id:" in data_access[0], data_access


def test_the_panel_member_cannot_read_a_dataset_outside_reporting_public(
    superset, admin, panel_member, published_warehouse
):
    """An administrator adds the marts as a dataset; the panel member still cannot read it."""
    database = admin.request(
        "POST",
        "/api/v1/database/",
        what="add the unsuppressed warehouse",
        json={
            "database_name": "Unsuppressed marts (test)",
            "sqlalchemy_uri": PostgresUrl(published_warehouse.url).sqlalchemy(),
        },
    )["id"]
    dataset = None
    try:
        dataset = admin.request(
            "POST",
            "/api/v1/dataset/",
            what="add marts.fct_indicators",
            json={"database": database, "schema": "marts", "table_name": "fct_indicators"},
        )["id"]
        query = {
            "datasource": {"id": dataset, "type": "table"},
            "queries": [{"columns": ["indicator_id"], "metrics": [], "row_limit": 5}],
            "result_format": "json",
            "result_type": "full",
        }
        chart_data = "/api/v1/chart/data"
        # The administrator can read it, so the refusal below is about permissions.
        assert admin.session.post(admin.base_url + chart_data, json=query, timeout=60).ok
        refused = panel_member.session.post(
            panel_member.base_url + chart_data, json=query, timeout=60
        )
        assert refused.status_code == 403
        opened = panel_member.session.get(
            f"{panel_member.base_url}/api/v1/dataset/{dataset}", timeout=30
        )
        assert opened.status_code in (403, 404)
    finally:
        if dataset is not None:
            admin.request("DELETE", f"/api/v1/dataset/{dataset}", what="remove the dataset")
        admin.request("DELETE", f"/api/v1/database/{database}", what="remove the database")


def test_panel_reader_is_refused_everything_but_reporting_public(
    superset, published_warehouse, settings
):
    owner = PostgresUrl(published_warehouse.url)
    password = access.panel_reader_password(owner, settings)
    reader = psycopg2.connect(
        host=owner.host,
        port=owner.port,
        dbname=owner.dbname,
        user="panel_reader",
        password=password,
    )
    # Autocommit: an open read would block the clean-up's DROP TABLE below.
    reader.autocommit = True
    try:
        with reader.cursor() as cur:
            cur.execute("select count(*) from reporting_public.rpt_theme_indicators")
            assert cur.fetchone()[0] > 0
        for table in ("marts.fct_indicators", "raw.ssda903_header", "linkage.child_identifiers"):
            with reader.cursor() as cur, pytest.raises(psycopg2.Error) as refused:
                cur.execute(f"select 1 from {table} limit 1")
            assert "permission denied" in str(refused.value), table
        # dbt replaces tables on every build: a new table in the schema is readable at once.
        owner_conn = psycopg2.connect(owner.url)
        owner_conn.autocommit = True
        with owner_conn.cursor() as cur:
            cur.execute("drop table if exists reporting_public.rebuilt_probe")
            cur.execute("create table reporting_public.rebuilt_probe as select 1 as one")
        try:
            with reader.cursor() as cur:
                cur.execute("select one from reporting_public.rebuilt_probe")
                assert cur.fetchone() == (1,)
        finally:
            with owner_conn.cursor() as cur:
                cur.execute("drop table reporting_public.rebuilt_probe")
            owner_conn.close()
    finally:
        reader.close()


def test_warm_up_fails_naming_a_chart_whose_query_is_broken(superset, admin):
    dashboard = admin.request(
        "POST",
        "/api/v1/dashboard/",
        what="add a scratch dashboard",
        json={"dashboard_title": "Broken (test)", "slug": "broken-test"},
    )["id"]
    source = admin.dashboard_charts(THEMES[0].slug)[0]
    chart_id = None
    try:
        original = admin.request("GET", f"/api/v1/chart/{source['id']}", what="read chart")[
            "result"
        ]
        context = json.loads(original["query_context"])
        context["queries"][0]["columns"] = ["no_such_column"]
        dataset_id = context["datasource"]["id"]
        chart_id = admin.request(
            "POST",
            "/api/v1/chart/",
            what="add a broken chart",
            json={
                "slice_name": "Deliberately broken chart",
                "viz_type": original["viz_type"],
                "datasource_id": dataset_id,
                "datasource_type": "table",
                "params": original["params"],
                "query_context": json.dumps(context),
                "dashboards": [dashboard],
            },
        )["id"]
        # Superset answers HTTP 200 with the error in the body ...
        raw = admin.session.put(
            f"{admin.base_url}/api/v1/chart/warm_up_cache",
            json={"chart_id": chart_id, "dashboard_id": dashboard},
            timeout=60,
        )
        assert raw.status_code == 200 and raw.json()["result"][0]["viz_error"]
        # ... which the client turns into a failure naming the chart.
        with pytest.raises(SupersetError, match="Deliberately broken chart"):
            admin.warm_up("broken-test")
    finally:
        if chart_id is not None:
            admin.request("DELETE", f"/api/v1/chart/{chart_id}", what="remove the broken chart")
        admin.request("DELETE", f"/api/v1/dashboard/{dashboard}", what="remove the dashboard")


def test_without_superset_configured_dashboards_are_not_refreshed(settings, monkeypatch, caplog):
    monkeypatch.delenv("SUPERSET_URL", raising=False)
    caplog.set_level("INFO")
    started = time.monotonic()
    assert refresh_dashboards(settings) is None
    assert time.monotonic() - started < 1
    assert "dashboards not refreshed" in caplog.text
