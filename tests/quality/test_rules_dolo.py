"""Deprivation of liberty orders (rules 700-710, from 2026-27).

The clean return is 2024-25's, before DoLo existed, so these cases start from a small in-year
2026-27 extract of their own (`dolo_return`, as at 31 October 2026): every case's change first
turns the clean return into it. Nothing in tests/quality/cases.py changes.
"""

from dataclasses import fields

import pytest

from tests.quality.cases import Case, assert_case, both, change, last_year
from tests.quality.returns import Return

D1 = {"CHILD": "D1"}
D1_FIRST = {"CHILD": "D1", "DOLO_START": "15/03/2026"}
D1_RENEWED = {"CHILD": "D1", "DOLO_START": "15/07/2026"}
D2 = {"CHILD": "D2"}
D2_HOME = {"CHILD": "D2", "DECOM": "01/05/2026"}
D2_FOSTER = {"CHILD": "D2", "DECOM": "20/09/2026"}
DOLO_CODES = [str(c) for c in range(700, 711)]


def _episode(ret: Return, **values: str) -> None:
    defaults = {"RNE": "P", "LS": "C2", "CIN": "N1", "PLACE": "K2", "PLACE_PROVIDER": "PR1",
                "HOME_POST": "HF1 1AA", "PL_POST": "HF2 3RQ", "URN": "SC123456"}  # fmt: skip
    defaults.update(values)
    ret.add("episodes", **defaults)


def dolo_return() -> Return:
    """October 2026's extract, with last year's (2025-26) return.

    D1, 15, has lived in a children's home since March 2026 under an order renewed in July and
    still running. D2, 16, was in a children's home from May to September 2026 under an order
    that ended before he moved to foster carers.
    """
    ret = Return(collection_year="2026-27", in_year=True, month="2026-10")
    last = ret.last_year = Return(collection_year="2025-26")
    for r in (ret, last):
        r.add("header", CHILD="D1", SEX="M", DOB="10/01/2011", ETHNIC="WBRI", UPN="UN2")
        r.add("header", CHILD="D2", SEX="M", DOB="05/05/2010", ETHNIC="WBRI", UPN="UN2")
        _episode(r, CHILD="D1", DECOM="01/03/2026", RNE="S")
    _episode(last, CHILD="D2", DECOM="01/01/2025", RNE="S", PLACE="U6", PLACE_PROVIDER="PR4",
             URN="1234567")  # fmt: skip
    last.add("dolo", CHILD="D1", DOB="10/01/2011", DOLO_START="15/03/2026")
    _episode(ret, CHILD="D2", DECOM="01/01/2025", RNE="S", PLACE="U6", PLACE_PROVIDER="PR4",
             URN="1234567", DEC="01/05/2026", REC="X1", REASON_PLACE_CHANGE="CARPL")  # fmt: skip
    _episode(ret, CHILD="D2", DECOM="01/05/2026", DEC="20/09/2026", REC="X1",
             REASON_PLACE_CHANGE="CHILD")  # fmt: skip
    _episode(ret, CHILD="D2", DECOM="20/09/2026", PLACE="U6", PLACE_PROVIDER="PR4",
             URN="1234567")  # fmt: skip
    ret.add("dolo", CHILD="D1", DOB="10/01/2011", DOLO_START="15/03/2026", DOLO_END="14/07/2026")
    ret.add("dolo", CHILD="D1", DOB="10/01/2011", DOLO_START="15/07/2026")
    ret.add("dolo", CHILD="D2", DOB="05/05/2010", DOLO_START="10/05/2026", DOLO_END="15/09/2026")
    return ret


def on_dolo_return(*changes):
    """A Change that replaces the clean return by `dolo_return()`, then applies `changes`."""

    def apply(ret: Return) -> None:
        base = dolo_return()
        for f in fields(Return):
            setattr(ret, f.name, getattr(base, f.name))
        for c in changes:
            c(ret)

    return apply


def case(code, child, breaks, passes=None, label=""):
    near_miss = on_dolo_return(passes) if passes else on_dolo_return()
    return Case(code, child, on_dolo_return(breaks), near_miss, label=label)


def dolo(match, **values):
    return change("dolo", match, **values)


def episode(match, **values):
    return change("episodes", match, **values)


CASES = [
    case("700", "D1", dolo(D1_FIRST, DOLO_START="31/02/2026")),
    case("700", "D2", dolo(D2, DOLO_START=""), label="blank"),
    case("701", "D2", dolo(D2, DOLO_END="2026-09-15"), dolo(D2, DOLO_END="")),
    case("702", "D2", dolo(D2, DOLO_END="10/05/2026"), dolo(D2, DOLO_END="11/05/2026")),
    case(
        "703",
        "D1",
        dolo(D1_RENEWED, DOLO_START="01/04/2027"),
        dolo(D1_RENEWED, DOLO_START="31/03/2027"),
    ),  # fmt: skip
    case("704", "D2", dolo(D2, DOLO_END="01/04/2027"), dolo(D2, DOLO_END="31/03/2027")),
    case(
        "704",
        "D1",
        dolo(D1_FIRST, DOLO_END="31/03/2026"),
        dolo(D1_FIRST, DOLO_END="01/04/2026"),
        label="year-start",
    ),  # fmt: skip
    # A renewal may start the day the previous order ends.
    case("705", "D1", dolo(D1_FIRST, DOLO_END=""), dolo(D1_FIRST, DOLO_END="15/07/2026")),
    case("705", "D1", dolo(D1_FIRST, DOLO_END="16/07/2026"), label="overlap"),
    case(
        "706",
        "D1",
        dolo(D1_FIRST, DOLO_START="16/03/2026"),
        both(
            dolo(D1_FIRST, DOLO_START="16/03/2026"), last_year(dolo(D1, DOLO_END="31/03/2026"))
        ),  # fmt: skip
    ),
    case(
        "707",
        "D2",
        both(dolo(D2, DOLO_END=""), episode(D2_FOSTER, DEC="30/09/2026", REC="E13")),
        dolo(D2, DOLO_END=""),
    ),
    # An order that ended while the child was not looked after.
    case(
        "707",
        "D2",
        both(dolo(D2, DOLO_END="05/10/2026"), episode(D2_FOSTER, DEC="30/09/2026", REC="E13")),
        both(dolo(D2, DOLO_END="30/09/2026"), episode(D2_FOSTER, DEC="30/09/2026", REC="E13")),
        label="ended",
    ),
    case("708", "D1", dolo(D1_FIRST, DOB="15/03/2026"), dolo(D1_FIRST, DOB="14/03/2026")),
    case("709", "D2", dolo(D2, DOLO_END="20/09/2026"), dolo(D2, DOLO_END="19/09/2026")),
    case("710", "D2", episode(D2_HOME, PLACE="K3"), episode(D2_HOME, PLACE="Z12")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)


def test_the_dolo_return_passes_every_dolo_rule(check_rule):
    ret = dolo_return()
    assert {code: check_rule(code, ret) for code in DOLO_CODES} == dict.fromkeys(DOLO_CODES, [])
