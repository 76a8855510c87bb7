"""The catalogue of ported DfE rules: complete, tested, and silent on a clean return."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from tests.quality.returns import clean_reference, clean_return

# Every code in domain.md section 1.6 (ranges expanded as DfE numbers them). Two codes the
# reference lists do not exist in DfE's rule set (no year of D2I's validator, nor its 2023-24
# or 2024-25 rule lists, has them): 332 (the list jumps from 331 to 333) and 1013.
REQUIRED_CODES = {
    "101", "146", "168", "208", "209", "210", "178", "213", "526", "217", "217t", "230", "371",
    "218", "221", "222", "226", "233", "234", "383", "454", "503D",
    "157", "180", "186", "188", "189", "196", "197a", "197B", "198",
    "181", "182", "190", "191", "192", "193", "158", "159",
    "542", "543", "544", "545", "546", "547",
    "131", "132", "133", "153", "344", "345", "347", "3001",
    *(str(c) for c in range(1000, 1017) if c != 1013),
    *(str(c) for c in range(112, 120)), "184", "331", "333", "334", "557",
    "104", "205B", "205C", "303", "304", "231",
    "166", "167", "399", "440", "393", "607", "612", "174", "564", "565",
    *(str(c) for c in range(700, 711)),
}  # fmt: skip
SW_CODE = re.compile(r"^SW\d+")
DFE_CODE = re.compile(r"^(\d+[A-Za-z]?|SW\d+[a-z]?(STG\d)?)$")


def _all_cases():
    cases = []
    for path in sorted(Path(__file__).parent.glob("test_rules_*.py")):
        module = importlib.import_module(f"tests.quality.{path.stem}")
        cases.extend(module.CASES)
    return cases


def test_at_least_80_dfe_rules_are_ported(rules):
    dfe = [code for code in rules if DFE_CODE.match(code)]
    assert len(dfe) >= 80, f"only {len(dfe)} DfE rules ported"


def test_every_rule_listed_in_the_domain_reference_is_ported(rules):
    missing = {c for c in REQUIRED_CODES if c not in rules}
    sw = {SW_CODE.match(c).group(0) for c in rules if SW_CODE.match(c)}
    missing_sw = {f"SW{n:02d}" for n in range(1, 17)} - {s[:4] for s in sw}
    assert not missing, f"not ported: {sorted(missing)}"
    assert not missing_sw, f"social worker rules not ported: {sorted(missing_sw)}"


def test_every_rule_has_a_breaking_and_a_passing_case(rules):
    tested = {case.code for case in _all_cases()}
    assert not set(rules) - tested, f"rules without a test case: {sorted(set(rules) - tested)}"


@pytest.fixture(scope="module")
def clean_results(rules, check_rule):
    ret, reference = clean_return(), clean_reference()
    return {code: check_rule(code, ret, reference) for code in rules}


def test_clean_return_passes_every_rule(clean_results):
    broken = {code: rows for code, rows in clean_results.items() if rows}
    assert not broken, f"the clean return breaks: {broken}"


def test_every_rule_carries_a_message_and_fields(rules):
    for rule in rules.values():
        assert rule.message.strip(), rule.code
        assert rule.fields, f"rule {rule.code} names no field for caseworkers to check"
