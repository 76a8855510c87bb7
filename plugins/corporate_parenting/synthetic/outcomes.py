"""What happens to each simulated child besides its episodes: health, and life after care.

The 903 return and the local source systems describe the same children, so both are written
from the facts here: the OC2 flags from the same health events the health team's workbook
records, the OC3 statuses from the same contacts, activities and accommodation the care-leaver
database holds. Every fact is drawn from a random stream of its own, keyed by seed, LA, child
and year, so adding a table or a year never changes another one's data.

Dates are day ordinals (`date.toordinal`), as in the simulation.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

_ORD = date.toordinal
EXCLUDED_LS = frozenset({"V3", "V4"})
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})


def birthday(dob: date, years: int) -> date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February: 28 February in other years (DOB + interval, as in SQL)
        return date(dob.year + years, 2, 28)


def age_on(dob: date, on_ord: int) -> int:
    """Age in whole years on a day, a birthday counting from `birthday` (so 28 February for
    a child born on 29 February, in years that have no 29 February)."""
    on = date.fromordinal(on_ord)
    before = (on.month, on.day) < (dob.month, dob.day)
    if before and (dob.month, dob.day, on.month, on.day) == (2, 29, 2, 28):
        before = calendar.isleap(on.year)
    return on.year - dob.year - before


def stream(*parts) -> random.Random:
    """An independent random stream for one fact (stable across Python versions)."""
    return random.Random(":".join(str(p) for p in parts))


@dataclass(frozen=True)
class Period:
    """A period of care: episodes chained by REC = X1 (domain spec §1.5 rule 1)."""

    start: int
    end: int  # DEC of the last episode (ordinal); the simulation always knows it
    rec: str
    episodes: tuple


def periods_of_care(child) -> list[Period]:
    """The child's periods of care, excluding short-break (V3/V4) episodes."""
    periods, current = [], []
    for ep in child.eps:
        if ep.ls in EXCLUDED_LS:
            continue
        current.append(ep)
        if ep.rec != "X1":
            periods.append(Period(current[0].decom, ep.dec, ep.rec, tuple(current)))
            current = []
    if current:  # never happens in the simulation: every period has an end
        periods.append(Period(current[0].decom, current[-1].dec, "", tuple(current)))
    return periods


def period_on(periods: list[Period], day: int) -> Period | None:
    """The period in which the child is looked after on `day` (DECOM <= day < DEC)."""
    for p in periods:
        if p.start <= day < p.end:
            return p
    return None


def episode_on(period: Period, day: int):
    for ep in period.episodes:
        if ep.decom <= day < ep.dec:
            return ep
    return period.episodes[-1]


def nhs_number(rng: random.Random) -> str:
    """A 10-digit NHS number in the 999 range the NHS reserves for test data (mod 11)."""
    while True:
        digits = "999" + "".join(str(rng.randrange(10)) for _ in range(6))
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return digits + str(check)


# ------------------------------------------------------------------------------ health


@dataclass
class HealthYear:
    """One collection year's health record of a child looked after (any part of the year)."""

    assessments: list[tuple[str, int, int, int | None]] = field(default_factory=list)
    # (IHA/RHA, requested, due, completed or None)
    dental: list[int] = field(default_factory=list)
    immunisation_reviews: list[tuple[int, bool]] = field(default_factory=list)
    sdq: list[tuple[int, str, int]] = field(default_factory=list)  # (date, informant, score)
    camhs: list[tuple[int, str, int | None]] = field(default_factory=list)
    development_check_up_to_date: bool = False
    convicted: bool = False
    substance_misuse: bool = False
    intervention_received: bool = False
    intervention_offered: bool = False
    sdq_reason_if_none: str = "SDQ4"


