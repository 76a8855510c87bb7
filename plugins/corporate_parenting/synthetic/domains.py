"""The local source systems beside the 903 return: Virtual School, health, leaving care, voice.

They describe the same simulated children as the 903 return, under the same case-management
child ID, so the warehouse can join them after pseudonymisation:

- Virtual School (an ePEP system's termly CSV export): the pupil roll with SEN, PEPs and their
  quality rating, attendance, suspensions and permanent exclusions, KS2 and KS4 results,
  school moves (following placement moves), post-16 destinations.
- Health (the LAC health team's tracker workbook, XLSX): initial and review health
  assessments, dental checks, immunisations, SDQ scores by informant, CAMHS referrals. The
  903 OC2 flags are written from the same events (synthetic/outcomes.py).
- Leaving care (the care-leaver service's database, SQLite here): young people, personal
  advisers, pathway plans, contacts, accommodation with suitability, activity, staying put.
  The 903 OC3 statuses are the same facts on each birthday.
- Voice (survey-tool CSV exports, anonymous): children in care council and care-leaver
  surveys, foster carers' feedback, and the IRO annual report's figures.

Layouts: source_layouts.py. Nothing here is about a real person, school or provider.
"""

from __future__ import annotations

import csv
import math
import sqlite3
from datetime import date
from pathlib import Path

from corporate_parenting import source_layouts as layouts
from corporate_parenting.synthetic.context import LaContext
from corporate_parenting.synthetic.outcomes import age_on, birthday, stream
from corporate_parenting.synthetic.written import Written
from corporate_parenting.synthetic.xlsx import write_workbook

_ORD = date.toordinal
_TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})


def _d(o: int | None) -> str:
    """dd/mm/yyyy, as the CSV exports write dates."""
    if o is None:
        return ""
    x = date.fromordinal(o)
    return f"{x.day:02d}/{x.month:02d}/{x.year}"


def _iso(o: int | None) -> str | None:
    return None if o is None else date.fromordinal(o).isoformat()


def _write_csv(path: Path, columns, rows, encoding: str = "utf-8") -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return len(rows)


def _weighted(rng, spec: str) -> str:
    items = [(k, float(v)) for k, v in (i.rsplit(":", 1) for i in spec.split("|"))]
    pick = rng.random() * sum(w for _, w in items)
    for k, w in items:
        pick -= w
        if pick < 0:
            return k
    return items[-1][0]


def write_domains(out_dir: Path, ctx: LaContext) -> Written:
    written = Written()
    written += write_virtual_school(out_dir, ctx)
    written += write_health(out_dir, ctx)
    written += write_leaving_care(out_dir, ctx)
    written += write_voice(out_dir, ctx)
    return written


# ======================================================================= Virtual School

TERMS = (("T1", 9, 1, 12, 31), ("T2", 1, 1, 3, 31), ("T3", 4, 1, 7, 31))
CENSUS = {"T1": (10, 2), "T2": (1, 16), "T3": (5, 15)}  # month, day of the school census


def academic_terms(first_day: int, last_day: int):
    """(academic year 2025-26, term T1-T3, first, last) of every term ending in the range."""
    start = date.fromordinal(first_day)
    year = start.year - 1
    out = []
    while True:
        for term, m1, d1, m2, d2 in TERMS:
            y1 = year if term == "T1" else year + 1
            first, last = _ORD(date(y1, m1, d1)), _ORD(date(y1, m2, d2))
            if last < first_day:
                continue
            if last > last_day:
                return out
            out.append((f"{year}-{(year + 1) % 100:02d}", term, first, last))
        year += 1


def nc_year(dob: date, academic_year_start: int) -> int:
    """National curriculum year: 0 = reception (age 4 on 31 August), 1..13."""
    return age_on(dob, _ORD(date(academic_year_start, 8, 31))) - 4


def _nc_label(nc: int) -> str:
    return "R" if nc == 0 else str(nc)


