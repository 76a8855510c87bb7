"""What the DAG tasks do. DAG files only wire these together."""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from corporate_parenting.settings import Settings

log = logging.getLogger(__name__)

# Sources the panel refresh lands itself before building (idempotent: unchanged deliveries
# are skipped), so a refresh always sees everything delivered so far.
PANEL_SOURCES = (
    "reference",
    "cms_ssda903",
    "cms_monthly",
    "virtual_school",
    "health",
    "leaving_care",
    "voice",
    # DfE's England and LA-level figures (EES files), so the refresh compares with the
    # newest published England and statistical-neighbour figures.
    "benchmarks",
)
# Only the statutory return is mandatory; the others may have delivered nothing yet.
MANDATORY_SOURCES = ("cms_ssda903",)


def source_location(source: str, settings: Settings):
    """The source's Airflow connection when one is defined, else the landing folder."""
    from corporate_parenting.orchestration.hooks import (  # noqa: PLC0415
        SOURCE_CONNECTIONS,
        LandingLocationHook,
        SourceLocation,
    )

    try:
        location = LandingLocationHook(SOURCE_CONNECTIONS[source]).get_location()
    except Exception as exc:  # no connection defined: the local default applies
        log.info("No connection for %s (%s); using %s", source, exc, settings.landing_dir)
        return SourceLocation(settings.landing_dir)
    return location if location.path else SourceLocation(settings.landing_dir, location.options)


def discover(source: str, settings: Settings | None = None):
    """The deliveries a source has made, each identified and checksummed."""
    from corporate_parenting.extract import domains, ssda903  # noqa: PLC0415

    settings = settings or Settings.from_env()
    location = source_location(source, settings)
    base = location.path
    if source == "reference":
        return ssda903.discover_reference(base)
    if source == "cms_ssda903":
        return ssda903.discover_annual(base, location.options.get("format", "csv"))
    if source == "cms_monthly":
        return ssda903.discover_monthly(base)
    if source in domains.DOMAIN_SOURCES:
        return domains.discover(source, base, location.options)
    if source == "benchmarks":
        from corporate_parenting.extract import benchmarks  # noqa: PLC0415

        return benchmarks.discover(base)
    raise ValueError(f"Unknown source {source!r}: one of {', '.join(PANEL_SOURCES)}")


def extract_sources(sources=PANEL_SOURCES, settings: Settings | None = None) -> list[dict]:
    """List every delivery of the given sources (fails naming a file it cannot identify).

    A source with nothing delivered yet lists nothing; only a missing 903 return fails.
    """
    settings = settings or Settings.from_env()
    listed = []
    for source in sources:
        found = discover(source, settings)
        log.info("%s: %d deliveries", source, len(found))
        listed += [
            {
                "source": source,
                "file": d.display_name,
                "table": d.table.raw.name,
                "la_code": d.la_code,
                "period": d.period,
            }
            for d in found
        ]
    for source in MANDATORY_SOURCES:
        if source in sources and not any(item["source"] == source for item in listed):
            where = source_location(source, settings).path
            raise FileNotFoundError(f"No SSDA903 return delivered under {where}")
    return listed


def land_sources(
    sources=PANEL_SOURCES, only: list[dict] | None = None, settings: Settings | None = None
) -> dict:
    """Land deliveries into raw: every row loaded or quarantined, identifiers pseudonymised."""
    from corporate_parenting.db import connect  # noqa: PLC0415
    from corporate_parenting.extract.sources import LandingReport, land  # noqa: PLC0415
    from corporate_parenting.pseudonymise import Pseudonymiser, load_key  # noqa: PLC0415

    settings = settings or Settings.from_env()
    pseudonymiser = Pseudonymiser(load_key(settings.secrets_dir))
    wanted = {(i["source"], i["file"]) for i in only} if only is not None else None
    postcodes = _postcodes(source_location("reference", settings).path)
    reports = {}
    with connect() as conn:
        for source in sources:
            delivered = [
                d
                for d in discover(source, settings)
                if wanted is None or (source, d.display_name) in wanted
            ]
            report = LandingReport(source, land(conn, delivered, pseudonymiser, postcodes))
            reports[source] = report.totals
            log.info("Landed %s: %s", source, report.totals)
        check_row_accounting(conn, sources)
    return reports


