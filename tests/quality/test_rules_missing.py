"""Missing: dates and type of missing/away incidents, overlaps and time in care."""

import pytest

from tests.quality.cases import Case, assert_case, both, change, last_year

C5 = {"CHILD": "C5"}


def missing(**values: str):
    """Change C5's one missing incident (M, 10/09/2024 to 11/09/2024)."""
    return change("missing", C5, **values)


def episode(**values: str):
    """Change C5's one episode (open, from 05/05/2024)."""
    return change("episodes", C5, **values)


def add_missing(**values: str):
    def apply(ret) -> None:
        ret.add("missing", CHILD="C5", DOB="12/12/2007", MISSING="M", **values)

    return apply


def remove(table: str, **match: str):
    def apply(ret) -> None:
        ret.remove(table, **match)

    return apply


LEFT_CARE = episode(DEC="15/12/2024", REC="E4A")

CASES = [
    Case("1004", "C5", missing(MIS_START="31/09/2024")),
    Case("1004", "C5", missing(MIS_START=""), label="blank"),
    Case("1005", "C5", missing(MIS_END="2024-09-11"), missing(MIS_END="")),
    Case("1006", "C5", missing(MISSING="X"), missing(MISSING="A")),
    Case("564", "C5", missing(MIS_START=""), missing(MISSING="", MIS_START="")),
    Case("565", "C5", missing(MISSING="")),
    Case("566", "C5", missing(MISSING=""), missing(MISSING="", MIS_END="")),
    Case("567", "C5", missing(MIS_END="09/09/2024"), missing(MIS_END="10/09/2024")),
    Case(
        "570",
        "C5",
        missing(MIS_START="01/04/2025", MIS_END=""),
        missing(MIS_START="31/03/2025", MIS_END=""),
    ),
    Case("571", "C5", missing(MIS_END="01/04/2025"), missing(MIS_END="31/03/2025")),
    Case("586", "C5", missing(DOB="10/09/2024"), missing(DOB="09/09/2024")),
    # An open incident before the one delivered; a new one starting the day the last one ended.
    Case(
        "574",
        "C5",
        add_missing(MIS_START="01/09/2024"),
        add_missing(MIS_START="11/09/2024", MIS_END="12/09/2024"),
    ),
    Case(
        "574",
        "C5",
        add_missing(MIS_START="05/09/2024", MIS_END="10/10/2024"),
        add_missing(MIS_START="01/09/2024", MIS_END="10/09/2024"),
        label="overlap",
    ),
    Case(
        "576",
        "C5",
        last_year(
            lambda r: r.add(
                "missing", CHILD="C5", DOB="12/12/2007", MISSING="M", MIS_START="20/03/2024"
            )
        ),
        both(
            last_year(
                lambda r: r.add(
                    "missing", CHILD="C5", DOB="12/12/2007", MISSING="M", MIS_START="20/03/2024"
                )
            ),
            add_missing(MIS_START="20/03/2024", MIS_END="02/04/2024"),
        ),
    ),
    Case("575", "C5", both(LEFT_CARE, missing(MIS_END="")), missing(MIS_END="")),
    Case("577", "C5", both(LEFT_CARE, missing(MIS_END="")), missing(MIS_END="")),
    Case(
        "577",
        "C5",
        both(LEFT_CARE, missing(MIS_START="14/12/2024", MIS_END="16/12/2024")),
        both(LEFT_CARE, missing(MIS_START="14/12/2024", MIS_END="15/12/2024")),
        label="ends-after-care",
    ),
    Case(
        "578",
        "C5",
        both(LEFT_CARE, missing(MIS_START="16/12/2024", MIS_END="17/12/2024")),
        both(LEFT_CARE, missing(MIS_START="15/12/2024", MIS_END="15/12/2024")),
    ),
    Case(
        "581",
        "C5",
        missing(MIS_START="04/05/2024", MIS_END="06/05/2024"),
        missing(MIS_START="05/05/2024", MIS_END="06/05/2024"),
    ),
    # Back from missing on the 18th birthday, the day care ended.
    Case(
        "580",
        "C5",
        both(episode(DEC="11/09/2024", REC="E4A"), missing(DOB="11/09/2006")),
        both(episode(DEC="11/09/2024", REC="E8"), missing(DOB="11/09/2006")),
    ),
    Case("INT04", "C5", remove("header", CHILD="C5")),
    Case("INT13", "C5", missing(DOB="13/12/2007")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