class _Schools:
    """Fictional schools (6-digit URNs) in each English area; none outside England."""

    def __init__(self, ctx: LaContext):
        self.by_letters = {}
        for i, area in enumerate(ctx.estate.all_areas()):
            self.by_letters[area.letters] = (i, area)

    def school(self, postcode: str, phase: str, pick: int) -> str:
        letters = "".join(ch for ch in postcode.split(" ")[0] if ch.isalpha()) if postcode else ""
        found = self.by_letters.get(letters)
        if found is None or not found[1].england:
            return ""
        index, _ = found
        offset = {"primary": 0, "secondary": 40, "post16": 52, "special": 56}[phase]
        size = {"primary": 40, "secondary": 12, "post16": 4, "special": 4}[phase]
        return str(100_000 + index * 64 + offset + pick % size)


def _phase(nc: int, special: bool) -> str:
    if special and nc <= 11:
        return "special"
    return "primary" if nc <= 6 else ("secondary" if nc <= 11 else "post16")


class _SchoolHistory:
    """Which school a child attends while looked after, and the moves between schools."""

    def __init__(self, ctx: LaContext, schools: _Schools, child, special: bool):
        rng = stream("school", ctx.seed, ctx.la.code, child.cid)
        self.spans: list[tuple[int, int, str]] = []  # (from, to, URN)
        self.moves: list[tuple[int, str, str, str]] = []  # (date, from, to, reason)
        facts = ctx.facts(child)
        home_post = child.home or (ctx.la.pool[0] if ctx.la.pool else "")
        for period in facts.periods:
            current, since, phase = "", period.start, ""
            for ep in period.episodes:
                if ep.place in _TEMPORARY:
                    continue
                day = ep.decom
                ay = date.fromordinal(day).year - (date.fromordinal(day).month < 9)
                nc = nc_year(child.dob, ay)
                if nc < 0:
                    continue
                new_phase = _phase(nc, special)
                post = ep.post or home_post
                if not current or new_phase != phase:
                    if current:
                        self.spans.append((since, day - 1, current))
                    current = schools.school(post, new_phase, rng.randrange(1000))
                    since, phase = day, new_phase
                    continue
                candidate = schools.school(post, phase, rng.randrange(1000))
                same_area = candidate[:-2] == current[:-2] if candidate and current else False
                p_move = 0.12 if same_area else 0.8
                if candidate and candidate != current and rng.random() < p_move:
                    move = day + rng.randint(0, 21)
                    if move < period.end:
                        self.spans.append((since, move - 1, current))
                        self.moves.append((move, current, candidate, "PLACEMENT"))
                        current, since = candidate, move
            if current:
                self.spans.append((since, period.end - 1, current))
        # A few moves for other reasons (managed moves, needs).
        for i, (a, b, urn) in enumerate(list(self.spans)):
            if b - a > 200 and rng.random() < 0.04 and urn:
                move = a + rng.randint(60, b - a - 30)
                other = str(int(urn[:-2]) * 100 + (int(urn[-2:]) + 1 + rng.randrange(3)) % 40)
                reason = "EXCLUSION" if rng.random() < 0.4 else "NEEDS"
                self.spans[i] = (a, move - 1, urn)
                self.spans.append((move, b, other))
                self.moves.append((move, urn, other, reason))
        self.spans.sort()
        self.moves.sort()

    def school_on(self, day: int) -> str:
        for a, b, urn in self.spans:
            if a <= day <= b:
                return urn
        return ""


