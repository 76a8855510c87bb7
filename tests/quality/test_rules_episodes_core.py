"""Episode code lists and structure (rules 141-149, 302, 355, 356, 388, 501, 142)."""

import pytest

from tests.quality.cases import Case, assert_case, both, change

C1 = {"CHILD": "C1"}
C4_FIRST = {"CHILD": "C4", "DECOM": "01/06/2023"}
C4_LAST = {"CHILD": "C4", "DECOM": "01/10/2024"}

CASES = [
    Case("141", "C1", change("episodes", C1, DECOM="31/02/2022")),
    Case("147", "C4", change("episodes", C4_LAST, DEC="2025-02-15")),
    Case("143", "C1", change("episodes", C1, RNE="Q"), change("episodes", C1, RNE="B")),
    Case("144", "C1", change("episodes", C1, LS="C3"), change("episodes", C1, LS="J1")),
    Case("145", "C1", change("episodes", C1, CIN="N9"), change("episodes", C1, CIN="N8")),
    # H5 was withdrawn after 2024-25; Z11 arrived in 2025-26: neither is valid both years.
    Case("146", "C1", change("episodes", C1, PLACE="Z11"), change("episodes", C1, PLACE="H5")),
    Case(
        "149", "C4", change("episodes", C4_LAST, REC="E10"), change("episodes", C4_LAST, REC="E12")
    ),
    Case("356", "C4", change("episodes", C4_LAST, DEC="30/09/2024")),
    Case("355", "C4", change("episodes", C4_LAST, DEC="01/10/2024")),
    Case(
        "501",
        "C4",
        change("episodes", C4_FIRST, DEC="02/10/2024"),
        change("episodes", C4_FIRST, DEC="01/10/2024"),
    ),
    Case("142", "C4", change("episodes", C4_FIRST, DEC="", REC="")),
    Case(
        "388",
        "C4",
        change("episodes", C4_FIRST, DEC="30/09/2024"),
        # Ending X1 on 31 March: the next episode is in next year's return.
        both(
            lambda r: r.remove("episodes", **C4_LAST),
            change("episodes", C4_FIRST, DEC="31/03/2025"),
        ),
    ),
    Case("302", "C3", change("header", {"CHILD": "C3"}, DOB="16/07/2024")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
