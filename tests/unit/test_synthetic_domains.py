"""The Virtual School, health, leaving-care and voice sources: same children, realistic shape."""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from corporate_parenting import source_layouts as layouts
from corporate_parenting.synthetic import generate_estate

LA = "E06099001"


@pytest.fixture(scope="module")
def estate(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("estate")
    generate_estate(out, seed=42, n_las=1, cla_per_la=300, years=4, months=3)
    return out


def _csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _day(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def _cms_children(estate: Path) -> set[str]:
    found = set()
    for path in (estate / LA).glob("ssda903/*/**/header.csv"):
        found |= {r["CHILD"] for r in _csv(path)}
    for path in (estate / LA).glob("cms_monthly/*/header.csv"):
        found |= {r["CHILD"] for r in _csv(path)}
    return found


def _sheet(path: Path, name: str) -> list[dict]:
    book = load_workbook(path, read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    header = rows[0]
    # Excel drops empty trailing cells of a row.
    return [
        dict(zip(header, (*r, *[None] * (len(header) - len(r))), strict=True)) for r in rows[1:]
    ]


def test_every_layout_is_written_with_its_columns(estate):
    la = estate / LA
    for name, layout in layouts.VIRTUAL_SCHOOL.items():
        files = sorted(la.glob(f"virtual_school/*/{name}.csv"))
        assert files, name
        with files[0].open() as handle:
            assert tuple(next(csv.reader(handle))) == layout.columns
    for kind, layout in layouts.VOICE.items():
        files = sorted(la.glob(f"voice/{kind}/*.csv"))
        assert files, kind
        with files[0].open() as handle:
            assert tuple(next(csv.reader(handle))) == layout.columns
    workbook = sorted(la.glob("health/*/*.xlsx"))[-1]
    book = load_workbook(workbook, read_only=True)
    assert book.sheetnames == list(layouts.HEALTH)
    for name, layout in layouts.HEALTH.items():
        assert next(book[name].iter_rows(values_only=True)) == layout.columns
    book.close()
    with sqlite3.connect(la / "leaving_care" / "leaving_care.sqlite") as db:
        for name, layout in layouts.LEAVING_CARE.items():
            cols = tuple(r[1] for r in db.execute(f"pragma table_info({name})"))
            assert cols == layout.columns, name
    for name, layout in layouts.REFERENCE.items():
        with (estate / "reference" / f"{name}.csv").open() as handle:
            assert tuple(h.upper() for h in next(csv.reader(handle))) == layout.columns


def test_every_child_in_a_local_source_is_known_to_case_management(estate):
    known = _cms_children(estate)
    la = estate / LA
    local = set()
    for path in la.glob("virtual_school/*/*.csv"):
        local |= {r["CHILD_ID"] for r in _csv(path)}
    for path in la.glob("health/*/*.xlsx"):
        local |= {r["CHILD_ID"] for r in _sheet(path, "health_assessments")}
    with sqlite3.connect(la / "leaving_care" / "leaving_care.sqlite") as db:
        local |= {r[0] for r in db.execute("select person_id from young_people")}
    assert local
    assert local <= known, sorted(local - known)[:5]


def test_virtual_school_terms_are_plausible(estate):
    la = estate / LA
    terms = sorted(p.name for p in la.glob("virtual_school/*"))
    assert terms[0].endswith("-T3") or terms[0].endswith("-T1")
    attendance = [r for p in la.glob("virtual_school/*/attendance.csv") for r in _csv(p)]
    assert attendance
    persistent = 0
    for r in attendance:
        possible, present = int(r["POSSIBLE_SESSIONS"]), int(r["PRESENT_SESSIONS"])
        absent = int(r["AUTHORISED_ABSENCE"]) + int(r["UNAUTHORISED_ABSENCE"])
        assert present + absent == possible
        persistent += absent >= 0.1 * possible
    # Persistent absence among children looked after: about one in eight (domain §2.3).
    assert 0.05 < persistent / len(attendance) < 0.3
    peps = [r for p in la.glob("virtual_school/*/peps.csv") for r in _csv(p)]
    assert {r["QA_RATING"] for r in peps} <= {"GREEN", "AMBER", "RED", ""}
    assert len({r["PEP_ID"] for r in peps}) == len(peps)
    ks = [r for p in la.glob("virtual_school/*/attainment.csv") for r in _csv(p)]
    ks2 = [r for r in ks if r["KEY_STAGE"] == "KS2"]
    rwm = sum(all(r[f"{s}_EXPECTED"] == "1" for s in ("READING", "WRITING", "MATHS")) for r in ks2)
    assert ks2 and 0.15 < rwm / len(ks2) < 0.6  # England CLA: 37% (2019)
    ks4 = [r for r in ks if r["KEY_STAGE"] == "KS4"]
    assert ks4 and 10 < sum(float(r["ATTAINMENT8"]) for r in ks4) / len(ks4) < 30
    moves = [r for p in la.glob("virtual_school/*/school_moves.csv") for r in _csv(p)]
    assert moves and all(r["FROM_SCHOOL_URN"] != r["TO_SCHOOL_URN"] for r in moves)


def test_a_later_health_workbook_extends_the_same_financial_year(estate):
    books = sorted((estate / LA).glob("health/*/*.xlsx"))
    in_year = [b for b in books if b.parent.name >= "2026-04"]
    assert [b.parent.name for b in in_year] == ["2026-04", "2026-05", "2026-06"]
    earlier = _sheet(in_year[0], "health_assessments")
    later = _sheet(in_year[-1], "health_assessments")
    key = ("CHILD_ID", "ASSESSMENT_TYPE", "REQUESTED_DATE")
    assert {tuple(r[k] for k in key) for r in earlier} <= {tuple(r[k] for k in key) for r in later}
    assert len(later) > len(earlier)
    for row in later:
        assert row["REQUESTED_DATE"] <= datetime(2026, 6, 30)
        assert row["NHS_NUMBER"].startswith("999") and len(row["NHS_NUMBER"]) == 10


def test_one_nhs_number_per_child_and_health_rates_are_plausible(estate):
    year_end = sorted((estate / LA).glob("health/2026-03/*.xlsx"))[0]
    nhs = defaultdict(set)
    for name in layouts.HEALTH:
        for r in _sheet(year_end, name):
            nhs[r["CHILD_ID"]].add(r["NHS_NUMBER"])
    assert all(len(v) == 1 for v in nhs.values())
    assert len({next(iter(v)) for v in nhs.values()}) == len(nhs)
    sdq = _sheet(year_end, "sdq")
    assert {r["INFORMANT"] for r in sdq} <= {"CARER", "TEACHER", "SELF"}
    carer = [r["TOTAL_SCORE"] for r in sdq if r["INFORMANT"] == "CARER"]
    assert all(0 <= s <= 40 for s in carer)
    assert 11 < sum(carer) / len(carer) < 18  # England CLA average about 14


def test_leaving_care_database_matches_its_own_story(estate):
    with sqlite3.connect(estate / LA / "leaving_care" / "leaving_care.sqlite") as db:
        people = {r[0]: r for r in db.execute("select * from young_people")}
        assert people
        assert {r[2] for r in people.values()} <= {"eligible", "relevant", "former_relevant"}
        for pid, _dob, eligibility, left, *_ in people.values():
            assert (left is None) == (eligibility == "eligible"), pid
        touch = Counter(r[0] for r in db.execute("select in_touch from contacts"))
        assert set(touch) <= {"YES", "NO", "REFU", "NREQ", "DIED", "RHOM"}
        assert touch["YES"] / sum(touch.values()) > 0.8
        accom = list(
            db.execute(
                "select person_id, start_date, end_date, accommodation_type, suitable "
                "from accommodation order by person_id, start_date"
            )
        )
        for (p1, _s1, e1, *_), (p2, s2, _e2, *_) in zip(accom, accom[1:], strict=False):
            if p1 == p2:
                assert e1 is not None and e1 < s2, (p1, e1, s2)
        suitable = sum(r[4] for r in accom) / len(accom)
        assert 0.75 < suitable < 0.97  # England: about 88% of 19-21s


def test_voice_is_anonymous_and_uses_the_survey_tools_labels(estate):
    known = _cms_children(estate)
    for kind, layout in layouts.VOICE.items():
        for path in (estate / LA).glob(f"voice/{kind}/*.csv"):
            rows = _csv(path)
            assert all(not (set(r.values()) & known) for r in rows), path
            for column in layout.columns:
                if column.startswith("Q_"):
                    assert {r[column] for r in rows} <= set(layouts.LIKERT), (path, column)
    iro = _csv(sorted((estate / LA).glob("voice/iro_report/*.csv"))[-1])
    figures = {r["MEASURE"]: int(r["VALUE"]) for r in iro}
    assert set(figures) == set(layouts.IRO_MEASURES)
    assert figures["reviews_in_timescale"] <= figures["reviews_held"]


def test_same_seed_same_local_sources(tmp_path):
    args = {"seed": 5, "n_las": 1, "cla_per_la": 60, "years": 2, "months": 1}
    generate_estate(tmp_path / "a", **args)
    generate_estate(tmp_path / "b", **args)
    for path in sorted((tmp_path / "a").rglob("*.csv")):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes(), path
    rows = {}
    for side in ("a", "b"):
        with sqlite3.connect(tmp_path / side / LA / "leaving_care" / "leaving_care.sqlite") as db:
            rows[side] = list(db.execute("select * from contacts order by contact_id"))
    assert rows["a"] == rows["b"]


def _birthday_in(dob: date, start: date, end: date) -> date:
    for year in (start.year, end.year):
        try:
            day = dob.replace(year=year)
        except ValueError:  # 29 February: 28 February, as the generator counts
            day = date(year, 2, 28)
        if start <= day <= end:
            return day
    raise AssertionError((dob, start, end))


def test_oc3_statuses_are_what_the_leaving_care_database_holds_on_the_birthday(estate):
    db = sqlite3.connect(estate / LA / "leaving_care" / "leaving_care.sqlite")
    checked = 0
    for folder in sorted((estate / LA).glob("ssda903/*/csv")):
        y = int(folder.parent.name[:4])
        start, end = date(y, 4, 1), date(y + 1, 3, 31)
        for row in _csv(folder / "oc3.csv"):
            if row["ACCOM"] in ("", "0"):
                continue
            bday = _birthday_in(_day(row["DOB"]), start, end).isoformat()
            found = db.execute(
                "select accommodation_type, suitable from accommodation where person_id = ? "
                "and start_date <= ? and (end_date is null or end_date >= ?)",
                (row["CHILD"], bday, bday),
            ).fetchall()
            assert found == [(row["ACCOM"][0], int(row["ACCOM"][1] == "1"))], row
            activity = db.execute(
                "select activity_code from activity where person_id = ? "
                "and start_date <= ? and (end_date is null or end_date >= ?)",
                (row["CHILD"], bday, bday),
            ).fetchall()
            assert activity == [(row["ACTIV"],)], row
            checked += 1
    db.close()
    assert checked > 50


def test_oc2_health_flags_are_what_the_health_workbook_records(estate):
    year = sorted((estate / LA).glob("ssda903/*/csv"))[-1]
    start, end = datetime(2025, 4, 1), datetime(2026, 3, 31)
    book = sorted((estate / LA).glob("health/2026-03/*.xlsx"))[0]
    assessed = {
        r["CHILD_ID"]
        for r in _sheet(book, "health_assessments")
        if r["COMPLETED_DATE"] and start <= r["COMPLETED_DATE"] <= end
    }
    dental = {r["CHILD_ID"] for r in _sheet(book, "dental_checks")}
    oc2 = _csv(year / "oc2.csv")
    assert len(oc2) > 100
    for row in oc2:
        assert (row["HEALTH_ASSESSMENT"] == "1") == (row["CHILD"] in assessed), row
        assert (row["TEETH_CHECK"] == "1") == (row["CHILD"] in dental), row
    share = sum(r["HEALTH_ASSESSMENT"] == "1" for r in oc2) / len(oc2)
    assert 0.8 < share < 0.98  # England: about 90%