class ChildFacts:
    """The non-episode facts of one child, drawn lazily and deterministically."""

    def __init__(self, seed: int, la_code: str, child):
        self.seed, self.la_code, self.child = seed, la_code, child
        traits = stream("traits", seed, la_code, child.cid)
        self.nhs_number = nhs_number(traits)
        self.immunisation_propensity = traits.random()
        self.sdq_baseline = min(max(traits.gauss(14.5, 6.0), 0.0), 38.0)
        self.health_engagement = traits.random()  # low: assessments missed or late
        self.risk = traits.random()  # high: offending, substance misuse, missing
        self.ability = traits.gauss(0.0, 1.0)  # school attainment
        self.leaver_outlook = traits.random()  # high: EET and suitable accommodation
        self._health: dict[str, HealthYear] = {}

    @cached_property
    def periods(self) -> list[Period]:
        return periods_of_care(self.child)

    def looked_after_on(self, day: int) -> bool:
        return period_on(self.periods, day) is not None

    def in_oc2_cohort(self, year_start: int, year_end: int) -> bool:
        """Looked after on 31 March, continuously since 1 April of the year (12 months).

        The DfE wording is "looked after continuously for at least 12 months at 31 March";
        a period that started on or before 1 April of the collection year qualifies.
        """
        p = period_on(self.periods, year_end)
        return p is not None and p.start <= year_start

    def days_looked_after(self, start: int, end: int) -> int:
        """Days in [start, end] on which the child was looked after."""
        return sum(max(0, min(p.end, end + 1) - max(p.start, start)) for p in self.periods)

    # ----- health

    def health_year(self, label: str, year_start: int, year_end: int) -> HealthYear:
        """Health events recorded in the collection year (only while looked after)."""
        found = self._health.get(label)
        if found is None:
            found = self._health[label] = self._draw_health_year(label, year_start, year_end)
        return found

    def _draw_health_year(self, label: str, year_start: int, year_end: int) -> HealthYear:
        rng = stream("health", self.seed, self.la_code, self.child.cid, label)
        dob = self.child.dob
        hy = HealthYear()
        age_end = age_on(dob, year_end)
        in_care = [p for p in self.periods if p.start <= year_end and p.end > year_start]
        if not in_care:
            return hy
        engaged = 0.55 + 0.45 * self.health_engagement
        # Initial health assessments for periods starting this year: due within 20 working
        # days (28 calendar days) of coming into care.
        for p in in_care:
            if p.start < year_start or p.end - p.start < 21:
                continue
            requested = p.start + rng.randint(0, 6)
            due = p.start + 28
            done = requested + int(rng.lognormvariate(3.1, 0.5)) if rng.random() < 0.93 else None
            if done is not None and done >= min(p.end, year_end + 1):
                done = None
            hy.assessments.append(("IHA", requested, due, done))
        # Review health assessments: six-monthly under 5, yearly from 5, while looked after.
        cohort = self.in_oc2_cohort(year_start, year_end)
        stay = max(year_start, in_care[0].start + 120)
        if stay <= year_end:
            interval = 182 if age_end < 5 else 365
            due = stay + rng.randint(0, min(interval, max(0, year_end - stay)))
            chance = (0.97 if cohort else 0.85) * engaged + (0.1 if cohort else 0.0)
            while due <= year_end:
                done = due + rng.randint(-40, 50) if rng.random() < min(chance, 0.98) else None
                if done is not None and not (year_start <= done <= year_end):
                    done = None
                if done is not None and not self.looked_after_on(done):
                    done = None
                hy.assessments.append(("RHA", due - rng.randint(20, 40), due, done))
                due += interval
        reviewed = any(a[0] == "RHA" and a[3] for a in hy.assessments)
        # A cohort child whose only review falls outside the year: usually done anyway.
        if cohort and not reviewed and rng.random() < 0.85 * engaged:
            day = year_start + rng.randint(30, 330)
            hy.assessments.append(("RHA", day - 30, day, day))
        # Dental checks (from age 1), immunisation reviews, development checks (under 5).
        if age_end >= 1 and rng.random() < (0.6 + 0.3 * engaged):
            hy.dental.append(self._day_in_care(rng, year_start, year_end))
        up_to_date = rng.random() < 0.78 + 0.2 * self.immunisation_propensity
        hy.immunisation_reviews.append((self._day_in_care(rng, year_start, year_end), up_to_date))
        hy.development_check_up_to_date = age_end < 5 and rng.random() < 0.9
        # SDQ (carer), aged 4 to 16: about three in four completed.
        if age_on(dob, year_start) >= 4 and age_end <= 16:
            if rng.random() < 0.62 + 0.3 * engaged:
                score = int(round(min(max(self.sdq_baseline + rng.gauss(0, 3), 0), 40)))
                hy.sdq.append((self._day_in_care(rng, year_start, year_end), "CARER", score))
                if age_end >= 11 and rng.random() < 0.35:
                    self_score = int(round(min(max(score + rng.gauss(-1, 4), 0), 40)))
                    hy.sdq.append(
                        (self._day_in_care(rng, year_start, year_end), "SELF", self_score)
                    )
                if rng.random() < 0.3:
                    teacher = int(round(min(max(score + rng.gauss(-2, 4), 0), 40)))
                    hy.sdq.append(
                        (self._day_in_care(rng, year_start, year_end), "TEACHER", teacher)
                    )
            else:
                hy.sdq_reason_if_none = (
                    "SDQ2"
                    if rng.random() < 0.3
                    else ("SDQ5" if age_end >= 11 and rng.random() < 0.4 else "SDQ4")
                )
        else:  # under 4 or over 16 at some point of the year: no form due
            hy.sdq_reason_if_none = "SDQ1"
        # CAMHS: more likely with a high SDQ.
        high = any(s[2] >= 17 for s in hy.sdq)
        if age_end >= 4 and rng.random() < (0.22 if high else 0.05):
            referred = self._day_in_care(rng, year_start, year_end)
            outcome = (
                "ACCEPTED"
                if rng.random() < 0.7
                else ("SIGNPOSTED" if rng.random() < 0.6 else "DECLINED")
            )
            first = referred + int(rng.lognormvariate(4.0, 0.6)) if outcome == "ACCEPTED" else None
            if first is not None and first > year_end:
                first = None  # still waiting at the year end
            hy.camhs.append((referred, outcome, first))
        # Offending and substance misuse (OC2), from age 10.
        hy.convicted = age_end >= 10 and rng.random() < 0.01 + 0.05 * self.risk**3
        hy.substance_misuse = age_end >= 11 and rng.random() < 0.005 + 0.06 * self.risk**3
        if hy.substance_misuse:
            hy.intervention_received = rng.random() < 0.6
            hy.intervention_offered = not hy.intervention_received and rng.random() < 0.6
        return hy

    def _day_in_care(self, rng: random.Random, year_start: int, year_end: int) -> int:
        """A day in the year on which the child is looked after (first such day if rare)."""
        for _ in range(8):
            day = rng.randint(year_start, year_end)
            if self.looked_after_on(day):
                return day
        for p in self.periods:
            if p.start <= year_end and p.end > year_start:
                return max(p.start, year_start)
        return year_start

    # ----- leaving care

    @cached_property
    def care_leaver(self) -> CareLeaver | None:
        """The life after care of a child who qualifies for leaving-care support, else None.

        Qualifies (Children Act 1989, "eligible/relevant/former relevant"): looked after for
        at least 13 weeks after the 14th birthday, and in care on or after the 16th birthday.
        Children who died, moved abroad or whose care was taken over by another LA are not
        followed by this LA.
        """
        if not self.periods:
            return None
        last = self.periods[-1]
        dob = self.child.dob
        b14, b16 = _ORD(birthday(dob, 14)), _ORD(birthday(dob, 16))
        if last.end <= b16 or last.rec in ("E2", "E3", "E16", "E11", "E12"):
            return None
        if self.days_looked_after(b14, last.end) < 91:
            return None
        return CareLeaver(self, last)


