"""`corporate-parenting`: the project's command line.

corporate-parenting run         start the embedded PostgreSQL, generate data if absent, run
                                the panel_refresh DAG in-process and say where the page is
corporate-parenting generate    (re)generate the synthetic source estate
corporate-parenting land        land the source systems' deliveries into raw, without the DAG,
                                and print rows per source and table with load times
corporate-parenting db start|stop|status|url
corporate-parenting env         print shell exports, e.g. for `airflow standalone`
corporate-parenting dashboards start|stop|status|import
                                the live Superset dashboards (own venv .superset-venv)
corporate-parenting calendar generate|print
                                draft a municipal year of panel meetings; print the meetings
                                with their refresh runs, deadlines and whether packs were on time
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

from corporate_parenting.settings import Settings

log = logging.getLogger("corporate_parenting")


def _generate(settings: Settings, args) -> None:
    from corporate_parenting.synthetic import generate_estate  # noqa: PLC0415

    started = time.monotonic()
    summary = generate_estate(
        settings.landing_dir,
        seed=args.seed,
        n_las=args.las,
        cla_per_la=args.cla_per_la,
        years=args.years,
    )
    print(
        f"Generated synthetic source estate in {settings.landing_dir} "
        f"({time.monotonic() - started:.1f} s): {summary}"
    )


def _estate_exists(settings: Settings) -> bool:
    return (settings.landing_dir / "reference" / "postcodes.csv").exists()


def cmd_run(args) -> int:
    from corporate_parenting import environment  # noqa: PLC0415

    started = time.monotonic()
    settings = Settings.from_env()
    environment.prepare(settings)
    print(f"Warehouse ready ({time.monotonic() - started:.1f} s)")
    if args.regenerate or not _estate_exists(settings):
        _generate(settings, args)
    else:
        print(f"Reusing source files in {settings.landing_dir} (--regenerate to rebuild)")

    from corporate_parenting.orchestration.run_dag import run_dag  # noqa: PLC0415

    log_file = settings.var_dir / "logs" / f"panel_refresh_{time.strftime('%Y%m%dT%H%M%S')}.log"
    print(f"Running the panel_refresh DAG in-process (full log: {log_file}) ...", flush=True)
    run_conf = {}
    if args.meeting:
        from corporate_parenting.calendar import find_meeting  # noqa: PLC0415

        meeting = find_meeting(args.meeting)
        run_conf = {"meeting": meeting.meeting_id}
        print(f"Building the pack for the {meeting.meeting_id} meeting only")
    with _output_to(log_file):
        # Only a run for one meeting passes a conf; a plain run is exactly as before.
        outcome = run_dag("panel_refresh", settings, **({"run_conf": run_conf} if run_conf else {}))
    print(outcome.report())
    print(f"Full log: {log_file}")
    print(f"Total wall time {time.monotonic() - started:.1f} s")
    return 0 if outcome.succeeded else 1


@contextlib.contextmanager
def _output_to(log_file: Path):
    """Send everything written to stdout/stderr (Airflow, dbt, GX) to a log file."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log_file.open("ab") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def cmd_generate(args) -> int:
    from corporate_parenting.synthetic import faults  # noqa: PLC0415

    settings = Settings.from_env()
    # A manifest and corrected copies describe the estate they were made from: not this one.
    for stale in (faults.FAULTS_DIR, faults.REDELIVERIES_DIR):
        shutil.rmtree(settings.landing_dir / stale, ignore_errors=True)
    _generate(settings, args)
    if args.fault_rate:
        rates = faults.FaultRates.overall(args.fault_rate)
        manifest = faults.inject_faults(settings.landing_dir, rates, seed=args.seed)
        print(manifest.summary())
        print(f"Fault manifest: {settings.landing_dir / faults.FAULTS_DIR / faults.MANIFEST}")
    return 0


def _fault_rate(text: str) -> float:
    rate = float(text)
    if not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text}")
    return rate


