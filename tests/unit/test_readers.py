"""Every delivered format and fault gives rows or quarantine reasons, never silence."""

from __future__ import annotations

import pytest

from corporate_parenting.extract.readers import (
    Delivery,
    EmptyDelivery,
    Quarantined,
    Record,
    read_csv,
    read_query,
    read_xlsx_sheet,
)

COLUMNS = ("CHILD", "DOB", "NOTE")


def _read(path, columns=COLUMNS):
    delivery = Delivery()
    return list(read_csv(path, path.name, columns, delivery)), delivery


def test_windows_1252_text_is_decoded_and_noted(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes("CHILD,DOB,NOTE\n1,01/01/2010,It’s café – £5\n".encode("cp1252"))
    items, delivery = _read(path)
    assert items[0].values["NOTE"] == "It’s café – £5"
    assert delivery.encoding == "cp1252"
    assert delivery.notes == ["decoded as Windows-1252 (not UTF-8)"]


def test_a_missing_column_quarantines_every_row_naming_the_column(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("CHILD,NOTE\n1,a\n2,b\n")
    items, delivery = _read(path)
    assert delivery.missing_columns == ["DOB"]
    assert [(q.row_number, q.field, q.reason) for q in items] == [
        (2, "DOB", "the file has no column DOB"),
        (3, "DOB", "the file has no column DOB"),
    ]


def test_an_extra_column_is_kept_not_lost(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("child,dob,note,NOTES\n1,01/01/2010,a,call back\n")
    items, delivery = _read(path)
    assert delivery.extra_columns == ["NOTES"]
    assert isinstance(items[0], Record) and items[0].extra == {"NOTES": "call back"}


def test_exact_duplicate_rows_are_quarantined_pointing_at_the_first(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("CHILD,DOB,NOTE\n1,01/01/2010,a\n2,01/01/2011,b\n1,01/01/2010,a\n")
    items, _ = _read(path)
    assert isinstance(items[2], Quarantined)
    assert (items[2].row_number, items[2].reason) == (4, "exact duplicate of row 2")


@pytest.mark.parametrize("content", [b"", b"\n\n"])
def test_an_empty_file_is_refused_as_empty(tmp_path, content):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(EmptyDelivery, match="x.csv: the file is empty"):
        _read(path)


def test_xlsx_rows_are_numbered_as_in_excel_and_dates_become_text(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Dental checks"
    sheet.append(["CHILD", "DOB", "NOTE"])
    sheet.append(["901000001", datetime(2012, 3, 4), "ok"])
    sheet.append([None, None, None])
    sheet.append([901000002, datetime(2013, 5, 6), None])
    path = tmp_path / "health.xlsx"
    workbook.save(path)

    items = list(read_xlsx_sheet(path, "Dental checks", "health.xlsx", COLUMNS, Delivery()))

    assert items[0].values == {"CHILD": "901000001", "DOB": "04/03/2012", "NOTE": "ok"}
    assert (items[1].row_number, items[1].reason) == (3, "blank row")
    assert (items[2].row_number, items[2].values["CHILD"]) == (4, "901000002")


def test_database_rows_are_numbered_by_position(tmp_path):
    rows = [
        {"child": "1", "dob": "01/01/2010", "note": None},
        {"child": "2", "dob": "", "note": "x"},
    ]
    items = list(read_query(rows, "leaving_care.sqlite#young_people", COLUMNS, Delivery()))
    assert [(i.row_number, i.values["CHILD"]) for i in items] == [(1, "1"), (2, "2")]
