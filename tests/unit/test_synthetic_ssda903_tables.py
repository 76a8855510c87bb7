"""The synthetic estate's full 903 returns: every table, the XML form, monthly extracts.

Cohorts and rules are recomputed here from the episodes and the domain spec (§1.3-§1.6), not
from the generator's own helpers, so a generator bug cannot hide behind shared code.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from corporate_parenting.extract.readers import Delivery, Quarantined
from corporate_parenting.extract.ssda903_xml import read_xml_table
from corporate_parenting.ssda903_spec import TABLE_COLUMNS, tables_for_year
from corporate_parenting.synthetic import generate_estate

LA = "E06099001"
SHORT_BREAKS = ("V3", "V4")
RESIDENTIAL = {"K2", "H5", "K3", "P2"}
FOSTER = {"U1", "U2", "U3", "U4", "U5", "U6"}
SW_REASONS = {
    "MANAGE", "FCONTA", "ABSENC", "CHCHAN", "LEFTRL", "ORGRST", "TSPROC", "PCCHAN", "SWDIED",
    "OTHERS",
}  # fmt: skip
ACTIV = {
    "F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0", "",
}  # fmt: skip
ACCOM = {f"{x}{s}" for x in "BCDEGHKRSTUVWXYZ" for s in "12"} | {"0", ""}


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


def add_working_days(day: date, n: int) -> date:
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


class Return:
    """One annual return (or monthly extract) read back from its CSV files."""

    def __init__(self, folder: Path, start: date, end: date):
        self.folder, self.start, self.end = folder, start, end
        self.tables = {p.stem: read(p) for p in sorted(folder.glob("*.csv"))}
        self.dob = {h["CHILD"]: d(h["DOB"]) for h in self.tables["header"]}
        self.eps: dict[str, list[dict[str, str]]] = defaultdict(list)
        for e in sorted(self.tables["episodes"], key=lambda e: (e["CHILD"], d(e["DECOM"]))):
            self.eps[e["CHILD"]].append(e)

    def __getitem__(self, table: str) -> list[dict[str, str]]:
        return self.tables[table]

    def looked_after_on(self, child: str, day: date) -> dict[str, str] | None:
        """The (non short-break) episode the child is in on `day` (DECOM <= day < DEC)."""
        for e in self.eps.get(child, []):
            dec = d(e["DEC"])
            if e["LS"] not in SHORT_BREAKS and d(e["DECOM"]) <= day and (dec is None or dec > day):
                return e
        return None

    def cla_year(self) -> set[str]:
        return {c for c, eps in self.eps.items() if any(e["LS"] not in SHORT_BREAKS for e in eps)}

    def period_start(self, child: str, episode: dict[str, str]) -> date:
        """Start of the period of care `episode` belongs to (as far back as the return goes)."""
        eps = self.eps[child]
        i = eps.index(episode)
        while i > 0 and eps[i - 1]["REC"] == "X1" and eps[i - 1]["DEC"] == eps[i]["DECOM"]:
            i -= 1
        return d(eps[i]["DECOM"])

    def period_end(self, child: str, episode: dict[str, str]) -> date | None:
        eps = self.eps[child]
        i = eps.index(episode)
        while eps[i]["REC"] == "X1":
            i += 1
        return d(eps[i]["DEC"])


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    out = tmp_path_factory.mktemp("estate903")
    summary = generate_estate(out, seed=4, n_las=1, cla_per_la=150, years=3, months=2)
    return out, summary


@pytest.fixture(scope="module")
def returns(estate) -> list[Return]:
    out, _ = estate
    found = []
    for folder in sorted((out / LA / "ssda903").iterdir()):
        end = int(folder.name[:4]) + 1
        found.append(Return(folder / "csv", date(end - 1, 4, 1), date(end, 3, 31)))
    return found


@pytest.fixture(scope="module")
def months(estate) -> list[Return]:
    out, _ = estate
    found = []
    for folder in sorted((out / LA / "cms_monthly").iterdir()):
        y, m = map(int, folder.name.split("-"))
        first = date(y, m, 1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        found.append(Return(folder, date(y if m >= 4 else y - 1, 4, 1), last))
    return found


# ------------------------------------------------------------------ layout


def test_every_table_is_written_with_its_columns(estate, returns, months):
    out, _ = estate
    assert [r.folder.parent.name for r in returns] == ["2023-24", "2024-25", "2025-26"]
    for r in returns:
        expected = tables_for_year(r.end.year)
        assert set(r.tables) == set(expected), r.folder
        for table, columns in expected.items():
            first = (r.folder / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
            assert first == ",".join(columns), (r.folder, table)
        assert sorted(p.name for p in (r.folder.parent / "xml").iterdir()) == [
            f"ssda903_{r.folder.parent.name}.xml"
        ]
        assert sorted(p.name for p in r.folder.parent.iterdir()) == ["csv", "xml"]
    assert [m.folder.name for m in months] == ["2026-04", "2026-05"]
    for m in months:
        assert set(m.tables) == set(TABLE_COLUMNS) - {"oc2"}, m.folder
        for table, rows in m.tables.items():
            assert all(list(row) == list(TABLE_COLUMNS[table]) for row in rows[:1]), table
    older = generate_estate(out / "old", seed=4, n_las=1, cla_per_la=40, years=4, months=0)
    assert older.collection_years[0] == "2022-23"
    first_year = out / "old" / LA / "ssda903" / "2022-23" / "csv"
    assert (first_year / "episodes.csv").exists()
    assert not (first_year / "sw_episodes.csv").exists()  # from 2023-24 only
    assert (first_year.parent.parent / "2023-24" / "csv" / "sw_episodes.csv").exists()
    assert not (out / "old" / LA / "cms_monthly").exists()


def test_xml_form_reads_back_as_the_csv_rows(estate, returns):
    out, _ = estate
    for r in returns:
        label = r.folder.parent.name
        xml = r.folder.parent / "xml" / f"ssda903_{label}.xml"
        for table, columns in TABLE_COLUMNS.items():
            rows = list(read_xml_table(xml, xml.name, table, columns, Delivery()))
            assert not [x for x in rows if isinstance(x, Quarantined)], (label, table)
            # (the reader copies the header's DOB into every element, episodes too)
            assert all(set(x.extra) <= {"DOB"} for x in rows), (label, table)
            from_xml = [x.values for x in rows]
            assert from_xml == r.tables.get(table, []), (label, table)
        text = xml.read_text(encoding="utf-8")
        assert "<PL>" in text and "<PLACE>" not in text and "<CHILD>" in text


def test_rows_belong_to_children_in_the_header_with_its_dob(returns, months):
    for r in [*returns, *months]:
        for table, rows in r.tables.items():
            if table in ("header", "episodes", "oc3"):
                continue
            for row in rows:
                assert row["CHILD"] in r.dob, (table, row)
                assert d(row["DOB"]) == r.dob[row["CHILD"]], (table, row)
            assert len({tuple(row.values()) for row in rows}) == len(rows), ("duplicate", table)


# ------------------------------------------------------------------ OC2


def test_oc2_is_exactly_the_12_month_cohort(returns):
    for r in returns:
        cohort, cla31 = set(), set()
        for child, eps in r.eps.items():
            last = eps[-1]
            if last["DEC"] or last["LS"] in SHORT_BREAKS:
                continue  # not looked after at 31 March
            cla31.add(child)
            if r.period_start(child, last) <= r.start:
                cohort.add(child)
        oc2 = [row["CHILD"] for row in r["oc2"]]
        assert len(oc2) == len(set(oc2))
        assert set(oc2) == cohort, r.folder
        assert 0.55 <= len(cohort) / len(cla31) <= 0.85  # England about 70%
        others = {row["CHILD"] for row in r["oc3"]} | {row["CHILD"] for row in r["ad1"]}
        assert not cohort & others  # rule 187


def test_oc2_flags_follow_the_rules(returns):
    assessed = checked = under5 = sdq = too_young = boundary = 0
    rows = 0
    for r in returns:
        for row in r["oc2"]:
            rows += 1
            dob = r.dob[row["CHILD"]]
            age_end, age_start = age_on(dob, r.end), age_on(dob, r.start)
            for field in ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"):
                assert row[field] in ("0", "1"), row
            assert row["HEALTH_CHECK"] in (("0", "1") if age_end < 5 else ("",)), row  # 545/546
            assert row["CONVICTED"] in (("0", "1") if age_end >= 10 else ("",)), row  # 542/543
            if row["SUBSTANCE_MISUSE"] == "1":
                assert row["INTERVENTION_RECEIVED"] in ("0", "1"), row  # 192
                if row["INTERVENTION_RECEIVED"] == "1":
                    assert row["INTERVENTION_OFFERED"] == "", row  # 158
                else:
                    assert row["INTERVENTION_OFFERED"] in ("0", "1"), row
            else:
                assert row["INTERVENTION_RECEIVED"] == row["INTERVENTION_OFFERED"] == "", row
            eligible = age_start >= 4 and age_end <= 16
            if age_end < 4 or age_start >= 17:  # rules 188, 189
                assert row["SDQ_SCORE"] == row["SDQ_REASON"] == "", row
                too_young += age_end < 4
            elif row["SDQ_SCORE"]:
                assert eligible and 0 <= int(row["SDQ_SCORE"]) <= 40, row
                assert row["SDQ_REASON"] == "", row
                sdq += 1
            elif eligible:  # rule 157: no SDQ1 in the age range
                assert row["SDQ_REASON"] in ("SDQ2", "SDQ3", "SDQ4", "SDQ5"), row
            else:  # turned 4 or 17 in the year (rule 197B: a reason is due)
                assert row["SDQ_REASON"] == "SDQ1", row
                boundary += 1
            assessed += row["HEALTH_ASSESSMENT"] == "1"
            checked += row["TEETH_CHECK"] == "1"
            under5 += age_end < 5
    assert rows > 100
    assert 0.80 <= assessed / rows <= 0.98  # England about 90%
    assert 0.65 <= checked / rows <= 0.95
    assert under5 > 0 and sdq > 0 and too_young > 0 and boundary > 0


# ------------------------------------------------------------------ OC3


def test_oc3_is_care_leavers_on_a_birthday_in_the_year(returns):
    ages = Counter()
    for r in returns:
        seen = set()
        for row in r["oc3"]:
            assert row["CHILD"] not in seen
            seen.add(row["CHILD"])
            dob = d(row["DOB"])
            bdays = [
                (n, birthday(dob, n)) for n in range(17, 26)
                if r.start <= birthday(dob, n) <= r.end
            ]  # fmt: skip
            assert len(bdays) == 1, row
            age, bday = bdays[0]
            ages[age] += 1
            if row["CHILD"] in r.dob:
                assert r.dob[row["CHILD"]] == dob
            assert r.looked_after_on(row["CHILD"], bday) is None, ("in care on birthday", row)
            assert row["IN_TOUCH"] in ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"), row
            assert row["ACTIV"] in ACTIV and row["ACCOM"] in ACCOM, row
            if row["IN_TOUCH"] in ("DIED", "RHOM"):
                assert row["ACTIV"] == row["ACCOM"] == "0", row  # 344
            elif row["IN_TOUCH"] == "YES":
                assert row["ACTIV"] not in ("", "0") and row["ACCOM"] not in ("", "0"), row  # 345
            if age == 17:
                assert not row["ACCOM"].startswith(("T", "Z")), row  # 347, 3001
    assert all(ages[a] > 0 for a in range(17, 22)), ages
    assert sum(ages[a] for a in range(22, 26)) < sum(ages[a] for a in range(17, 22))


# ------------------------------------------------------------------ reviews, missing


def test_reviews_are_while_looked_after_and_coded_by_age(returns):
    codes = Counter()
    first_on_time = first_total = 0
    for r in returns:
        for row in r["reviews"]:
            day, child = d(row["REVIEW"]), row["CHILD"]
            assert r.start <= day <= r.end
            episode = r.looked_after_on(child, day)
            assert episode is not None, ("review while not looked after (or V3/V4)", row)
            age = age_on(r.dob[child], day)
            assert (row["REVIEW_CODE"] == "PN0") == (age < 4), row  # rule 440
            assert re.fullmatch("PN[0-7]", row["REVIEW_CODE"]), row
            codes[row["REVIEW_CODE"]] += 1
        reviews = defaultdict(list)
        for row in r["reviews"]:
            reviews[row["CHILD"]].append(d(row["REVIEW"]))
        for child, eps in r.eps.items():
            for e in eps:
                start = d(e["DECOM"])
                if e["RNE"] != "S" or e["LS"] in SHORT_BREAKS or start < r.start:
                    continue
                due = add_working_days(start, 20)
                end = r.period_end(child, e)
                late = due + timedelta(days=60)
                if late > r.end or (end is not None and end <= late):
                    continue
                first = min((x for x in reviews[child] if x > start), default=None)
                assert first is not None, ("no first review", child, e)
                first_total += 1
                first_on_time += first <= due
    assert codes.most_common(1)[0][0] in ("PN1", "PN0")
    assert codes["PN1"] == max(v for k, v in codes.items() if k != "PN0")
    assert codes["PN7"] / sum(v for k, v in codes.items() if k != "PN0") < 0.1
    assert first_total > 10 and first_on_time / first_total >= 0.7


def test_missing_incidents_are_while_looked_after_and_skewed_to_teenagers(returns):
    missing_children = cla = incidents = away = teen = carried = 0
    resi_children, resi_missing, foster_children, foster_missing = set(), set(), set(), set()
    for r in returns:
        cla_year = r.cla_year()
        cla += len(cla_year)
        by_child = Counter()
        for row in r["missing"]:
            child, start, end = row["CHILD"], d(row["MIS_START"]), d(row["MIS_END"])
            assert row["MISSING"] in ("M", "A"), row
            assert start <= r.end, row
            if start < r.start:  # open when last year's return was made: reported again (576)
                assert end is None or end >= r.start, row
                carried += 1
            episode = r.looked_after_on(child, start)
            assert episode is not None, ("missing while not looked after", row)
            if end is None:
                assert start > r.end - timedelta(days=61), ("open but long ago", row)
                period_end = r.period_end(child, episode)
                assert period_end is None or period_end > r.end, row
            else:
                assert start <= end <= r.end, row
                period_end = r.period_end(child, episode)
                assert period_end is None or end <= period_end, ("after leaving care", row)
            by_child[child] += 1
            away += row["MISSING"] == "A"
            teen += age_on(r.dob[child], start) >= 12
        incidents += sum(by_child.values())
        missing_children += len(by_child)
        for child in cla_year:
            if age_on(r.dob[child], r.end) < 12:
                continue
            places = {e["PLACE"] for e in r.eps[child]}
            if places & RESIDENTIAL:
                resi_children.add((r.start, child))
                if child in by_child:
                    resi_missing.add((r.start, child))
            elif places <= FOSTER:
                foster_children.add((r.start, child))
                if child in by_child:
                    foster_missing.add((r.start, child))
    assert 0.06 <= missing_children / cla <= 0.16, missing_children / cla
    assert 4 <= incidents / missing_children <= 10
    assert 0.2 <= away / incidents <= 0.5
    assert teen / incidents >= 0.8
    assert carried < 0.05 * incidents
    # teenagers in residential care go missing far more often than those in foster homes
    assert len(resi_missing) / len(resi_children) > 2 * len(foster_missing) / len(foster_children)


# ------------------------------------------------------------------ UASC, adoption, permanence


def test_uasc_rows(returns):
    total = 0
    for r in returns:
        sexes = {h["CHILD"]: h["SEX"] for h in r["header"]}
        for row in r["uasc"]:
            total += 1
            assert row["SEX"] == sexes[row["CHILD"]], row
            duc, eighteen = d(row["DUC"]), birthday(r.dob[row["CHILD"]], 18)
            # the day UASC status ceases: the 18th birthday until it ceased earlier (205B)
            assert duc is not None and duc <= eighteen, row  # rule 304
            assert duc >= r.start, row  # rule 104: not before the year
            if duc != eighteen:
                assert duc <= r.end, row
        assert all(row["SEX"] in ("1", "2") for row in r["uasc"]) or r.end.year >= 2025
    assert total > 0


def test_adoption_tables_are_consistent(returns):
    adopted = reversed_ = 0
    for r in returns:
        placed = defaultdict(list)
        for row in r["placed_for_adoption"]:
            decided, ceased = d(row["DATE_PLACED"]), d(row["DATE_PLACED_CEASED"])
            assert decided <= r.end, row
            assert bool(ceased) == bool(row["REASON_PLACED_CEASED"]), row
            if ceased:
                assert r.start <= ceased <= r.end and decided < ceased, row  # 117, 118
                assert row["REASON_PLACED_CEASED"] in ("RD1", "RD2", "RD3", "RD4"), row
                reversed_ += 1
            placed[row["CHILD"]].append(decided)
        ceased_adopted = {
            e["CHILD"]: e for e in r["episodes"] if e["REC"] in ("E11", "E12")
        }  # fmt: skip
        assert {row["CHILD"] for row in r["ad1"]} == set(ceased_adopted)
        for row in r["ad1"]:
            adopted += 1
            child = row["CHILD"]
            date_int, date_match = d(row["DATE_INT"]), d(row["DATE_MATCH"])
            assert date_int < date_match < d(ceased_adopted[child]["DEC"]), row
            assert date_int in placed[child], ("AD1 decision not in placed_for_adoption", row)
            a_place = [e for e in r.eps[child] if e["PLACE"] in ("A3", "A4", "A5", "A6")]
            if a_place:
                assert date_match < d(a_place[0]["DECOM"]), row
                with_carer = a_place[0]["PLACE"] in ("A3", "A5")
                assert row["FOSTER_CARE"] == ("1" if with_carer else "0"), row
            nb, sex, ls = row["NB_ADOPTR"], row["SEX_ADOPTR"], row["LS_ADOPTR"]
            if nb == "1":
                assert sex in ("M1", "F1") and ls == "L0", row
            else:
                assert nb == "2" and sex in ("MF", "MM", "FF"), row
                assert ls in (("L11", "L3") if sex == "MF" else ("L12", "L2", "L4")), row
    assert adopted > 0 and reversed_ > 0


def test_previous_permanence_for_every_child_starting_care(returns):
    perms = Counter()
    for r in returns:
        starters = {
            e["CHILD"] for e in r["episodes"]
            if e["RNE"] == "S" and e["LS"] not in SHORT_BREAKS and d(e["DECOM"]) >= r.start
        }  # fmt: skip
        rows = r["previous_permanence"]
        assert sorted(row["CHILD"] for row in rows) == sorted(starters)
        for row in rows:
            perms[row["PREV_PERM"]] += 1
            assert row["PREV_PERM"] in ("P1", "P2", "P3", "P4", "Z1"), row
            if row["PREV_PERM"] == "Z1":
                assert row["DATE_PERM"] == row["LA_PERM"] == "", row
            else:  # an order (P4: of unknown kind) says where and when, as known (630)
                assert re.fullmatch(r"(\d\d|zz)/(\d\d|zz)/(\d{4}|zzzz)", row["DATE_PERM"]), row
                # a DfE LA number (the fictional neighbours' 801-807), outside England, or
                # not known (633)
                assert re.fullmatch(r"80[1-7]|WAL|SCO|NUK", row["LA_PERM"]), row
    assert perms["Z1"] / sum(perms.values()) >= 0.7
    assert sum(perms[p] for p in ("P1", "P2", "P3", "P4")) > 0


# ------------------------------------------------------------------ social workers


def test_social_worker_episodes(returns):
    workers = set()
    changes = []
    for r in returns:
        by_child = defaultdict(list)
        for row in r["sw_episodes"]:
            assert re.fullmatch(r"SW\d{6}", row["SW_ID"]), row
            assert row["SW_REASON"] in SW_REASONS, row
            workers.add(row["SW_ID"])
            by_child[row["CHILD"]].append(row)
        assert r.cla_year() <= set(by_child), "a child looked after without a social worker"
        for _child, rows in by_child.items():
            for i, row in enumerate(rows):
                decom, dec = d(row["SW_DECOM"]), d(row["SW_DEC"])
                assert decom <= r.end and (dec is None or r.start <= dec <= r.end), row
                assert dec is None or dec > decom, row
                if dec is None:
                    assert i == len(rows) - 1, row
                elif i + 1 < len(rows):
                    following = d(rows[i + 1]["SW_DECOM"])
                    assert following >= dec, ("overlap", row, rows[i + 1])
                    if following == dec:
                        assert rows[i + 1]["SW_ID"] != row["SW_ID"], rows[i + 1]
                        assert rows[i + 1]["SW_REASON"] != "FCONTA", rows[i + 1]
                        changes.append((dec - decom).days)
    assert 20 <= len(workers) <= 40
    assert 240 <= sorted(changes)[len(changes) // 2] <= 550  # a change every 9-18 months


# ------------------------------------------------------------------ monthly extracts


def test_monthly_extracts_grow_month_by_month(returns, months):
    last_year = returns[-1]
    first = months[0]
    for e in last_year["episodes"]:
        if not e["DEC"]:  # open at 31 March: still there in April's extract
            assert any(x["DECOM"] == e["DECOM"] for x in first.eps[e["CHILD"]]), e
    for m in months:
        for e in m["episodes"]:
            assert d(e["DECOM"]) <= m.end, e
            dec = d(e["DEC"])
            assert dec is None or m.start <= dec <= m.end, e
            if dec is None:
                assert e["REC"] == e["REASON_PLACE_CHANGE"] == "", e
        oc3 = {r["CHILD"] for r in m["oc3"]}
        assert {h["CHILD"] for h in m["header"]} == set(m.eps) | oc3
        for table, column in (("reviews", "REVIEW"), ("missing", "MIS_START")):
            assert all(m.start <= d(x[column]) <= m.end for x in m[table]), table
        assert all(not x["MIS_END"] or d(x["MIS_END"]) <= m.end for x in m["missing"])
        assert all(not x["SW_DEC"] or d(x["SW_DEC"]) <= m.end for x in m["sw_episodes"])
    for earlier, later in zip(months, months[1:], strict=False):
        now = {(e["CHILD"], e["DECOM"]): e for e in later["episodes"]}
        for e in earlier["episodes"]:
            again = now.get((e["CHILD"], e["DECOM"]))
            assert again is not None, ("episode lost", e)
            if e["DEC"]:
                assert again == e
            else:
                ending = ("DEC", "REC", "REASON_PLACE_CHANGE")
                assert {k: v for k, v in again.items() if k not in ending} == {
                    k: v for k, v in e.items() if k not in ending
                }
        for table, key in (
            ("reviews", ("CHILD", "REVIEW", "REVIEW_CODE")),
            ("missing", ("CHILD", "MIS_START", "MISSING")),
            ("previous_permanence", ("CHILD", "PREV_PERM", "DATE_PERM")),
            ("sw_episodes", ("CHILD", "SW_ID", "SW_DECOM")),
        ):
            keys = {tuple(x[k] for k in key) for x in later[table]}
            assert all(tuple(x[k] for k in key) in keys for x in earlier[table]), table
        assert len(later["episodes"]) > len(earlier["episodes"])


# ------------------------------------------------------------------ what was written


def test_written_tally_counts_every_file_and_row(tmp_path):
    from corporate_parenting.synthetic import ssda903 as sim
    from corporate_parenting.synthetic.context import LaContext, months_after

    cyears = sim.collection_years(2, 2026)
    in_year = months_after(2026, 3)
    estate = sim._build_estate(5, 1, 60)
    la = estate.las[0]
    start = date(2026 - 2 - sim.BURN_IN_YEARS, 4, 1).toordinal()
    children = sim._LASim(estate, la, 5, start, in_year[-1].last).run()
    ctx = LaContext(5, la, estate, children, cyears, in_year)
    written = sim._write_la(tmp_path, ctx, sim._Dates())
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    rows = 0
    for p in files:
        text = p.read_text(encoding="utf-8")
        if p.suffix == ".csv":
            rows += len(text.splitlines()) - 1
        else:
            elements = "|".join(
                ("HEADER", "EPISODE", "AREVIEW", "UASC", "OC2", "OC3", "AD1", "AD_PLACED")
                + ("PERMANENCE", "AMISSING", "SWEPISODE")
            )
            rows += len(re.findall(rf"^    <({elements})>", text, flags=re.M))
    # two annual returns (CSV files and one XML each), three 2026-27 extracts (no OC2)
    monthly = len(tables_for_year(2027)) - 1
    assert written.files == len(files) == 2 * (len(tables_for_year(2026)) + 1) + 3 * monthly
    assert written.rows == rows > 0


def test_xml_writer_escapes_and_keeps_blank_fields(tmp_path):
    from corporate_parenting.synthetic.ssda903_xml_writer import write_xml

    header = TABLE_COLUMNS["header"]
    missing = TABLE_COLUMNS["missing"]
    rows = {
        "header": (header, [("A&1", "F", "01/02/2010", "WBRI", "UN2", "0", "")]),
        "missing": (missing, [("A&1", "01/02/2010", "M", "03/04/2025", "")]),
        "oc3": (TABLE_COLUMNS["oc3"], [("B<2", "05/06/2004", "NO", "", "")]),
    }
    path = tmp_path / "r.xml"
    assert write_xml(path, rows, la_number="901", year_end=2025) == 3
    for table, (columns, expected) in rows.items():
        got = [r.values for r in read_xml_table(path, "r.xml", table, columns, Delivery())]
        assert got == [dict(zip(columns, row, strict=True)) for row in expected], table