def write_virtual_school(out_dir: Path, ctx: LaContext) -> Written:
    written = Written()
    first_day, last_day = ctx.years[0][1], ctx.as_at
    schools = _Schools(ctx)
    la_dir = out_dir / ctx.la.code / "virtual_school"
    pep_seq = 0
    histories: dict[str, _SchoolHistory] = {}
    traits: dict[str, tuple] = {}

    def child_traits(child):
        found = traits.get(child.cid)
        if found is None:
            rng = stream("vs-traits", ctx.seed, ctx.la.code, child.cid)
            r = rng.random()
            sen = "E" if r < 0.27 else ("K" if r < 0.55 else "N")
            need = _weighted(
                rng, "SEMH:45|MLD:12|ASD:12|SLCN:10|SPLD:6|SLD:4|PD:3|HI:1|VI:1|OTH:3|PMLD:1"
            )
            absence = min(rng.lognormvariate(-2.9, 0.8), 0.9)
            found = traits[child.cid] = (sen, need, absence, rng.randint(200, 2000))
        return found

    for ay, term, t_first, t_last in academic_terms(first_day, last_day):
        ay_start = int(ay[:4])
        census = _ORD(date(ay_start + (term != "T1"), *CENSUS[term]))
        rows = {name: [] for name in layouts.VIRTUAL_SCHOOL}
        for child in ctx.children:
            facts = ctx.facts(child)
            if not facts.periods or facts.periods[-1].end < t_first:
                continue
            nc = nc_year(child.dob, ay_start)
            if not 0 <= nc <= 13:
                continue
            in_term = [p for p in facts.periods if p.start <= t_last and p.end > t_first]
            if not in_term:
                continue
            days_in = sum(min(p.end - 1, t_last) - max(p.start, t_first) + 1 for p in in_term)
            sen, need, absence, ehcp_age_days = child_traits(child)
            history = histories.get(child.cid)
            if history is None:
                history = histories[child.cid] = _SchoolHistory(ctx, schools, child, sen == "E")
            rng = stream("vs", ctx.seed, ctx.la.code, child.cid, ay, term)
            upn = child.upn
            cid = child.cid
            school = history.school_on(max(census, in_term[0].start)) or history.school_on(
                in_term[0].start
            )
            ehcp_start = ""
            if sen == "E":
                ehcp_start = _d(max(child.dob_ord + 365 * 3, child.dob_ord + ehcp_age_days * 2))
            if facts.looked_after_on(census) or rng.random() < 0.5:
                rows["pupils"].append(
                    (
                        cid,
                        upn,
                        _d(census),
                        school,
                        _nc_label(nc),
                        sen,
                        ehcp_start,
                        need if sen != "N" else "",
                    )
                )
            # A PEP each term (statutory termly review) for most children in care long
            # enough in the term.
            if days_in >= 20 and rng.random() < 0.93:
                pep_day = _day_in(rng, in_term, t_first, t_last)
                pep_seq += 1
                rating = _weighted(rng, "GREEN:66|AMBER:24|RED:5|:5")
                qa_day = pep_day + rng.randint(5, 30) if rating else None
                if qa_day is not None and qa_day > ctx.as_at:
                    rating, qa_day = "", None
                rows["peps"].append(
                    (f"PEP{pep_seq:07d}", cid, upn, _d(pep_day), rating, _d(qa_day))
                )
            # Attendance: compulsory school age (Y1-Y11), sessions while looked after.
            if 1 <= nc <= 11 and school:
                possible = round(2 * 5 / 7 * days_in * 0.88)
                if possible > 0:
                    rate = min(max(rng.gauss(absence, absence / 3), 0.0), 0.95)
                    absent = round(possible * rate)
                    unauthorised = round(absent * rng.uniform(0.1, 0.6))
                    rows["attendance"].append(
                        (
                            cid,
                            upn,
                            school,
                            _d(max(t_first, in_term[0].start)),
                            _d(min(t_last, in_term[-1].end - 1)),
                            possible,
                            possible - absent,
                            absent - unauthorised,
                            unauthorised,
                        )
                    )
                # Suspensions (more likely with SEMH and from Y7), rare permanent exclusions.
                p_susp = (0.012 + 0.05 * (nc >= 7) + 0.03 * (need == "SEMH")) * days_in / 90
                for _ in range(3):
                    if rng.random() < p_susp:
                        day = _day_in(rng, in_term, t_first, t_last)
                        rows["exclusions"].append(
                            (
                                cid,
                                upn,
                                school,
                                "SUSPENSION",
                                _d(day),
                                rng.choice((1, 1, 2, 2, 3, 4, 6, 10)),
                                _weighted(rng, EXCLUSION_REASONS),
                            )
                        )
                if nc >= 5 and rng.random() < 0.0012 * days_in / 90:
                    day = _day_in(rng, in_term, t_first, t_last)
                    rows["exclusions"].append(
                        (
                            cid,
                            upn,
                            school,
                            "PERMANENT",
                            _d(day),
                            "",
                            _weighted(rng, "DB:4|PA:3|OW:2|DA:1"),
                        )
                    )
            # Results: KS2 at the end of Y6 (summer term), KS4 of Y11 reported in the autumn.
            if term == "T3" and nc == 6:
                rows["attainment"].append(_ks2(facts, cid, upn, ay, rng))
            if term == "T1" and nc == 12:
                prev = f"{ay_start - 1}-{ay_start % 100:02d}"
                rows["attainment"].append(_ks4(facts, cid, upn, prev, rng))
            for move_day, from_urn, to_urn, reason in history.moves:
                if t_first <= move_day <= t_last:
                    rows["school_moves"].append((cid, upn, _d(move_day), from_urn, to_urn, reason))
            if nc >= 12 and days_in >= 20:
                destination = _weighted(rng, "FTE:68|APPR:6|EMPT:4|TRAIN:5|NEET:13|UNKNOWN:4")
                rows["post16"].append(
                    (cid, upn, _d(_day_in(rng, in_term, t_first, t_last)), nc, destination)
                )
        folder = la_dir / f"{ay}-{term}"
        for name, layout in layouts.VIRTUAL_SCHOOL.items():
            written.add(_write_csv(folder / f"{name}.csv", layout.columns, rows[name]))
    return written


