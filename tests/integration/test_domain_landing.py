"""Virtual School, health, leaving care and voice land: every row accounted for, one child key.

The deliveries are small and built by hand here (not by the synthetic estate), so each test
knows exactly which rows, dates and identifiers arrived.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

from corporate_parenting import source_layouts as layouts

pytestmark = pytest.mark.integration

LA = "E06099001"
DOMAINS = ("virtual_school", "health", "leaving_care", "voice")
ALL = ("reference", "cms_ssda903", *DOMAINS)
# (child ID, UPN, NHS number) as the source systems deliver them.
CHILDREN = [
    ("C1001", "A123456789012", "9434765919"),
    ("C1002", "B123456789012", "9434765870"),
]


# --------------------------------------------------------------------------- deliveries


def _csv(path, columns, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(columns)] + [",".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")


def write_903(landing) -> None:
    year = landing / LA / "ssda903" / "2025-26" / "csv"
    _csv(
        year / "header.csv",
        ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
        [(c, 1, "01/02/2012", "WBRI", upn, "", "") for c, upn, _ in CHILDREN],
    )
    _csv(
        year / "episodes.csv",
        ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC")
        + ("REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
        [
            (c, "01/05/2025", "S", "C2", "N1", "U1", "PR1", "", "", "", "HF1 1AA", "HF2 2BB", "")
            for c, _, _ in CHILDREN
        ],
    )


def write_virtual_school(landing, term="2025-26-T1") -> None:
    folder = landing / LA / "virtual_school" / term
    _csv(
        folder / "pupils.csv",
        layouts.VIRTUAL_SCHOOL["pupils"].columns,
        [(c, upn, "02/10/2025", "100001", 8, "K", "", "") for c, upn, _ in CHILDREN],
    )
    _csv(
        folder / "peps.csv",
        layouts.VIRTUAL_SCHOOL["peps"].columns,
        [
            (1, "C1001", CHILDREN[0][1], "15/09/2025", "Good", "20/09/2025"),
            (2, "C1002", CHILDREN[1][1], "31/09/2025", "Good", ""),  # no 31 September
        ],
    )


HEALTH_ROWS = {
    "sdq": [
        ["C1001", CHILDREN[0][2], datetime(2026, 4, 20), "Carer", 12],
        ["C1002", CHILDREN[1][2], datetime(2026, 4, 22), "Carer", 18],
    ],
    "dental_checks": [["C1001", CHILDREN[0][2], datetime(2026, 4, 2)]],
}


def write_health(landing, month="2026-04", rows=HEALTH_ROWS):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, layout in layouts.HEALTH.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(layout.columns))
        for row in rows.get(name, []):
            sheet.append(row)
    path = landing / LA / "health" / month / f"lac_health_{month}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _care_leaver_tables(metadata):
    import sqlalchemy as sa

    tables = {}
    for name, layout in layouts.LEAVING_CARE.items():
        columns = []
        for i, column in enumerate(layout.columns):
            if i == 0:
                kind = sa.Text if name == "young_people" else sa.Integer
                columns.append(sa.Column(column, kind, primary_key=True))
            else:
                kind = sa.Date if column in layout.dates else sa.Text
                columns.append(sa.Column(column, kind))
        tables[name] = sa.Table(name, metadata, *columns)
    return tables


def write_leaving_care(url_or_path) -> str:
    import sqlalchemy as sa

    url = url_or_path if isinstance(url_or_path, str) else f"sqlite:///{url_or_path}"
    if not isinstance(url_or_path, str):
        url_or_path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    tables = _care_leaver_tables(metadata)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            tables["young_people"].insert(),
            [
                {
                    "person_id": "C1001",
                    "date_of_birth": date(2007, 6, 1),
                    "eligibility": "Former relevant",
                    "left_care_date": date(2025, 6, 1),
                    "personal_adviser_id": "PA7",
                    "pa_allocated_date": None,
                }
            ],
        )
        conn.execute(
            tables["contacts"].insert(),
            [
                {
                    "contact_id": 1,
                    "person_id": "C1001",
                    "contact_date": date(2026, 3, 1),
                    "in_touch": "YES",
                }
            ],
        )
    engine.dispose()
    return url


def write_voice(landing) -> None:
    layout = layouts.VOICE["cicc_survey"]
    answers = ["Agree"] * len(layouts.CICC_QUESTIONS)
    _csv(
        landing / LA / "voice" / "cicc_survey" / "cicc_survey_2026.csv",
        layout.columns,
        [
            ("R1", "01/03/2026", "11-15", "Foster", *answers, "I like my school"),
            ("R2", "02/03/2026", "16-17", "Residential", *answers, ""),
        ],
    )
    _csv(
        landing / LA / "voice" / "iro_report" / "iro_report_2025-26.csv",
        layouts.VOICE["iro_report"].columns,
        [("2025-26", "reviews_held", 410), ("2025-26", "reviews_in_timescale", 388)],
    )


@pytest.fixture
def landing(settings, empty_warehouse):
    if settings.landing_dir.exists():
        shutil.rmtree(settings.landing_dir)
    _csv(
        settings.landing_dir / "reference" / "postcodes.csv",
        ("pcds", "oseast1m", "osnrth1m", "laua", "utla"),
        [("HF1 1AA", 450000, 300000, LA, LA), ("HF2 2BB", 453000, 304000, LA, LA)],
    )
    return settings.landing_dir


@pytest.fixture
def delivered(landing):
    write_903(landing)
    write_virtual_school(landing)
    write_health(landing)
    write_leaving_care(landing / LA / "leaving_care" / "leaving_care.sqlite")
    write_voice(landing)
    return landing


def _land(sources=ALL):
    from corporate_parenting.pipeline import land_sources

    return land_sources(sources)


def _rows(db, sql, *params):
    with db.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


# ---------------------------------------------------------------------------------- tests


def test_every_delivered_row_is_loaded_or_quarantined(delivered, db):
    from corporate_parenting.pipeline import PANEL_SOURCES, check_row_accounting

    report = _land()

    batches = _rows(
        db,
        "select source_system, table_name, source_file, status, rows_delivered, rows_loaded, "
        "rows_quarantined from raw._load_batches where superseded_at is null",
    )
    assert {b[0] for b in batches} >= {"virtual_school", "health", "leaving_care", "voice"}
    for _system, table, file, status, delivered_rows, loaded, quarantined in batches:
        assert status == "loaded", file
        assert delivered_rows == loaded + quarantined, file
        (in_raw,) = _rows(db, f"select count(*) from raw.{table} where _source_file = %s", file)[0]
        assert in_raw == loaded, file
    check_row_accounting(db, PANEL_SOURCES)

    # What was built above, source by source: every row arrived somewhere.
    expected = {"virtual_school": 4, "health": 3, "leaving_care": 2, "voice": 4}
    for source, rows in expected.items():
        totals = report[source]
        assert totals["rows_delivered"] == rows, source
        assert totals["rows_loaded"] + totals["rows_quarantined"] == rows, source
    assert report["health"]["deliveries"] == len(layouts.HEALTH)
    assert report["leaving_care"]["deliveries"] == len(layouts.LEAVING_CARE)
    # The impossible PEP date is the one quarantined row, named by file, line and field.
    assert _rows(db, "select source_file, row_number, field from raw._quarantine") == [
        (f"{LA}/virtual_school/2025-26-T1/peps.csv", 3, "PEP_DATE")
    ]
    assert _rows(db, "select distinct _period from raw.health_sdq") == [("2026-27",)]
    assert _rows(db, "select distinct _period from raw.leaving_care_contacts") == [("snapshot",)]
    assert _rows(db, "select _period from raw.voice_iro_report limit 1") == [
        ("iro_report_2025-26",)
    ]
    assert _rows(db, "select contact_date from raw.leaving_care_contacts") == [("01/03/2026",)]
    # A NULL in the database is blank, which raw holds as NULL like a blank CSV field.
    assert _rows(db, "select pa_allocated_date from raw.leaving_care_young_people") == [(None,)]


def test_a_child_has_one_child_key_in_every_domain_and_in_the_903_tables(delivered, db):
    _land()

    tables = {
        "ssda903_header": "child",
        "ssda903_episodes": "child",
        "virtual_school_pupils": "child_id",
        "virtual_school_peps": "child_id",
        "health_sdq": "child_id",
        "health_dental_checks": "child_id",
        "leaving_care_young_people": "person_id",
        "leaving_care_contacts": "person_id",
    }
    keys: dict[str, set[str]] = {}
    for table, id_column in tables.items():
        for child_id, child_key in _rows(db, f"select {id_column}, child_key from raw.{table}"):
            assert child_key and child_key != child_id and child_id not in child_key, table
            keys.setdefault(child_id, set()).add(child_key)
    assert set(keys) == {"C1001", "C1002"}
    assert all(len(found) == 1 for found in keys.values()), keys
    assert keys["C1001"] != keys["C1002"]


def test_upn_and_nhs_number_go_to_linkage_and_nowhere_else_outside_raw(delivered, db):
    _land()

    linkage = _rows(
        db, "select child_id, upn, nhs_number from linkage.child_identifiers order by child_id"
    )
    assert linkage == sorted(CHILDREN)
    # Identifier columns exist only in the restricted schemas (`quality` holds the gate's typed
    # copies of raw, readable by engineers only).
    outside = _rows(
        db,
        "select table_schema, table_name, column_name from information_schema.columns "
        "where (column_name ilike '%%upn%%' or column_name ilike '%%nhs%%') "
        "and table_schema not in ('raw', 'raw_history', 'linkage', 'quality', "
        "'information_schema', 'pg_catalog')",
    )
    assert outside == []
    # The voice data is anonymous: no child column, no key, no linkage entry.
    columns = _rows(
        db,
        "select column_name from information_schema.columns where table_schema = 'raw' "
        "and table_name = 'voice_cicc_survey'",
    )
    assert not {c for (c,) in columns} & {"child_key", "child_id", "upn", "nhs_number"}


def test_redelivering_identical_content_changes_nothing(delivered, db):
    first = _land()
    counts = _rows(db, "select table_name, count(*) from raw._load_batches group by 1 order by 1")

    again = _land()

    for source in DOMAINS:
        assert again[source]["deliveries"] == first[source]["deliveries"] > 0, source
        assert again[source]["unchanged"] == again[source]["deliveries"], source
    assert (
        _rows(db, "select table_name, count(*) from raw._load_batches group by 1 order by 1")
        == counts
    )
    assert _rows(db, "select count(*) from raw_history.health_sdq") == [(0,)]


def test_a_later_health_workbook_supersedes_the_earlier_one_of_its_financial_year(delivered, db):
    march = {"sdq": [["C1001", CHILDREN[0][2], datetime(2026, 3, 9), "Carer", 10]]}
    write_health(delivered, "2026-03", march)  # financial year 2025-26: its own delivery
    _land(("health",))
    may = {"sdq": [*HEALTH_ROWS["sdq"], ["C1001", CHILDREN[0][2], datetime(2026, 5, 19), "GP", 9]]}
    write_health(delivered, "2026-05", may)

    report = _land(("health",))["health"]

    file = f"{LA}/health/2026-05/lac_health_2026-05.xlsx#sdq"
    assert _rows(
        db, "select _period, _source_file, count(*) from raw.health_sdq group by 1, 2 order by 1"
    ) == [("2025-26", f"{LA}/health/2026-03/lac_health_2026-03.xlsx#sdq", 1), ("2026-27", file, 3)]
    assert _rows(db, "select _source_file, count(*) from raw_history.health_sdq group by 1") == [
        (f"{LA}/health/2026-04/lac_health_2026-04.xlsx#sdq", 2)
    ]
    (superseded_by,) = _rows(
        db,
        "select superseded_by from raw._load_batches where source_file = %s",
        f"{LA}/health/2026-04/lac_health_2026-04.xlsx#sdq",
    )[0]
    assert _rows(db, "select source_file from raw._load_batches where batch_id = %s", superseded_by)
    assert report["deliveries"] == 2 * len(layouts.HEALTH) and report["unchanged"] == len(
        layouts.HEALTH
    )
    # The earlier workbook is still on disk; landing again does not bring it back.
    assert _land(("health",))["health"]["unchanged"] == 2 * len(layouts.HEALTH)
    assert _rows(db, "select count(*) from raw.health_sdq where _period = '2026-27'") == [(3,)]


def test_a_changed_leaving_care_snapshot_supersedes_the_previous_one(delivered, db):
    import sqlalchemy as sa

    _land(("leaving_care",))
    path = delivered / LA / "leaving_care" / "leaving_care.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(
            sa.text("insert into contacts values (2, 'C1001', '2026-04-01', 'NO')"),
        )
    engine.dispose()

    report = _land(("leaving_care",))["leaving_care"]

    assert report["unchanged"] == len(layouts.LEAVING_CARE) - 1
    assert _rows(db, "select contact_id, contact_date from raw.leaving_care_contacts") == [
        ("1", "01/03/2026"),
        ("2", "01/04/2026"),
    ]
    assert _rows(db, "select contact_id from raw_history.leaving_care_contacts") == [("1",)]
    assert _rows(
        db,
        "select period, count(*), count(superseded_at) from raw._load_batches "
        "where table_name = 'leaving_care_contacts' group by 1",
    ) == [("snapshot", 2, 1)]


def test_a_care_leaver_database_is_reached_through_the_connection_url(
    landing, db, monkeypatch, tmp_path
):
    import json

    url = write_leaving_care(tmp_path / "elsewhere" / "care_leavers.db")
    monkeypatch.setenv(
        "AIRFLOW_CONN_LEAVING_CARE_DB",
        json.dumps({"conn_type": "generic", "extra": {"sqlalchemy_url": url, "la_code": LA}}),
    )

    report = _land(("leaving_care",))["leaving_care"]

    assert report["rows_loaded"] == 2
    assert _rows(db, "select distinct _source_file, _la_code from raw.leaving_care_contacts") == [
        (f"{LA}/leaving_care_db#contacts", LA)
    ]


def test_a_bad_date_in_a_workbook_cell_is_quarantined_naming_file_sheet_row_and_field(landing, db):
    rows = {
        "sdq": [
            ["C1001", CHILDREN[0][2], datetime(2026, 4, 20), "Carer", 12],
            ["C1002", CHILDREN[1][2], "31/02/2026", "Carer", 18],  # typed as text
        ]
    }
    write_health(landing, "2026-04", rows)

    report = _land(("health",))["health"]

    assert (report["rows_delivered"], report["rows_loaded"], report["rows_quarantined"]) == (
        2,
        1,
        1,
    )
    assert _rows(db, "select source_file, row_number, field, reason from raw._quarantine") == [
        (
            f"{LA}/health/2026-04/lac_health_2026-04.xlsx#sdq",
            3,
            "SDQ_DATE",
            "SDQ_DATE '31/02/2026' is not a dd/mm/yyyy date",
        )
    ]


def test_extract_sources_needs_only_the_903_return(landing):
    from corporate_parenting.pipeline import PANEL_SOURCES, extract_sources

    with pytest.raises(FileNotFoundError, match="No SSDA903 return"):
        extract_sources()
    write_903(landing)

    listed = extract_sources()

    assert set(PANEL_SOURCES) >= set(DOMAINS)
    assert {item["source"] for item in listed} == {"reference", "cms_ssda903"}
