"""The 903 XML form reads into the same rows as the CSV files, numbered by line."""

from __future__ import annotations

import pytest

from corporate_parenting.extract.readers import Delivery, Quarantined, SourceFileError
from corporate_parenting.extract.ssda903_xml import read_xml_table
from corporate_parenting.ssda903_spec import EPISODE_COLUMNS, HEADER_COLUMNS

RETURN = """<?xml version="1.0" encoding="utf-8"?>
<EXPSSDA903>
  <CHILD>
    <CHILDID>901000001</CHILDID>
    <HEADER>
      <SEX>F</SEX><DOB>03/07/2012</DOB><ETHNIC>MWBC</ETHNIC><UPN>A123456789013</UPN>
      <MOTHER>0</MOTHER><MC_DOB></MC_DOB>
    </HEADER>
    <EPISODE>
      <DECOM>01/06/2023</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N1</CIN><PL>K2</PL>
      <PLACE_PROVIDER>PR4</PLACE_PROVIDER><DEC>10/01/2025</DEC><REC>X1</REC>
      <REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE><HOME_POST>HF1 1AA</HOME_POST>
      <PL_POST>QN1 1AA</PL_POST><URN>SC123456</URN>
    </EPISODE>
    <EPISODE>
      <DECOM>10/01/2025</DECOM><RNE>P</RNE><LS>V2</LS><CIN>N1</CIN><PL>U6</PL>
      <PLACE_PROVIDER>PR4</PLACE_PROVIDER><DEC></DEC><REC></REC><REASON_PLACE_CHANGE/>
      <HOME_POST>HF1 1AA</HOME_POST><PL_POST>HF2 2BB</PL_POST><URN>1234568</URN>
    </EPISODE>
  </CHILD>
  <CHILD>
    <CHILDID>901000002</CHILDID>
    <HEADER><SEX>M</SEX><DOB>01/05/2015</DOB><ETHNIC>WBRI</ETHNIC><UPN>A123456789012</UPN>
      <MOTHER></MOTHER><MC_DOB></MC_DOB><NOTES>not a 903 field</NOTES></HEADER>
  </CHILD>
</EXPSSDA903>
"""


@pytest.fixture
def xml_return(tmp_path):
    path = tmp_path / "ssda903_2025-26.xml"
    path.write_text(RETURN)
    return path


def test_episodes_come_out_as_the_csv_rows_with_their_line_numbers(xml_return):
    rows = list(read_xml_table(xml_return, "x.xml", "episodes", EPISODE_COLUMNS, Delivery()))
    assert [r.row_number for r in rows] == [9, 15]
    assert rows[0].values == {
        "CHILD": "901000001",
        "DECOM": "01/06/2023",
        "RNE": "S",
        "LS": "V2",
        "CIN": "N1",
        "PLACE": "K2",
        "PLACE_PROVIDER": "PR4",
        "DEC": "10/01/2025",
        "REC": "X1",
        "REASON_PLACE_CHANGE": "CARPL",
        "HOME_POST": "HF1 1AA",
        "PL_POST": "QN1 1AA",
        "URN": "SC123456",
    }
    assert rows[1].values["DEC"] == "" and rows[1].values["REASON_PLACE_CHANGE"] == ""


def test_header_rows_keep_unknown_fields_aside(xml_return):
    rows = list(read_xml_table(xml_return, "x.xml", "header", HEADER_COLUMNS, Delivery()))
    assert [(r.row_number, r.values["CHILD"], r.values["SEX"]) for r in rows] == [
        (5, "901000001", "F"),
        (23, "901000002", "M"),
    ]
    assert rows[1].extra == {"NOTES": "not a 903 field"}


def test_a_repeated_element_is_quarantined_as_a_duplicate(tmp_path):
    episode = RETURN.split("<EPISODE>")[1].split("</EPISODE>")[0]
    doubled = RETURN.replace(
        "</EPISODE>\n    <EPISODE>",
        f"</EPISODE>\n    <EPISODE>{episode}</EPISODE>\n    <EPISODE>",
        1,
    )
    path = tmp_path / "r.xml"
    path.write_text(doubled)
    rows = list(read_xml_table(path, "r.xml", "episodes", EPISODE_COLUMNS, Delivery()))
    duplicates = [r for r in rows if isinstance(r, Quarantined)]
    assert len(duplicates) == 1 and "duplicate of the element on line 9" in duplicates[0].reason


def test_malformed_xml_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(RETURN.replace("</HEADER>", "", 1))
    with pytest.raises(SourceFileError, match=r"broken.xml: line \d+: not well-formed XML"):
        list(read_xml_table(path, "broken.xml", "episodes", EPISODE_COLUMNS, Delivery()))