EXCLUSION_REASONS = (
    "DB:38|VA:14|PA:8|VP:8|PP:9|OW:3|BU:3|RA:1|DA:3|DM:3|TH:1|MT:2|SM:1|LG:1|DS:1|OT:4"
)


def _day_in(rng, periods, first: int, last: int) -> int:
    """A day within [first, last] on which one of the periods is running."""
    p = periods[rng.randrange(len(periods))]
    a, b = max(p.start, first), min(p.end - 1, last)
    return rng.randint(a, b) if b >= a else a


def _ks2(facts, cid, upn, ay, rng):
    ability = facts.ability
    subject = [rng.random() < _logistic(1.3 * ability + 0.35 + rng.gauss(0, 0.4)) for _ in range(3)]
    return (cid, upn, ay, "KS2", *(int(s) for s in subject), "", "", "")


def _ks4(facts, cid, upn, ay, rng):
    a8 = min(max(rng.gauss(20 + 13 * facts.ability, 6), 0.0), 85.0)
    english = max(0, min(9, round(a8 / 10 + rng.gauss(0, 1))))
    maths = max(0, min(9, round(a8 / 10 + rng.gauss(-0.3, 1))))
    return (cid, upn, ay, "KS4", "", "", "", f"{a8:.1f}", _gcse(english), _gcse(maths))


def _gcse(grade: int) -> str:
    return "U" if grade == 0 else str(grade)


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


# ================================================================================ Health


