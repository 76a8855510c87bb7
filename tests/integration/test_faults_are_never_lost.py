"""Every realistic fault in delivered files ends in a clear reason, and no row is lost.

The fault injector records exactly which file, line and field it broke; landing must account
for each one: quarantined with that file, row and field, refused with a reason, loaded with
a note, or (codes and overlaps, which depend on the collection year's rules) reported by the
quality gate with that file and row.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict

import pytest

from corporate_parenting.synthetic import generate_estate
from corporate_parenting.synthetic.faults import KINDS, FaultRates, inject_faults

pytestmark = pytest.mark.integration

# Every source that delivers files (the care-leaver database gets no file faults).
ALL_SOURCES = ("reference", "cms_ssda903", "cms_monthly", "virtual_school", "health", "voice")


@pytest.fixture
def faulty_estate(settings, empty_warehouse, tmp_path):
    if settings.landing_dir.exists():
        shutil.rmtree(settings.landing_dir)
    generate_estate(settings.landing_dir, seed=11, cla_per_la=120, years=3)
    return settings.landing_dir


def _land(sources=ALL_SOURCES):
    from corporate_parenting.pipeline import land_sources

    return land_sources(sources)


def _quarantine(db) -> dict[tuple[str, int], list[tuple[str | None, str]]]:
    with db.cursor() as cur:
        cur.execute("select source_file, row_number, field, reason from raw._quarantine")
        found = defaultdict(list)
        for source_file, row, field, reason in cur.fetchall():
            found[(source_file, row)].append((field, reason))
        return found


def _batches(db) -> dict[str, dict]:
    with db.cursor() as cur:
        cur.execute(
            "select source_file, status, encoding, notes, rows_delivered, rows_loaded, "
            "rows_quarantined from raw._load_batches where superseded_at is null"
        )
        cols = [d[0] for d in cur.description]
        return {row[0]: dict(zip(cols, row, strict=True)) for row in cur.fetchall()}


@pytest.mark.parametrize(
    "kind, rates",
    [
        ("two_digit_year", FaultRates(two_digit_year=0.02)),
        ("duplicate_row", FaultRates(duplicate_row=0.02)),
        ("missing_column", FaultRates(missing_column=0.3)),
    ],
)
def test_row_faults_are_quarantined_naming_file_row_and_field(faulty_estate, db, kind, rates):
    manifest = inject_faults(faulty_estate, rates, seed=5)
    faults = [f for f in manifest.faults if f.kind == kind and not f.file.startswith("reference")]
    assert faults, "the injector produced faults of this kind"

    _land()

    quarantine = _quarantine(db)
    for fault in faults:
        if kind == "missing_column":
            entries = [k for k in quarantine if k[0] == fault.file]
            assert entries, f"{fault.file}: rows without {fault.field} were not quarantined"
            assert all(quarantine[k][0][0] == fault.field for k in entries)
            continue
        reasons = quarantine.get((fault.file, fault.row))
        assert reasons, f"{fault.file} row {fault.row}: {kind} was not quarantined"
        if kind == "two_digit_year":
            assert reasons[0][0] == fault.field and "two-digit year" in reasons[0][1]
        else:
            assert "exact duplicate" in reasons[0][1]


def test_whole_file_faults_are_refused_or_noted_and_nothing_is_lost(faulty_estate, db):
    manifest = inject_faults(
        faulty_estate, FaultRates(windows_1252=1.0, extra_column=0.3, empty_file=0.1), seed=7
    )
    assert set(manifest.counts()) == {"windows_1252", "extra_column", "empty_file"}
    _land()
    batches = _batches(db)
    for fault in manifest.faults:
        batch = batches.get(fault.file)
        if fault.kind == "empty_file":
            assert batch and batch["status"] == "rejected_empty", fault
            assert "empty" in batch["notes"]
        elif fault.kind == "windows_1252":
            assert batch and batch["encoding"] == "cp1252", fault
        elif fault.kind == "extra_column":
            assert batch and f"kept in _extra: {fault.field}" in (batch["notes"] or ""), fault
    for name, batch in batches.items():
        assert batch["rows_delivered"] == batch["rows_loaded"] + batch["rows_quarantined"], name


def test_codes_and_overlaps_are_reported_by_the_gate_with_file_and_row(faulty_estate, db):
    manifest = inject_faults(
        faulty_estate, FaultRates(invalid_code=0.002, overlapping_episode=0.01), seed=3
    )
    annual = [f for f in manifest.faults if "/ssda903/" in f"/{f.file}"]
    assert {f.kind for f in annual} == {"invalid_code", "overlapping_episode"}

    _land(("reference", "cms_ssda903"))
    result = _gate(db)

    assert not result.passed
    reported = _reported(db)
    for fault in annual:
        rule = GATE_RULES[fault.field] if fault.kind == "invalid_code" else "501"
        assert rule in reported.get((fault.file, fault.row), ()), (
            f"{fault} was not reported by the gate as rule {rule}"
        )


# The raw gate's rule for each 903 code column (expectations/ssda903_raw.py).
GATE_RULES = {"SEX": "101", "RNE": "143", "LS": "144", "CIN": "145", "PLACE": "146", "REC": "149"}


def _gate(db):
    """The raw gate's 903 and load-register suites, every failing row recorded."""
    from corporate_parenting.quality import failures
    from corporate_parenting.quality.gate import build_checks, build_context, run_checks
    from corporate_parenting.quality.prepare import prepare

    prepare(db)
    checks = build_checks("raw", build_context(db), _settings())
    result = run_checks("raw", checks)
    failures.record(db, result, checks)
    return result