ACCOM_BY_AGE = {
    # ACCOM letter weights while in touch (domain spec §1.4.15), by age on the birthday.
    17: "Z:0 D:38 E:14 B:14 C:8 K:3 U:6 T:0 X:2 V:1 S:1 W:1 Y:10",
    18: "Z:22 D:26 E:10 B:12 C:4 K:3 U:10 T:4 X:2 V:1 S:1 W:1 Y:2",
    19: "Z:9 D:20 E:8 B:13 C:3 K:4 U:30 T:5 X:2 V:1 S:1 W:1 Y:1",
    20: "Z:5 D:12 E:6 B:14 C:3 K:4 U:42 T:5 X:2 V:1 S:1 W:1 Y:1",
}
ACTIV_EET = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5")
# Until 2021-22 training and employment, apprenticeships included, were one code (F3/P3);
# F4/P4 (apprenticeship) and F5/P5 (other training or employment) replaced it in 2022-23.
ACTIV_SPLIT_FROM = _ORD(date(2022, 4, 1))
ACTIV_BEFORE_SPLIT = {"F4": "F3", "F5": "F3", "P4": "P3", "P5": "P3"}
ACTIV_BY_AGE = {
    17: "F2:55 P2:4 F4:5 P4:1 F5:4 P5:2 G4:6 G5:20 G6:3",
    18: "F1:3 F2:35 P2:4 F4:6 P4:1 F5:8 P5:4 G4:8 G5:27 G6:4",
    19: "F1:7 P1:1 F2:16 P2:3 F4:6 P4:1 F5:14 P5:6 G4:10 G5:28 G6:8",
    20: "F1:8 P1:1 F2:9 P2:2 F4:5 P4:1 F5:18 P5:8 G4:11 G5:27 G6:10",
}


def _weighted(spec: str, rng: random.Random) -> str:
    items = [(k, float(v)) for k, v in (i.split(":") for i in spec.split())]
    pick = rng.random() * sum(w for _, w in items)
    for k, w in items:
        pick -= w
        if pick < 0:
            return k
    return items[-1][0]