def write_health(out_dir: Path, ctx: LaContext) -> Written:
    """One year-end workbook per past collection year; one a month for the year in progress."""
    written = Written()
    deliveries = [(label, ys, ye, ye) for label, ys, ye in ctx.years]
    if ctx.months:
        ys = ctx.months[0].first
        ye = _ORD(date(date.fromordinal(ys).year + 1, 3, 31))
        label = f"{date.fromordinal(ys).year}-{date.fromordinal(ye).year % 100:02d}"
        deliveries += [(label, ys, ye, m.last) for m in ctx.months]
    for label, ys, ye, as_at in deliveries:
        month = date.fromordinal(as_at).strftime("%Y-%m")
        sheets = {name: [] for name in layouts.HEALTH}
        for child in ctx.children:
            facts = ctx.facts(child)
            if not facts.periods or facts.periods[-1].end <= ys or facts.periods[0].start > as_at:
                continue
            hy = facts.health_year(label, ys, ye)
            nhs = facts.nhs_number
            cid = child.cid
            under5 = age_on(child.dob, ye) < 5
            for kind, requested, due, done in hy.assessments:
                if requested > as_at:
                    continue
                completed = done if done is not None and done <= as_at else None
                check = ("Y" if hy.development_check_up_to_date else "N") if under5 else ""
                sheets["health_assessments"].append(
                    (cid, nhs, kind, _dt(requested), _dt(due), _dt(completed), check)
                )
            for day in hy.dental:
                if day <= as_at:
                    sheets["dental_checks"].append((cid, nhs, _dt(day)))
            for day, up_to_date in hy.immunisation_reviews:
                if day <= as_at:
                    sheets["immunisations"].append((cid, nhs, _dt(day), "Y" if up_to_date else "N"))
            for day, informant, score in hy.sdq:
                if day <= as_at:
                    sheets["sdq"].append((cid, nhs, _dt(day), informant, score))
            for referred, outcome, first in hy.camhs:
                if referred <= as_at:
                    seen = first if first is not None and first <= as_at else None
                    sheets["camhs_referrals"].append((cid, nhs, _dt(referred), outcome, _dt(seen)))
        path = out_dir / ctx.la.code / "health" / month / f"lac_health_{month}.xlsx"
        rows = _write_workbook(path, sheets)
        written.add(rows)
    return written


def _dt(o: int | None) -> date | None:
    return None if o is None else date.fromordinal(o)


def _write_workbook(path: Path, sheets: dict[str, list]) -> int:
    return write_workbook(
        path, {n: (layouts.HEALTH[n].columns, rows) for n, rows in sheets.items()}
    )


# ========================================================================== Leaving care

LEAVING_CARE_DDL = """
create table young_people (
    person_id text primary key, date_of_birth date not null, eligibility text not null,
    left_care_date date, personal_adviser_id text, pa_allocated_date date);
create table pathway_plans (
    plan_id integer primary key, person_id text not null references young_people,
    plan_date date not null, review_due_date date);
create table contacts (
    contact_id integer primary key, person_id text not null references young_people,
    contact_date date not null, in_touch text not null);
create table accommodation (
    accommodation_id integer primary key, person_id text not null references young_people,
    start_date date not null, end_date date, accommodation_type text not null,
    suitable integer not null);
create table activity (
    activity_id integer primary key, person_id text not null references young_people,
    start_date date not null, end_date date, activity_code text not null);
create table staying_put (
    arrangement_id integer primary key, person_id text not null references young_people,
    start_date date not null, end_date date);
"""


