"""Refresh the live Superset dashboards: what the publish task calls.

Configured by the environment (credentials never in git):

  SUPERSET_URL              where Superset is, e.g. http://superset:8088; unset: not refreshed
  SUPERSET_ADMIN_USERNAME   the account that imports (default admin)
  SUPERSET_ADMIN_PASSWORD   its password (default: the local service's generated one in
                            $CORPORATE_PARENTING_VAR/secrets/superset_admin_password)
  SUPERSET_PANEL_PASSWORD   the `panel` user's password (default: generated into the
                            secrets folder)
  PANEL_READER_PASSWORD     PostgreSQL `panel_reader`'s password (default: derived, see access)
"""

from __future__ import annotations

import logging
import os
import time

from corporate_parenting.dashboards import access
from corporate_parenting.dashboards.bundle_spec import BUNDLE_DIR
from corporate_parenting.dashboards.client import SupersetClient, bundle_zip, database_files
from corporate_parenting.publish.themes import THEMES
from corporate_parenting.settings import PostgresUrl, Settings

log = logging.getLogger(__name__)


def _warehouse(settings: Settings) -> PostgresUrl:
    if os.environ.get("WAREHOUSE_URL"):
        return PostgresUrl(os.environ["WAREHOUSE_URL"])
    from corporate_parenting.environment import resolve_warehouse  # noqa: PLC0415

    return resolve_warehouse(settings)[0]


def _admin_password(settings: Settings) -> str:
    if os.environ.get("SUPERSET_ADMIN_PASSWORD"):
        return os.environ["SUPERSET_ADMIN_PASSWORD"]
    from corporate_parenting.dashboards.service import SupersetService  # noqa: PLC0415

    return SupersetService.for_settings(settings).admin_password()


def import_and_warm(
    settings: Settings, superset_url: str, warehouse: PostgresUrl | None = None
) -> dict:
    """Grant, import the bundle, set up the Panel role, warm every chart; a summary."""
    started = time.monotonic()
    warehouse = warehouse or _warehouse(settings)
    reader_password = access.panel_reader_password(warehouse, settings)
    access.grant_panel_reader(warehouse, reader_password)

    client = SupersetClient(superset_url).login(
        os.environ.get("SUPERSET_ADMIN_USERNAME", "admin"), _admin_password(settings)
    )
    import_started = time.monotonic()
    client.import_bundle(
        bundle_zip(BUNDLE_DIR, warehouse),
        {name: reader_password for name in database_files(BUNDLE_DIR)},
    )
    import_seconds = time.monotonic() - import_started

    dataset_ids = sorted(
        {
            dataset["id"]
            for theme in THEMES
            for dataset in client.request(
                "GET",
                f"/api/v1/dashboard/{theme.slug}/datasets",
                what=f"list the datasets of dashboard {theme.slug}",
            )["result"]
        }
    )
    access.ensure_panel_role(client, dataset_ids, access.panel_user_password(settings))

    warm_started = time.monotonic()
    warmed = [result for theme in THEMES for result in client.warm_up(theme.slug)]
    summary = {
        "superset_url": superset_url,
        "dashboards": [theme.slug for theme in THEMES],
        "charts_warmed": len(warmed),
        "import_seconds": round(import_seconds, 1),
        "warm_up_seconds": round(time.monotonic() - warm_started, 1),
        "seconds": round(time.monotonic() - started, 1),
    }
    log.info(
        "Superset dashboards refreshed: %d dashboards, %d charts warmed in %.1f s (%s)",
        len(summary["dashboards"]),
        summary["charts_warmed"],
        summary["seconds"],
        superset_url,
    )
    return summary


def refresh_dashboards(settings: Settings) -> dict | None:
    """Import the dashboards bundle into Superset and warm its charts, when configured.

    Returns {superset_url, dashboards, charts_warmed, import_seconds, warm_up_seconds,
    seconds}, or None (logged) when SUPERSET_URL is not set. Raises when Superset refuses
    the import or any chart fails to warm up, naming the chart.
    """
    superset_url = os.environ.get("SUPERSET_URL", "").strip()
    if not superset_url:
        log.info("Superset is not configured (SUPERSET_URL is not set): dashboards not refreshed")
        return None
    return import_and_warm(settings, superset_url)
