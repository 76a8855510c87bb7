"""UASC table: DUC dates, consistency with last year and with the header (uasc.py)."""

import pytest

from tests.quality.cases import Case, assert_case, both, change

C5 = {"CHILD": "C5"}
C5_LAST = {"CHILD": "C5", "SEX": "1", "DOB": "12/12/2007"}
C5_HEADER_LAST = {"CHILD": "C5", "SEX": "1", "DOB": "12/12/2007", "ETHNIC": "OOTH", "UPN": "UN2"}


def _add(table: str, **values: str):
    def apply(ret) -> None:
        ret.add(table, **values)

    return apply


def _add_last(table: str, **values: str):
    def apply(ret) -> None:
        ret.last_year.add(table, **values)

    return apply


def _remove(table: str, **match: str):
    def apply(ret) -> None:
        ret.remove(table, **match)

    return apply


CASES = [
    Case("INT36", "C5", _add("uasc", CHILD="C5", SEX="M", DOB="12/12/2007")),
    Case(
        "INT09",
        "C6",
        _add("uasc", CHILD="C6", SEX="M", DOB="01/01/2008"),
        _add("uasc", CHILD="C1", SEX="M", DOB="15/06/2012"),
    ),
    Case("INT18", "C5", change("uasc", C5, DOB="13/12/2007")),
    Case("INT21", "C5", change("uasc", C5, SEX="F"), change("uasc", C5, SEX="")),
    # DUC before the year began: the child was not UASC this year.
    Case("104", "C5", change("uasc", C5, DUC="31/03/2024"), change("uasc", C5, DUC="01/04/2024")),
    Case("104", "C5", change("uasc", C5, DUC="2025-12-12"), label="not-a-date"),
    # The clean return's DUC is the 18th birthday itself.
    Case("304", "C5", change("uasc", C5, DUC="13/12/2025")),
    Case(
        "303",
        "C5",
        _remove("header", CHILD="C5"),
        both(_remove("header", CHILD="C5"), change("uasc", C5, DUC="")),
    ),
    # UASC both years: last year's DUC must already be the 18th birthday.
    Case(
        "205B",
        "C5",
        both(_add_last("header", **C5_HEADER_LAST), _add_last("uasc", **C5_LAST)),
        both(
            _add_last("header", **C5_HEADER_LAST),
            _add_last("uasc", **C5_LAST, DUC="12/12/2025"),
        ),
    ),
    Case(
        "205B",
        "C5",
        both(
            _add_last("header", **C5_HEADER_LAST),
            _add_last("uasc", **C5_LAST, DUC="12/12/2025"),
            change("uasc", C5, DUC="11/12/2025"),
        ),
        label="duc-changed",
    ),
    # No header this year and not UASC last year (no header then), but last year's DUC given.
    Case(
        "205C",
        "C5",
        both(
            _remove("header", CHILD="C5"),
            change("uasc", C5, DUC=""),
            _add_last("uasc", **C5_LAST, DUC="12/12/2025"),
        ),
        both(
            _remove("header", CHILD="C5"),
            change("uasc", C5, DUC=""),
            _add_last("uasc", **C5_LAST, DUC="12/12/2025"),
            _add_last("header", **C5_HEADER_LAST),
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