def write_leaving_care(out_dir: Path, ctx: LaContext) -> Written:
    """The care-leaver service's database as at the estate's last day."""
    as_at = ctx.as_at
    first_day = ctx.years[0][1]
    tables = {name: [] for name in layouts.LEAVING_CARE}
    for child in sorted(ctx.children, key=lambda c: c.cid):
        facts = ctx.facts(child)
        leaver = facts.care_leaver
        if leaver is None:
            continue
        b16, b26 = _ORD(birthday(child.dob, 16)), _ORD(birthday(child.dob, 26))
        last = facts.periods[-1]
        # On the service's books from 16 while still in care (eligible), until 25; the
        # extract holds those the service worked with in the years the estate covers.
        worked_with = last.end >= first_day or any(
            y.birthday >= first_day and (y.age <= 21 or y.requested_support) for y in leaver.years
        )
        if b16 > as_at or b26 <= first_day or last.start > as_at or not worked_with:
            continue
        rng = stream("leaving-care", ctx.seed, ctx.la.code, child.cid)
        left = leaver.left_care if leaver.left_care <= as_at else None
        eligibility = leaver.eligibility if left is not None else "eligible"
        pa = leaver.pa_allocated if leaver.pa_allocated and leaver.pa_allocated <= as_at else None
        pid = child.cid
        tables["young_people"].append(
            (
                pid,
                child.dob.isoformat(),
                eligibility,
                _iso(left),
                leaver.pa_id if pa else None,
                _iso(pa),
            )
        )
        # Pathway plans: from about 16, reviewed every six months, some late.
        day = max(b16, last.start) + rng.randint(20, 90)
        supported_beyond_21 = any(y.age > 21 and y.requested_support for y in leaver.years)
        end = min(as_at, b26 if supported_beyond_21 else _ORD(birthday(child.dob, 21)))
        while day <= end:
            if leaver.years and any(
                y.in_touch in ("DIED", "RHOM") and y.birthday <= day for y in leaver.years
            ):
                break
            tables["pathway_plans"].append((None, pid, _iso(day), _iso(day + 182)))
            day += 182 + (rng.randint(0, 20) if rng.random() < 0.8 else rng.randint(30, 200))
        # Contacts, accommodation and activity from the birthday statuses.
        spells_accom, spells_activ = [], []
        for y in leaver.years:
            if y.contact is not None and y.contact <= as_at and y.contact >= (left or as_at):
                tables["contacts"].append((None, pid, _iso(y.contact), y.in_touch))
                if y.in_touch == "YES":
                    for _ in range(rng.randint(2, 8)):
                        extra = y.contact + rng.randint(15, 330)
                        if extra <= as_at:
                            tables["contacts"].append((None, pid, _iso(extra), "YES"))
            if y.spell_start > as_at:
                continue
            spells_accom.append((y.spell_start, y.accom))
            spells_activ.append((y.spell_start, y.activ))
        for spells, name in ((spells_accom, "accommodation"), (spells_activ, "activity")):
            for i, (start, code) in enumerate(spells):
                if code in ("", "0"):
                    continue
                nxt = spells[i + 1][0] - 1 if i + 1 < len(spells) else None
                if name == "accommodation":
                    tables[name].append(
                        (None, pid, _iso(start), _iso(nxt), code[0], 1 if code[1] == "1" else 0)
                    )
                else:
                    tables[name].append((None, pid, _iso(start), _iso(nxt), code))
        if leaver.staying_put and leaver.staying_put[0] <= as_at:
            a, b = leaver.staying_put
            tables["staying_put"].append((None, pid, _iso(a), _iso(b if b <= as_at else None)))
    path = out_dir / ctx.la.code / "leaving_care" / "leaving_care.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path)
    try:
        db.executescript(LEAVING_CARE_DDL)
        rows = 0
        for name, data in tables.items():
            if not data:
                continue
            cols = layouts.LEAVING_CARE[name].columns
            marks = ", ".join("?" for _ in cols)
            db.executemany(f"insert into {name} ({', '.join(cols)}) values ({marks})", data)
            rows += len(data)
        db.commit()
    finally:
        db.close()
    return Written().add(rows)


# ================================================================================= Voice

CICC_COMMENTS = (
    "My carers listen to me and help with my homework.",
    "I want to see my brother more often.",
    "I have had three social workers this year and had to tell my story again each time.",
    "I like my school and I have good friends there.",
    "Nobody asked me before I moved.",
    "My reviews are boring but my IRO explains things.",
    "I feel safe where I live now.",
    "I would like more help with my feelings.",
    "I don't always know who to call if something goes wrong.",
    "Family time is too short.",
    "I want more clubs and activities at weekends.",
    "My social worker comes when she says she will.",
    "",
    "",
    "",
)
CARE_LEAVER_COMMENTS = (
    "My PA is great and always replies.",
    "I didn't know about the council tax exemption until this year.",
    "Finding somewhere to live was really stressful.",
    "I want help getting into an apprenticeship.",
    "The setting up home allowance did not go far.",
    "I felt rushed to move out at 18.",
    "Staying with my foster carers made all the difference.",
    "I get lonely in my flat.",
    "",
    "",
    "",
)
CARER_COMMENTS = (
    "The supervising social worker is excellent.",
    "We waited months for the therapeutic support we were promised.",
    "Training on trauma was really useful.",
    "Allowances are paid late too often.",
    "We need more respite.",
    "Communication from the child's social worker could be better.",
    "The support group is a lifeline.",
    "",
    "",
)
PLACEMENT_TYPES = (
    "Foster care:62|Kinship care:14|Children's home:12|Supported accommodation:6|"
    "Living with parents:4|Other:2"
)


