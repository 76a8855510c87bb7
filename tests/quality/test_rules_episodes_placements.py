"""Placement providers, Ofsted URNs, postcodes and distance, ages for placement types."""

import pytest

from tests.quality.cases import Case, assert_case, both, change
from tests.quality.returns import HOME_POSTCODE, Return

C1 = {"CHILD": "C1"}
C3 = {"CHILD": "C3"}
C5 = {"CHILD": "C5"}
C4_FIRST = {"CHILD": "C4", "DECOM": "01/06/2023"}
C4_LAST = {"CHILD": "C4", "DECOM": "01/10/2024"}


def episodes(table: str = "episodes", **match: str):
    return lambda **values: change(table, match, **values)


c1 = episodes(**C1)
c3 = episodes(**C3)
c5 = episodes(**C5)
c4_first = episodes(**C4_FIRST)
c4_last = episodes(**C4_LAST)


def header(child: str, **values: str):
    return change("header", {"CHILD": child}, **values)


def holiday_covers(count: int):
    """C1's foster carers go on holiday `count` times: T3 episodes and returns home."""

    def apply(ret: Return) -> None:
        ret.row("episodes", **C1).update(dec="01/05/2024", rec="X1")
        day = 1
        for n in range(count):
            last = n == count - 1
            base = {"CHILD": "C1", "LS": "C2", "CIN": "N1", "PL_POST": "HF3 4AB"}
            ret.add("episodes", **base, DECOM=f"{day:02d}/05/2024", RNE="P", PLACE="T3",
                    DEC=f"{day + 7:02d}/05/2024", REC="X1")  # fmt: skip
            ret.add("episodes", **base, DECOM=f"{day + 7:02d}/05/2024", RNE="P", PLACE="U4",
                    PLACE_PROVIDER="PR1", DEC="" if last else f"{day + 10:02d}/05/2024",
                    REC="" if last else "X1")  # fmt: skip
            day += 10

    return apply


def temporary_move(return_rne: str = "P", return_place: str = "U4", return_post: str = ""):
    """C1 spends a week in hospital (T1) in May 2024, then comes back."""

    def apply(ret: Return) -> None:
        first = ret.row("episodes", **C1)
        first.update(dec="01/05/2024", rec="X1")
        ret.add("episodes", CHILD="C1", DECOM="01/05/2024", RNE="P", LS="C2", CIN="N1",
                PLACE="T1", PL_POST="HF3 4AB", DEC="08/05/2024", REC="X1")  # fmt: skip
        ret.add("episodes", CHILD="C1", DECOM="08/05/2024", RNE=return_rne, LS="C2", CIN="N1",
                PLACE=return_place, PLACE_PROVIDER="PR1", HOME_POST=first["home_post"],
                PL_POST=return_post or first["pl_post"], URN=first["urn"])  # fmt: skip

    return apply


