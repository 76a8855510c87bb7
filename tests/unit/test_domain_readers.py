"""Health workbooks and care-leaver databases read as numbered records; domain discovery."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from corporate_parenting.extract.domain_tables import DOMAIN_TABLES
from corporate_parenting.extract.domains import discover, financial_year
from corporate_parenting.extract.readers import (
    Delivery,
    Quarantined,
    Record,
    SourceFileError,
    fetch_table,
    read_query,
    read_xlsx_sheet,
)

SDQ = DOMAIN_TABLES["health"]["sdq"]
LA = "E06099001"


def _workbook(path, sheets: dict[str, list[list]]):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _read_sheet(path, sheet="sdq", table=SDQ):
    delivery = Delivery()
    display = f"{path.name}#{sheet}"
    return list(read_xlsx_sheet(path, sheet, display, table.raw.columns, delivery)), delivery


SDQ_HEADER = ["CHILD_ID", "NHS_NUMBER", "SDQ_DATE", "INFORMANT", "TOTAL_SCORE"]


def test_a_sheet_gives_excel_row_numbers_and_dates_as_dd_mm_yyyy(tmp_path):
    from openpyxl.styles import Font

    path = _workbook(
        tmp_path / "lac_health_2026-10.xlsx",
        {
            "sdq": [
                SDQ_HEADER,
                ["C1001", 9434765919, datetime(2026, 4, 3), "Carer", 14],
                [None, None, None, None, None],
                ["C1002", "943 476 5870", date(2025, 12, 31), "Teacher", 21.0],
            ]
        },
    )
    from openpyxl import load_workbook

    # Formatted but empty cells below the data are Excel's used range, not delivered rows.
    workbook = load_workbook(path)
    workbook["sdq"].cell(row=9, column=2).font = Font(bold=True)
    workbook.save(path)

    items, delivery = _read_sheet(path)

    assert delivery.missing_columns == [] and delivery.extra_columns == []
    assert [type(i) for i in items] == [Record, Quarantined, Record]
    assert items[0].row_number == 2
    assert items[0].values == {
        "CHILD_ID": "C1001",
        "NHS_NUMBER": "9434765919",
        "SDQ_DATE": "03/04/2026",
        "INFORMANT": "Carer",
        "TOTAL_SCORE": "14",
    }
    assert (items[1].row_number, items[1].reason) == (3, "blank row")
    assert (items[2].row_number, items[2].values["SDQ_DATE"]) == (4, "31/12/2025")
    assert items[2].values["TOTAL_SCORE"] == "21"


def test_a_missing_sheet_fails_naming_the_file_and_the_sheet(tmp_path):
    path = _workbook(tmp_path / "lac_health_2026-10.xlsx", {"dental_checks": [["CHILD_ID"]]})
    with pytest.raises(SourceFileError) as error:
        _read_sheet(path)
    assert "lac_health_2026-10.xlsx#sdq" in str(error.value)
    assert "no sheet named 'sdq'" in str(error.value)
    assert "dental_checks" in str(error.value)


def test_a_missing_column_quarantines_each_row_naming_the_column(tmp_path):
    header = [c for c in SDQ_HEADER if c != "INFORMANT"]
    path = _workbook(
        tmp_path / "h.xlsx",
        {"sdq": [header, ["C1001", "1", datetime(2026, 4, 3), 14], ["C1002", "2", None, 9]]},
    )
    items, delivery = _read_sheet(path)
    assert delivery.missing_columns == ["INFORMANT"]
    assert [(q.row_number, q.field, q.reason) for q in items] == [
        (2, "INFORMANT", "the file has no column INFORMANT"),
        (3, "INFORMANT", "the file has no column INFORMANT"),
    ]


def test_extra_columns_are_kept_and_a_value_without_a_header_is_quarantined(tmp_path):
    path = _workbook(
        tmp_path / "h.xlsx",
        {
            "sdq": [
                [*SDQ_HEADER, None, "Comments"],
                ["C1001", "1", datetime(2026, 4, 3), "Carer", 14, "x", "call back"],
                ["C1002", "2", datetime(2026, 4, 4), "Carer", 9, None, None, "stray"],
            ]
        },
    )
    items, delivery = _read_sheet(path)
    assert delivery.extra_columns == ["COLUMN_F", "Comments"]
    assert isinstance(items[0], Record)
    assert items[0].extra == {"COLUMN_F": "x", "Comments": "call back"}
    assert isinstance(items[1], Quarantined)
    assert (items[1].row_number, items[1].reason) == (3, "expected 7 fields, found 8")


# ----------------------------------------------------------------------- care-leaver database


@pytest.fixture
def care_leaver_db(tmp_path):
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'leaving_care.sqlite'}")
    metadata = sa.MetaData()
    contacts = sa.Table(
        "contacts",
        metadata,
        sa.Column("contact_id", sa.Integer, primary_key=True),
        sa.Column("person_id", sa.Text, nullable=False),
        sa.Column("contact_date", sa.Date),
        sa.Column("in_touch", sa.Text),
    )
    plain = sa.Table(
        "plans_as_text",
        metadata,
        sa.Column("plan_id", sa.Integer),
        sa.Column("plan_date", sa.Text),
    )
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            contacts.insert(),
            [
                {"contact_id": 7, "person_id": "C1002", "contact_date": None, "in_touch": "NO"},
                {
                    "contact_id": 3,
                    "person_id": "C1001",
                    "contact_date": date(2026, 5, 1),
                    "in_touch": "YES",
                },
            ],
        )
        # A date the database holds but that is no calendar date: quarantined later, by row.
        conn.execute(sa.text("insert into contacts values (9, 'C1003', '2026-02-31', 'YES')"))
        conn.execute(plain.insert(), [{"plan_id": 2, "plan_date": "2026-01-15"}])
    yield engine
    engine.dispose()


def test_a_database_table_gives_dates_as_dd_mm_yyyy_null_blank_rows_in_key_order(care_leaver_db):
    table = DOMAIN_TABLES["leaving_care"]["contacts"]
    rows = fetch_table(care_leaver_db, "contacts", "lc.sqlite#contacts", table.raw.date_columns)
    items = list(read_query(rows, "lc.sqlite#contacts", table.raw.columns, Delivery()))

    assert [(i.row_number, i.values) for i in items] == [
        (
            1,
            {
                "contact_id": "3",
                "person_id": "C1001",
                "contact_date": "01/05/2026",
                "in_touch": "YES",
            },
        ),
        (2, {"contact_id": "7", "person_id": "C1002", "contact_date": "", "in_touch": "NO"}),
        (
            3,
            {
                "contact_id": "9",
                "person_id": "C1003",
                "contact_date": "2026-02-31",
                "in_touch": "YES",
            },
        ),
    ]
    problem = table.raw.check(items[2])
    assert (problem.row_number, problem.field) == (3, "contact_date")


def test_layout_date_columns_held_as_iso_text_come_out_dd_mm_yyyy(care_leaver_db):
    rows = fetch_table(care_leaver_db, "plans_as_text", "lc#plans", ("plan_date",))
    assert rows == [{"plan_id": "2", "plan_date": "15/01/2026"}]


def test_a_missing_table_fails_naming_the_table(care_leaver_db):
    with pytest.raises(SourceFileError, match="lc.sqlite#staying_put: .*no table 'staying_put'"):
        fetch_table(care_leaver_db, "staying_put", "lc.sqlite#staying_put")


# ------------------------------------------------------------------------------- discovery


@pytest.mark.parametrize(
    "month, year", [("2026-10", "2026-27"), ("2026-03", "2025-26"), ("2026-04", "2026-27")]
)
def test_the_health_period_is_the_financial_year(month, year):
    assert financial_year(month) == year


def test_the_latest_health_workbook_of_each_financial_year_is_the_delivery(tmp_path):
    sheets = {name: [list(t.raw.columns)] for name, t in DOMAIN_TABLES["health"].items()}
    for month in ("2026-02", "2026-03", "2026-04", "2026-05"):
        _workbook(tmp_path / LA / "health" / month / f"lac_health_{month}.xlsx", sheets)

    found = discover("health", tmp_path)

    assert {(d.period, d.display_name.split("/")[2]) for d in found} == {
        ("2025-26", "2026-03"),
        ("2026-27", "2026-05"),
    }
    assert len(found) == 2 * len(sheets)
    assert {d.table.raw.name for d in found} == {f"health_{s}" for s in sheets}


@pytest.mark.parametrize(
    "source, relative",
    [
        ("virtual_school", "virtual_school/2025-26-T1/timetable.csv"),
        ("virtual_school", "virtual_school/2025-26-T1/peps.xlsx"),
        ("virtual_school", "virtual_school/2025-26/peps.csv"),
        ("health", "health/2026-10/lac_health_2026-09.xlsx"),
        ("health", "health/October/lac_health_2026-10.xlsx"),
        ("leaving_care", "leaving_care/leaving_care_backup.sqlite"),
        ("voice", "voice/complaints/complaints_2026.csv"),
        ("voice", "voice/cicc_survey/cicc_survey_2026.txt"),
    ],
)
def test_a_file_that_matches_nothing_fails_naming_it(tmp_path, source, relative):
    path = tmp_path / LA / relative
    path.parent.mkdir(parents=True)
    path.write_text("SOMETHING,ELSE\n1,2\n")
    with pytest.raises(SourceFileError) as error:
        discover(source, tmp_path)
    assert path.name in str(error.value) or path.parent.name in str(error.value)


def test_csv_sources_take_their_period_from_the_folder_or_file(tmp_path):
    term = tmp_path / LA / "virtual_school" / "2025-26-T2"
    term.mkdir(parents=True)
    (term / "peps.csv").write_text("PEP_ID,CHILD_ID,UPN,PEP_DATE,QA_RATING,QA_DATE\n")
    # Named loosely, identified by its header row.
    (term / "Export (moves).csv").write_text(
        "CHILD_ID,UPN,MOVE_DATE,FROM_SCHOOL_URN,TO_SCHOOL_URN,MOVE_REASON\n"
    )
    (term / "~$peps.csv").write_text("lock file\n")
    kind = tmp_path / LA / "voice" / "iro_report"
    kind.mkdir(parents=True)
    (kind / "iro_report_2025-26.csv").write_text("REPORT_YEAR,MEASURE,VALUE\n")

    schools = discover("virtual_school", tmp_path)
    voice = discover("voice", tmp_path)

    assert [(d.table.raw.name, d.la_code, d.period) for d in schools] == [
        ("virtual_school_school_moves", LA, "2025-26-T2"),
        ("virtual_school_peps", LA, "2025-26-T2"),
    ]
    assert [(d.table.raw.name, d.period) for d in voice] == [
        ("voice_iro_report", "iro_report_2025-26")
    ]
