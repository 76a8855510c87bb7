"""The synthetic SSDA903 estate: valid codes, sound structure, England-like figures.

Code validity tables are written here from the domain spec (§1.4), independently of the
generator's own tables, so a generator bug cannot hide behind a shared constant.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from corporate_parenting.synthetic import generate_estate

LA = "E06099001"
YEARS = 8  # 2018-19 .. 2025-26: every code-list version in the spec

# ---------------------------------------------------------------- code lists (domain §1.4)

LS_CODES = {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}
RNE_CODES = {"S", "L", "P", "T", "B", "U"}
CIN_CODES = {f"N{i}" for i in range(1, 9)}
REC_CODES = {
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48",
    "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8",
}  # fmt: skip
RPC_CODES = {
    "CARPL", "PLACE", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ",
    "CUSTOD", "OTHER",
}  # fmt: skip
PROVIDER_CODES = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"}
ETHNIC_CODES = {
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
}  # fmt: skip
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}
FOSTER = {"U1", "U2", "U3", "U4", "U5", "U6"}
PLACES_EVERY_YEAR = FOSTER | TEMPORARY | {
    "A3", "A4", "A5", "A6", "P1", "P3", "K1", "K2", "R1", "R2", "R3", "R5", "S1",
}  # fmt: skip
NO_URN = TEMPORARY | {"P1", "P3", "R1", "R2", "R5", "Z1", "Z11", "Z12", "Z13", "Z14"}
P2_CUTOFF = date(2023, 10, 28)  # rule 217t


def year_end(label: str) -> int:
    return int(label[:4]) + 1


def place_valid(place: str, label: str, decom: date) -> bool:
    end = year_end(label)
    if place in PLACES_EVERY_YEAR:
        return True
    if place == "P2":
        return end <= 2025 and decom < P2_CUTOFF
    if place in ("H5", "Z1"):
        return end <= 2025
    if place == "K3":
        return end >= 2025
    if place in ("Z11", "Z12", "Z13", "Z14"):
        return end >= 2026
    return False


def sex_codes(label: str) -> set[str]:
    return {"1", "2"} if year_end(label) <= 2024 else {"M", "F", "U"}


# ---------------------------------------------------------------- helpers


def d(text: str) -> date | None:
    if not text:
        return None
    day, month, year = text.split("/")
    return date(int(year), int(month), int(day))


def birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February: 28 February, as SQL's DOB + interval (the 903 rules)
        return date(dob.year + years, 2, 28)


def age_on(dob: date, on: date) -> int:
    age = on.year - dob.year
    return age - (birthday(dob, age) > on)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


class Return:
    def __init__(self, folder: Path):
        self.folder = folder
        self.label = folder.parent.name
        self.start = date(year_end(self.label) - 1, 4, 1)
        self.end = date(year_end(self.label), 3, 31)
        self.episodes = read(folder / "episodes.csv")
        self.by_child: dict[str, list[dict[str, str]]] = defaultdict(list)
        for e in sorted(self.episodes, key=lambda e: (e["CHILD"], d(e["DECOM"]))):
            self.by_child[e["CHILD"]].append(e)
        # The header lists every child of the return: those with episodes in the year and
        # care leavers reported only in OC3. `header` is the first group.
        self.all_header = read(folder / "header.csv")
        self.oc3_children = {r["CHILD"] for r in read(folder / "oc3.csv")}
        self.header = [h for h in self.all_header if h["CHILD"] in self.by_child]
        self.dob = {h["CHILD"]: d(h["DOB"]) for h in self.all_header}

    def cla31(self) -> list[dict[str, str]]:
        """Looked after at 31 March (open at the return date), short breaks excluded."""
        return [e for e in self.episodes if not e["DEC"] and e["LS"] not in ("V3", "V4")]


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    out = tmp_path_factory.mktemp("estate")
    summary = generate_estate(
        out, seed=903, n_las=1, cla_per_la=500, years=YEARS, last_year_end=2026
    )
    return out, summary


@pytest.fixture(scope="module")
def returns(estate) -> list[Return]:
    out, _ = estate
    return [Return(p / "csv") for p in sorted((out / LA / "ssda903").iterdir())]


@pytest.fixture(scope="module")
def postcodes(estate) -> dict[str, dict[str, str]]:
    out, _ = estate
    return {r["pcds"]: r for r in read(out / "reference" / "postcodes.csv")}


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.csv"))}


# ---------------------------------------------------------------- layout and determinism


def test_layout_and_summary(estate, returns):
    out, summary = estate
    labels = [f"{y}-{(y + 1) % 100:02d}" for y in range(2018, 2026)]
    assert summary.la_codes == (LA,)
    assert list(summary.collection_years) == labels
    assert [r.label for r in returns] == labels
    assert summary.files_written == sum(p.is_file() for p in out.rglob("*"))
    for r in returns:
        folder = out / LA / "ssda903" / r.label / "csv"
        assert (folder / "header.csv").read_text(encoding="utf-8").splitlines()[0] == (
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
        )
        assert (folder / "episodes.csv").read_text(encoding="utf-8").splitlines()[0] == (
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
            "HOME_POST,PL_POST,URN"
        )
        assert b"\r\n" not in (folder / "episodes.csv").read_bytes()
    las = read(out / "reference" / "local_authorities.csv")
    assert list(las[0]) == ["la_code", "la_number", "la_name", "region", "population_0_17"]
    ours = next(r for r in las if r["la_code"] == LA)
    assert ours["la_number"] == "901"
    assert 50_000 <= int(ours["population_0_17"]) <= 110_000


def test_same_seed_same_bytes_and_other_seed_other_data(tmp_path):
    args = {"n_las": 1, "cla_per_la": 120, "years": 3, "last_year_end": 2026}
    generate_estate(tmp_path / "a", seed=7, **args)
    generate_estate(tmp_path / "b", seed=7, **args)
    generate_estate(tmp_path / "c", seed=8, **args)
    first, again, other = tree(tmp_path / "a"), tree(tmp_path / "b"), tree(tmp_path / "c")
    assert first == again
    assert first.keys() == other.keys()
    episodes = f"{LA}/ssda903/2025-26/csv/episodes.csv"
    assert first[episodes] != other[episodes]


def test_several_las_are_separate_and_place_into_each_other(tmp_path):
    summary = generate_estate(tmp_path, seed=11, n_las=3, cla_per_la=80, years=2)
    assert summary.la_codes == ("E06099001", "E06099002", "E06099003")
    codes = {r["la_code"]: r for r in read(tmp_path / "reference" / "local_authorities.csv")}
    assert [codes[c]["la_number"] for c in summary.la_codes] == ["901", "902", "903"]
    assert len({codes[c]["la_name"] for c in summary.la_codes}) == 3
    utla = {r["pcds"]: r["utla"] for r in read(tmp_path / "reference" / "postcodes.csv")}
    seen_ids: set[str] = set()
    placed_in = set()
    for code in summary.la_codes:
        number = codes[code]["la_number"]
        ids = set()
        for folder in (tmp_path / code / "ssda903").iterdir():
            for e in read(folder / "csv" / "episodes.csv"):
                assert re.fullmatch(number + r"\d{6}", e["CHILD"])
                ids.add(e["CHILD"])
                if e["PL_POST"]:
                    placed_in.add((code, utla[e["PL_POST"]]))
        assert not ids & seen_ids
        seen_ids |= ids
    # out-of-area placements land in fictional neighbours and in the other generated LAs
    assert any(code != dest and dest in summary.la_codes for code, dest in placed_in)


# ---------------------------------------------------------------- codes valid for the year


def test_codes_valid_for_the_collection_year(returns):
    for r in returns:
        for h in r.header:
            assert h["SEX"] in sex_codes(r.label), (r.label, h)
            assert h["ETHNIC"] in ETHNIC_CODES, h
            assert re.fullmatch(r"[A-Z]\d{12}|UN[1-5]", h["UPN"]), h
            assert h["MOTHER"] in ("", "0", "1"), h
            assert bool(h["MC_DOB"]) == (h["MOTHER"] == "1"), h
        for e in r.episodes:
            decom = d(e["DECOM"])
            assert e["LS"] in LS_CODES, e
            assert e["RNE"] in RNE_CODES, e
            assert e["CIN"] in CIN_CODES, e
            assert place_valid(e["PLACE"], r.label, decom), (r.label, e)
            assert e["REC"] in REC_CODES | {""}, e
            assert e["REASON_PLACE_CHANGE"] in RPC_CODES | {""}, e
            if e["PLACE"] in TEMPORARY or e["PLACE"].startswith("Z"):
                assert e["PLACE_PROVIDER"] == "", e
            elif e["PLACE"] == "P1":
                assert e["PLACE_PROVIDER"] == "PR0", e
            else:
                assert e["PLACE_PROVIDER"] in PROVIDER_CODES - {"PR0"}, e
            if e["PLACE"] in NO_URN:
                assert e["URN"] == "", e
            else:
                assert re.fullmatch(r"(SC\d{6}|\d{7})?", e["URN"]), e
            if e["PLACE"] in ("A3", "A4", "A5", "A6"):
                assert e["PL_POST"] == "", e  # confidential adoptive placements
            if e["PLACE"] in ("K3", "H5", "P2"):  # supported accommodation only for 16+
                assert age_on(r.dob[e["CHILD"]], decom) >= 16, e


def test_sex_coding_changes_in_2024_25(returns):
    for r in returns:
        used = {h["SEX"] for h in r.header}
        assert used >= ({"1", "2"} if year_end(r.label) <= 2024 else {"M", "F"}), r.label


# ---------------------------------------------------------------- structure


def test_episode_structure(returns):
    for r in returns:
        assert {h["CHILD"] for h in r.all_header} == set(r.by_child) | r.oc3_children, r.label
        assert len(r.all_header) == len({h["CHILD"] for h in r.all_header}), "one row per child"
        assert set(r.by_child) <= {h["CHILD"] for h in r.header}, r.label
        for child, eps in r.by_child.items():
            dob = r.dob[child]
            eighteen = birthday(dob, 18)
            open_eps = [e for e in eps if not e["DEC"]]
            assert len(open_eps) <= 1, (r.label, child)
            for i, e in enumerate(eps):
                decom, dec = d(e["DECOM"]), d(e["DEC"])
                assert decom >= dob, e
                assert decom <= r.end, e  # in the collection year
                if dec is None:
                    assert not e["REC"] and not e["REASON_PLACE_CHANGE"], e
                    assert r.end < eighteen, e  # looked after on 31 March only under 18
                    assert i == len(eps) - 1, e
                    continue
                assert r.start <= dec <= r.end, e
                assert dec > decom, e
                assert e["REC"], e
                assert dec <= eighteen, e
                if i + 1 < len(eps):
                    assert d(eps[i + 1]["DECOM"]) >= dec, ("overlap", e, eps[i + 1])
                if e["REC"] == "X1":
                    assert dec < eighteen, e
                    nxt = eps[i + 1]
                    assert d(nxt["DECOM"]) == dec, ("X1 chain broken", e, nxt)
                    assert nxt["RNE"] != "S", nxt
                    assert nxt["CIN"] == e["CIN"], "CIN fixed within a period of care"
                    assert nxt["HOME_POST"] == e["HOME_POST"]
                elif i + 1 < len(eps):
                    assert eps[i + 1]["RNE"] == "S", eps[i + 1]


def test_episode_changes_are_what_rne_says(returns):
    temporary_seen = 0
    for r in returns:
        for eps in r.by_child.values():
            for prev, nxt in zip(eps, eps[1:], strict=False):
                if prev["REC"] != "X1":
                    continue
                same_place = (prev["PLACE"], prev["PL_POST"], prev["URN"]) == (
                    nxt["PLACE"], nxt["PL_POST"], nxt["URN"]
                )  # fmt: skip
                if nxt["RNE"] == "L":  # legal status only: same placement
                    assert nxt["LS"] != prev["LS"] and same_place, (prev, nxt)
                if nxt["RNE"] in ("P", "T"):
                    assert nxt["LS"] == prev["LS"], (prev, nxt)
                if nxt["RNE"] in ("B", "U"):
                    assert nxt["LS"] != prev["LS"], (prev, nxt)
                if prev["PLACE"] in TEMPORARY:  # rule 383: back to the normal placement
                    temporary_seen += 1
                    before = eps[eps.index(prev) - 1] if eps.index(prev) > 0 else None
                    assert nxt["RNE"] == "P", (prev, nxt)
                    if before is not None and before["REC"] == "X1":
                        assert (nxt["PLACE"], nxt["PL_POST"]) == (
                            before["PLACE"], before["PL_POST"]
                        )  # fmt: skip
                moved = nxt["RNE"] in ("P", "T", "B", "U")
                temporary = prev["PLACE"] in TEMPORARY or nxt["PLACE"] in TEMPORARY
                if prev["REASON_PLACE_CHANGE"]:
                    assert moved and not temporary, (prev, nxt)
                    if prev["REASON_PLACE_CHANGE"] == "CUSTOD":
                        assert age_on(r.dob[prev["CHILD"]], d(prev["DEC"])) >= 10
                elif moved and not temporary:
                    raise AssertionError(("placement change without a reason", prev, nxt))
    assert temporary_seen > 0


def test_what_the_903_validator_checks(returns, postcodes):
    """Realistic returns pass DfE's validation: the rules the generator once broke."""
    own_provision = {"K1", "K2", "K3", "H5", "P2", "S1", "R3"}  # provider follows the setting
    supported_registered = date(2023, 10, 28)
    for r in returns:
        uasc = {u["CHILD"] for u in read(r.folder / "uasc.csv")}
        for child, eps in r.by_child.items():
            for i, e in enumerate(eps):
                place, prov, ls = e["PLACE"], e["PLACE_PROVIDER"], e["LS"]
                if prov == "PR3":  # 529: other public provision
                    assert place not in FOSTER | {"P1", "A3", "A4", "A5", "A6", "K1", "K2"}, e
                if prov == "PR1" and place in own_provision and e["PL_POST"]:  # 1015
                    assert postcodes[e["PL_POST"]]["utla"] == LA, e
                if place in ("H5", "P2") and e["URN"]:  # 222: registered from 2023
                    assert place == "H5" and year_end(r.label) >= 2024, e
                registered = year_end(r.label) >= 2024
                if place == "H5" and registered and (d(e["DEC"]) or r.end) > supported_registered:
                    in_england = postcodes.get(e["PL_POST"], {}).get("utla", "W")[0] == "E"
                    assert e["URN"] or not in_england, e  # 230: registered by 28/10/2023
                if ls in ("V3", "V4"):  # 384, 398, 420
                    assert place not in ("U1", "U4"), e
                    assert e["HOME_POST"] == e["PL_POST"] == "", e
                assert not (place == "P1" and ls == "V2"), e  # 378
                if child in uasc:
                    assert e["HOME_POST"] == "", e  # 406
                if i and e["RNE"] in ("P", "T", "B", "U"):  # 435, 436: something changed
                    fields = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")
                    assert [e[f] for f in fields] != [eps[i - 1][f] for f in fields], e
            # 361-364: how long a short emergency status lasts (an open one: to the year end)
            limits = {"L1": 3, "L2": 21, "L3": 7, "J2": 21}
            run_start = None
            for i, e in enumerate(eps):
                chained = i and eps[i - 1]["LS"] == e["LS"] and eps[i - 1]["DEC"] == e["DECOM"]
                if not chained:
                    run_start = d(e["DECOM"])
                if e["LS"] in limits:
                    end = d(e["DEC"]) or r.end
                    assert (end - run_start).days <= limits[e["LS"]], (r.label, e)
        for h in r.all_header:  # 393, 607, 628: motherhood for girls looked after
            girl = h["SEX"] in ("2", "F")
            assert h["MOTHER"] in (("0", "1") if girl and h["CHILD"] in r.by_child else ("",)), h
        for row in read(r.folder / "oc3.csv"):  # 132: F3/P3 until 2021-22, then F4-P5
            old = year_end(r.label) <= 2022
            assert row["ACTIV"] not in (("F4", "F5", "P4", "P5") if old else ("F3", "P3")), row


