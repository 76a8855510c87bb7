"""Run the GX suites of one stage and decide whether publishing may go ahead.

A broken blocking rule fails the gate: the Airflow task raises, publish does not run and the
last published pack stays as it was. The summary names the rule, the table and the failing
rows (source file and line) so data owners can fix them at source.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from corporate_parenting.quality.checks import BLOCKING, BuildContext, Check
from corporate_parenting.settings import Settings

log = logging.getLogger(__name__)

# Which suite modules under expectations/ run at each stage of the DAG.
STAGES: dict[str, tuple[str, ...]] = {
    "raw": ("load_audit", "ssda903_raw"),
    "marts": ("housing_placements_marts",),
}
MAX_EXAMPLES = 10


class QualityGateFailed(RuntimeError):
    """Blocking rules were broken; the message is the readable summary."""


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


@dataclass
class GateResult:
    stage: str
    checked_at: str
    outcomes: list[RuleOutcome]

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
        rules = len(self.outcomes)
        if self.passed:
            head = f"Quality gate ({self.stage}) passed: {rules} rules checked"
            if self.warnings:
                head += f", {len(self.warnings)} warning(s)"
            lines = [head]
        else:
            lines = [
                f"Quality gate ({self.stage}) FAILED: {len(self.blocking_failures)} blocking "
                f"rule(s) broken out of {rules}; publishing is stopped."
            ]
        for outcome in self.blocking_failures + self.warnings:
            year = f" {outcome.collection_year}" if outcome.collection_year else ""
            lines.append(
                f"- [{outcome.severity}] rule {outcome.rule_code}: {outcome.message} "
                f"Table {outcome.table}{year}: {outcome.failing_rows} row(s). "
                f"{_describe_examples(outcome.examples)}"
            )
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "stage": self.stage,
                "checked_at": self.checked_at,
                "passed": self.passed,
                "outcomes": [asdict(o) for o in self.outcomes],
            },
            indent=2,
            default=str,
        )


def _describe_examples(examples: list[dict]) -> str:
    by_file: dict[str, list[str]] = {}
    others: list[str] = []
    for example in examples:
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
    spec.loader.exec_module(module)
    return module


def collection_years_loaded(conn) -> tuple[str, ...]:
    with conn.cursor() as cur:
        cur.execute(
            "select distinct period from raw._load_batches where superseded_at is null "
            "and status = 'loaded' and table_name like 'ssda903\\_%' order by 1"
        )
        return tuple(row[0] for row in cur.fetchall())


def build_checks(stage: str, context: BuildContext, settings: Settings) -> list[Check]:
    checks: list[Check] = []
    for module_name in STAGES[stage]:
        checks.extend(_load_suite_module(settings.expectations_dir, module_name).build(context))
    return checks


def run_checks(stage: str, checks: list[Check]) -> GateResult:
    """Validate every check with an ephemeral GX context against ${WAREHOUSE_URL}."""
    import great_expectations as gx  # noqa: PLC0415 - ~2 s import, only when the gate runs
    from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: PLC0415

    if not os.environ.get("WAREHOUSE_URL"):
        raise RuntimeError("WAREHOUSE_URL is not set; the gate does not know what to check")
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    # Stored literally and substituted from the environment when the gate runs.
    source = context.data_sources.add_postgres("warehouse", connection_string="${WAREHOUSE_URL}")
    outcomes: list[RuleOutcome] = []
    for check in checks:
        asset = source.add_query_asset(check.suite_name, query=check.query)
        batch = asset.add_batch_definition_whole_table("all_rows")
        suite = context.suites.add(
            gx.ExpectationSuite(name=check.suite_name, expectations=check.expectations)
        )
        validation = context.validation_definitions.add(
            gx.ValidationDefinition(name=check.suite_name, data=batch, suite=suite)
        )
        result = validation.run(
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": list(check.row_identifiers),
                "partial_unexpected_count": MAX_EXAMPLES,
            }
        )
        for expectation_result in result.results:
            meta = expectation_result.expectation_config.meta or {}
            outcomes.append(_outcome(check, meta, expectation_result))
    return GateResult(stage=stage, checked_at=datetime.now(UTC).isoformat(), outcomes=outcomes)


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
    return RuleOutcome(
        rule_code=meta.get("rule_code", expectation_result.expectation_config.type),
        message=meta.get("message", expectation_result.expectation_config.description or ""),
        severity=meta.get("severity", BLOCKING),
        suite=check.suite_name,
        table=check.table,
        collection_year=check.collection_year,
        success=bool(expectation_result.success),
        failing_rows=int(failing or 0) if not expectation_result.success else 0,
        examples=[dict(r) for r in rows[:MAX_EXAMPLES]] if not expectation_result.success else [],
    )


def _raised_exception(info: dict) -> str | None:
    """GX nests exception info per metric; return the first message, if any."""
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message")).split("\n")[0]
    return None


def run_gate(stage: str, conn, settings: Settings | None = None) -> GateResult:
    """Build the stage's suites, validate them, record the result, raise when blocked."""
    settings = settings or Settings.from_env()
    context = BuildContext(collection_years=collection_years_loaded(conn))
    result = run_checks(stage, build_checks(stage, context, settings))
    settings.quality_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    for name in (f"gate_{stage}_{stamp}.json", f"gate_{stage}_latest.json"):
        (settings.quality_dir / name).write_text(result.to_json())
    summary = result.summary()
    if not result.passed:
        log.error(summary)
        raise QualityGateFailed(summary)
    log.info(summary)
    return result
