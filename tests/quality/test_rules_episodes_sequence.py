"""Episode sequencing, reasons, legal statuses, durations and continuity with last year."""

import pytest

from tests.quality.cases import Case, assert_case, both, change, last_year

C1 = {"CHILD": "C1"}
C3 = {"CHILD": "C3"}
C5 = {"CHILD": "C5"}
C4_FIRST = {"CHILD": "C4", "DECOM": "01/06/2023"}
C4_LAST = {"CHILD": "C4", "DECOM": "01/10/2024"}
C1_LAST_YEAR = {"CHILD": "C1"}


def header(match: dict[str, str], **values: str):
    return change("header", match, **values)


def episode(match: dict[str, str], **values: str):
    return change("episodes", match, **values)


def year_2025_26(ret) -> None:
    """The same return read as 2025-26 (rules that start that year), last year as 2024-25."""
    ret.collection_year = "2025-26"
    ret.last_year.collection_year = "2024-25"


def c4_ends(**values: str):
    """C4's adoption episode ends differently (REC, DEC, LS ...)."""
    return episode(C4_LAST, **values)


CASES = [
    Case(
        "148",
        "C4",
        c4_ends(REC=""),
        c4_ends(DEC="", REC=""),
    ),
    Case(
        "225",
        "C4",
        episode(C4_FIRST, REASON_PLACE_CHANGE=""),
        # A change of legal status only needs no reason.
        both(episode(C4_FIRST, REASON_PLACE_CHANGE=""), c4_ends(RNE="L")),
    ),
    Case(
        "226",
        "C4",
        c4_ends(PLACE="T1"),
        both(c4_ends(PLACE="T1"), episode(C4_FIRST, REASON_PLACE_CHANGE="")),
    ),
    Case(
        "233",
        "C1",
        both(year_2025_26, episode(C1, REASON_PLACE_CHANGE="CARPL")),
        year_2025_26,
    ),
    Case(
        "234",
        "C4",
        both(year_2025_26, episode(C4_FIRST, REASON_PLACE_CHANGE="CUSTOD")),
        # Ten on the day the placement changed.
        both(
            year_2025_26,
            episode(C4_FIRST, REASON_PLACE_CHANGE="CUSTOD"),
            header({"CHILD": "C4"}, DOB="01/10/2014"),
        ),
    ),
    Case(
        "1009",
        "C4",
        episode(C4_FIRST, REASON_PLACE_CHANGE="CUSTODY"),
        episode(C4_FIRST, REASON_PLACE_CHANGE="CUSTOD"),
    ),
    Case("352", "C3", header(C3, DOB="15/07/2006"), header(C3, DOB="16/07/2006")),
    Case("353", "C1", episode(C1, DECOM="13/10/1991"), episode(C1, DECOM="14/10/1991")),
    Case("354", "C3", episode(C3, DECOM="01/04/2025"), episode(C3, DECOM="31/03/2025")),
    Case("385", "C4", c4_ends(DEC="01/04/2025"), c4_ends(DEC="31/03/2025")),
    Case(
        "357",
        "C3",
        episode(C3, RNE="P"),
        # Began before the year: an earlier episode may precede it.
        episode(C3, RNE="P", DECOM="31/03/2024"),
    ),
    Case(
        "358",
        "C3",
        episode(C3, LS="J1"),
        both(episode(C3, LS="J1"), header(C3, DOB="14/07/2014")),
    ),
    Case(
        "359",
        "C5",
        header(C5, DOB="30/03/2007"),
        # 18 on 31 March itself: not yet looked after *following* the birthday.
        header(C5, DOB="31/03/2007"),
    ),
    Case(
        "359",
        "C5",
        header(C5, DOB="30/03/2007"),
        both(header(C5, DOB="30/03/2007"), episode(C5, PLACE="K2")),
        label="community-home",
    ),
    Case("361", "C4", c4_ends(LS="L1"), c4_ends(LS="L1", DEC="04/10/2024")),
    Case(
        "361",
        "C4",
        # Two L1 episodes back to back make one spell of police protection.
        both(episode(C4_FIRST, LS="L1", DECOM="30/09/2024"), c4_ends(LS="L1", DEC="04/10/2024")),
        both(episode(C4_FIRST, LS="L1", DECOM="30/09/2024"), c4_ends(LS="L1", DEC="03/10/2024")),
        label="spell",
    ),
    Case("362", "C4", c4_ends(LS="L2"), c4_ends(LS="L2", DEC="22/10/2024")),
    Case("363", "C4", c4_ends(LS="L3"), c4_ends(LS="L3", DEC="08/10/2024")),
    Case("364", "C4", c4_ends(LS="J2"), c4_ends(LS="J2", DEC="22/10/2024")),
    Case(
        "364",
        "C3",
        # Still open at 31 March: the spell runs to the end of the year.
        episode(C3, LS="J2", DECOM="09/03/2025"),
        episode(C3, LS="J2", DECOM="10/03/2025"),
        label="open",
    ),
    Case("365", "C4", c4_ends(LS="V3", RNE="S"), c4_ends(LS="V3", RNE="S", DEC="18/10/2024")),
    Case("366", "C4", c4_ends(LS="V3"), c4_ends(LS="V3", RNE="S")),
    Case("367", "C4", c4_ends(LS="V3", RNE="S"), c4_ends(LS="V3", RNE="S", DEC="15/12/2024")),
    Case(
        "386",
        "C4",
        header({"CHILD": "C4"}, DOB="15/02/2007"),
        header({"CHILD": "C4"}, DOB="16/02/2007"),
    ),
    Case(
        "387",
        "C4",
        c4_ends(REC="E5"),
        both(c4_ends(REC="E5"), header({"CHILD": "C4"}, DOB="15/02/2011")),
    ),
    Case(
        "389",
        "C4",
        c4_ends(REC="E7"),
        both(c4_ends(REC="E7"), header({"CHILD": "C4"}, DOB="15/02/2009")),
    ),
    Case(
        "407",
        "C4",
        both(c4_ends(REC="E45"), header({"CHILD": "C4"}, DOB="14/02/2007")),
        both(c4_ends(REC="E45"), header({"CHILD": "C4"}, DOB="15/02/2007")),
    ),
    Case(
        "460",
        "C4",
        c4_ends(REC="E17"),
        both(c4_ends(REC="E17"), header({"CHILD": "C4"}, DOB="15/02/2007")),
    ),
    Case(
        "426",
        "C4",
        both(episode(C4_FIRST, LS="V3"), c4_ends(LS="V4")),
        both(episode(C4_FIRST, LS="V3"), c4_ends(LS="V3")),
    ),
    Case(
        "431",
        "C4",
        c4_ends(RNE="S"),
        both(c4_ends(RNE="S"), episode(C4_FIRST, DEC="30/09/2024", REC="E4A")),
    ),
    Case(
        "432",
        "C4",
        episode(C4_FIRST, REC="E4A"),
        both(episode(C4_FIRST, REC="E4A"), c4_ends(RNE="S")),
    ),
    Case(
        "433",
        "C4",
        episode(C4_FIRST, DEC="30/09/2024"),
        both(episode(C4_FIRST, DEC="30/09/2024"), c4_ends(RNE="S")),
    ),
    Case(
        "434",
        "C4",
        c4_ends(RNE="L"),
        # Legal status changed, same carers at the same address.
        c4_ends(
            RNE="L", LS="C2", PLACE="U4", PL_POST="HF2 3RQ", URN="SC123456", PLACE_PROVIDER="PR1"
        ),
    ),
    Case("435", "C4", c4_ends(LS="C2"), c4_ends(RNE="T")),
    Case(
        "435",
        "C4",
        # Moved but nothing about the placement changed.
        c4_ends(PLACE="U4", PL_POST="HF2 3RQ", URN="SC123456"),
        c4_ends(PLACE="U4", PL_POST="HF2 3RQ", URN="SC654321"),
        label="same-placement",
    ),
    Case("436", "C4", c4_ends(RNE="B"), c4_ends(RNE="B", LS="C2")),
    Case("437", "C4", episode(C4_FIRST, REC="E2"), c4_ends(REC="E2")),
    Case(
        "445",
        "C1",
        episode(C1, LS="D1"),
        episode(C1, LS="D1", DECOM="31/12/2005"),
    ),
    Case(
        "446",
        "C1",
        episode(C1, LS="E1", DECOM="30/11/2005"),
        episode(C1, LS="E1", DECOM="01/12/2005"),
    ),
    Case(
        "451",
        "C1",
        episode(C1, LS="D1"),
        episode(C1, LS="D1", DEC="01/03/2025", REC="E4A"),
    ),
    Case(
        "452",
        "C1",
        episode(C1, pl_la="E06099002"),
        # Only contradicts last year when the first episode has the same reason for new episode.
        episode(C1, pl_la="E06099002", RNE="P"),
    ),
    Case("453", "C1", episode(C1, pl_distance="1.6"), episode(C1, pl_distance="1.5")),
    Case(
        "502",
        "C1",
        episode(C1, DECOM="11/01/2022"),
        both(episode(C1, DECOM="11/01/2022"), last_year(episode(C1, DECOM="11/01/2022"))),
    ),
    Case(
        "503A",
        "C1",
        episode(C1, RNE="P"),
        both(episode(C1, RNE="P"), last_year(episode(C1, RNE="P"))),
    ),
    Case(
        "503B",
        "C1",
        episode(C1, LS="C1"),
        both(episode(C1, LS="C1"), last_year(episode(C1, LS="C1"))),
    ),
    Case(
        "503C",
        "C1",
        episode(C1, CIN="N2"),
        both(episode(C1, CIN="N2"), last_year(episode(C1, CIN="N2"))),
    ),
    Case(
        "503D",
        "C1",
        episode(C1, PLACE="U6"),
        # 2024-25: supported accommodation re-coded from H5 to K3 across the year end.
        both(episode(C1, PLACE="K3"), last_year(episode(C1, PLACE="H5"))),
    ),
    Case(
        "503D",
        "C1",
        # The H5 to K3 allowance was for 2024-25 only; Z1 becomes Z11-Z14 in 2025-26.
        both(year_2025_26, episode(C1, PLACE="K3"), last_year(episode(C1, PLACE="H5"))),
        both(year_2025_26, episode(C1, PLACE="Z12"), last_year(episode(C1, PLACE="Z1"))),
        label="2025-26",
    ),
    Case(
        "503E",
        "C1",
        episode(C1, PLACE_PROVIDER="PR4"),
        both(episode(C1, PLACE_PROVIDER="PR4"), last_year(episode(C1, PLACE_PROVIDER="PR4"))),
    ),
    Case(
        "503F",
        "C1",
        episode(C1, URN="SC999999"),
        both(episode(C1, URN="SC999999"), last_year(episode(C1, URN="SC999999"))),
    ),
    Case("503G", "C1", episode(C1, pl_distance="1.6"), episode(C1, pl_distance="1.5")),
    Case(
        "503G",
        "C1",
        episode(C1, pl_distance=""),
        both(episode(C1, pl_distance=""), last_year(episode(C1, pl_distance=""))),
        label="blank",
    ),
    Case(
        "503H",
        "C1",
        episode(C1, pl_la="E06099002"),
        both(episode(C1, pl_la="E06099002"), last_year(episode(C1, pl_la="E06099002"))),
    ),
    Case(
        "503J",
        "C1",
        episode(C1, pl_location="OUT"),
        both(episode(C1, pl_location="OUT"), last_year(episode(C1, pl_location="OUT"))),
    ),
    Case(
        "504",
        "C4",
        c4_ends(CIN="N2"),
        # A new period of care may have a new category of need.
        both(c4_ends(CIN="N2", RNE="S"), episode(C4_FIRST, REC="E4A")),
    ),
    Case(
        "562",
        "C1",
        last_year(episode(C1_LAST_YEAR, DECOM="11/01/2022")),
        # Started on 1 April: nothing to find in last year's return.
        episode(C3, DECOM="01/04/2024"),
    ),
    Case("NoE", "C3", episode(C3, DECOM="31/03/2024"), episode(C3, DECOM="01/04/2024")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