def _postcodes(base: Path):
    from corporate_parenting.geography import PostcodeDirectory  # noqa: PLC0415

    path = base / "reference" / "postcodes.csv"
    return PostcodeDirectory.from_csv(path) if path.exists() else None


def check_row_accounting(conn, sources) -> None:
    """Every batch of these sources: rows delivered = rows loaded + rows quarantined."""
    from corporate_parenting.extract.raw_loader import RowAccountingError  # noqa: PLC0415
    from corporate_parenting.extract.sources import SOURCE_SYSTEMS  # noqa: PLC0415

    systems = [SOURCE_SYSTEMS[s] for s in sources]
    with conn.cursor() as cur:
        cur.execute(
            "select b.source_file, b.rows_delivered, b.rows_loaded, b.rows_quarantined, "
            "(select count(*) from raw._quarantine q where q.batch_id = b.batch_id) "
            "from raw._load_batches b where b.source_system = any(%s) "
            "and (b.rows_delivered <> b.rows_loaded + b.rows_quarantined "
            "or b.rows_quarantined <> (select count(*) from raw._quarantine q "
            "where q.batch_id = b.batch_id))",
            (systems,),
        )
        broken = cur.fetchall()
    if broken:
        raise RowAccountingError(
            "Rows unaccounted for: "
            + "; ".join(
                f"{f}: delivered {d}, loaded {lo}, quarantined {q} (listed {n})"
                for f, d, lo, q, n in broken
            )
        )


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


class DbtBuildFailed(RuntimeError):
    """dbt build reported errors or failing tests; the message lists each failing node."""


def dbt_build(settings: Settings | None = None) -> dict:
    """Run `dbt build` once over the whole project; fail naming every failing node.

    Results go to var/dbt/run_results.json (and target/ for engineers). Returns counts by
    status for the task's XCom.
    """
    import json  # noqa: PLC0415

    from dbt.cli.main import dbtRunner  # noqa: PLC0415

    settings = settings or Settings.from_env()
    project = str(settings.dbt_project_dir)
    target = settings.var_dir / "dbt" / "target"
    result = dbtRunner().invoke(
        [
            "build",
            "--project-dir",
            project,
            "--profiles-dir",
            project,
            "--target-path",
            str(target),
            "--threads",
            os.environ.get("DBT_THREADS", "2"),
        ]
    )
    results_file = target / "run_results.json"
    if not results_file.exists():
        raise DbtBuildFailed(f"dbt build did not run: {result.exception}")
    results = json.loads(results_file.read_text())["results"]
    counts: dict[str, int] = {}
    problems = []
    for node in results:
        counts[node["status"]] = counts.get(node["status"], 0) + 1
        if node["status"] in ("error", "fail"):
            failures = f" ({node['failures']} rows)" if node.get("failures") else ""
            message = " ".join((node.get("message") or "").split())[:300]
            problems.append(f"{node['status'].upper()} {node['unique_id']}{failures}: {message}")
    log.info("dbt build: %s", counts)
    if problems or not result.success:
        skipped = counts.get("skipped", 0)
        raise DbtBuildFailed(
            f"dbt build failed: {len(problems)} node(s) failed, {skipped} skipped because of "
            "them. Nothing was published.\n" + "\n".join(problems[:50])
        )
    # The data dictionary published with the pack: every model and column with its docs,
    # as one self-contained page (works from a file share, no server).
    docs = dbtRunner().invoke(
        [
            "docs",
            "generate",
            "--static",
            "--project-dir",
            project,
            "--profiles-dir",
            project,
            "--target-path",
            str(target),
        ]
    )
    if not docs.success:
        raise DbtBuildFailed(f"dbt docs generate failed: {docs.exception}")
    return counts


def publish(
    run_id: str | None = None,
    settings: Settings | None = None,
    today: date | None = None,
    meeting=None,
) -> str:
    """Build every theme's pack for its next meeting, or only `meeting`'s pack (a
    `calendar.Meeting`: a scheduled run, or a run for a named meeting), then the home page
    (see publish.site)."""
    from corporate_parenting.db import connect  # noqa: PLC0415
    from corporate_parenting.publish.site import publish_site  # noqa: PLC0415

    with connect() as conn:
        site = publish_site(conn, settings, run_id=run_id, today=today, meeting=meeting)
    log.info(site.report())
    return str(site.home)
