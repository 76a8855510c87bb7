"""The raw suites of the Virtual School, health and leaving-care sources (domain_sources_raw).

Each check kind is tested through the gate (GX) on tiny raw tables: one valid row and one row
that breaks the check. The gate must report exactly the breaking row, under the expected code
and severity, and nothing else; with the valid row alone, every rule of the suite passes.
A last test loads a valid row into every domain table and expects a clean gate.
"""

from __future__ import annotations

import copy
import importlib.util
import uuid

import pytest

from tests.conftest import TEST_NAME
from tests.quality.conftest import fresh_raw_database

LA = "E06000001"
LOADED_AT = "2026-06-15 12:00:00+00"
HEADER_TABLES = ("ssda903_header", "cms_monthly_header")

# Children known to the case-management system, with their dates of birth.
CHILDREN = {
    "C1": "01/01/2012",  # aged 13 on 31 August 2025: year 9
    "C2": "01/06/2024",  # a baby
    "C3": "10/05/2007",  # a care leaver, 18 on 10 May 2025
}


def key(child: str) -> str:
    return f"k-{LA}-{child}"


def vs(child: str = "C1", **values) -> dict:
    return {"child_id": child, "upn": "A123456789012", "child_key": key(child), **values}


def hlt(child: str = "C1", **values) -> dict:
    return {"child_id": child, "nhs_number": "9990000001", "child_key": key(child), **values}


def lc(child: str = "C3", **values) -> dict:
    return {"person_id": child, "child_key": key(child), **values}


# One valid row per domain table: (period, row). Every rule passes on these.
VALID = {
    "virtual_school_pupils": (
        "2025-26-T2",
        vs(
            census_date="15/01/2026",
            school_urn="100001",
            nc_year="9",
            sen_provision="K",
            sen_primary_need="SEMH",
        ),
    ),
    "virtual_school_peps": (
        "2025-26-T2",
        vs(pep_id="PEP1", pep_date="10/02/2026", qa_rating="GREEN", qa_date="20/02/2026"),
    ),
    "virtual_school_attendance": (
        "2025-26-T2",
        vs(
            school_urn="100001",
            term_start="05/01/2026",
            term_end="27/03/2026",
            possible_sessions="100",
            present_sessions="90",
            authorised_absence="6",
            unauthorised_absence="4",
        ),
    ),
    "virtual_school_exclusions": (
        "2025-26-T2",
        vs(
            school_urn="100001",
            category="SUSPENSION",
            start_date="03/02/2026",
            sessions="2",
            reason="DB",
        ),
    ),
    "virtual_school_attainment": (
        "2025-26-T2",
        vs(
            academic_year="2022-23",
            key_stage="KS2",
            reading_expected="1",
            writing_expected="0",
            maths_expected="1",
        ),
    ),
    "virtual_school_school_moves": (
        "2025-26-T2",
        vs(
            move_date="12/01/2026",
            from_school_urn="100001",
            to_school_urn="100002",
            move_reason="PLACEMENT",
        ),
    ),
    "virtual_school_post16": (
        "2025-26-T2",
        vs("C3", recorded_date="01/02/2026", nc_year="13", destination="FTE"),
    ),
    "health_health_assessments": (
        "2025-26",
        hlt(
            assessment_type="IHA",
            requested_date="10/04/2025",
            due_date="08/05/2025",
            completed_date="01/05/2025",
        ),
    ),
    "health_dental_checks": ("2025-26", hlt(check_date="01/06/2025")),
    "health_immunisations": ("2025-26", hlt(review_date="01/07/2025", up_to_date="Y")),
    "health_sdq": (
        "2025-26",
        hlt(sdq_date="01/08/2025", informant="CARER", total_score="15"),
    ),
    "health_camhs_referrals": (
        "2025-26",
        hlt(referral_date="01/09/2025", outcome="ACCEPTED", first_appointment_date="01/11/2025"),
    ),
    "leaving_care_young_people": (
        "snapshot",
        lc(
            date_of_birth="10/05/2007",
            eligibility="former_relevant",
            left_care_date="10/05/2025",
            personal_adviser_id="PA001",
            pa_allocated_date="01/01/2024",
        ),
    ),
    "leaving_care_pathway_plans": (
        "snapshot",
        lc(plan_id="1", plan_date="01/06/2025", review_due_date="01/12/2025"),
    ),
    "leaving_care_contacts": (
        "snapshot",
        lc(contact_id="1", contact_date="01/03/2026", in_touch="YES"),
    ),
    "leaving_care_accommodation": (
        "snapshot",
        lc(accommodation_id="1", start_date="10/05/2025", accommodation_type="U", suitable="1"),
    ),
    "leaving_care_activity": (
        "snapshot",
        lc(activity_id="1", start_date="10/05/2025", activity_code="F2"),
    ),
    "leaving_care_staying_put": (
        "snapshot",
        lc(arrangement_id="1", start_date="10/05/2025", end_date="01/01/2026"),
    ),
}


