"""AD1 and PlacedAdoption: dates, codes and consistency with the episodes (112-120, 331-336,
390, 511-525, 551-584, 601, 602, 1003, INT01-INT31)."""

import pytest

from tests.quality.cases import Case, assert_case, both, change, last_year

C4 = {"CHILD": "C4"}
C4_FIRST = {"CHILD": "C4", "DECOM": "01/06/2023"}
C4_LAST = {"CHILD": "C4", "DECOM": "01/10/2024"}
PA = "placed_for_adoption"


def ad1(**values: str):
    return change("ad1", C4, **values)


def pa(**values: str):
    return change(PA, C4, **values)


def add_decision(date_placed: str, ceased: str = "", reason: str = ""):
    """Another decision for C4 this year."""

    def apply(ret):
        ret.add(
            PA, CHILD="C4", DOB="03/03/2021", DATE_PLACED=date_placed,
            DATE_PLACED_CEASED=ceased, REASON_PLACED_CEASED=reason,
        )  # fmt: skip

    return apply


# A decision in March 2023, reversed within the week: C4's adoption follows a new one.
EARLIER_REVERSED = add_decision("01/03/2023", "05/03/2023", "RD1")
REVERSED = pa(DATE_PLACED_CEASED="01/02/2025", REASON_PLACED_CEASED="RD4")