def _likert(rng, mean: float) -> str:
    x = min(max(round(rng.gauss(mean, 1.0)), 1), 5)
    return layouts.LIKERT[x - 1]


def write_voice(out_dir: Path, ctx: LaContext) -> Written:
    written = Written()
    la_dir = out_dir / ctx.la.code / "voice"
    for index, (label, ys, ye) in enumerate(ctx.years):
        year_end = date.fromordinal(ye).year
        rng = stream("voice", ctx.seed, ctx.la.code, label)
        looked_after = [c for c in ctx.children if _looked_after_in(ctx, c, ys, ye)]
        mood = 3.4 + 0.05 * index + rng.gauss(0, 0.1)
        # Children in care council survey, each February, ages 8 to 17.
        survey_day = _ORD(date(year_end, 2, 1))
        respondents = [
            c for c in looked_after if 8 <= age_on(c.dob, survey_day) < 18 and rng.random() < 0.3
        ]
        rows = []
        for i, c in enumerate(respondents, start=1):
            age = age_on(c.dob, survey_day)
            band = (
                "8-10"
                if age <= 10
                else ("11-13" if age <= 13 else ("14-15" if age <= 15 else "16-17"))
            )
            answers = [_likert(rng, mood + 0.3 * (q == 0) - 0.4 * (q == 4)) for q in range(6)]
            rows.append(
                (
                    f"CICC{year_end}-{i:04d}",
                    _d(survey_day + rng.randint(0, 27)),
                    band,
                    _weighted(rng, PLACEMENT_TYPES),
                    *answers,
                    rng.choice(CICC_COMMENTS),
                )
            )
        name = f"cicc_survey_{year_end}"
        written.add(
            _write_csv(
                la_dir / "cicc_survey" / f"{name}.csv", layouts.VOICE["cicc_survey"].columns, rows
            )
        )
        # Care-leaver survey, each autumn before the year end.
        day = _ORD(date(year_end - 1, 11, 1))
        leavers = [
            c
            for c in ctx.children
            if (lv := ctx.facts(c).care_leaver) is not None
            and lv.left_care < day
            and 17 <= age_on(c.dob, day) <= 25
        ]
        rows = []
        for i, c in enumerate(x for x in leavers if rng.random() < 0.25):
            age = age_on(c.dob, day)
            band = "17-18" if age <= 18 else ("19-21" if age <= 21 else "22-25")
            rows.append(
                (
                    f"CL{year_end}-{i + 1:04d}",
                    _d(day + rng.randint(0, 40)),
                    band,
                    *[_likert(rng, mood - 0.2 - 0.3 * (q == 2)) for q in range(5)],
                    rng.choice(CARE_LEAVER_COMMENTS),
                )
            )
        written.add(
            _write_csv(
                la_dir / "care_leaver_survey" / f"care_leaver_survey_{year_end}.csv",
                layouts.VOICE["care_leaver_survey"].columns,
                rows,
            )
        )
        # Foster carers' annual feedback.
        n_carers = max(5, round(len(looked_after) * 0.12))
        day = _ORD(date(year_end - 1, 6, 1))
        rows = [
            (
                f"FC{year_end}-{i:04d}",
                _d(day + rng.randint(0, 60)),
                _weighted(rng, "In-house:55|Kinship:20|Independent fostering agency:25"),
                *[_likert(rng, mood + 0.1 - 0.4 * (q == 3)) for q in range(5)],
                rng.choice(CARER_COMMENTS),
            )
            for i in range(1, n_carers + 1)
        ]
        written.add(
            _write_csv(
                la_dir / "carer_feedback" / f"carer_feedback_{year_end}.csv",
                layouts.VOICE["carer_feedback"].columns,
                rows,
            )
        )
        # The IRO annual report's figures for the year.
        children = len(looked_after)
        reviews = round(children * rng.uniform(1.9, 2.3))
        timely = round(reviews * min(0.99, rng.gauss(0.9, 0.03)))
        participated = round(children * min(0.98, rng.gauss(0.86, 0.04)))
        raised = round(children * rng.uniform(0.03, 0.09))
        figures = {
            "reviews_held": reviews,
            "reviews_in_timescale": timely,
            "children_reviewed": children,
            "children_participated": participated,
            "average_iro_caseload": round(rng.uniform(58, 82)),
            "dispute_resolutions_raised": raised,
            "dispute_resolutions_resolved_informally": round(raised * rng.uniform(0.6, 0.9)),
            "midway_checks_completed": round(reviews * rng.uniform(0.5, 0.8)),
        }
        rows = [(label, m, figures[m]) for m in layouts.IRO_MEASURES]
        written.add(
            _write_csv(
                la_dir / "iro_report" / f"iro_report_{label}.csv",
                layouts.VOICE["iro_report"].columns,
                rows,
            )
        )
    return written


