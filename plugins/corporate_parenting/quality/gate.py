"""Run the GX suites of one stage and decide whether publishing may go ahead.

A broken *blocking* rule fails the gate: the Airflow task raises, publish does not run and the
last published pack stays as it was. A broken *warning* rule lets publishing go ahead; the
published tiles it affects carry a data-quality note. Either way the gate leaves behind:

- a readable summary (rule, table, rows, example file rows) in the task log and the exception;
- `var/quality/gate_<stage>_latest.json` (every rule's outcome) for publish and engineers;
- GX Data Docs for engineers under `var/quality/data_docs/`;
- every failing row in `quality.rule_failures`, from which the data-owner report is written.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import logging
import os
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from corporate_parenting.quality.checks import BLOCKING, BuildContext, Check
from corporate_parenting.settings import Settings

log = logging.getLogger(__name__)

# Which suite modules under expectations/ run at each stage of the DAG.
STAGES: dict[str, tuple[str, ...]] = {
    "raw": ("load_audit", "ssda903_raw", "domain_sources_raw"),
    "marts": ("panel_marts", "change_check"),
}
MAX_EXAMPLES = 10
DATA_DOCS_SITE = "engineers"


class QualityGateFailed(RuntimeError):
    """Blocking rules were broken; the message is the readable summary."""

    def __init__(self, summary: str, result: GateResult | None = None) -> None:
        super().__init__(summary)
        self.result = result


@dataclass
class RuleOutcome:
    rule_code: str
    message: str
    severity: str
    suite: str
    table: str
    collection_year: str | None
    success: bool
    failing_rows: int
    examples: list[dict] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    affects: list[str] = field(default_factory=list)


@dataclass
class GateResult:
    stage: str
    checked_at: str
    outcomes: list[RuleOutcome]
    seconds: float = 0.0
    data_docs: str | None = None

    @property
    def blocking_failures(self) -> list[RuleOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity == BLOCKING]

    @property
    def warnings(self) -> list[RuleOutcome]:
        return [o for o in self.outcomes if not o.success and o.severity != BLOCKING]

    @property
    def passed(self) -> bool:
        return not self.blocking_failures

    def summary(self) -> str:
        """Blocking failures in full (rule, table, year, rows, file rows to fix); warnings
        one line per rule, as the data-owner report lists every row."""
        rules = len(self.outcomes)
        if self.passed:
            head = f"Quality gate ({self.stage}) passed: {rules} rule checks"
            if self.warnings:
                head += f", {len(self.warnings)} warning(s) to be shown with the figures"
            lines = [head]
        else:
            lines = [
                f"Quality gate ({self.stage}) FAILED: {len(self.blocking_failures)} blocking "
                f"rule check(s) broken out of {rules}; publishing is stopped and the last "
                "published pack stays as it was."
            ]
        for outcome in self.blocking_failures:
            year = f" {outcome.collection_year}" if outcome.collection_year else ""
            lines.append(
                f"- [blocking] rule {outcome.rule_code}: {outcome.message} "
                f"Table {outcome.table}{year}: {outcome.failing_rows} row(s). "
                f"{_describe_examples(outcome.examples)}"
            )
        grouped: dict[tuple[str, str], list[RuleOutcome]] = {}
        for outcome in self.warnings:
            grouped.setdefault((outcome.rule_code, outcome.message), []).append(outcome)
        for (code, message), outcomes in grouped.items():
            rows = sum(o.failing_rows for o in outcomes)
            where = sorted({o.table for o in outcomes})
            years = sorted({o.collection_year for o in outcomes if o.collection_year})
            lines.append(
                f"- [warning] rule {code}: {message} {rows} row(s) in {', '.join(where)}"
                + (f" ({', '.join(years)})." if years else ".")
            )
        if self.data_docs and not self.passed:
            lines.append(f"GX Data Docs: {self.data_docs}")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "stage": self.stage,
                "checked_at": self.checked_at,
                "passed": self.passed,
                "seconds": round(self.seconds, 1),
                "data_docs": self.data_docs,
                "outcomes": [asdict(o) for o in self.outcomes],
            },
            indent=2,
            default=str,
        )


def _describe_examples(examples: list[dict]) -> str:
    by_file: dict[str, list[str]] = {}
    others: list[str] = []
    for example in examples[:MAX_EXAMPLES]:
        if "_source_file" in example:
            rows = by_file.setdefault(example["_source_file"], [])
            if example.get("_row_number") is not None:
                rows.append(str(example["_row_number"]))
        else:
            others.append(", ".join(f"{k}={v}" for k, v in example.items()))
    parts = [
        f"File {name} row(s) {', '.join(rows)}" if rows else f"File {name}"
        for name, rows in by_file.items()
    ]
    parts += others
    return "; ".join(parts) + ("." if parts else "")


def _load_suite_module(expectations_dir: Path, name: str) -> ModuleType:
    path = expectations_dir / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"expectations.{name}", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"No expectation suite module at {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered first, as an import would: dataclasses in a suite module look it up.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def collection_years_loaded(conn) -> tuple[str, ...]:
    with conn.cursor() as cur:
        cur.execute(
            "select distinct period from raw._load_batches where superseded_at is null "
            "and status = 'loaded' and table_name like 'ssda903\\_%' order by 1"
        )
        return tuple(row[0] for row in cur.fetchall())


def return_years_prepared(conn) -> tuple[tuple[str, bool], ...]:
    """The (collection year, in-year?) of every return in the typed tables."""
    with conn.cursor() as cur:
        cur.execute("select to_regclass('quality.s903_header') is not null")
        if not cur.fetchone()[0]:
            return ()
        cur.execute(
            "select collection_year, bool_or(in_year) from ("
            "select collection_year, in_year from quality.s903_header union all "
            "select collection_year, in_year from quality.s903_episodes) as y "
            "group by collection_year order by collection_year"
        )
        return tuple((year, bool(in_year)) for year, in_year in cur.fetchall())


def build_context(conn) -> BuildContext:
    return BuildContext(
        collection_years=collection_years_loaded(conn), return_years=return_years_prepared(conn)
    )


def build_checks(stage: str, context: BuildContext, settings: Settings) -> list[Check]:
    checks: list[Check] = []
    for module_name in STAGES[stage]:
        checks.extend(_load_suite_module(settings.expectations_dir, module_name).build(context))
    return checks


def gate_workers() -> int:
    """Processes validating suites at once (GATE_WORKERS; default: one per core, at most 4).

    GX spends ~15 ms of Python per expectation, so a gate of a few thousand rule checks is
    bound by the CPU, not the database: suites are shared out between processes.
    """
    return max(1, int(os.environ.get("GATE_WORKERS", min(os.cpu_count() or 1, 4))))


def run_checks(stage: str, checks: list[Check], data_docs_dir: Path | None = None) -> GateResult:
    """Validate every check with GX checkpoints against ${WAREHOUSE_URL}.

    Suites are validated in `gate_workers()` processes. With `data_docs_dir`, the suites with
    a broken blocking rule are validated once more in checkpoints that write GX Data Docs
    there, so engineers see each failing rule with its unexpected rows.
    """
    if not os.environ.get("WAREHOUSE_URL"):
        raise RuntimeError("WAREHOUSE_URL is not set; the gate does not know what to check")
    started = datetime.now(UTC)
    outcomes = _in_workers(stage, checks)
    docs = None
    if data_docs_dir is not None:
        # Docs are for engineers working out why the gate blocked: the suites with a broken
        # blocking rule. Warnings are in the summary, the JSON and the data-owner report.
        blocked = {o.suite for o in outcomes if not o.success and o.severity == BLOCKING}
        docs = _write_data_docs(
            stage, [c for c in checks if c.suite_name in blocked], data_docs_dir
        )
    return GateResult(
        stage=stage,
        checked_at=started.isoformat(),
        outcomes=outcomes,
        seconds=(datetime.now(UTC) - started).total_seconds(),
        data_docs=docs,
    )


# GX's ephemeral context slows down as it accumulates suites and results (a checkpoint of
# 100 suites takes ~3x as long as ten of 10), so each checkpoint validates a few suites only.
SUITES_PER_CHECKPOINT = 8
_SHARED_CHECKS: list[Check] = []


def _in_workers(stage: str, checks: list[Check], data_docs_dir: Path | None = None):
    """Validate `checks` in chunks, spread over `gate_workers()` forked processes."""
    workers = min(gate_workers(), len(checks)) or 1
    if workers == 1:
        return _validate_part(stage, list(range(len(checks))), data_docs_dir, checks)
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    global _SHARED_CHECKS  # noqa: PLW0603 - inherited by forked workers, never pickled
    _SHARED_CHECKS = checks
    # Interleave big and small suites so the workers finish together.
    order = sorted(range(len(checks)), key=lambda i: -len(checks[i].expectations))
    parts = [order[w::workers] for w in range(workers)]
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            results = list(
                pool.map(_validate_part, [stage] * workers, parts, [data_docs_dir] * workers)
            )
    finally:
        _SHARED_CHECKS = []
    position = {check.suite_name: i for i, check in enumerate(checks)}
    outcomes = [o for part in results for o in part]
    outcomes.sort(key=lambda o: position[o.suite])
    return outcomes


def _validate_part(
    stage: str, indexes: list[int], data_docs_dir: Path | None, checks: list[Check] | None = None
) -> list[RuleOutcome]:
    chosen = [(checks or _SHARED_CHECKS)[i] for i in indexes]
    outcomes: list[RuleOutcome] = []
    for start in range(0, len(chosen), SUITES_PER_CHECKPOINT):
        outcomes += _validate(stage, chosen[start : start + SUITES_PER_CHECKPOINT], data_docs_dir)
    return outcomes


def _validate(stage: str, checks: list[Check], data_docs_dir: Path | None = None):
    """One GX checkpoint over `checks`, optionally updating a Data Docs site."""
    import great_expectations as gx  # noqa: PLC0415 - ~3 s import, only when the gate runs
    from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: PLC0415

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    actions = []
    if data_docs_dir is not None:
        context.add_data_docs_site(
            site_name=DATA_DOCS_SITE,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(data_docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        actions.append(gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=[DATA_DOCS_SITE]))
    # Stored literally and substituted from the environment when the gate runs.
    source = context.data_sources.add_postgres("warehouse", connection_string="${WAREHOUSE_URL}")
    by_suite: dict[str, Check] = {}
    definitions = []
    for check in checks:
        by_suite[check.suite_name] = check
        asset = source.add_query_asset(check.suite_name, query=check.query)
        batch = asset.add_batch_definition_whole_table("all_rows")
        suite = context.suites.add(
            gx.ExpectationSuite(
                name=check.suite_name, expectations=[copy.copy(e) for e in check.expectations]
            )
        )
        definitions.append(
            context.validation_definitions.add(
                gx.ValidationDefinition(name=check.suite_name, data=batch, suite=suite)
            )
        )
    outcomes: list[RuleOutcome] = []
    if not definitions:
        return outcomes
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"gate_{stage}",
            validation_definitions=definitions,
            actions=actions,
            result_format={"result_format": "COMPLETE", "partial_unexpected_count": MAX_EXAMPLES},
        )
    )
    for validation in checkpoint.run().run_results.values():
        check = by_suite[validation.suite_name]
        for expectation_result in validation.results:
            meta = expectation_result.expectation_config.meta or {}
            outcomes.append(_outcome(check, meta, expectation_result))
    return outcomes


def _write_data_docs(stage: str, failed: list[Check], data_docs_dir: Path) -> str:
    """GX Data Docs of the suites with a broken rule (a fresh site each run).

    Suites are rendered in chunks (see SUITES_PER_CHECKPOINT), each chunk's GX index listing
    only itself, so the site's front page is ours: every failing suite, linking to GX's page.
    """
    import shutil  # noqa: PLC0415
    from html import escape  # noqa: PLC0415

    if data_docs_dir.exists():
        shutil.rmtree(data_docs_dir)
    data_docs_dir.mkdir(parents=True)
    if failed:
        _in_workers(stage, failed, data_docs_dir)
    pages = sorted((data_docs_dir / "validations").rglob("*.html")) if failed else []
    by_suite: dict[str, Path] = {}
    for page in pages:
        by_suite[page.relative_to(data_docs_dir / "validations").parts[0]] = page
    items = "".join(
        f"<li><a href='{escape(str(page.relative_to(data_docs_dir)))}'>{escape(name)}</a></li>"
        for name, page in sorted(by_suite.items())
    )
    body = (
        f"<p>{len(by_suite)} suite(s) with a broken blocking rule; each page shows the rule codes "
        f"and unexpected rows.</p><ul>{items}</ul>"
        if by_suite
        else "<p>No blocking rule broke: no failing suite to show. Warnings are listed in "
        f"gate_{stage}_latest.json and the data-quality report.</p>"
    )
    (data_docs_dir / "index.html").write_text(
        "<!doctype html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>Quality gate ({stage}): GX Data Docs</title></head><body><main>"
        f"<h1>Quality gate ({stage}): GX Data Docs</h1>{body}</main></body></html>",
        encoding="utf-8",
    )
    return str(data_docs_dir / "index.html")


def _outcome(check: Check, meta: dict, expectation_result) -> RuleOutcome:
    details = expectation_result.result or {}
    if "details" in details:  # UnexpectedRowsExpectation
        rows = details["details"].get("unexpected_rows") or []
        failing = details.get("observed_value") or len(rows)
    else:
        rows = details.get("unexpected_index_list") or []
        failing = details.get("unexpected_count") or len(rows)
    error = _raised_exception(expectation_result.exception_info or {})
    if error:
        # A rule that could not be evaluated is a broken rule, not a pass.
        rows, failing = [{"error": error}], 1
    success = bool(expectation_result.success) and not error
    return RuleOutcome(
        rule_code=meta.get("rule_code", expectation_result.expectation_config.type),
        message=meta.get("message", expectation_result.expectation_config.description or ""),
        severity=BLOCKING if error else meta.get("severity", BLOCKING),
        suite=check.suite_name,
        table=check.table,
        collection_year=check.collection_year,
        success=success,
        failing_rows=int(failing or 0) if not success else 0,
        examples=[_plain(r) for r in rows[:MAX_EXAMPLES]] if not success else [],
        fields=list(meta.get("fields", [])),
        affects=list(meta.get("affects", [])),
    )


def _plain(row) -> dict:
    return {
        str(k): (v if isinstance(v, int | float | str | type(None)) else str(v))
        for k, v in dict(row).items()
    }


def _raised_exception(info: dict) -> str | None:
    """GX nests exception info per metric; return the first message, if any."""
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message")).split("\n")[0]
    return None


def run_gate(stage: str, conn, settings: Settings | None = None) -> GateResult:
    """Prepare, validate, record and report one stage; raise when a blocking rule broke."""
    from corporate_parenting.quality import failures  # noqa: PLC0415
    from corporate_parenting.quality.prepare import prepare  # noqa: PLC0415
    from corporate_parenting.quality.published import DDL as PUBLISHED_DDL  # noqa: PLC0415

    settings = settings or Settings.from_env()
    failures.ensure_schema(conn)
    with conn.cursor() as cur:
        cur.execute(PUBLISHED_DDL)
    conn.commit()
    if stage == "raw":
        prepare(conn)
    checks = build_checks(stage, build_context(conn), settings)
    result = run_checks(stage, checks, data_docs_dir=settings.quality_dir / "data_docs")
    failures.record(conn, result, checks)
    if stage == "raw":
        failures.write_reports(conn, settings)
    settings.quality_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    for name in (f"gate_{stage}_{stamp}.json", f"gate_{stage}_latest.json"):
        (settings.quality_dir / name).write_text(result.to_json())
    summary = result.summary()
    if not result.passed:
        log.error(summary)
        raise QualityGateFailed(summary, result)
    log.info(summary)
    return result
