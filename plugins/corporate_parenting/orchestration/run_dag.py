"""Run a DAG in-process with `dag.test()` (no scheduler or api-server) and report the outcome."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from corporate_parenting.settings import Settings


@dataclass
class DagOutcome:
    dag_id: str
    run_id: str
    state: str
    task_states: dict[str, str]
    published_page: Path | None
    gate_summaries: list[str] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return self.state == "success"

    @property
    def failed_tasks(self) -> list[str]:
        return sorted(t for t, s in self.task_states.items() if s in ("failed", "upstream_failed"))

    def report(self) -> str:
        lines = [f"DAG {self.dag_id} run {self.run_id}: {self.state.upper()}"]
        if self.succeeded and self.published_page:
            lines.append(f"Published: {self.published_page}")
            lines.extend(self.packs)
        if not self.succeeded:
            failed = [t for t, s in self.task_states.items() if s == "failed"]
            skipped = [t for t, s in self.task_states.items() if s == "upstream_failed"]
            lines.append(f"Failed task(s): {', '.join(sorted(failed)) or 'none'}")
            if skipped:
                lines.append(f"Not run because of the failure: {', '.join(sorted(skipped))}")
            lines.append("The previously published page was left unchanged.")
        lines.extend(self.gate_summaries)
        return "\n".join(lines)


def load_dag(dag_id: str, settings: Settings):
    from airflow.dag_processing.dagbag import DagBag  # noqa: PLC0415

    bag = DagBag(dag_folder=str(settings.dags_dir))
    if bag.import_errors:
        raise RuntimeError(f"DAG import errors: {json.dumps(bag.import_errors, indent=2)}")
    return bag.get_dag(dag_id)


def run_dag(dag_id: str, settings: Settings | None = None, **test_kwargs) -> DagOutcome:
    settings = settings or Settings.from_env()
    dag = load_dag(dag_id, settings)
    run = dag.test(**test_kwargs)
    states = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    page, packs = None, []
    if states.get("publish") == "success":
        page = settings.publish_dir / "index.html"
        packs = _packs_built(settings, run.run_id)
    summaries = []
    if states.get("dbt_build") == "failed":
        summaries.append(_dbt_failures(settings))
    for stage in ("raw", "marts"):
        latest = settings.quality_dir / f"gate_{stage}_latest.json"
        if latest.exists():
            data = json.loads(latest.read_text())
            if data["checked_at"] >= str(run.start_date.isoformat() if run.start_date else ""):
                summaries.append(_summary_from_json(data))
    return DagOutcome(dag_id, run.run_id, str(run.state), states, page, summaries, packs)


def _packs_built(settings: Settings, run_id: str) -> list[str]:
    """One line per pack this run built: theme, meeting, build time, where it is."""
    from corporate_parenting.publish.themes import THEMES  # noqa: PLC0415

    lines = []
    for theme in THEMES:
        manifest = settings.publish_dir / theme.slug / "manifest.json"
        if not manifest.exists():
            continue
        data = json.loads(manifest.read_text())
        if data.get("run_id") == run_id:
            lines.append(
                f"  {data['theme']['title']} pack for the {data['meeting']['date']} meeting, "
                f"built in {data['build_seconds']:.1f} s: {manifest.parent / 'index.html'}"
            )
    return lines


def _summary_from_json(data: dict) -> str:
    from corporate_parenting.quality.gate import GateResult, RuleOutcome  # noqa: PLC0415

    return GateResult(
        data["stage"], data["checked_at"], [RuleOutcome(**o) for o in data["outcomes"]]
    ).summary()


def _dbt_failures(settings: Settings) -> str:
    results_file = settings.var_dir / "dbt" / "target" / "run_results.json"
    if not results_file.exists():
        return "dbt build failed before running any node (see the full log)."
    failed = [
        f"  {r['status'].upper()} {r['unique_id']}: {' '.join((r.get('message') or '').split())}"
        for r in json.loads(results_file.read_text())["results"]
        if r["status"] in ("error", "fail")
    ]
    return "dbt build failed:\n" + "\n".join(failed[:20])
