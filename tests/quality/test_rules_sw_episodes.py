"""Social worker episodes (rules SW01-SW16, from 2023-24)."""

import pytest

from tests.quality.cases import Case, assert_case, both, change, last_year
from tests.quality.returns import Return

C1 = {"CHILD": "C1"}
C3 = {"CHILD": "C3"}
C4 = {"CHILD": "C4"}


def sw(match: dict[str, str], **values: str):
    return change("sw_episodes", match, **values)


def add_sw(child: str, decom: str, dec: str = "", reason: str = "LEFTRL", sw_id="SW999999"):
    """A further social worker episode of a child of the clean return."""

    def apply(ret: Return) -> None:
        dob = ret.row("header", CHILD=child)["dob"]
        ret.add("sw_episodes", CHILD=child, DOB=dob, SW_ID=sw_id, SW_DECOM=decom, SW_DEC=dec,
                SW_REASON=reason)  # fmt: skip

    return apply


def as_2023_24(ret: Return) -> None:
    """Validate the return as if it were 2023-24's (the first year of social worker data)."""
    ret.collection_year = "2023-24"
    ret.last_year = None


# C1's social worker since February 2023 hands over on 1 June 2024 (rules SW08-SW11).
C1_ENDS = sw(C1, SW_DEC="01/06/2024")


def c1_next(decom: str, reason: str = "LEFTRL"):
    return both(C1_ENDS, add_sw("C1", decom, reason=reason))


CASES = [
    Case("SW01STG1", "C1", lambda r: r.remove("sw_episodes", **C1), sw(C1, SW_REASON="")),
    # In 2023-24 a reason was part of the information every child needed.
    Case("SW01STG1", "C1", both(as_2023_24, sw(C1, SW_REASON="")), label="2023-24"),
    Case("SW02STG1", "C1", sw(C1, SW_ID="AB123456"), sw(C1, SW_ID="XX")),
    Case("SW03STG1", "C1", sw(C1, SW_ID="")),
    # From 2024-25 a reason is not needed for an episode that began before 1 April 2023.
    Case("SW03STG1", "C3", sw(C3, SW_REASON=""), sw(C1, SW_REASON=""), label="reason"),
    Case("SW04STG1", "C1", sw(C1, SW_DECOM="31/02/2023"), sw(C1, SW_DECOM="")),
    Case("SW05STG1", "C4", sw(C4, SW_DEC="2025-02-15"), sw(C4, SW_DEC="")),
    Case("SW06STG2", "C3", sw(C3, SW_DECOM="01/04/2025"), sw(C3, SW_DECOM="31/03/2025")),
    Case("SW07STG2", "C4", sw(C4, SW_DEC="01/04/2025"), sw(C4, SW_DEC="31/03/2025")),
    # From 2024-25 the reporting period starts a year before the collection year.
    Case(
        "SW07STG2",
        "C4",
        sw(C4, SW_DEC="31/03/2023"),
        sw(C4, SW_DEC="01/04/2023"),
        label="period-start",
    ),
    Case("SW08STG2", "C1", add_sw("C1", "01/06/2024"), c1_next("01/06/2024")),
    Case("SW09STG2", "C4", sw(C4, SW_DECOM="15/02/2025"), sw(C4, SW_DECOM="14/02/2025")),
    Case("SW10STG2", "C1", c1_next("09/06/2024"), c1_next("08/06/2024")),
    # A first contact or re-referral may start at any time (from 2024-25).
    Case(
        "SW10STG2",
        "C1",
        c1_next("20/05/2024"),
        c1_next("20/05/2024", reason="FCONTA"),
        label="fconta",
    ),
    Case("SW11STG2", "C1", c1_next("02/06/2024"), c1_next("01/06/2024")),
    Case("SW11aSTG2", "C1", c1_next("07/06/2024"), c1_next("06/06/2024")),
    Case("SW11bSTG2", "C4", sw(C4, SW_DEC="26/03/2025"), sw(C4, SW_DEC="25/03/2025")),
    Case(
        "SW12STG2",
        "C3",
        sw(C3, SW_DECOM="01/05/2024", SW_DEC="14/07/2024"),
        sw(C3, SW_DECOM="01/05/2024", SW_DEC="15/07/2024"),
    ),
    Case("SW13STG1", "C1", sw(C1, SW_REASON="BORED"), sw(C1, SW_REASON="OTHERS")),
    # From 2024-25 the first episode of the year needs no reason: no worker was changed.
    Case(
        "SW13STG1",
        "C3",
        both(as_2023_24, sw(C3, SW_REASON="")),
        sw(C3, SW_REASON=""),
        label="first-of-year",
    ),
    Case("SW14STG2", "C1", add_sw("C1", "01/06/2024"), c1_next("01/06/2024")),
    Case("SW15STG2", "C3", sw(C3, SW_REASON=""), sw(C1, SW_REASON="")),
    Case(
        "SW16aSTG2",
        "C1",
        sw(C1, SW_ID="SW654321"),
        both(sw(C1, SW_ID="SW654321"), last_year(sw(C1, SW_DEC="31/03/2024"))),
    ),
    Case(
        "SW16bSTG2",
        "C1",
        sw(C1, SW_DECOM="02/02/2023"),
        both(sw(C1, SW_DECOM="02/02/2023"), last_year(sw(C1, SW_DEC="31/03/2024"))),
    ),
    Case(
        "SW16cSTG2",
        "C1",
        sw(C1, SW_REASON="OTHERS"),
        both(sw(C1, SW_REASON="OTHERS"), last_year(sw(C1, SW_DEC="31/03/2024"))),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