@dataclass(frozen=True)
class LeaverYear:
    """The care leaver's situation around one birthday (17th to 25th)."""

    age: int
    birthday: int
    contact: int | None  # the contact nearest the birthday
    in_touch: str  # YES NO REFU NREQ DIED RHOM
    activ: str  # ACTIV code; "" when not known; "0" when DIED/RHOM
    accom: str  # ACCOM code (letter + 1 suitable / 2 unsuitable); "" or "0" as above
    spell_start: int  # when this situation began
    requested_support: bool  # 22 to 25: asked for and received support


class CareLeaver:
    """A young person's years after care, as the leaving-care service records them."""

    def __init__(self, facts: ChildFacts, last: Period):
        child = facts.child
        rng = stream("leaver", facts.seed, facts.la_code, child.cid)
        self.left_care = last.end
        self.last_place = last.episodes[-1].place
        self.last_rec = last.rec
        dob = child.dob
        self.eligibility = "former_relevant" if last.end >= _ORD(birthday(dob, 18)) else "relevant"
        self.pa_id = f"PA{rng.randrange(1, 60):03d}"
        # A personal adviser by 16 and a half, or soon after leaving if later.
        self.pa_allocated = max(_ORD(birthday(dob, 16)) + rng.randint(60, 240), last.start)
        if rng.random() < 0.04:
            self.pa_allocated = None  # not yet allocated
        self.staying_put: tuple[int, int] | None = None
        if last.rec == "E17" and self.last_place in FOSTER:
            end = _ORD(birthday(dob, 18)) + int(rng.triangular(90, 1100, 400))
            self.staying_put = (last.end, min(end, _ORD(birthday(dob, 21))))
        self.years: list[LeaverYear] = []
        status_gone = ""  # DIED or RHOM are final
        outlook = facts.leaver_outlook
        for age in range(17, 26):
            bday = _ORD(birthday(dob, age))
            if bday < last.end:
                continue  # still looked after on this birthday (DECOM <= d < DEC)
            yrng = stream("leaver", facts.seed, facts.la_code, child.cid, age)
            if status_gone == "DIED":
                break  # reported once, in the year the death became known
            requested = age <= 21 or (
                not status_gone and yrng.random() < (0.62 if age == 22 else 0.45)
            )
            start = max(last.end, bday - yrng.randint(20, 140))
            contact = bday + yrng.randint(-75, 30)
            if status_gone:
                in_touch = status_gone
            else:
                r = yrng.random()
                # About nine in ten 19-21 year olds are in touch (England 2020-21: 91%).
                p_no = 0.02 + 0.04 * (1 - outlook) + 0.005 * (age - 17)
                if r < 0.002:
                    in_touch = status_gone = "DIED"
                elif r < 0.014 and age >= 18:
                    in_touch = status_gone = "RHOM"
                elif r < 0.014 + p_no:
                    in_touch = "NO"
                elif r < 0.014 + p_no + 0.01:
                    in_touch = "REFU"
                elif r < 0.014 + p_no + 0.025 and age >= 18:
                    in_touch = "NREQ"
                else:
                    in_touch = "YES"
            if in_touch in ("DIED", "RHOM"):
                activ = accom = "0"
            elif in_touch == "YES":
                band = min(age, 20)
                activ = _weighted(ACTIV_BY_AGE[band], yrng)
                if activ.startswith("G") and yrng.random() < 0.5 * outlook:
                    activ = _weighted(ACTIV_BY_AGE[band], yrng)  # a better-placed young person
                if bday < ACTIV_SPLIT_FROM:  # reported in a year before the codes split
                    activ = ACTIV_BEFORE_SPLIT.get(activ, activ)
                staying = self.staying_put and self.staying_put[0] <= bday < self.staying_put[1]
                letter = "Z" if staying else _weighted(ACCOM_BY_AGE[band], yrng)
                if letter == "Z" and not staying:
                    letter = "U" if age >= 19 else "D"
                if letter == "T" and age < 18:
                    letter = "D"
                risky = letter in ("S", "V", "W", "X")
                # Suitable for about nine in ten in touch (England 2019: 85-90%).
                unsuitable = risky or yrng.random() < (0.02 + 0.06 * (1 - outlook))
                accom = f"{letter}{2 if unsuitable else 1}"
            else:
                activ = accom = ""  # not in touch: not known
            self.years.append(
                LeaverYear(age, bday, contact, in_touch, activ, accom, start, requested)
            )

    def year_with_birthday_in(self, year_start: int, year_end: int) -> LeaverYear | None:
        for y in self.years:
            if year_start <= y.birthday <= year_end:
                return y
        return None
