"""Previous permanence (630-635, INT07, INT16, INT35); DATE_PERM may have unknown parts."""

import pytest

from tests.quality.cases import Case, assert_case, both, change

C3 = {"CHILD": "C3"}  # started to be looked after on 15/07/2024, Z1
PP = "previous_permanence"


def pp(**values: str):
    return change(PP, C3, **values)


def order(date_perm: str, la_perm: str = "801", prev_perm: str = "P2"):
    return pp(PREV_PERM=prev_perm, LA_PERM=la_perm, DATE_PERM=date_perm)


CASES = [
    Case("630", "C3", lambda r: r.remove(PP, **C3), order("zz/zz/zzzz", "999")),
    Case("630", "C3", order("zz/05/2019", la_perm=""), label="no-la"),
    # A short break starts with RNE S too, but needs no previous permanence.
    Case(
        "630",
        "C3",
        lambda r: r.remove(PP, **C3),
        both(lambda r: r.remove(PP, **C3), change("episodes", C3, LS="V3")),
        label="short-break",
    ),
    Case("631", "C3", pp(PREV_PERM="P5"), order("12/05/2019")),
    # C3's episode began on 15/07/2024: an order that day is not before it; one in a July
    # or in a 2024 of unknown day may be.
    Case("632", "C3", order("15/07/2024"), order("14/07/2024")),
    Case("632", "C3", order("zz/08/2024"), order("zz/07/2024"), label="unknown-day"),
    Case("632", "C3", order("zz/zz/2025"), order("zz/zz/2024"), label="unknown-month"),
    Case("632", "C3", order("31/06/2019"), order("ZZ/ZZ/ZZZZ"), label="no-date"),
    Case("633", "C3", order("12/05/2019", la_perm="901"), order("12/05/2019", la_perm="SCO")),
    Case(
        "634",
        "C1",
        lambda r: r.add(PP, CHILD="C1", DOB="15/06/2012", PREV_PERM="Z1"),
        lambda r: r.add(PP, CHILD="C1", DOB="15/06/2012"),
    ),
    Case("635", "C3", pp(DATE_PERM="zz/zz/2019"), order("zz/zz/2019")),
    Case("INT07", "C3", lambda r: r.remove("header", **C3)),
    Case("INT16", "C3", pp(DOB="02/05/2020")),
    Case("INT35", "C3", lambda r: r.add(PP, CHILD="C3", DOB="01/05/2020", PREV_PERM="Z1")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