CASES = [
    Case("112", "C4", ad1(DATE_INT="10/13/2023")),
    Case("113", "C4", ad1(DATE_MATCH="2024-08-20")),
    Case("114", "C4", ad1(FOSTER_CARE="2"), ad1(FOSTER_CARE="1")),
    Case("115", "C4", pa(DATE_PLACED="31/04/2023")),
    Case("116", "C4", pa(DATE_PLACED_CEASED="xx", REASON_PLACED_CEASED="RD1")),
    # C4 was adopted on 15/02/2025.
    Case(
        "117",
        "C4",
        pa(DATE_PLACED_CEASED="16/02/2025", REASON_PLACED_CEASED="RD1"),
        pa(DATE_PLACED_CEASED="15/02/2025", REASON_PLACED_CEASED="RD1"),
    ),
    Case(
        "118",
        "C4",
        pa(DATE_PLACED_CEASED="31/03/2024", REASON_PLACED_CEASED="RD1"),
        pa(DATE_PLACED_CEASED="01/04/2024", REASON_PLACED_CEASED="RD1"),
    ),
    Case(
        "119",
        "C4",
        pa(DATE_PLACED_CEASED="01/05/2024"),
        pa(DATE_PLACED_CEASED="01/05/2024", REASON_PLACED_CEASED="RD1"),
    ),
    Case(
        "120",
        "C4",
        pa(DATE_PLACED_CEASED="01/05/2024", REASON_PLACED_CEASED="RD5"),
        pa(DATE_PLACED_CEASED="01/05/2024", REASON_PLACED_CEASED="RD4"),
    ),
    Case(
        "151",
        "C4",
        ad1(DATE_MATCH=""),
        ad1(DATE_INT="", DATE_MATCH="", FOSTER_CARE="", NB_ADOPTR="", SEX_ADOPTR="", LS_ADOPTR=""),
    ),
    Case("175", "C4", ad1(NB_ADOPTR="3"), ad1(NB_ADOPTR="1")),
    Case("176", "C4", ad1(SEX_ADOPTR="XX"), ad1(SEX_ADOPTR="FF")),
    Case("177", "C4", ad1(LS_ADOPTR="L5"), ad1(LS_ADOPTR="L2")),
    Case("184", "C4", pa(DATE_PLACED="02/03/2021"), pa(DATE_PLACED="03/03/2021")),
    # Placed with the adopters on 01/10/2024.
    Case("331", "C4", ad1(DATE_MATCH="02/10/2024"), ad1(DATE_MATCH="01/10/2024")),
    Case("333", "C4", ad1(DATE_INT="21/08/2024"), ad1(DATE_INT="20/08/2024")),
    Case(
        "334",
        "C4",
        change("episodes", C4_FIRST, RNE="S"),
        both(change("episodes", C4_FIRST, RNE="S"), ad1(DATE_INT="01/06/2023")),
    ),
    Case(
        "335",
        "C4",
        ad1(FOSTER_CARE="1"),
        both(ad1(FOSTER_CARE="1"), change("episodes", C4_LAST, PLACE="A3")),
    ),
    Case(
        "336",
        "C4",
        both(
            change("episodes", C4_FIRST, PLACE="K1"),
            change("episodes", C4_LAST, PLACE="A5"),
        ),
        change("episodes", C4_LAST, PLACE="A5"),
    ),
    Case(
        "390",
        "C4",
        change("episodes", C4_LAST, PLACE="U4"),
        change("episodes", C4_LAST, PLACE="A6"),
    ),
    Case(
        "511",
        "C4",
        ad1(SEX_ADOPTR="M1"),
        ad1(NB_ADOPTR="1", SEX_ADOPTR="M1", LS_ADOPTR="L0"),
    ),
    Case("514", "C4", ad1(LS_ADOPTR="L0"), ad1(LS_ADOPTR="L0", SEX_ADOPTR="F1")),
    Case("517", "C4", ad1(LS_ADOPTR="L3", SEX_ADOPTR="MM"), ad1(LS_ADOPTR="L3")),
    Case("518", "C4", ad1(LS_ADOPTR="L4"), ad1(LS_ADOPTR="L4", SEX_ADOPTR="FF")),
    Case("519", "C4", ad1(LS_ADOPTR="L2", SEX_ADOPTR="M1"), ad1(LS_ADOPTR="L2", SEX_ADOPTR="MM")),
    Case("520", "C4", ad1(SEX_ADOPTR="FF")),
    Case("524", "C4", ad1(LS_ADOPTR="L12"), ad1(LS_ADOPTR="L12", SEX_ADOPTR="MM")),
    Case("521", "C4", ad1(DATE_INT="02/10/2024"), ad1(DATE_INT="01/10/2024")),
    Case(
        "522",
        "C4",
        pa(DATE_PLACED_CEASED="09/04/2023", REASON_PLACED_CEASED="RD1"),
        pa(DATE_PLACED_CEASED="10/04/2023", REASON_PLACED_CEASED="RD1"),
    ),
    # The date should be placed is that of the latest decision, not of one reversed before.
    Case("523", "C4", ad1(DATE_INT="11/04/2023"), EARLIER_REVERSED),
    Case("525", "C4", REVERSED, EARLIER_REVERSED),
    Case("551", "C4", lambda r: r.remove(PA, **C4)),
    Case("552", "C4", pa(DATE_PLACED="02/10/2024"), pa(DATE_PLACED="01/10/2024")),
    Case("553", "C4", lambda r: r.remove(PA, **C4)),
    Case(
        "553",
        "C4",
        both(change("episodes", C4_LAST, DEC="", REC=""), REVERSED),
        both(change("episodes", C4_LAST, DEC="", REC=""), EARLIER_REVERSED),
        label="open-order-reversed",
    ),
    Case("554", "C4", pa(DATE_PLACED="02/06/2023"), pa(DATE_PLACED="01/06/2023")),
    Case(
        "555",
        "C4",
        both(change("episodes", C4_FIRST, LS="D1"), lambda r: r.remove(PA, **C4)),
        change("episodes", C4_FIRST, LS="D1"),
    ),
    Case(
        "556",
        "C4",
        both(change("episodes", C4_FIRST, LS="D1"), pa(DATE_PLACED="02/06/2023")),
        both(change("episodes", C4_FIRST, LS="D1"), pa(DATE_PLACED="01/06/2023")),
    ),
    # Left care (returned home) instead of being adopted.
    Case(
        "557",
        "C4",
        change("episodes", C4_LAST, REC="E13"),
        both(
            change("episodes", C4_LAST, REC="E13"),
            pa(DATE_PLACED_CEASED="15/02/2025", REASON_PLACED_CEASED="RD4"),
        ),
    ),
    Case("558", "C4", REVERSED, EARLIER_REVERSED),
    Case("559", "C4", last_year(lambda r: r.remove(PA, **C4))),
    Case("560", "C4", pa(DATE_PLACED="11/04/2023")),
    Case(
        "561",
        "C4",
        last_year(pa(DATE_PLACED_CEASED="01/03/2024", REASON_PLACED_CEASED="RD1")),
    ),
    Case(
        "563",
        "C4",
        pa(DATE_PLACED="", DATE_PLACED_CEASED="01/05/2024", REASON_PLACED_CEASED="RD1"),
        pa(DATE_PLACED_CEASED="01/05/2024", REASON_PLACED_CEASED="RD1"),
    ),
    # A second decision the day the first was reversed is not an overlap.
    Case(
        "579",
        "C4",
        add_decision("01/05/2024"),
        both(
            pa(DATE_PLACED_CEASED="01/05/2024", REASON_PLACED_CEASED="RD1"),
            add_decision("01/05/2024"),
        ),
    ),
    Case("582", "C4", ad1(DATE_MATCH="15/02/2025"), ad1(DATE_MATCH="14/02/2025")),
    Case(
        "583",
        "C4",
        add_decision("01/05/2024"),
        both(
            pa(DATE_PLACED_CEASED="30/04/2024", REASON_PLACED_CEASED="RD1"),
            add_decision("01/05/2024"),
        ),
    ),
    Case(
        "584",
        "C4",
        last_year(pa(DATE_PLACED_CEASED="01/03/2024", REASON_PLACED_CEASED="RD1")),
        both(
            last_year(pa(DATE_PLACED_CEASED="01/03/2024", REASON_PLACED_CEASED="RD1")),
            pa(DATE_PLACED="11/04/2023"),
        ),
    ),
    Case("601", "C4", ad1(DATE_MATCH="")),
    Case("601", "C4", lambda r: r.remove("ad1", **C4), label="no-ad1"),
    Case("602", "C4", change("episodes", C4_LAST, REC="E13")),
    Case(
        "1003",
        "C4",
        change("episodes", C4_FIRST, RNE="S"),
        both(change("episodes", C4_FIRST, RNE="S"), pa(DATE_PLACED="01/06/2023")),
    ),
    Case("INT01", "C4", lambda r: r.remove("header", **C4)),
    Case("INT02", "C4", lambda r: r.remove("header", **C4)),
    Case("INT11", "C4", ad1(DOB="04/03/2021")),
    Case("INT12", "C4", pa(DOB="04/03/2021")),
    Case("INT31", "C4", lambda r: r.add("ad1", CHILD="C4", DOB="03/03/2021")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