def source_file(table: str, period: str) -> str:
    if table.startswith("virtual_school_"):
        return f"{LA}/virtual_school/{period}/{table.removeprefix('virtual_school_')}.csv"
    if table.startswith("health_"):
        return f"{LA}/health/2026-03/lac_health_2026-03.xlsx#{table.removeprefix('health_')}"
    return f"{LA}/leaving_care/leaving_care.sqlite#{table.removeprefix('leaving_care_')}"


@pytest.fixture(scope="module")
def suites(settings):
    path = settings.expectations_dir / "domain_sources_raw.py"
    spec = importlib.util.spec_from_file_location("expectations.domain_sources_raw", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def domain_db(settings):
    from corporate_parenting.extract.domain_tables import DOMAIN_TABLES

    conn, url, _ = fresh_raw_database(settings, f"domain_{TEST_NAME}")
    with conn.cursor() as cur:
        for source in ("virtual_school", "health", "leaving_care"):
            for table in DOMAIN_TABLES[source].values():
                cur.execute(table.raw.ddl())
    conn.commit()
    yield conn, url
    conn.close()


@pytest.fixture
def gate(domain_db, suites, monkeypatch):
    """gate({table: [row, ...]}) -> (GateResult, checks) for the suites of those tables."""
    from corporate_parenting.quality.gate import run_checks

    conn, url = domain_db
    monkeypatch.setenv("WAREHOUSE_URL", url.url)
    monkeypatch.setenv("GATE_WORKERS", "1")

    def run(tables: dict[str, list[dict]], headers: dict[str, str] | None = None):
        with conn.cursor() as cur:
            cur.execute("truncate " + ", ".join(f"raw.{t}" for t in (*VALID, *HEADER_TABLES)))
            for number, (child, dob) in enumerate((headers or CHILDREN).items(), start=2):
                _insert(cur, "ssda903_header", "2025-26", number, {
                    "child": child, "dob": dob, "upn": "A123456789012", "child_key": key(child),
                })  # fmt: skip
            loaded = dict(tables)
            if any(t.startswith("leaving_care_") for t in tables):
                # The care-leaver tables refer to the service's list of young people.
                loaded.setdefault("leaving_care_young_people", [valid("leaving_care_young_people")])
            for table, rows in loaded.items():
                period = VALID[table][0]
                for number, row in enumerate(rows, start=2):
                    _insert(cur, table, row.pop("_period", period), number, row)
        conn.commit()
        checks = [c for c in suites.checks_for(None) if c.table.removeprefix("raw.") in tables]
        return run_checks("raw", checks), checks

    return run


def _insert(cur, table: str, period: str, number: int, row: dict) -> None:
    values = {
        "_batch_id": str(uuid.uuid4()),
        "_source_file": source_file(table, period),
        "_row_number": number,
        "_la_code": LA,
        "_period": period,
        "_loaded_at": LOADED_AT,
        **row,
    }
    names = ", ".join(values)
    marks = ", ".join(["%s"] * len(values))
    cur.execute(f"insert into raw.{table} ({names}) values ({marks})", list(values.values()))


def valid(table: str, **changes) -> dict:
    return {**copy.deepcopy(VALID[table][1]), **changes}


def failures(result) -> dict:
    return {
        o.rule_code: (o.severity, sorted(e.get("_row_number") for e in o.examples))
        for o in result.outcomes
        if not o.success
    }


# (check kind, table, the breaking row, expected code, severity, failing rows)
CASES = [
    (
        "child identified",
        "virtual_school_peps",
        valid("virtual_school_peps", pep_id="PEP2", child_id=" ", child_key=None),
        "VS-201",
        "blocking",
    ),
    (
        "record key present",
        "virtual_school_peps",
        valid("virtual_school_peps", pep_id=""),
        "VS-202",
        "blocking",
    ),
    (
        "unique at the grain",
        "virtual_school_attendance",
        valid("virtual_school_attendance"),  # the valid row delivered twice: both reported
        "VS-302",
        "blocking",
    ),
    (
        "value set",
        "leaving_care_contacts",
        valid("leaving_care_contacts", contact_id="2", in_touch="MAYBE"),
        "LC-310",
        "blocking",
    ),
    (
        "date parses",
        "health_sdq",
        valid("health_sdq", sdq_date="2025-08-02"),
        "HLT-403",
        "warning",
    ),
    (
        "calendar date",
        "virtual_school_school_moves",
        valid("virtual_school_school_moves", move_date="30/02/2026"),
        "VS-603",
        "blocking",
    ),
    (
        "required date",
        "leaving_care_pathway_plans",
        valid("leaving_care_pathway_plans", plan_id="2", review_due_date=""),
        "LC-204",
        "blocking",
    ),
    (
        "date not in the future",
        "virtual_school_pupils",
        valid("virtual_school_pupils", _period="2025-26-T3", census_date="20/07/2026"),
        "VS-105",
        "blocking",
    ),
    (
        "date not after the workbook",
        "health_health_assessments",
        valid(
            "health_health_assessments",
            requested_date="10/04/2026",
            due_date="08/05/2026",
            completed_date="",
        ),
        "HLT-105",
        "blocking",
    ),  # fmt: skip
    (
        "date not before birth",
        "health_dental_checks",
        valid(
            "health_dental_checks",
            child_id="C2",
            child_key=key("C2"),
            check_date="15/05/2024",
            _period="2024-25",
        ),
        "HLT-206",
        "warning",
    ),  # fmt: skip
    (
        "date in the term",
        "virtual_school_exclusions",
        valid("virtual_school_exclusions", start_date="03/05/2026"),
        "VS-407",
        "warning",
    ),
    (
        "attendance 0-100%",
        "virtual_school_attendance",
        valid("virtual_school_attendance", school_urn="100002", present_sessions="101"),
        "VS-311",
        "blocking",
    ),
    (
        "session counts whole numbers",
        "virtual_school_attendance",
        valid("virtual_school_attendance", school_urn="100002", authorised_absence="-1"),
        "VS-310",
        "blocking",
    ),
    (
        "SDQ 0-40",
        "health_sdq",
        valid("health_sdq", informant="TEACHER", total_score="41"),
        "HLT-411",
        "warning",
    ),
    (
        "initial health assessment wait >= 0",
        "health_health_assessments",
        valid(
            "health_health_assessments", requested_date="12/04/2025", completed_date="11/04/2025"
        ),
        "HLT-112",
        "blocking",
    ),  # fmt: skip
    (
        "CAMHS wait >= 0",
        "health_camhs_referrals",
        valid(
            "health_camhs_referrals",
            referral_date="02/09/2025",
            first_appointment_date="01/09/2025",
        ),
        "HLT-511",
        "warning",
    ),  # fmt: skip
    (
        "attainment 8 range",
        "virtual_school_attainment",
        valid(
            "virtual_school_attainment",
            child_id="C3",
            child_key=key("C3"),
            key_stage="KS4",
            academic_year="2022-23",
            reading_expected="",
            writing_expected="",
            maths_expected="",
            attainment8="91",
        ),
        "VS-513",
        "blocking",
    ),  # fmt: skip
    (
        "child known to the case-management system",
        "health_immunisations",
        valid("health_immunisations", child_id="C9", child_key=key("C9")),
        "XSRC-1",
        "blocking",
    ),
    (
        "date of birth agrees with the case-management system",
        "leaving_care_young_people",
        valid(
            "leaving_care_young_people",
            person_id="C1",
            child_key=key("C1"),
            date_of_birth="10/05/2007",
        ),
        "XSRC-2",
        "blocking",
    ),  # fmt: skip
    (
        "plausibility: year group for age",
        "virtual_school_pupils",
        valid("virtual_school_pupils", child_id="C3", child_key=key("C3"), nc_year="9"),
        "VS-113",
        "warning",
    ),  # fmt: skip
    (
        "plausibility: overlapping spells",
        "leaving_care_accommodation",
        valid(
            "leaving_care_accommodation",
            accommodation_id="2",
            start_date="01/09/2025",
            end_date="01/10/2025",
        ),
        "LC-413",
        "warning",
    ),  # fmt: skip
]


@pytest.mark.parametrize(
    ("kind", "table", "breaking", "code", "severity"), CASES, ids=[c[0] for c in CASES]
)
def test_the_gate_reports_exactly_the_breaking_row(gate, kind, table, breaking, code, severity):
    result, checks = gate({table: [valid(table), copy.deepcopy(breaking)]})
    # The duplicate case reports both copies; every other case only the breaking row (row 3).
    rows = [2, 3] if kind == "unique at the grain" else [3]
    assert failures(result) == {code: (severity, rows)}
    assert result.passed == (severity == "warning")
    outcome = next(o for o in result.outcomes if o.rule_code == code)
    assert outcome.table == f"raw.{table}"
    assert outcome.examples[0]["_source_file"] == source_file(table, outcome.examples[0]["_period"])
    assert outcome.examples[0]["child_key"] == breaking["child_key"] or rows == [2, 3]
    # The query behind the data-owner report finds the same rows.
    query = checks[0].failing_rows_queries[code]
    conn = _conn_of(checks)
    with conn.cursor() as cur:
        cur.execute(query)
        found = sorted(r[1] for r in cur.fetchall())
    conn.close()
    assert found == rows

    result, _ = gate({table: [valid(table)]})
    assert failures(result) == {}


def _conn_of(checks):
    import os

    import psycopg2

    return psycopg2.connect(os.environ["WAREHOUSE_URL"])


def test_every_domain_suite_passes_on_valid_rows(gate):
    result, checks = gate({table: [valid(table)] for table in VALID})
    assert len(checks) == len(VALID)
    assert failures(result) == {}
    codes = {o.rule_code for o in result.outcomes}
    assert {"XSRC-1", "XSRC-2", "XSRC-3"} <= codes
    assert all(o.rule_code.split("-")[0] in ("VS", "HLT", "LC", "XSRC") for o in result.outcomes)


def test_every_expectation_carries_code_message_and_severity(suites):
    for check in suites.checks_for(None):
        assert check.row_identifiers == ("_source_file", "_row_number", "child_key")
        for expectation in check.expectations:
            meta = expectation.meta
            assert meta["rule_code"].split("-")[0] in ("VS", "HLT", "LC", "XSRC")
            assert meta["message"].endswith(".") and meta["severity"] in ("blocking", "warning")
            query = expectation.unexpected_rows_query
            assert query.startswith("select t._source_file, t._row_number, t.child_key, ")
            # Never a child ID, UPN, NHS number or date of birth in the data-owner report.
            selected = query.split(" from ", 1)[0]
            for column in ("child_id", "person_id", "upn", "nhs_number", "date_of_birth"):
                assert f"t.{column}" not in selected, (meta["rule_code"], column)


def test_tables_not_delivered_get_no_suite_and_rules_needing_them_are_left_out(suites):
    checks = suites.checks_for({"ssda903_header", "virtual_school_peps"})
    assert [c.table for c in checks] == ["raw.virtual_school_peps"]
    queries = " ".join(e.unexpected_rows_query for e in checks[0].expectations)
    assert "cms_monthly_header" not in queries and "raw.ssda903_header" in queries
    alone = suites.checks_for({"virtual_school_peps"})
    codes = {e.meta["rule_code"] for e in alone[0].expectations}
    assert "XSRC-1" not in codes and "VS-206" not in codes and "VS-201" in codes
