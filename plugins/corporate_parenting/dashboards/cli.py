"""`corporate-parenting dashboards start|stop|status|import` (and `make dashboards`).

start   set up Superset if needed (venv, metadata, admin), start it on 127.0.0.1:$SUPERSET_PORT
        (default 8088), grant `panel_reader`, import the bundle, warm every chart, and print
        the URL and where the passwords are
import  the same import and warm-up against the running service (or $SUPERSET_URL)
stop    stop the local service
status  say whether it runs
"""

from __future__ import annotations

import os

from corporate_parenting.settings import PostgresUrl, Settings


def _seconds(value: float | None) -> str:
    return "already done" if value is None else f"{value:.1f} s"


def _warehouse_with_dashboard_data(settings: Settings) -> PostgresUrl:
    import psycopg2  # noqa: PLC0415

    from corporate_parenting.environment import resolve_warehouse  # noqa: PLC0415

    warehouse = resolve_warehouse(settings)[0]
    conn = psycopg2.connect(warehouse.url)
    try:
        with conn.cursor() as cur:
            cur.execute("select to_regclass('reporting_public.rpt_theme_indicators')")
            built = cur.fetchone()[0] is not None
    finally:
        conn.close()
    if not built:
        raise SystemExit(
            f"reporting_public.rpt_theme_indicators is not built in {warehouse.dbname}: "
            "run `make run` first, then `make dashboards`."
        )
    return warehouse


def _import(settings: Settings, url: str, warehouse: PostgresUrl | None = None) -> None:
    from corporate_parenting.dashboards.publish import import_and_warm  # noqa: PLC0415

    summary = import_and_warm(settings, url, warehouse)
    print(
        f"Imported {len(summary['dashboards'])} dashboards ({summary['import_seconds']} s), "
        f"warmed {summary['charts_warmed']} charts ({summary['warm_up_seconds']} s)"
    )


def run(action: str, settings: Settings) -> int:
    from corporate_parenting.dashboards import access  # noqa: PLC0415
    from corporate_parenting.dashboards.service import SupersetService  # noqa: PLC0415
    from corporate_parenting.publish.themes import THEMES  # noqa: PLC0415

    service = SupersetService.for_settings(settings)
    if action == "stop":
        print("Stopped Superset" if service.stop() else "Superset was not running")
        return 0
    if action == "status":
        print(service.status())
        return 0
    if action == "import":
        url = os.environ.get("SUPERSET_URL") or service.url
        _import(settings, url, _warehouse_with_dashboard_data(settings))
        return 0

    warehouse = _warehouse_with_dashboard_data(settings)
    steps = service.ensure_started()
    print(
        f"Superset venv: {_seconds(steps['venv_install'])}; metadata and admin: "
        f"{_seconds(steps['init'])}; server: {_seconds(steps['start'])}"
    )
    _import(settings, service.url, warehouse)
    print(f"\nSuperset is running on {service.url} (log: {service.log_file})")
    for theme in THEMES:
        print(f"  {theme.title}: {service.url}/superset/dashboard/{theme.slug}/")
    print(
        f"Panel member: user `{access.PANEL_USER}`, password in "
        f"{access.panel_user_password_file(settings)}"
    )
    print(f"Administrator: user `admin`, password in {service.admin_password_file}")
    print(
        f"To have `make run` refresh these dashboards: export SUPERSET_URL={service.url}\n"
        "Stop it with: .venv/bin/corporate-parenting dashboards stop"
    )
    return 0
