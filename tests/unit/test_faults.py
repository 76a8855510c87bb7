"""The fault injector: deterministic, and every fault it records is where it says it is.

Each recorded fault is checked by reading the file back the way the loader does (the real
readers and the raw tables' checks), so a wrong row number or field fails here, before any
database is involved.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from corporate_parenting.extract import readers
from corporate_parenting.extract.raw_loader import RawTable
from corporate_parenting.synthetic import generate_estate
from corporate_parenting.synthetic.faults import (
    FILE_KINDS,
    KINDS,
    PROTECTED_FILES,
    ROW_KINDS,
    Fault,
    FaultManifest,
    FaultRates,
    inject_faults,
)

ESTATE = {"seed": 17, "cla_per_la": 40, "years": 2}
# High enough that every kind occurs in the small estate.
EVERY_KIND = FaultRates(
    invalid_code=0.05,
    overlapping_episode=0.1,
    two_digit_year=0.03,
    windows_1252=1.0,
    missing_column=0.1,
    extra_column=0.2,
    duplicate_row=0.03,
    empty_file=0.05,
    corrected_redelivery=0.2,
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pristine")
    generate_estate(out, **ESTATE)
    return out


def _copy(pristine: Path, tmp_path: Path, name: str = "landing") -> Path:
    target = tmp_path / name
    shutil.copytree(pristine, target)
    return target


def _tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def faulty(pristine, tmp_path_factory) -> tuple[Path, FaultManifest]:
    landing = tmp_path_factory.mktemp("faulty") / "landing"
    shutil.copytree(pristine, landing)
    return landing, inject_faults(landing, EVERY_KIND, seed=42)


# ----------------------------------------------------------------- the loader's view


@dataclass
class View:
    """A delivery read as the loader reads it, without a database."""

    empty: bool = False
    delivery: readers.Delivery = field(default_factory=readers.Delivery)
    values: dict[int, dict[str, str]] = field(default_factory=dict)
    quarantined: dict[int | None, list[tuple[str | None, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def _deliveries(landing: Path) -> dict[str, tuple[RawTable, object]]:
    """Every delivery by the name the loader gives it, with its raw table and reader."""
    from corporate_parenting.extract import domains, ssda903

    found = (
        ssda903.discover_annual(landing)
        + ssda903.discover_monthly(landing)
        + ssda903.discover_reference(landing)
    )
    for source in ("virtual_school", "health", "voice"):
        found += domains.discover(source, landing)
    return {d.display_name: (d.table.raw, d.read) for d in found}


def _view(table: RawTable, read) -> View:
    view = View()
    try:
        items = list(read(view.delivery))
    except readers.EmptyDelivery:
        view.empty = True
        return view
    for item in items:
        if isinstance(item, readers.Quarantined):
            view.quarantined[item.row_number].append((item.field, item.reason))
            continue
        view.values[item.row_number] = item.values
        problem = table.check(item)
        if problem is not None:
            view.quarantined[item.row_number].append((problem.field, problem.reason))
    return view


@pytest.fixture(scope="module")
def views(faulty) -> dict[str, View]:
    landing, _ = faulty
    return {name: _view(*found) for name, found in _deliveries(landing).items()}


def _collection_year(fault: Fault) -> str:
    parts = fault.file.split("/")
    return parts[parts.index("ssda903") + 1]


# ----------------------------------------------------------------------------- tests


def test_every_kind_is_injected_and_recorded_in_the_manifest_file(faulty):
    landing, manifest = faulty
    assert set(manifest.counts()) == set(KINDS)
    written = json.loads((landing / "_faults" / "manifest.json").read_text())
    assert written == json.loads(manifest.to_json())
    assert FaultManifest.from_json(manifest.to_json()) == manifest
    assert all(f.row is not None for f in manifest.faults if f.kind in ROW_KINDS)
    for fault in manifest.faults:
        assert not fault.file.endswith((".xml", ".sqlite")), fault
        assert fault.file.endswith(".csv") or ".xlsx#" in fault.file, fault


def test_every_fault_names_a_delivery_the_loader_knows(faulty, views):
    _, manifest = faulty
    unknown = {f.file for f in manifest.faults} - set(views)
    assert not unknown


def test_row_faults_are_on_the_row_and_field_the_manifest_names(faulty, views):
    landing, manifest = faulty
    from corporate_parenting.quality.code_lists import valid_codes

    checked = defaultdict(int)
    for fault in manifest.faults:
        view = views[fault.file]
        if fault.kind == "two_digit_year":
            assert view.quarantined[fault.row][0][0] == fault.field, fault
            assert "two-digit year" in view.quarantined[fault.row][0][1], fault
        elif fault.kind == "duplicate_row":
            assert view.quarantined[fault.row][0] == (None, fault.detail), fault
            assert fault.detail.startswith("exact duplicate of row ")
        elif fault.kind == "invalid_code":
            value = view.values[fault.row][fault.field]
            assert fault.row not in view.quarantined, fault
            assert value not in valid_codes(_CODE_LISTS[fault.field], _collection_year(fault))
        elif fault.kind == "overlapping_episode":
            assert fault.field == "DEC" and fault.row not in view.quarantined, fault
            episode = view.values[fault.row]
            later = [
                other
                for row, other in view.values.items()
                if row != fault.row
                and other["CHILD"] == episode["CHILD"]
                and _d(episode["DECOM"]) < _d(other["DECOM"]) < _d(episode["DEC"])
            ]
            assert later, f"{fault}: no later episode of the child starts before it ends"
        else:
            continue
        checked[fault.kind] += 1
    assert set(checked) == set(ROW_KINDS)


_CODE_LISTS = {
    "SEX": "sex_codes",
    "RNE": "reasons_new_episode",
    "LS": "legal_statuses",
    "CIN": "categories_of_need",
    "PLACE": "placement_types",
    "REC": "reasons_episode_ceased",
}


def _d(text: str):
    return datetime.strptime(text, "%d/%m/%Y").date()


def test_file_faults_are_what_the_loader_notices(faulty, views):
    landing, manifest = faulty
    for fault in manifest.faults:
        view = views[fault.file]
        if fault.kind == "empty_file":
            assert view.empty, fault
            if fault.file.endswith(".csv"):
                assert (landing / fault.file).stat().st_size == 0
        elif fault.kind == "missing_column":
            assert view.delivery.missing_columns == [fault.field], fault
            assert view.quarantined and all(
                reasons[0][0] == fault.field
                for row, reasons in view.quarantined.items()
                if not reasons[0][1].startswith("exact duplicate")
            )
            assert not view.values.keys() - view.quarantined.keys(), "a row was loaded"
        elif fault.kind == "extra_column":
            assert view.delivery.extra_columns == [fault.field] == ["LOCAL_NOTES"], fault
        elif fault.kind == "windows_1252":
            assert view.delivery.encoding == "cp1252", fault
            if fault.row is not None:
                assert not view.values[fault.row][fault.field].isascii(), fault


def test_workbook_sheets_get_row_and_column_faults(faulty, views):
    landing, manifest = faulty
    from openpyxl import load_workbook

    in_sheets = {f.kind for f in manifest.faults if ".xlsx#" in f.file}
    assert {"duplicate_row", "two_digit_year", "extra_column"} <= in_sheets
    for fault in manifest.faults:
        if fault.kind == "two_digit_year" and ".xlsx#" in fault.file:
            path, sheet = fault.file.split("#")
            workbook = load_workbook(landing / path)
            header = [c.value for c in workbook[sheet][1]]
            cell = workbook[sheet].cell(fault.row, header.index(fault.field) + 1)
            assert isinstance(cell.value, str) and len(cell.value) == 8, fault


def test_a_corrected_redelivery_is_the_same_delivery_with_changed_values(faulty, pristine):
    landing, manifest = faulty
    redelivered = [f for f in manifest.faults if f.kind == "corrected_redelivery"]
    assert redelivered
    for fault in redelivered:
        corrected = landing / "_redeliveries" / fault.file
        original = (pristine / fault.file).read_text().splitlines()
        lines = corrected.read_text().splitlines()
        assert lines[0] == original[0] and len(lines) == len(original), fault
        assert lines[fault.row - 1] != original[fault.row - 1], fault
        assert f"row {fault.row} {fault.field} " in fault.detail


def test_rows_are_numbered_as_the_loader_numbers_them_in_awkward_csv(tmp_path):
    """A BOM, CRLF line ends, a comment over two lines and a blank line: rows still match."""
    from corporate_parenting.source_layouts import VOICE

    columns = VOICE["cicc_survey"].columns
    rows = [
        [f"C-{n}", f"{n % 28 + 1:02d}/01/2025", "11-13", "Foster care"]
        + ["Agree"] * 6
        + [f"line one\nline two {n}" if n % 3 == 0 else f"it's fine {n}"]
        for n in range(40)
    ]
    body = io.StringIO()
    writer = csv.writer(body, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows[:20])
    body.write("\r\n")  # a blank line: quarantined as such, never faulted
    writer.writerows(rows[20:])
    path = tmp_path / "E06099001" / "voice" / "cicc_survey" / "cicc_survey_2025.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(codecs.BOM_UTF8 + body.getvalue().encode("utf-8"))
    rates = FaultRates(duplicate_row=0.2, two_digit_year=0.2, windows_1252=1.0, extra_column=1.0)

    manifest = inject_faults(tmp_path, rates, seed=2)

    assert {"duplicate_row", "two_digit_year", "windows_1252", "extra_column"} == set(
        manifest.counts()
    )
    view = _view(*_deliveries(tmp_path)[str(path.relative_to(tmp_path))])
    assert view.delivery.encoding == "cp1252" and view.delivery.extra_columns == ["LOCAL_NOTES"]
    blank = [row for row, reasons in view.quarantined.items() if reasons == [(None, "blank row")]]
    assert len(blank) == 1 and blank[0] not in {f.row for f in manifest.faults}
    for fault in manifest.faults:
        if fault.kind == "duplicate_row":
            assert view.quarantined[fault.row] == [(None, fault.detail)], fault
        elif fault.kind == "two_digit_year":
            assert view.quarantined[fault.row][0][0] == "SUBMITTED_DATE", fault
        elif fault.kind == "windows_1252":
            assert "\u2019" in view.values[fault.row]["COMMENT"], fault
    assert len(view.values) == len(rows)  # every row still there, copies quarantined


def test_protected_reference_files_are_never_emptied_or_cut(pristine, tmp_path):
    landing = _copy(pristine, tmp_path)
    manifest = inject_faults(landing, FaultRates(empty_file=1.0, missing_column=1.0), seed=1)
    for name in PROTECTED_FILES:
        assert (landing / name).read_bytes() == (pristine / name).read_bytes()
        assert not [f for f in manifest.faults if f.file == name]
    emptied = {f.file for f in manifest.faults if f.kind == "empty_file"}
    assert (
        "reference/ofsted_providers.csv" in emptied
        or not (pristine / "reference" / "ofsted_providers.csv").exists()
    )
    assert any(".xlsx#" in name for name in emptied)


def test_same_seed_same_manifest_and_bytes(pristine, tmp_path):
    first, second, other = (_copy(pristine, tmp_path, n) for n in ("a", "b", "c"))
    rates = FaultRates.overall(0.05)
    manifest = inject_faults(first, rates, seed=8)
    assert inject_faults(second, rates, seed=8).to_json() == manifest.to_json()
    assert _tree(first) == _tree(second)
    assert _tree(first) != _tree(pristine)
    assert inject_faults(other, rates, seed=9).to_json() != manifest.to_json()


def test_rates_of_zero_change_nothing(pristine, tmp_path):
    landing = _copy(pristine, tmp_path)
    manifest = inject_faults(landing, FaultRates(), seed=3)
    assert manifest.faults == [] and manifest.counts() == {}
    tree = _tree(landing)
    assert set(tree) == set(_tree(pristine)) | {"_faults/manifest.json"}
    assert all(tree[name] == data for name, data in _tree(pristine).items())


def test_faults_are_injected_once(pristine, tmp_path):
    landing = _copy(pristine, tmp_path)
    inject_faults(landing, FaultRates(duplicate_row=0.01), seed=3)
    with pytest.raises(FileExistsError, match="already injected"):
        inject_faults(landing, FaultRates(duplicate_row=0.01), seed=3)


def test_rates_are_checked_and_one_overall_rate_sets_every_kind():
    with pytest.raises(ValueError, match="between 0 and 1"):
        FaultRates(duplicate_row=1.5)
    rates = FaultRates.overall(0.02)
    assert all(getattr(rates, k) == 0.02 for k in ROW_KINDS)
    assert all(0 < getattr(rates, k) <= 0.1 for k in FILE_KINDS)
    assert FaultRates.overall(0) == FaultRates()


def test_generate_with_a_fault_rate_injects_and_prints_the_counts(tmp_path, monkeypatch, capsys):
    from corporate_parenting import cli

    monkeypatch.setenv("SOURCE_LANDING_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("CORPORATE_PARENTING_VAR", str(tmp_path / "var"))
    args = ["generate", "--cla-per-la", "20", "--years", "1", "--seed", "4"]
    assert cli.main([*args, "--fault-rate", "0.05"]) == 0
    out = capsys.readouterr().out
    manifest = FaultManifest.from_json((tmp_path / "landing/_faults/manifest.json").read_text())
    assert manifest.faults and manifest.summary() in out
    # Regenerating replaces the faulty estate and its manifest.
    assert cli.main(args) == 0
    assert not (tmp_path / "landing/_faults").exists()
    assert not (tmp_path / "landing/_redeliveries").exists()