def _reported(db) -> dict[tuple[str, int], set[str]]:
    """(file, row) -> the rules that named it among their failing rows."""
    reported = defaultdict(set)
    with db.cursor() as cur:
        cur.execute("select source_file, row_number, rule_code from quality.rule_failures")
        for source_file, row_number, rule_code in cur.fetchall():
            reported[(source_file, row_number)].add(rule_code)
    return reported


def test_a_corrected_redelivery_supersedes_and_keeps_history(faulty_estate, db):
    manifest = inject_faults(faulty_estate, FaultRates(corrected_redelivery=0.2), seed=9)
    redelivered = {f.file for f in manifest.faults if f.kind == "corrected_redelivery"}
    assert redelivered
    _land()
    before = _batches(db)

    for name in redelivered:
        shutil.copyfile(faulty_estate / "_redeliveries" / name, faulty_estate / name)
    _land()
    after = _batches(db)

    with db.cursor() as cur:
        for name in redelivered:
            assert after[name]["status"] == "loaded"
            cur.execute(
                "select count(*) from raw._load_batches where source_file = %s "
                "and superseded_at is not null",
                (name,),
            )
            assert cur.fetchone()[0] == 1, f"{name}: the earlier delivery is not kept as superseded"
        unchanged = set(before) - redelivered
        assert all(after[name] == before[name] for name in unchanged)
    assert json.loads(manifest.to_json())


def test_every_fault_of_a_mixed_delivery_ends_as_a_reason_and_no_row_is_lost(faulty_estate, db):
    """All kinds at once, as `generate --fault-rate` makes them: each one is accounted for."""
    manifest = inject_faults(faulty_estate, FaultRates.overall(0.01), seed=13)
    assert set(manifest.counts()) == set(KINDS)

    _land()  # checks delivered = loaded + quarantined for every batch, or raises
    quarantine, batches = _quarantine(db), _batches(db)
    _gate(db)
    reported = _reported(db)
    for fault in manifest.faults:
        batch = batches.get(fault.file)
        assert batch, f"{fault.file} was not landed"
        reasons = quarantine.get((fault.file, fault.row), [])
        if fault.kind == "empty_file":
            assert batch["status"] == "rejected_empty", fault
        elif fault.kind == "windows_1252":
            assert batch["encoding"] == "cp1252", fault
        elif fault.kind == "extra_column":
            assert fault.field in (batch["notes"] or ""), fault
        elif fault.kind == "missing_column":
            assert f"missing column(s): {fault.field}" in batch["notes"], fault
            assert batch["rows_loaded"] == 0 and batch["rows_quarantined"] > 0, fault
        elif fault.kind == "duplicate_row":
            assert (None, fault.detail) in reasons, fault
        elif fault.kind == "two_digit_year":
            assert reasons and reasons[0][0] == fault.field, fault
            assert "two-digit year" in reasons[0][1], fault
        elif fault.kind in ("invalid_code", "overlapping_episode"):
            rule = GATE_RULES[fault.field] if fault.kind == "invalid_code" else "501"
            assert rule in reported.get((fault.file, fault.row), ()), fault
        elif fault.kind == "corrected_redelivery":
            assert batch["status"] == "loaded", fault
            assert (faulty_estate / "_redeliveries" / fault.file).is_file(), fault
    for name, batch in batches.items():
        assert batch["rows_delivered"] == batch["rows_loaded"] + batch["rows_quarantined"], name


def _settings():
    from corporate_parenting.settings import Settings

    return Settings.from_env()
