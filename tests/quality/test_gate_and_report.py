"""The raw gate through GX: blocking vs warning, the readable summary, Data Docs, and the
data-quality report for data owners (per child and rule; child IDs only for the restricted role).
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import TEST_NAME
from tests.quality.conftest import fresh_raw_database
from tests.quality.returns import child_key, clean_reference, clean_return


@pytest.fixture(scope="module")
def gate_db(settings):
    conn, url, names = fresh_raw_database(settings, f"gate_{TEST_NAME}")
    yield conn, url, names
    conn.close()


@pytest.fixture
def gate_run(gate_db, settings, monkeypatch):
    """Load a return with one blocking and one warning problem, run the raw 903 suites."""
    from corporate_parenting.quality import failures, gate

    conn, url, names = gate_db
    monkeypatch.setenv("WAREHOUSE_URL", url.url)
    monkeypatch.setitem(gate.STAGES, "raw", ("ssda903_raw",))
    ret = clean_return()
    ret.row("episodes", CHILD="C3").update(place="Q9")  # rule 146: blocking
    ret.row("episodes", CHILD="C4", DECOM="01/10/2024").update(dec="01/10/2024")  # 355: warning
    with conn.cursor() as cur:
        cur.execute("truncate " + ", ".join(f"raw.{n}" for n in names))
        ret.insert(cur)
        clean_reference().insert(cur)
    conn.commit()
    failures.ensure_schema(conn)
    with conn.cursor() as cur:
        cur.execute("truncate linkage.child_identifiers")
        cur.execute(
            "insert into linkage.child_identifiers (child_key, la_code, child_id) "
            "values (%s, 'E06099001', 'C3')",
            (child_key("C3"),),
        )
    conn.commit()
    with pytest.raises(gate.QualityGateFailed) as failed:
        gate.run_gate("raw", conn, settings)
    return conn, failed.value


def test_a_blocking_rule_fails_the_gate_with_a_readable_summary(gate_run, settings):
    _, failed = gate_run
    summary = str(failed)
    assert "FAILED" in summary and "publishing is stopped" in summary
    assert "[blocking] rule 146: Placement type code is not a valid code." in summary
    assert "File E06099001/ssda903/2024-25/csv/episodes.csv row(s) 3" in summary
    result = failed.result
    assert [o.rule_code for o in result.blocking_failures] == ["146"]
    assert "355" in [o.rule_code for o in result.warnings]
    assert (settings.quality_dir / "data_docs" / "index.html").exists()


def test_every_failing_record_is_kept_per_child_and_rule(gate_run):
    conn, _ = gate_run
    with conn.cursor() as cur:
        cur.execute(
            "select rule_code, severity, child_key, source_file, row_number "
            "from quality.rule_failures where stage = 'raw' and rule_code in ('146', '355') "
            "order by rule_code"
        )
        rows = cur.fetchall()
        cur.execute("select distinct child_key from quality.rule_failures where stage = 'raw'")
        children = {r[0] for r in cur.fetchall()}
    assert rows == [
        ("146", "blocking", child_key("C3"), "E06099001/ssda903/2024-25/csv/episodes.csv", 3),
        ("355", "warning", child_key("C4"), "E06099001/ssda903/2024-25/csv/episodes.csv", 5),
    ]
    assert children == {child_key("C3"), child_key("C4")}


def test_the_data_owner_report_is_pseudonymised_and_the_restricted_one_names_the_child(
    gate_run, settings
):
    plain = settings.quality_dir / "dq_report"
    restricted = settings.var_dir / "restricted" / "dq_report"
    rows = list(csv.DictReader(io.StringIO((plain / "dq_report.csv").read_text())))
    assert {(r["rule_code"], r["child"]) for r in rows} >= {
        ("146", child_key("C3")),
        ("355", child_key("C4")),
    }
    assert {r["child"] for r in rows} == {child_key("C3"), child_key("C4")}
    assert "PLACE=Q9" in next(r for r in rows if r["rule_code"] == "146")["values"]
    identified = list(
        csv.DictReader(io.StringIO((restricted / "dq_report_identified.csv").read_text()))
    )
    assert {r["child"] for r in identified} == {"C3", f"(unknown: {child_key('C4')})"}
    assert ("146", "C3") in {(r["rule_code"], r["child"]) for r in identified}
    html = (plain / "dq_report.html").read_text()
    assert "Child C3" not in html and f"Child {child_key('C3')}" in html
    assert "Child C3" in (restricted / "dq_report_identified.html").read_text()
    assert (restricted.parent.stat().st_mode & 0o077) == 0, "restricted folder is not private"


def test_only_the_restricted_role_can_read_child_ids(gate_run):
    import psycopg2

    conn, _ = gate_run
    with conn.cursor() as cur:
        cur.execute("set role dq_data_owner")
        cur.execute("select count(distinct child_key) from quality.dq_report")
        assert cur.fetchone()[0] == 2
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("select child_id from linkage.dq_report_identified")
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute("set role dq_restricted")
        cur.execute("select child_id from linkage.dq_report_identified where rule_code = '146'")
        assert cur.fetchone()[0] == "C3"
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("select * from linkage.child_identifiers")
    conn.rollback()


def test_quality_notes_name_records_in_plain_words():
    from corporate_parenting.quality.notes import QualityNote

    note = QualityNote("392a", "Child is looked after but no distance is recorded.", rows=3)
    note.tables |= {"raw.ssda903_episodes", "raw.cms_monthly_episodes"}
    note.years |= {"2025-26", "2024-25", "2026-27 (in year)"}
    assert note.sentence == (
        "3 records in episodes of care (903 return), episodes of care (in-year extract) "
        "(2024-25 to 2026-27 (in year)) did not pass check 392a: Child is looked after but "
        "no distance is recorded."
    )
    marts = QualityNote("MART-LATEST", "A figure is missing.", rows=1, tables={"marts.x"})
    assert (
        marts.sentence
        == "1 record in the published figures did not pass check MART-LATEST: A figure is missing."
    )
