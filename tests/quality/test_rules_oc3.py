"""OC3 care leavers: codes, completeness and cohort membership (131-153, 344-391, 1000-1016)."""

import pytest

from tests.quality.cases import Case, assert_case, both, change, last_year

C2 = {"CHILD": "C2"}
C5 = {"CHILD": "C5"}
C5_OC3 = {"CHILD": "C5", "DOB": "12/12/2007", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "D1"}


def add(table: str, **values: str):
    def apply(ret):
        ret.add(table, **values)

    return apply


def c5_care_leaver(dec: str = "", rec: str = ""):
    """C5 (17 on 12/12/2024) reported in OC3, his episode ending on `dec` (open if blank)."""
    return both(add("oc3", **C5_OC3), change("episodes", C5, DEC=dec, REC=rec))


def c6(dob: str, *episode: tuple[str, str, str]):
    """A young person C6 in OC3, with last year's episodes (DECOM, DEC, REC)."""

    def apply(ret):
        ret.add("header", CHILD="C6", SEX="F", DOB=dob, ETHNIC="WBRI", UPN="UN2", MOTHER="0")
        ret.add("oc3", CHILD="C6", DOB=dob, IN_TOUCH="YES", ACTIV="F2", ACCOM="D1")
        for decom, dec, rec in episode:
            ret.last_year.add(
                "episodes", CHILD="C6", DECOM=decom, DEC=dec, REC=rec, RNE="S", LS="V2",
                CIN="N4", PLACE="U4", PLACE_PROVIDER="PR1",
            )  # fmt: skip

    return apply


CASES = [
    Case("131", "C2", change("oc3", C2, IN_TOUCH="yes"), change("oc3", C2, IN_TOUCH="NREQ")),
    # F3 was withdrawn after 2021-22; a blank activity is "not known" for those not in touch.
    Case(
        "132",
        "C2",
        change("oc3", C2, ACTIV="F3"),
        change("oc3", C2, IN_TOUCH="NO", ACTIV="", ACCOM=""),
    ),
    Case("132", "C2", change("oc3", C2, ACTIV=""), label="blank-in-touch"),
    Case("133", "C2", change("oc3", C2, ACCOM="S1"), change("oc3", C2, ACCOM="S2")),
    Case("133", "C2", change("oc3", C2, ACCOM=""), label="blank-in-touch"),
    Case(
        "153",
        "C2",
        change("oc3", C2, ACTIV=""),
        change("oc3", C2, IN_TOUCH="NO", ACTIV="", ACCOM=""),
    ),
    Case(
        "344",
        "C2",
        change("oc3", C2, IN_TOUCH="DIED"),
        change("oc3", C2, IN_TOUCH="DIED", ACTIV="0", ACCOM="0"),
    ),
    Case(
        "345",
        "C2",
        change("oc3", C2, ACCOM="0"),
        change("oc3", C2, IN_TOUCH="RHOM", ACTIV="0", ACCOM="0"),
    ),
    # Under 18 on 1 April 2024 by one day; 18 that very day passes.
    Case(
        "347",
        "C2",
        change("oc3", C2, DOB="02/04/2006", ACCOM="T1"),
        change("oc3", C2, DOB="01/04/2006", ACCOM="T1"),
    ),
    Case("391", "C2", change("oc3", C2, DOB="01/04/2008"), change("oc3", C2, DOB="31/03/2008")),
    Case(
        "3001",
        "C2",
        both(
            change("header", C2, DOB="10/09/2007"),
            change("oc3", C2, DOB="10/09/2007", ACCOM="Z1"),
        ),
        change("oc3", C2, ACCOM="Z1"),
    ),
    Case(
        "134",
        "C2",
        add("ad1", CHILD="C2", DOB="10/09/2005", DATE_INT="01/01/2010", DATE_MATCH="01/02/2010"),
        add("ad1", CHILD="C2", DOB="10/09/2005"),
    ),
    Case("1000", "C2", last_year(change("episodes", C2, REC="E2"))),
    Case("1001", "C2", last_year(change("episodes", C2, REC="E11")), label="adopted"),
    # 16 on 1 June 2023: looked after until that day only, or one day after it.
    Case(
        "1001",
        "C6",
        c6("01/06/2007", ("01/01/2022", "01/06/2023", "E4A")),
        c6("01/06/2007", ("01/01/2022", "02/06/2023", "E4A")),
        label="not-looked-after-at-16",
    ),
    # 16 on 1 April 2023 (last year's first day) must show in the two returns; a day earlier
    # the care after 16 may be older than last year.
    Case("1002", "C6", c6("01/04/2007"), c6("31/03/2007")),
    # C5 turns 17 on 12/12/2024: leaving care that day, he was not looked after on it.
    Case("1007", "C5", c5_care_leaver(), c5_care_leaver("12/12/2024", "E4A")),
    Case("1016", "C5", c5_care_leaver("13/12/2024", "E4A"), c5_care_leaver("12/12/2024", "E4A")),
    Case("1010", "C2", last_year(change("episodes", C2, DEC="", REC=""))),
    Case("1011", "C5", c5_care_leaver("01/03/2025", "E3"), c5_care_leaver("01/03/2025", "E4A")),
    Case(
        "1012",
        "C2",
        add("reviews", CHILD="C2", DOB="10/09/2005", REVIEW="01/05/2024", REVIEW_CODE="PN1"),
    ),
    Case("1014", "C2", add("uasc", CHILD="C2", SEX="F", DOB="10/09/2005", DUC="10/09/2023")),
    Case("INT06", "C2", lambda r: r.remove("header", **C2)),
    Case("INT15", "C2", change("oc3", C2, DOB="11/09/2005")),
    Case("INT34", "C2", add("oc3", CHILD="C2", DOB="10/09/2005", IN_TOUCH="NO")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
