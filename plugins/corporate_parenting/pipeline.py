"""What each panel_refresh task does. The DAG file only wires these together."""

from __future__ import annotations

import logging

from corporate_parenting.settings import Settings

log = logging.getLogger(__name__)


def extract_sources(settings: Settings | None = None) -> list[dict]:
    """List the delivered 903 files and check each is a known table (named by its header)."""
    from corporate_parenting.extract import ssda903  # noqa: PLC0415

    settings = settings or Settings.from_env()
    delivered = ssda903.discover(settings.landing_dir)
    if not delivered:
        raise FileNotFoundError(f"No SSDA903 files delivered under {settings.landing_dir}")
    log.info("%d SSDA903 file(s) delivered under %s", len(delivered), settings.landing_dir)
    return [
        {
            "file": d.display_name,
            "table": d.table.name,
            "la_code": d.la_code,
            "collection_year": d.collection_year,
        }
        for d in delivered
    ]


def land_raw(delivered: list[dict], settings: Settings | None = None) -> dict:
    """Load delivered files into raw; every row is loaded or quarantined with its reason."""
    from corporate_parenting.db import connect  # noqa: PLC0415
    from corporate_parenting.extract import ssda903  # noqa: PLC0415
    from corporate_parenting.pseudonymise import Pseudonymiser, load_key  # noqa: PLC0415

    settings = settings or Settings.from_env()
    pseudonymiser = Pseudonymiser(load_key(settings.secrets_dir))
    with connect() as conn:
        results = ssda903.load_landing(
            conn, settings.landing_dir, pseudonymiser, files={d["file"] for d in delivered}
        )
    totals = {
        "files": len(results),
        "files_unchanged": sum(r.skipped_unchanged for r in results),
        "rows_in_files": sum(r.rows_in_file for r in results),
        "rows_loaded": sum(r.rows_loaded for r in results),
        "rows_quarantined": sum(r.rows_quarantined for r in results),
    }
    log.info("Landed: %s", totals)
    return totals


def validate(stage: str, settings: Settings | None = None) -> str:
    """Run the stage's GX suites. A blocked gate fails the task without retries: the data,
    not the infrastructure, is wrong, and the summary says which rows to fix."""
    from airflow.sdk.exceptions import AirflowFailException  # noqa: PLC0415

    from corporate_parenting.db import connect  # noqa: PLC0415
    from corporate_parenting.quality.gate import QualityGateFailed, run_gate  # noqa: PLC0415

    try:
        with connect() as conn:
            return run_gate(stage, conn, settings).summary()
    except QualityGateFailed as failed:
        raise AirflowFailException(str(failed)) from None


def publish(run_id: str | None = None, settings: Settings | None = None) -> str:
    from corporate_parenting.db import connect  # noqa: PLC0415
    from corporate_parenting.publish.theme_page import publish as publish_page  # noqa: PLC0415

    with connect() as conn:
        page = publish_page(conn, settings, run_id=run_id)
    log.info("Published %s", page)
    return str(page)