def test_short_breaks_are_many_short_episodes(returns):
    for r in returns:
        breaks = [e for e in r.episodes if e["LS"] in ("V3", "V4")]
        assert breaks, r.label
        assert all(e["RNE"] == "S" for e in breaks)
        assert {e["REC"] for e in breaks if e["REC"]} <= {"E8", "E4A"}
        children = {e["CHILD"] for e in breaks}
        assert 0.01 <= len(children) / len(r.header) <= 0.05, r.label
        assert len(breaks) / len(children) > 3  # a series of short breaks
        # short-break children are not otherwise looked after here
        assert all(e["LS"] in ("V3", "V4") for c in children for e in r.by_child[c]), r.label


def test_open_episodes_carry_over_to_next_return(returns):
    for last, this in zip(returns, returns[1:], strict=False):
        current = {(e["CHILD"], e["DECOM"]): e for e in this.episodes}
        for e in last.episodes:
            if e["DEC"]:
                continue
            again = current.get((e["CHILD"], e["DECOM"]))
            assert again is not None, (last.label, e)
            for field in ("RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "PL_POST", "URN"):
                assert again[field] == e[field], (field, e, again)
        dobs = {h["CHILD"]: (h["DOB"], h["ETHNIC"]) for h in last.header}
        for h in this.header:
            if h["CHILD"] in dobs:
                assert dobs[h["CHILD"]] == (h["DOB"], h["ETHNIC"])


def test_postcodes_are_in_the_directory_and_fictional(estate, returns, postcodes):
    out, _ = estate
    used = set()
    for r in returns:
        for e in r.episodes:
            for pc in (e["HOME_POST"], e["PL_POST"]):
                if pc:
                    assert pc in postcodes, pc
                    used.add(pc)
    assert len(postcodes) - len(used) >= 200  # a directory holds more than this LA uses
    real_areas = {"HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "B", "E", "N", "M", "L"}
    for pc, row in postcodes.items():
        assert re.fullmatch(r"[A-Z]{2}\d{1,2} \d[A-Z]{2}", pc), pc
        assert pc[:2] not in real_areas
        assert row["laua"] == row["utla"]
        assert row["utla"][0] in "EWS"
        assert 0 < int(row["oseast1m"]) < 700_000 and 0 < int(row["osnrth1m"]) < 1_000_000
    own = [row for row in postcodes.values() if row["utla"] == LA]
    east = [int(r["oseast1m"]) for r in own]
    assert max(east) - min(east) <= 20_000  # a ~20 km box


# ---------------------------------------------------------------- England-like figures


def test_children_looked_after_at_31_march(returns):
    for r in returns:
        assert 400 <= len(r.cla31()) <= 600, (r.label, len(r.cla31()))


def test_foster_share_at_31_march(returns):
    for r in returns:
        cla = r.cla31()
        foster = sum(e["PLACE"] in FOSTER for e in cla)
        assert 0.60 <= foster / len(cla) <= 0.78, (r.label, foster / len(cla))


def test_share_placed_outside_the_la(returns, postcodes):
    for r in returns:
        known = [e for e in r.cla31() if e["PL_POST"] in postcodes]
        outside = sum(postcodes[e["PL_POST"]]["utla"] != LA for e in known)
        assert 0.25 <= outside / len(known) <= 0.55, (r.label, outside / len(known))


def test_national_shape_over_the_years(returns):
    """Averages over 8 returns, against England (domain §2.3), with generous bounds."""
    cla = [e for r in returns for e in r.cla31()]
    share = lambda pred, rows: sum(map(pred, rows)) / len(rows)  # noqa: E731
    assert 0.65 <= share(lambda e: e["LS"] in ("C1", "C2", "E1", "D1"), cla) <= 0.85
    assert 0.12 <= share(lambda e: e["LS"] == "V2", cla) <= 0.28
    assert 0.03 <= share(lambda e: e["PLACE"] == "P1", cla) <= 0.10
    assert 0.08 <= share(lambda e: e["PLACE"] in ("K1", "K2", "K3", "H5"), cla) <= 0.22
    foster = [e for e in cla if e["PLACE"] in FOSTER]
    assert 0.12 <= share(lambda e: e["PLACE"] in ("U1", "U2", "U3"), foster) <= 0.30
    in_house = share(lambda e: e["PLACE_PROVIDER"] == "PR1", foster)
    assert 0.35 <= in_house <= 0.60
    leavers = [
        e for r in returns for e in r.episodes
        if e["REC"] not in ("", "X1") and e["LS"] not in ("V3", "V4")
    ]  # fmt: skip
    assert 0.04 <= share(lambda e: e["REC"] in ("E11", "E12"), leavers) <= 0.15
    assert 0.06 <= share(lambda e: e["REC"] in ("E45", "E46", "E47", "E48"), leavers) <= 0.18
    assert 0.20 <= share(lambda e: e["REC"] in ("E4A", "E4B", "E13"), leavers) <= 0.50
    starts = [
        e for r in returns for e in r.episodes
        if e["RNE"] == "S" and e["LS"] not in ("V3", "V4") and d(e["DECOM"]) >= r.start
    ]  # fmt: skip
    assert 0.3 <= len(starts) / len(cla) <= 0.55  # about 0.4 entries per child in care
    sexes = [h["SEX"] for r in returns for h in r.header]
    assert 0.50 <= share(lambda s: s in ("1", "M"), sexes) <= 0.62
    ethnic = [h["ETHNIC"] for r in returns for h in r.header]
    assert 0.62 <= share(lambda c: c.startswith("W"), ethnic) <= 0.80


def test_placement_moves_in_the_year(returns):
    """About 10% of children looked after at 31 March have 3+ placements in the year."""
    shares = []
    for r in returns:
        cla = {e["CHILD"] for e in r.cla31()}
        three = 0
        for child in cla:
            count = 0
            eps = r.by_child[child]
            for i, e in enumerate(eps):
                if d(e["DECOM"]) < r.start:
                    count += 1
                elif e["RNE"] in "SPTBU" and e["PLACE"] not in TEMPORARY:
                    back_from_temporary = i > 0 and eps[i - 1]["PLACE"] in TEMPORARY
                    count += not back_from_temporary
            three += count >= 3
        shares.append(three / len(cla))
    assert 0.05 <= sum(shares) / len(shares) <= 0.18, shares