CASES = [
    # -- placement provider
    Case("178", "C1", c1(PLACE_PROVIDER="PR6"), c1(PLACE_PROVIDER="PR5")),
    Case("178", "C1", c1(PLACE="T1"), c1(PLACE="T1", PLACE_PROVIDER=""), label="temporary"),
    Case("213", "C1", c1(PLACE="T2"), c1(PLACE="T2", PLACE_PROVIDER="")),
    Case("526", "C1", c1(PLACE_PROVIDER=""), c1(PLACE="T4", PLACE_PROVIDER="")),
    Case("527", "C1", c1(PLACE="R2"), c1(PLACE="R1")),
    Case("528", "C1", c1(PLACE="R5", PLACE_PROVIDER="PR2"), c1(PLACE="R1", PLACE_PROVIDER="PR2")),
    Case("529", "C1", c1(PLACE_PROVIDER="PR3"), c1(PLACE="R2", PLACE_PROVIDER="PR3")),
    Case("530", "C1", c1(PLACE="P1", PLACE_PROVIDER="PR4"), c1(PLACE="P1", PLACE_PROVIDER="PR0")),
    Case("531", "C1", c1(PLACE="P1", PLACE_PROVIDER="PR5"), c1(PLACE="P1", PLACE_PROVIDER="PR0")),
    Case("550", "C1", c1(PLACE_PROVIDER="PR0"), c1(PLACE="P1", PLACE_PROVIDER="PR0")),
    # Own provision in a children's home in another LA; a foster placement there is fine.
    Case("1015", "C1", c1(PLACE="K2", pl_la="E06099002"), c1(pl_la="E06099002")),
    # -- placement types that changed
    Case("217", "C4", c4_last(PLACE="A5"), c4_last(PLACE="A5", RNE="T")),
    Case("217t", "C4", c4_first(PLACE="P2"), c4_first(PLACE="P2", DEC="28/10/2023")),
    # -- Ofsted URN
    Case("218", "C1", c1(URN=""), c1(URN="", pl_la="SCO")),
    Case("218", "C5", c5(URN=""), c5(URN="XXXXXXX"), label="supported-accommodation"),
    Case("230", "C5", c5(PLACE="H5", URN=""), c5(PLACE="H5", URN="", pl_la="WAL")),
    Case("222", "C1", c1(PLACE="R1"), c1(PLACE="R1", URN="XXXXXXX")),
    Case("1008", "C1", c1(URN="SC999999"), c1(URN="XXXXXXX")),
    Case("219", "C1", c1(PLACE="K2"), c4_last(PLACE="A6")),
    Case("219", "C5", c5(PLACE="U6"), c5(PLACE="H5"), label="supported-accommodation"),
    Case(
        "221",
        "C1",
        c1(PLACE="K2", PL_POST="HF3 4AB"),
        c1(PLACE="K2", PL_POST="hf23rq"),  # the provider's postcode, written differently
    ),
    # -- postcodes, distance and placement LA
    Case("164", "C1", c1(pl_distance="1000.0"), c1(pl_distance="999.9")),
    Case("164", "C1", c1(pl_distance="n/a"), c5(pl_distance="n/a"), label="uasc"),
    # 999.9 with both postcodes known is a distance DfE derives (e.g. outside England).
    Case("392a", "C1", c1(pl_distance=""), c1(pl_distance="999.9")),
    Case("392a", "C1", c1(pl_distance="999.9", PL_POST="ZZ9 9ZZ"), label="unknown-postcode"),
    Case("392b", "C1", c1(HOME_POST=""), c1(HOME_POST="", LS="V3")),
    Case("392c", "C1", c1(PL_POST="ZZ9 9ZZ"), c1(PL_POST="hf23rq")),
    Case("392c", "C1", c1(HOME_POST="HF1 1ZZ"), label="home"),
    Case("392d", "C1", c1(PL_POST=HOME_POSTCODE), c1(PLACE="P1", PL_POST=HOME_POSTCODE)),
    Case("398", "C1", c1(LS="V3"), c1(LS="V3", HOME_POST="", PL_POST="")),
    Case("406", "C5", c5(pl_distance="3.2"), c5(pl_distance="999.9")),
    Case("454", "C1", c1(pl_distance="350.1"), c1(pl_distance="350.0")),
    Case("454", "C1", c1(pl_distance="998.0"), c1(pl_distance="999.9"), label="not-known"),
    Case("169", "C1", c1(pl_la=""), c1(pl_la="", LS="V3")),
    Case("179", "C1", c1(pl_location=""), c1(pl_location="", LS="V4")),
    Case("179", "C1", c1(pl_location="in"), label="code"),
    Case(
        "411",
        "C1",
        c1(pl_la="E06099002"),
        c1(pl_la="E06099002", pl_location="OUT"),
    ),
    Case("420", "C1", c1(LS="V3"), c1(LS="V3", pl_la="")),
    # -- ages for placement types (boundary: the birthday itself)
    Case("371", "C5", header("C5", DOB="06/05/2008"), header("C5", DOB="05/05/2008")),
    Case(
        "371",
        "C5",
        both(c5(PLACE="H5"), header("C5", DOB="06/05/2008")),
        c5(PLACE="H5"),
        label="H5",
    ),
    Case("372", "C1", c1(PLACE="R5"), both(c1(PLACE="R5"), header("C1", DOB="10/01/2012"))),
    Case(
        "373",
        "C3",
        both(c3(PLACE="S1"), header("C3", DOB="16/07/2020")),
        both(c3(PLACE="S1"), header("C3", DOB="15/07/2020")),
    ),
    Case("374", "C1", c1(PLACE="P3"), both(c1(PLACE="P3"), header("C1", DOB="10/01/2008"))),
    # -- temporary placements and short breaks (boundary: the longest allowed stay)
    Case("375", "C4", c4_last(PLACE="T1"), c4_last(PLACE="T1", DEC="12/11/2024")),
    Case("376", "C4", c4_last(PLACE="T3"), c4_last(PLACE="T3", DEC="22/10/2024")),
    Case("379", "C4", c4_last(PLACE="T4"), c4_last(PLACE="T4", DEC="08/10/2024")),
    Case("377", "C1", holiday_covers(3), holiday_covers(2)),
    Case("380", "C3", c3(PLACE="T1"), c4_last(PLACE="T1")),
    Case("381", "C4", c4_last(PLACE="T2"), c4_first(PLACE="T2")),
    Case("382", "C1", c1(LS="V3", PLACE="T0"), c1(LS="V3", PLACE="U6")),
    Case("383", "C1", temporary_move(return_rne="T"), temporary_move()),
    Case("383", "C1", temporary_move(return_place="U6"), label="other-placement"),
    Case("383", "C1", temporary_move(return_post="HF3 4AB"), label="other-postcode"),
    Case("384", "C1", c1(LS="V3"), c1(LS="V3", PLACE="U6")),
    Case("378", "C1", c1(PLACE="P1", LS="V2"), c1(PLACE="P1", LS="C2")),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule(case, check_rule):
    assert_case(case, check_rule)
