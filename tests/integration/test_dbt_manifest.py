"""The dbt project's contract, read from its manifest (`dbt parse`; no database needed).

Every model is documented down to each column, every model has a grain test (unique plus
not_null on the grain), `source()` is used only in staging, and no staging model exposes a
child identifier, an exact date of birth, a full postcode or free text (domain spec §4.2).
"""

from __future__ import annotations

import json
import os
import re

import pytest

PROJECT = "corporate_parenting"
# Columns that must never leave the restricted raw schema (domain spec §4.2).
RESTRICTED_COLUMNS = {
    "child",
    "child_id",
    "person_id",
    "upn",
    "nhs_number",
    "comment",
    "dob",
    "date_of_birth",
    "mc_dob",
    "home_post",
    "pl_post",
    "postcode",
}
# profiles.yml reads these with env_var(); `dbt parse` renders the profile but never connects.
PROFILE_PLACEHOLDERS = {
    "DBT_HOST": "127.0.0.1",
    "DBT_PORT": "5432",
    "DBT_USER": "dbt_parse_only",
    "DBT_PASSWORD": "",
    "DBT_DBNAME": "dbt_parse_only",
}


@pytest.fixture(scope="module")
def manifest(settings):
    from corporate_parenting import environment

    with pytest.MonkeyPatch.context() as mp:
        for name, value in PROFILE_PLACEHOLDERS.items():
            if name not in os.environ:
                mp.setenv(name, value)
        mp.setenv("DBT_LOG_PATH", str(settings.var_dir / "dbt" / "logs"))
        environment.dbt_parse(settings)
    path = settings.dbt_project_dir / "target" / "manifest.json"
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def models(manifest):
    found = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["package_name"] == PROJECT
    }
    assert found, "the manifest has no models"
    return found


@pytest.fixture(scope="module")
def tests_by_model(manifest):
    by_model: dict[str, list[dict]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("attached_node"):
            by_model.setdefault(node["attached_node"], []).append(node)
    return by_model


def _staging(models):
    return {name: node for name, node in models.items() if node["fqn"][1] == "staging"}


def _blocking(test) -> bool:
    return str(test["config"].get("severity", "error")).lower() == "error"


def _output_columns(raw_code: str) -> list[str] | None:
    """The columns the model's final CTE selects, parsed from its SQL (None if not knowable).

    Models end `select * from <cte>`; Jinja expressions are replaced by a literal so the CTE
    parses. Returns None when the CTE selects `*` or cannot be found.
    """
    import sqlglot
    from sqlglot import exp

    code = re.sub(r"\{#.*?#\}", "", raw_code, flags=re.S)
    code = re.sub(r"\{\{.*?\}\}", "null", code, flags=re.S)
    code = re.sub(r"\{%.*?%\}", "", code, flags=re.S)
    code = re.sub(r"--[^\n]*", "", code)
    last = re.search(r"select\s+\*\s+from\s+(\w+)\s*$", code.strip(), flags=re.I)
    if not last:
        return None
    start = re.search(rf"\b{last.group(1)}\s+as\s*\(", code, flags=re.I)
    if not start:
        return None
    depth, i = 1, start.end()
    while depth and i < len(code):
        depth += {"(": 1, ")": -1}.get(code[i], 0)
        i += 1
    select = sqlglot.parse_one(code[start.end() : i - 1], read="postgres")
    if any(isinstance(e, exp.Star) for e in select.expressions):
        return None
    return list(select.named_selects)


def test_every_model_has_a_description(models):
    missing = sorted(name for name, node in models.items() if not node["description"].strip())
    assert not missing, f"models without a description: {missing}"


def test_every_column_of_every_model_has_a_description(models):
    undocumented = [
        f"{name}.{column}"
        for name, node in sorted(models.items())
        for column, spec in node["columns"].items()
        if not (spec.get("description") or "").strip()
    ]
    assert not undocumented, f"columns without a description: {undocumented}"


def test_documented_columns_are_the_columns_each_model_selects(models):
    """A column the SQL selects but the YAML does not list would go undocumented."""
    problems = []
    for name, node in sorted(models.items()):
        selected = _output_columns(node["raw_code"])
        if selected is None:
            continue
        documented = list(node["columns"])
        if set(selected) != set(documented):
            problems.append(
                f"{name}: undocumented {sorted(set(selected) - set(documented))}, "
                f"documented but not selected {sorted(set(documented) - set(selected))}"
            )
    assert not problems, "\n".join(problems)


def test_every_model_has_a_grain_test_with_not_null(models, tests_by_model):
    """unique on a column, or unique_combination_of_columns, plus not_null on each grain column
    (both blocking: a duplicate or null key fans out every join downstream)."""
    problems = []
    for name, node in sorted(models.items()):
        tests = [t for t in tests_by_model.get(node["unique_id"], []) if _blocking(t)]
        not_null = {t["column_name"] for t in tests if t["test_metadata"]["name"] == "not_null"}
        grains = [[t["column_name"]] for t in tests if t["test_metadata"]["name"] == "unique"] + [
            list(t["test_metadata"]["kwargs"]["combination_of_columns"])
            for t in tests
            if t["test_metadata"]["name"] == "unique_combination_of_columns"
        ]
        if not grains:
            problems.append(f"{name}: no blocking unique test on its grain")
        elif not any(set(grain) <= not_null for grain in grains):
            problems.append(f"{name}: no grain whose columns are all tested not_null ({grains})")
    assert not problems, "\n".join(problems)


def test_staging_models_expose_no_identifiers_or_free_text(models):
    exposed = []
    for name, node in sorted(_staging(models).items()):
        columns = set(node["columns"]) | set(_output_columns(node["raw_code"]) or ())
        exposed += [f"{name}.{c}" for c in sorted(columns & RESTRICTED_COLUMNS)]
    assert not exposed, f"restricted columns in staging: {exposed}"


def test_source_is_used_only_in_staging_and_staging_has_no_joins(models):
    problems = []
    for name, node in sorted(models.items()):
        is_staging = node["fqn"][1] == "staging"
        sources = node["depends_on"]["nodes"]
        reads_source = any(n.startswith("source.") for n in sources)
        reads_model = [n for n in sources if n.startswith("model.")]
        if is_staging and (not reads_source or reads_model or len(node["sources"]) != 1):
            problems.append(f"{name}: a staging model reads exactly one source and no model")
        if not is_staging and reads_source:
            problems.append(f"{name}: source() outside staging")
    assert not problems, "\n".join(problems)


def test_the_child_spine_covers_every_source_that_names_children(models):
    spine = models["dim_children"]
    parents = {n.split(".")[-1] for n in spine["depends_on"]["nodes"]}
    child_models = {
        name
        for name, node in _staging(models).items()
        if "child_key" in node["columns"] and node["fqn"][2] != "reference"
    }
    assert child_models - parents == set()
    for flag in ("in_ssda903", "in_virtual_school", "in_health", "in_leaving_care"):
        assert flag in spine["columns"]