def cmd_land(args) -> int:
    from corporate_parenting import environment  # noqa: PLC0415
    from corporate_parenting.db import connect  # noqa: PLC0415
    from corporate_parenting.extract.report import format_table, tables_in_force  # noqa: PLC0415
    from corporate_parenting.pipeline import PANEL_SOURCES, land_sources  # noqa: PLC0415

    settings = Settings.from_env()
    environment.prepare(settings)
    sources = args.source or list(PANEL_SOURCES)
    rows = []
    for source in sources:
        started = time.monotonic()
        totals = land_sources([source], settings=settings)[source]
        rows.append(
            [
                source,
                totals["deliveries"],
                totals["unchanged"],
                totals["rows_delivered"],
                totals["rows_loaded"],
                totals["rows_quarantined"],
                f"{time.monotonic() - started:.1f}",
            ]
        )
    headers = ["source", "deliveries", "unchanged", "delivered", "loaded", "quarantined", "s"]
    print(format_table(headers, rows))
    with connect() as conn:
        tables = tables_in_force(conn)
    print()
    print("Rows in force in raw (current deliveries):")
    print(
        format_table(
            ["source system", "table", "deliveries", "rows", "quarantined"],
            [
                [t.source_system, t.table, t.deliveries, t.rows_loaded, t.rows_quarantined]
                for t in tables
            ],
        )
    )
    return 0


def cmd_db(args) -> int:
    from corporate_parenting.embedded_pg import EmbeddedPostgres  # noqa: PLC0415

    pg = EmbeddedPostgres.for_settings()
    if args.action == "start":
        print(pg.ensure_running().url)
    elif args.action == "stop":
        print("Stopped embedded PostgreSQL" if pg.stop() else "Embedded PostgreSQL was not running")
    elif args.action == "status":
        print(f"running on 127.0.0.1:{pg.port}" if pg.is_running() else "stopped")
    elif args.action == "url":
        print(pg.url().url)
    return 0


def cmd_env(args) -> int:
    from corporate_parenting import environment  # noqa: PLC0415

    env = environment.prepare(Settings.from_env())
    for key, value in sorted(env.items()):
        print(f"export {key}={shlex.quote(value)}")
    return 0


def cmd_dashboards(args) -> int:
    from corporate_parenting.dashboards.cli import run  # noqa: PLC0415

    return run(args.action, Settings.from_env())


def cmd_calendar(args) -> int:
    from corporate_parenting.calendar import CALENDAR_FILE  # noqa: PLC0415

    path = Path(args.calendar) if args.calendar else CALENDAR_FILE
    if args.action == "generate":
        from corporate_parenting.calendar.default_year import (  # noqa: PLC0415
            MeetingsExist,
            write_year,
        )

        if args.year is None:
            print("calendar generate needs --year (the May the municipal year starts in)")
            return 2
        target = Path(args.output) if args.output else path
        try:
            drafted = write_year(args.year, target, args.replace, args.weekday, args.week)
        except MeetingsExist as refused:
            print(refused, file=sys.stderr)
            return 1
        print(f"Wrote {len(drafted)} meetings for {args.year}-{str(args.year + 1)[2:]} to {target}")
        path = target
        args.start = args.start or f"{args.year}-05-01"
    return _print_calendar(path, args)


