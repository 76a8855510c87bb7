"""OC2: SDQ, health, offending and substance misuse items and the 12-month cohort."""

import pytest

from tests.quality.cases import Case, assert_case, both, change

C1 = {"CHILD": "C1"}


def oc2(**values: str):
    """Change C1's OC2 row (C1 is the clean return's OC2 child, aged 12, in the cohort)."""
    return change("oc2", C1, **values)


def started(decom: str):
    """Move the start of C1's period of care (RNE S): after 1 April takes C1 out of the cohort."""
    return change("episodes", C1, DECOM=decom)


def add(table: str, **values: str):
    def apply(ret) -> None:
        ret.add(table, **values)

    return apply


def remove(table: str, **match: str):
    def apply(ret) -> None:
        ret.remove(table, **match)

    return apply


CASES = [
    # SDQ
    Case("180", "C1", oc2(SDQ_SCORE="41"), oc2(SDQ_SCORE="40")),
    Case("196", "C1", oc2(SDQ_SCORE="", SDQ_REASON="SDQ6"), oc2(SDQ_SCORE="", SDQ_REASON="SDQ5")),
    Case("197a", "C1", oc2(SDQ_REASON="SDQ4"), oc2(SDQ_SCORE="", SDQ_REASON="SDQ4")),
    Case("157", "C1", oc2(SDQ_SCORE="", SDQ_REASON="SDQ1"), oc2(SDQ_SCORE="", SDQ_REASON="SDQ2")),
    # Started on 1 April: still looked after for 12 months at 31 March.
    Case("185", "C1", started("02/04/2024"), started("01/04/2024")),
    Case("186", "C1", oc2(SDQ_SCORE=""), oc2(SDQ_SCORE="", SDQ_REASON="SDQ2")),
    # Fourth birthday on 31 March: aged 4 at the end of the year.
    Case("188", "C1", oc2(DOB="01/04/2021"), oc2(DOB="31/03/2021")),
    Case("189", "C1", oc2(DOB="01/04/2007"), oc2(DOB="02/04/2007")),
    Case(
        "197B",
        "C1",
        oc2(DOB="10/10/2020", SDQ_SCORE=""),
        oc2(DOB="10/10/2020", SDQ_SCORE="", SDQ_REASON="SDQ1"),
    ),
    # 17 on 1 April: aged 17 at the start of the year, when rule 189 forbids an SDQ.
    Case(
        "197B",
        "C1",
        oc2(DOB="02/04/2007", SDQ_SCORE=""),
        oc2(DOB="01/04/2007", SDQ_SCORE=""),
        label="17",
    ),
    Case(
        "198",
        "C1",
        both(started("02/04/2024"), oc2(SDQ_SCORE="", SDQ_REASON="SDQ2")),
        both(started("01/04/2024"), oc2(SDQ_SCORE="", SDQ_REASON="SDQ2")),
    ),
    # Health, offending and substance misuse items
    Case("181", "C1", oc2(CONVICTED="2"), oc2(CONVICTED="1")),
    Case(
        "182",
        "C1",
        oc2(IMMUNISATIONS=""),
        oc2(
            IMMUNISATIONS="",
            TEETH_CHECK="",
            HEALTH_ASSESSMENT="",
            SUBSTANCE_MISUSE="",
            CONVICTED="",
        ),
    ),
    Case("190", "C1", started("02/04/2024"), started("01/04/2024")),
    Case(
        "190",
        "C1",
        # Ceased on 31 March: not looked after at 31 March. A move that day (X1) is no break.
        change("episodes", C1, DEC="31/03/2025", REC="E4A"),
        change("episodes", C1, DEC="31/03/2025", REC="X1"),
        label="ceased",
    ),
    Case(
        "190",
        "C1",
        change("episodes", C1, LS="V3"),
        label="short-breaks",
    ),
    Case("191", "C1", oc2(TEETH_CHECK=""), oc2(TEETH_CHECK="0")),
    Case(
        "STR-OC2",
        "C1",
        remove("oc2", **C1),
        both(remove("oc2", **C1), started("02/04/2024")),
    ),
    Case(
        "192",
        "C1",
        oc2(SUBSTANCE_MISUSE="1"),
        oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1"),
    ),
    Case(
        "193",
        "C1",
        oc2(INTERVENTION_OFFERED="1"),
        oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="1"),
    ),
    Case(
        "158",
        "C1",
        oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1", INTERVENTION_OFFERED="0"),
        oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="0"),
    ),
    Case(
        "159",
        "C1",
        oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0"),
        oc2(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0", INTERVENTION_OFFERED="1"),
    ),
    # Tenth birthday on 31 March: aged 10 at 31 March.
    Case("542", "C1", oc2(DOB="01/04/2015"), oc2(DOB="31/03/2015")),
    Case("543", "C1", oc2(CONVICTED=""), oc2(CONVICTED="", DOB="01/04/2015")),
    Case("544", "C1", oc2(CONVICTED="1", IMMUNISATIONS=""), oc2(CONVICTED="0", IMMUNISATIONS="")),
    Case("545", "C1", oc2(DOB="01/04/2020"), oc2(DOB="31/03/2020")),
    Case(
        "546",
        "C1",
        oc2(HEALTH_CHECK="1"),
        oc2(HEALTH_CHECK="1", DOB="01/04/2020"),
    ),
    Case(
        "547",
        "C1",
        oc2(HEALTH_CHECK="1", IMMUNISATIONS=""),
        oc2(HEALTH_CHECK="0", IMMUNISATIONS=""),
    ),
    # Other returns of the same child
    Case(
        "215",
        "C1",
        add("oc3", CHILD="C1", DOB="15/06/2012", IN_TOUCH="YES"),
        add("oc3", CHILD="C1", DOB="15/06/2012"),
    ),
    Case(
        "187",
        "C1",
        add("oc3", CHILD="C1", DOB="15/06/2012", IN_TOUCH="YES"),
        add("oc3", CHILD="C3", DOB="01/05/2020", IN_TOUCH="YES"),
    ),
    Case(
        "187",
        "C1",
        add("ad1", CHILD="C1", DOB="15/06/2012", DATE_INT="01/03/2025"),
        add("ad1", CHILD="C1", DOB="15/06/2012"),
        label="adoption",
    ),
    # Internal checks
    Case(
        "INT33",
        "C1",
        add("oc2", CHILD="C1", DOB="15/06/2012", SDQ_SCORE="12", CONVICTED="0"),
    ),
    Case("INT05", "C1", remove("header", **C1)),
    Case("INT14", "C1", oc2(DOB="16/06/2012")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
