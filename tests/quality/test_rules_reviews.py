"""Reviews: dates, participation codes, short-break children and age at review."""

import pytest

from tests.quality.cases import Case, assert_case, change

C1_FIRST = {"CHILD": "C1", "REVIEW": "18/06/2024"}
C3_FIRST = {"CHILD": "C3", "REVIEW": "10/08/2024"}
C4 = {"CHILD": "C4"}


def remove(table: str, **match: str):
    def apply(ret) -> None:
        ret.remove(table, **match)

    return apply


CASES = [
    Case("166", "C1", change("reviews", C1_FIRST, REVIEW="31/06/2024")),
    Case(
        "167",
        "C1",
        change("reviews", C1_FIRST, REVIEW_CODE="PN8"),
        change("reviews", C1_FIRST, REVIEW_CODE="PN7"),
    ),
    Case(
        "167",
        "C1",
        change("reviews", C1_FIRST, REVIEW_CODE=""),
        change("reviews", C1_FIRST, REVIEW="", REVIEW_CODE=""),
        label="blank",
    ),
    # C5's only episode becomes a short break; a child with any other episode is not reported.
    Case(
        "399",
        "C5",
        change("episodes", {"CHILD": "C5"}, LS="V3"),
        change("episodes", {"CHILD": "C4", "DECOM": "01/06/2023"}, LS="V3"),
    ),
    # C4 (PN0) reviewed on 15/07/2024: on the 4th birthday is still "under 4" for DfE.
    Case(
        "440",
        "C4",
        change("reviews", C4, DOB="03/03/2020"),
        change("reviews", C4, DOB="15/07/2020"),
    ),
    Case(
        "441",
        "C3",
        change("reviews", C3_FIRST, DOB="11/08/2020"),
        change("reviews", C3_FIRST, DOB="10/08/2020"),
    ),
    Case("INT08", "C5", remove("header", CHILD="C5")),
    Case("INT17", "C1", change("reviews", C1_FIRST, DOB="16/06/2012")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