def _print_calendar(path: Path, args) -> int:
    from datetime import date  # noqa: PLC0415

    from corporate_parenting.calendar import meetings  # noqa: PLC0415
    from corporate_parenting.calendar.runs import refresh_runs  # noqa: PLC0415
    from corporate_parenting.calendar.status import statuses  # noqa: PLC0415
    from corporate_parenting.extract.report import format_table  # noqa: PLC0415
    from corporate_parenting.publish.themes import theme_by_code  # noqa: PLC0415

    start = date.fromisoformat(args.start) if args.start else date.today()
    months = start.year * 12 + start.month - 1 + args.months
    end = date(months // 12, months % 12 + 1, 1)
    every = meetings(path)
    run_at = {m.meeting_id: at for at, m in refresh_runs(path)}
    status = {s.meeting.meeting_id: s for s in statuses(every, Settings.from_env().publish_dir)}
    rows = []
    for m in every:
        if not start <= m.date < end:
            continue
        s = status[m.meeting_id]
        published = s.overall if m.date < date.today() or s.first_built_at else ""
        published = "no pack published" if published == "missing" else published
        rows.append(
            [
                f"{m.date:%a %d %b %Y}",
                theme_by_code(m.theme_code).title,
                f"{run_at[m.meeting_id]:%a %d %b %Y %H:%M}",
                f"{m.papers_due:%a %d %b %Y}",
                f"{m.children_in_care_council_due:%a %d %b %Y}",
                published,
            ]
        )
    headers = [
        "meeting",
        "theme",
        "refresh run (Europe/London)",
        "papers to members by",
        "young people's by",
        "published on time?",
    ]
    print(f"Panel calendar {path}: {start:%d %b %Y} to {end:%d %b %Y}")
    print(format_table(headers, rows))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corporate-parenting",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def estate_options(p):
        p.add_argument("--seed", type=int, default=903, help="random seed (default 903)")
        p.add_argument("--las", type=int, default=1, help="number of local authorities")
        p.add_argument(
            "--cla-per-la",
            type=int,
            default=500,
            help="children looked after at 31 March per LA (about)",
        )
        p.add_argument("--years", type=int, default=8, help="collection years of history")

    run = sub.add_parser("run", help="run the panel refresh end to end")
    estate_options(run)
    run.add_argument("--regenerate", action="store_true", help="regenerate the source files")
    run.add_argument(
        "--meeting",
        help="build only this meeting's pack (a date like 2027-01-21, or a meeting id)",
    )
    run.set_defaults(func=cmd_run)

    gen = sub.add_parser("generate", help="generate the synthetic source estate")
    estate_options(gen)
    gen.add_argument(
        "--fault-rate",
        type=_fault_rate,
        default=0.0,
        metavar="R",
        help="inject realistic faults: R per row, 5R per file (default 0: none); "
        "recorded in <landing>/_faults/manifest.json",
    )
    gen.set_defaults(func=cmd_generate)

    land = sub.add_parser("land", help="land source deliveries into raw and report rows")
    land.add_argument(
        "--source",
        action="append",
        help="a source to land (repeatable; default: every source the panel uses)",
    )
    land.set_defaults(func=cmd_land)

    db = sub.add_parser("db", help="manage the embedded PostgreSQL")
    db.add_argument("action", choices=["start", "stop", "status", "url"])
    db.set_defaults(func=cmd_db)

    env = sub.add_parser("env", help="print the environment as shell exports")
    env.set_defaults(func=cmd_env)

    dashboards = sub.add_parser("dashboards", help="the live Superset dashboards")
    dashboards.add_argument("action", choices=["start", "stop", "status", "import"])
    dashboards.set_defaults(func=cmd_dashboards)

    cal = sub.add_parser("calendar", help="the panel's meeting calendar")
    cal.add_argument("action", choices=["generate", "print"])
    cal.add_argument("--calendar", help="the calendar YAML (default: the package's)")
    cal.add_argument("--year", type=int, help="generate: the municipal year starting in May")
    cal.add_argument("--output", help="generate: write to this file instead of --calendar")
    cal.add_argument(
        "--replace", action="store_true", help="generate: replace that year's meetings"
    )
    cal.add_argument("--weekday", default="thursday", help="generate: meeting weekday")
    cal.add_argument("--week", type=int, default=3, help="generate: nth weekday of the month")
    cal.add_argument("--from", dest="start", help="print: first date (default today)")
    cal.add_argument("--months", type=int, default=12, help="print: months shown (12)")
    cal.set_defaults(func=cmd_calendar)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