def _looked_after_in(ctx: LaContext, child, ys: int, ye: int) -> bool:
    return any(p.start <= ye and p.end > ys for p in ctx.facts(child).periods)


# ============================================================================ Reference

GRADES = "Outstanding:14|Good:60|Requires improvement:20|Inadequate:6"


def write_reference_extras(out_dir: Path, estate, years, seed: int) -> Written:
    """The Ofsted provider list (every setting the estate uses) and 0-17 population by year."""
    written = Written()
    rng = stream("ofsted", seed)
    providers = []

    def add(urn, kind, name, postcode, area):
        if urn:
            inspected = _ORD(date(2022, 1, 1)) + rng.randint(0, 1400)
            providers.append(
                (urn, kind, name, postcode, area.code, _weighted(rng, GRADES), _d(inspected))
            )

    english = [a for a in estate.all_areas() if a.england]
    for area in english:
        for i, (urn, post) in enumerate(area.homes, start=1):
            add(urn, "Children's home", f"{area.name} House {i}", post, area)
        for i, (urn, post) in enumerate(area.secure, start=1):
            add(urn, "Secure children's home", f"{area.name} Secure Unit {i}", post, area)
        for i, (urn, post) in enumerate(area.supported, start=1):
            add(urn, "Supported accommodation", f"{area.name} Supported Living {i}", post, area)
        urn, post = area.short_break
        add(urn, "Children's home", f"{area.name} Short Breaks", post, area)
        urn, post = area.school
        add(urn, "Residential special school", f"{area.name} School", post, area)
        urn, post = area.family_centre
        add(urn, "Residential family centre", f"{area.name} Family Centre", post, area)
        pool = area.pool[0] if area.pool else ""
        add(
            area.fostering_urn,
            "Local authority fostering agency",
            f"{area.name} Fostering",
            pool,
            area,
        )
        add(
            area.adoption_urn,
            "Local authority adoption agency",
            f"{area.name} Adoption",
            pool,
            area,
        )
    first = english[0]
    for i, (urn, _prov) in enumerate(estate.ifas, start=1):
        add(
            urn,
            "Independent fostering agency",
            f"Fostering Partnership {i}",
            first.pool[i % len(first.pool)],
            first,
        )
    for i, urn in enumerate(estate.vaas, start=1):
        add(
            urn,
            "Voluntary adoption agency",
            f"Adoption Partnership {i}",
            first.pool[i % len(first.pool)],
            first,
        )
    providers.sort()
    ref = out_dir / "reference"
    written.add(
        _write_csv(
            ref / "ofsted_providers.csv", layouts.REFERENCE["ofsted_providers"].columns, providers
        )
    )
    rows = []
    for area in [*estate.las, *estate.neighbours, *estate.distant]:
        prng = stream("population", seed, area.code)
        growth = prng.uniform(-0.006, 0.012)
        for _label, _ys, ye in years:
            year = date.fromordinal(ye).year - 1  # mid-year estimate within the year
            offset = year - (date.fromordinal(years[-1][2]).year - 1)
            rows.append((area.code, year, round(area.population * (1 + growth) ** offset)))
    written.add(_write_csv(ref / "population.csv", layouts.REFERENCE["population"].columns, rows))
    return written
