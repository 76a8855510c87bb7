"""Header codes, consistency with last year, UPN and motherhood rules (header.py)."""

import pytest

from tests.quality.cases import Case, assert_case, both, change, last_year

C1 = {"CHILD": "C1"}
C2 = {"CHILD": "C2"}
C3 = {"CHILD": "C3"}
C4 = {"CHILD": "C4"}
C5 = {"CHILD": "C5"}
C3_EPISODE = {"CHILD": "C3", "DECOM": "15/07/2024"}


def _uasc_last(**values: str):
    """Last year's return also held the child in its UASC table."""

    def apply(ret) -> None:
        ret.last_year.add("uasc", **values)

    return apply


def _header_last(**values: str):
    def apply(ret) -> None:
        ret.last_year.add("header", **values)

    return apply


C1_UASC_LAST = {"CHILD": "C1", "SEX": "1", "DOB": "15/06/2012"}
C5_HEADER_LAST = {"CHILD": "C5", "SEX": "1", "DOB": "12/12/2007", "ETHNIC": "OOTH", "UPN": "UN2"}

CASES = [
    Case(
        "INT32",
        "C3",
        lambda r: r.add("header", CHILD="C3", SEX="M", DOB="01/05/2020", ETHNIC="WIRI", UPN="UN1"),
    ),
    # 1 and 2 were the codes up to 2023-24; U is valid from 2024-25.
    Case("101", "C1", change("header", C1, SEX="1"), change("header", C1, SEX="U")),
    Case("101", "C1", change("header", C1, SEX=""), label="blank"),
    Case("102", "C3", change("header", C3, DOB="31/02/2020")),
    Case("103", "C1", change("header", C1, ETHNIC="WBRT"), change("header", C1, ETHNIC="NOBT")),
    Case(
        "168",
        "C1",
        change("header", C1, UPN="I901234567012"),
        change("header", C1, UPN="A90123456701Z"),
    ),
    Case("168", "C3", change("header", C3, UPN="UN6"), label="unknown-code"),
    Case("171", "C2", change("header", C2, MC_DOB="31/02/2024")),
    Case(
        "174",
        "C1",
        change("header", C1, MC_DOB="01/01/2024"),
        change("header", C2, MOTHER="1", MC_DOB="01/01/2024"),
    ),
    # Last year's 1 and this year's M are the same sex: the clean return is the near miss.
    Case("202", "C1", change("header", C1, SEX="F")),
    Case("203", "C1", change("header", C1, DOB="16/06/2012")),
    Case("204", "C1", change("header", C1, ETHNIC="WIRI"), change("header", C1, ETHNIC="wbri")),
    # Last year C1 was UASC; this year not: last year's DUC must fall in 2023-24.
    Case(
        "205A",
        "C1",
        _uasc_last(**C1_UASC_LAST, DUC="01/04/2024"),
        _uasc_last(**C1_UASC_LAST, DUC="31/03/2024"),
    ),
    Case("205A", "C1", _uasc_last(**C1_UASC_LAST), label="no-duc"),
    Case(
        "205D",
        "C5",
        _header_last(**C5_HEADER_LAST),
        both(
            _header_last(**C5_HEADER_LAST),
            _uasc_last(CHILD="C5", SEX="1", DOB="12/12/2007", DUC="12/12/2025"),
        ),
    ),
    Case(
        "207",
        "C1",
        last_year(change("header", C1, MOTHER="1")),
        both(last_year(change("header", C1, MOTHER="1")), change("header", C1, MOTHER="1")),
    ),
    # UN1 to UN2-UN5 and an unknown code to a real UPN are allowed.
    Case(
        "208",
        "C1",
        change("header", C1, UPN="B901234567012"),
        change("header", C4, UPN="UN2"),
    ),
    Case(
        "208",
        "C4",
        both(last_year(change("header", C4, UPN="")), change("header", C4, UPN="UN1")),
        change("header", C4, UPN="A901234567013"),
        label="blank-to-UN1",
    ),
    # Aged 4 on 31 August 2023 (the August before the 2024-25 year).
    Case(
        "209",
        "C3",
        change("header", C3, DOB="31/08/2019"),
        change("header", C3, DOB="01/09/2019"),
    ),
    # UN4 only for a child who started to be looked after in the last week (from 24 March).
    Case(
        "210",
        "C3",
        both(change("header", C3, UPN="UN4"), change("episodes", C3_EPISODE, DECOM="23/03/2025")),
        both(change("header", C3, UPN="UN4"), change("episodes", C3_EPISODE, DECOM="24/03/2025")),
    ),
    Case("210", "C1", change("header", C1, UPN="UN4"), label="looked-after-all-year"),
    # Eleven on 31 March 2025 passes; a day younger does not.
    Case(
        "231", "C5", change("header", C5, DOB="01/04/2014"), change("header", C5, DOB="31/03/2014")
    ),
    Case("232", "C1", change("header", C1, SEX="U"), change("header", C1, SEX="F")),
    Case(
        "301", "C3", change("header", C3, DOB="01/04/2025"), change("header", C3, DOB="31/03/2025")
    ),
    # 25 on 1 April 2024 is not over 25.
    Case(
        "351", "C2", change("header", C2, DOB="31/03/1999"), change("header", C2, DOB="01/04/1999")
    ),
    Case(
        "393",
        "C1",
        change("header", C1, SEX="F"),
        change("header", C1, SEX="F", MOTHER="0"),
    ),
    # A care leaver with no episode this year needs no UPN.
    Case("442", "C1", change("header", C1, UPN=""), change("header", C2, UPN="")),
    Case(
        "607",
        "C4",
        change("header", C4, SEX="F"),
        change("header", C4, SEX="F", MOTHER="0"),
    ),
    Case(
        "611",
        "C2",
        change("header", C2, MOTHER="1"),
        change("header", C2, MOTHER="1", MC_DOB="01/01/2024"),
    ),
    Case(
        "612",
        "C2",
        change("header", C2, MOTHER="0", MC_DOB="01/01/2024"),
        change("header", C2, MOTHER="1", MC_DOB="01/01/2024"),
    ),
    # Eleven on 1 April 2024 (the start of the year) passes.
    Case(
        "620",
        "C1",
        change("header", C1, MOTHER="1", DOB="02/04/2013"),
        change("header", C1, MOTHER="1", DOB="01/04/2013"),
    ),
    Case(
        "621",
        "C2",
        change("header", C2, MOTHER="1", MC_DOB="10/09/2005"),
        change("header", C2, MOTHER="1", MC_DOB="11/09/2005"),
    ),
    Case(
        "624",
        "C2",
        last_year(change("header", C2, MOTHER="1", MC_DOB="01/01/2023")),
        both(
            last_year(change("header", C2, MOTHER="1", MC_DOB="01/01/2023")),
            change("header", C2, MOTHER="1", MC_DOB="01/01/2023"),
        ),
    ),
    # C4 left care (adopted) on 15/02/2025.
    Case(
        "625",
        "C4",
        change("header", C4, MC_DOB="16/02/2025"),
        change("header", C4, MC_DOB="15/02/2025"),
    ),
    Case(
        "625",
        "C1",
        change("header", C1, MC_DOB="01/04/2025"),
        change("header", C1, MC_DOB="31/03/2025"),
        label="after-year-end",
    ),
    # Not a mother last year, yet her child was born before this year.
    Case(
        "626",
        "C2",
        change("header", C2, MOTHER="1", MC_DOB="31/03/2024"),
        change("header", C2, MOTHER="1", MC_DOB="01/04/2024"),
    ),
    Case("628", "C2", change("header", C2, MOTHER="0"), change("header", C1, MOTHER="0")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
