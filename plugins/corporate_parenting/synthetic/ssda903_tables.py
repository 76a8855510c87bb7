"""The 903 tables besides header and episodes, drawn from each simulated child's life.

Every child's events are drawn once, over the whole simulated life, each kind from a random
stream of its own (`stream("903", seed, la, child, table, period start)`), so the annual
returns and the monthly in-year extracts describe the same reviews, missing incidents, social
workers and adoption decisions, and adding a table never changes another one. A collection
year's (or a month's) rows are then just the events that fall in it, as at its last day.

OC2 and OC3 come from the shared child facts (synthetic.outcomes), so the health workbook and
the care-leaver database written from the same facts agree with the return.

Dates are day ordinals (`date.toordinal`) until they are formatted.
"""

from __future__ import annotations

import bisect
import calendar
import random
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from corporate_parenting.ssda903_spec import FIRST_YEAR_END
from corporate_parenting.synthetic.outcomes import ChildFacts, age_on, birthday, stream

_ORD = date.toordinal
ADOPTION_PLACES = frozenset({"A3", "A4", "A5", "A6"})
WITH_FOSTER_CARER = frozenset({"A3", "A5"})
RESIDENTIAL = frozenset({"K2", "H5", "K3", "P2"})
SW_POOL_SIZE = 40
SW_FIRST_YEAR_END = 2024
DOLO_FIRST_YEAR_END = FIRST_YEAR_END["dolo"]  # DoLo is reported from 2026-27
# Where a deprivation of liberty order may hold (rules 709/710): children's homes and the
# "other" placements an order is often sought for; the chance a stay there brings an order.
DOLO_PLACES = {"K2": 0.05, "Z12": 0.3, "Z13": 0.3}
DOLO_MIN_AGE = 11


class _W:
    """A weighted choice drawn with one `random()` call."""

    __slots__ = ("items", "cum")

    def __init__(self, spec: str):
        pairs = [(k, float(v)) for k, v in (i.split(":") for i in spec.split())]
        self.items = [k for k, _ in pairs]
        total, self.cum = 0.0, []
        for _, w in pairs:
            total += w
            self.cum.append(total)

    def pick(self, rng: random.Random) -> str:
        i = bisect.bisect_right(self.cum, rng.random() * self.cum[-1])
        return self.items[min(i, len(self.items) - 1)]


# Participation in reviews (domain §1.4.11) by age at the review; PN0 is for under 4s only.
_REVIEW_CODE = {
    "4-6": _W("PN1:28 PN2:16 PN3:18 PN4:8 PN5:10 PN6:16 PN7:4"),
    "7-11": _W("PN1:56 PN2:12 PN3:4 PN4:3 PN5:9 PN6:13 PN7:3"),
    "12+": _W("PN1:50 PN2:8 PN3:2 PN4:4 PN5:11 PN6:18 PN7:7"),
    "disabled": _W("PN1:14 PN2:20 PN3:34 PN4:12 PN5:8 PN6:8 PN7:4"),
}
_PREV_PERM = _W("Z1:83 P1:2.5 P2:5 P3:2.5 P4:7")
_PREV_PERM_BABY = _W("Z1:97 P4:3")
_SW_REASON = _W(
    "LEFTRL:30 MANAGE:22 TSPROC:17 ORGRST:9 ABSENC:8 OTHERS:6 CHCHAN:3 PCCHAN:2.5 SWDIED:0.1"
)
_REASON_PLACED_CEASED = _W("RD1:30 RD2:32 RD3:12 RD4:26")
_REASON_PLACED_CEASED_OLDER = _W("RD1:25 RD2:20 RD3:35 RD4:20")


def add_working_days(day: int, n: int) -> int:
    """`n` working days (Monday to Friday) after `day`; ordinal 1 is a Monday."""
    while n:
        day += 1
        if (day - 1) % 7 < 5:
            n -= 1
    return day


def add_months(day: int, n: int) -> int:
    d = date.fromordinal(day)
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1])).toordinal()


def _missing_age_factor(age: int) -> float:
    if age < 10:
        return 0.0
    return {10: 0.12, 11: 0.3, 12: 0.6, 13: 0.8}.get(age, 1.0)


def _missing_rate(risk: float, age: int, place: str) -> float:
    """Missing or away incidents a year: most children never, a minority repeatedly.

    Children with a high risk trait go missing repeatedly ("runners"); far more of them do so
    from residential placements than from foster homes (domain §2.3: mostly 12+).
    """
    factor = _missing_age_factor(age)
    if factor == 0.0 or place in ADOPTION_PLACES:
        return 0.0
    if place in RESIDENTIAL:
        threshold, weight = 0.64, 1.6
    elif place[0] == "U":
        threshold, weight = 0.9, 0.7
    elif place == "K1":
        threshold, weight = 0.9, 0.1  # secure
    else:
        threshold, weight = 0.85, 1.0
    if risk > threshold:
        propensity = 2.5 + 24.0 * ((risk - threshold) / (1 - threshold)) ** 2
    else:
        propensity = 0.05
    return propensity * factor * weight


@dataclass(frozen=True)
class AdoptionDecision:
    """A decision that the child should be placed for adoption (and what came of it)."""

    decided: int
    active_until: int  # the decision ceased, or the period ended (adoption order)
    ceased: int | None  # the decision that the child should no longer be placed
    reason: str  # RD1-RD4 when ceased
    adopted: bool
    matched: int | None = None
    foster_care: str = ""
    nb_adoptr: str = ""
    sex_adoptr: str = ""
    ls_adoptr: str = ""


class ChildEvents:
    """One child's 903 events over its whole life, drawn lazily and deterministically."""

    def __init__(
        self, seed: int, la, child, facts: ChildFacts, sw_pool: list[str], perm_las=("NUK",)
    ):
        self.seed, self.la, self.child, self.facts = seed, la, child, facts
        self.sw_pool = sw_pool
        self.perm_las = list(perm_las)  # councils that may have arranged an earlier order

    def _stream(self, table: str, *key) -> random.Random:
        return stream("903", self.seed, self.la.code, self.child.cid, table, *key)

    # ----- reviews: 20 working days, then 3 months, then every 6 months

    @cached_property
    def reviews(self) -> list[tuple[int, str]]:
        out = []
        dob = self.child.dob
        for p in self.facts.periods:
            rng = self._stream("reviews", p.start)
            punctual = 0.78 + 0.2 * rng.random()
            disabled = p.episodes[0].cin == "N2"
            due, prev, k = add_working_days(p.start, 20), p.start, 0
            while True:
                if rng.random() < punctual:
                    day = due - rng.randint(0, 12 if k else 5)
                else:
                    day = due + int(rng.triangular(1, 60, 7))
                day = max(day, prev + 1)
                if day >= p.end:
                    break
                age = age_on(dob, day)
                if age < 4:
                    code = "PN0"
                elif disabled:
                    code = _REVIEW_CODE["disabled"].pick(rng)
                else:
                    band = "4-6" if age < 7 else ("7-11" if age < 12 else "12+")
                    code = _REVIEW_CODE[band].pick(rng)
                out.append((day, code))
                prev, k = day, k + 1
                due = add_months(day, 3 if k == 1 else 6)
        return out

    # ----- missing and away incidents while looked after

    @cached_property
    def missing(self) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        risk = self.facts.risk
        dob = self.child.dob
        for p in self.facts.periods:
            rng = self._stream("missing", p.start)
            away_share = min(max(rng.gauss(0.35, 0.15), 0.0), 0.9)
            last_end = p.start - 1
            for e in p.episodes:
                t = max(e.decom, last_end + 1)
                while t < e.dec:
                    age = age_on(dob, t)
                    boundary = min(e.dec, _ORD(birthday(dob, age + 1)))
                    rate = _missing_rate(risk, age, e.place)
                    if rate <= 0:
                        t = boundary
                        continue
                    gap = rng.expovariate(rate / 365.25)
                    if t + gap >= boundary:
                        t = boundary  # memoryless: draw again from the boundary
                        continue
                    start = t + int(gap)
                    r = rng.random()
                    if r < 0.45:
                        dur = 0
                    elif r < 0.77:
                        dur = 1
                    elif r < 0.91:
                        dur = rng.randint(2, 3)
                    elif r < 0.985:
                        dur = rng.randint(4, 14)
                    else:
                        dur = rng.randint(15, 60)
                    # found by the time the placement (episode) ends (rule 575)
                    end = min(start + dur, max(start, e.dec - 1))
                    kind = "A" if rng.random() < away_share else "M"
                    out.append((start, end, kind))
                    last_end = end
                    t = end + 1
        return out

    # ----- social worker episodes (reported from 2023-24)

    @cached_property
    def social_workers(self) -> list[tuple[int, int, str, str]]:
        out: list[tuple[int, int, str, str]] = []
        prev_end = self.child.dob_ord
        pool = self.sw_pool
        for p in self.facts.periods:
            rng = self._stream("sw_episodes", p.start)
            lead = rng.randint(0, 200) if rng.random() < 0.6 else 0
            t = max(p.start - lead, self.child.dob_ord)
            stop = p.end + (rng.randint(0, 45) if rng.random() < 0.7 else 0)
            if out and t <= prev_end:  # still allocated: the same worker carries on
                t, _, worker, reason = out.pop()
            else:
                worker = pool[rng.randrange(len(pool))]
                reason = "FCONTA"
            stop = max(stop, t + 1)
            while t < stop:
                length = rng.randint(30, 270) if rng.random() < 0.2 else rng.randint(270, 550)
                end = t + length
                if end >= stop - 14:
                    end = stop
                out.append((t, end, worker, reason))
                t = end
                reason = _SW_REASON.pick(rng)
                other = pool[rng.randrange(len(pool) - 1)]
                worker = other if other != worker else pool[-1]
            prev_end = stop
        return out

    # ----- deprivation of liberty orders (reported from 2026-27)

    @cached_property
    def dolo(self) -> list[tuple[int, int]]:
        """Court orders authorising a deprivation of liberty: (start, end) day ordinals.

        A few older children in children's homes (more in the "other" placements Z12/Z13)
        get an order some weeks into an uninterrupted stay there; it lasts months and is
        often renewed back to back while the child stays. An order holds for one placement,
        so every order lies strictly inside a run of DOLO_PLACES episodes (no other placement
        overlaps it, rules 709/710), and ends before the 18th birthday. The simulation knows
        every end; a return shows an order still running at its last day with no end.
        Drawn from a stream of its own, so no other table changes.
        """
        out: list[tuple[int, int]] = []
        b18 = self.child.b18
        for p in self.facts.periods:
            runs: list[list] = []  # stays in one home: episodes chained with the same place
            for e in p.episodes:
                if e.place not in DOLO_PLACES:
                    continue
                last = runs[-1][-1] if runs else None
                if last and last.dec == e.decom and (last.place, last.post) == (e.place, e.post):
                    runs[-1].append(e)
                else:
                    runs.append([e])
            for run in runs:
                start, end = run[0].decom, min(run[-1].dec, b18)
                rng = self._stream("dolo", start)
                if end - start < 60 or rng.random() >= DOLO_PLACES[run[0].place]:
                    continue
                t = start + rng.randint(7, min(120, (end - start) // 2))
                while age_on(self.child.dob, t) < DOLO_MIN_AGE:
                    t = _ORD(birthday(self.child.dob, DOLO_MIN_AGE)) + rng.randint(0, 60)
                while t < end - 14:
                    stop = min(t + int(rng.triangular(60, 365, 180)), end - 1)
                    out.append((t, stop))
                    if rng.random() >= 0.6:  # not renewed
                        break
                    t = stop + 1
        return out

    # ----- adoption decisions

    @cached_property
    def adoption_decisions(self) -> list[AdoptionDecision]:
        out = []
        dob = self.child.dob
        for p in self.facts.periods:
            rng = self._stream("adoption", p.start)
            if p.rec in ("E11", "E12"):
                placed = next((e for e in p.episodes if e.place in ADOPTION_PLACES), None)
                t_place = placed.decom if placed else max(p.start + 2, p.end - 90)
                e1 = next((e.decom for e in p.episodes if e.ls in ("E1", "D1")), None)
                anchor = min(e1, t_place) if e1 is not None else t_place
                decided = anchor - rng.randint(30, 200)
                decided = max(decided, p.start + min(14, (anchor - p.start) // 2))
                decided = min(decided, t_place - 2)
                lo = max(decided + 1, e1 if e1 is not None and e1 < t_place else decided + 1)
                matched = max(lo, t_place - int(rng.triangular(7, 120, 30)))
                nb, sex, ls = _adopters(rng)
                foster = "1" if placed is not None and placed.place in WITH_FOSTER_CARER else "0"
                out.append(
                    AdoptionDecision(decided, p.end, None, "", True, matched, foster, nb, sex, ls)
                )
                continue
            # A decision later reversed: young children on care orders, mostly.
            age = age_on(dob, p.start)
            care_order = any(e.ls in ("C1", "C2") for e in p.episodes)
            if age >= 6 or p.end - p.start < 300 or not care_order or rng.random() >= 0.16:
                continue
            decided = p.start + rng.randint(90, 260)
            ceased = decided + rng.randint(45, 400)
            if ceased >= p.end - 7:
                ceased = p.end - 7
            if ceased <= decided:
                continue
            older = age_on(dob, decided) >= 4
            reason = (_REASON_PLACED_CEASED_OLDER if older else _REASON_PLACED_CEASED).pick(rng)
            out.append(AdoptionDecision(decided, ceased, ceased, reason, False))
        return out

    # ----- previous permanence, for each period of care started

    @cached_property
    def previous_permanence(self) -> dict[int, tuple[str, str, str]]:
        """PREV_PERM, LA_PERM, DATE_PERM for each period of care started.

        An order (P1-P3) or one of unknown kind (P4) always has the council that arranged it
        and its date (rule 630), as far as known: LA_PERM a DfE LA number (rule 633) of a
        council nearby or far away, WAL/SCO for orders made outside England, NUK not known;
        DATE_PERM with zz for the parts not known.
        """
        out = {}
        dob_ord = self.child.dob_ord
        for i, p in enumerate(self.facts.periods):
            rng = self._stream("previous_permanence", p.start)
            age = age_on(self.child.dob, p.start)
            perm = _PREV_PERM_BABY.pick(rng) if age < 1 or self.child.uasc else _PREV_PERM.pick(rng)
            if i > 0 and perm in ("P1", "P2", "P3"):
                perm = "Z1"  # returned home last time: no order since (unless known)
            la_perm = date_perm = ""
            if perm != "Z1":
                lo, hi = dob_ord + 180, p.start - 60
                when = rng.randint(lo, hi) if hi > lo else lo
                d = date.fromordinal(min(when, p.start - 1))
                r = rng.random()
                if perm == "P4":  # an order of some kind, little else known
                    r = 0.8 + 0.2 * r
                if r < 0.55:
                    date_perm = f"{d.day:02d}/{d.month:02d}/{d.year}"
                elif r < 0.8:
                    date_perm = f"zz/{d.month:02d}/{d.year}"
                elif r < 0.95:
                    date_perm = f"zz/zz/{d.year}"
                else:
                    date_perm = "zz/zz/zzzz"
                la_perm = _la_perm(rng, self.perm_las, unknown=perm == "P4")
            out[p.start] = (perm, la_perm, date_perm)
        return out

    # ----- UASC status

    @cached_property
    def uasc_ceased(self) -> int:
        """The day UASC status ceased, as the return records it: the 18th birthday, or the
        day the child ceased to be looked after before it (an age assessment found an adult,
        E15; returned home, moved on or abroad): no later return holds the child as UASC, so
        that return's DUC falls in its year (rule 205A)."""
        last = self.facts.periods[-1].end if self.facts.periods else self.child.b18
        return min(last, self.child.b18)


def _la_perm(rng: random.Random, councils: list[str], unknown: bool) -> str:
    """The council that arranged a previous permanence order: mostly one nearby."""
    r = rng.random()
    if r < (0.5 if unknown else 0.12):
        return "NUK"
    if r < (0.53 if unknown else 0.16):
        return "WAL" if rng.random() < 0.6 else "SCO"
    return councils[rng.randrange(len(councils))]


def _adopters(rng: random.Random) -> tuple[str, str, str]:
    """NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR, consistent with each other (domain §1.4.16)."""
    if rng.random() < 0.13:
        sex = "F1" if rng.random() < 0.85 else "M1"
        return "1", sex, "L0"
    r = rng.random()
    sex = "MF" if r < 0.86 else ("MM" if r < 0.94 else "FF")
    r = rng.random()
    if sex == "MF":
        ls = "L11" if r < 0.82 else "L3"
    else:
        ls = "L12" if r < 0.45 else ("L2" if r < 0.8 else "L4")
    return "2", sex, ls


def perm_councils(estate) -> list[str]:
    """DfE numbers of the councils an earlier order may have been made by, nearby ones thrice
    as likely. The fictional neighbours and far-away councils carry numbers DfE uses (rule
    633); the responsible LAs' own 901... do not, so no order is recorded as their own."""
    near = [a.la_number for a in estate.neighbours]
    return [*near, *near, *near, *(a.la_number for a in estate.distant)]


def sw_pool(seed: int, la) -> list[str]:
    rng = stream("903", seed, la.code, "sw_pool")
    ids: list[str] = []
    while len(ids) < SW_POOL_SIZE:
        sw = f"SW{rng.randrange(10_000, 1_000_000):06d}"
        if sw not in ids:
            ids.append(sw)
    return ids


class Tables:
    """Builds the rows of every 903 table besides header and episodes for one LA."""

    def __init__(self, ctx, fmt):
        self.ctx, self.fmt = ctx, fmt
        self.sw_pool = sw_pool(ctx.seed, ctx.la)
        self.perm_las = perm_councils(ctx.estate)
        self._events: dict[str, ChildEvents] = {}
        self._leavers: list | None = None

    def events(self, child) -> ChildEvents:
        ev = self._events.get(child.cid)
        if ev is None:
            facts = self.ctx.facts(child)
            ev = self._events[child.cid] = ChildEvents(
                self.ctx.seed, self.ctx.la, child, facts, self.sw_pool, self.perm_las
            )
        return ev

    @property
    def leavers(self) -> list:
        """Children who may be in an OC3 cohort of the estate, sorted by child ID."""
        if self._leavers is None:
            ctx = self.ctx
            first = ctx.years[0][1]
            last = ctx.as_at
            found = []
            for ch in sorted(ctx.children, key=lambda c: c.cid):
                counted = [e for e in ch.eps if e.ls not in ("V3", "V4")]
                if not counted:
                    continue
                if _ORD(birthday(ch.dob, 17)) > last or _ORD(birthday(ch.dob, 26)) <= first:
                    continue
                if counted[-1].dec <= _ORD(birthday(ch.dob, 16)):
                    continue
                leaver = ctx.facts(ch).care_leaver
                if leaver is not None:
                    found.append((ch, leaver))
            self._leavers = found
        return self._leavers

    def rows(
        self,
        present: list,
        label: str,
        ys: int,
        cutoff: int,
        end_year: int,
        *,
        annual: bool,
    ) -> dict[str, list[tuple]]:
        """The rows of each table for a return covering `ys`..`cutoff` (as at `cutoff`).

        `present`: the children in this return's header (sorted by child ID). `annual`:
        a full collection year (OC2 needs the 31 March cohort; monthly extracts have none).
        """
        fmt = self.fmt
        new_sex = end_year >= 2025
        out: dict[str, list[tuple]] = {
            t: []
            for t in (
                "reviews",
                "uasc",
                "oc2",
                "oc3",
                "ad1",
                "placed_for_adoption",
                "previous_permanence",
                "missing",
                "sw_episodes",
                "dolo",
            )
        }
        with_sw = end_year >= SW_FIRST_YEAR_END
        with_dolo = end_year >= DOLO_FIRST_YEAR_END
        for ch in present:
            facts = self.ctx.facts(ch)
            if not facts.periods:
                continue  # short breaks only (V3/V4): not looked after
            ev = self.events(ch)
            cid, dob = ch.cid, fmt(ch.dob_ord)
            for day, code in ev.reviews:
                if ys <= day <= cutoff:
                    out["reviews"].append((cid, dob, fmt(day), code))
            if ch.uasc:
                out["uasc"].append(self._uasc(ch, cutoff, new_sex))
            if annual and facts.in_oc2_cohort(ys, cutoff):
                out["oc2"].append((cid, dob, *self._oc2(ch, facts, label, ys, cutoff)))
            for p in facts.periods:
                if p.rec in ("E11", "E12") and ys <= p.end <= cutoff:
                    d = next(
                        a for a in ev.adoption_decisions if a.adopted and a.active_until == p.end
                    )
                    out["ad1"].append(
                        (
                            cid,
                            dob,
                            fmt(d.decided),
                            fmt(d.matched),
                            d.foster_care,
                            d.nb_adoptr,
                            d.sex_adoptr,
                            d.ls_adoptr,
                        )
                    )
            for d in ev.adoption_decisions:
                if d.decided <= cutoff and d.active_until >= ys:
                    ceased = d.ceased is not None and d.ceased <= cutoff
                    out["placed_for_adoption"].append(
                        (
                            cid,
                            dob,
                            fmt(d.decided),
                            fmt(d.ceased) if ceased else "",
                            d.reason if ceased else "",
                        )
                    )
            started = next((p for p in facts.periods if ys <= p.start <= cutoff), None)
            if started is not None:
                perm, la_perm, date_perm = ev.previous_permanence[started.start]
                out["previous_permanence"].append((cid, dob, perm, la_perm, date_perm))
            for start, end, kind in ev.missing:
                # an incident still open when last year's return was made is reported again
                # with the same start (rule 576)
                if start <= cutoff and (start >= ys or end >= ys):
                    out["missing"].append(
                        (cid, dob, kind, fmt(start), fmt(end) if end <= cutoff else "")
                    )
            if with_sw:
                for decom, dec, worker, reason in ev.social_workers:
                    if decom <= cutoff and dec >= ys:
                        closed = dec <= cutoff
                        out["sw_episodes"].append(
                            (cid, dob, worker, fmt(decom), fmt(dec) if closed else "", reason)
                        )
            if with_dolo:
                for start, end in ev.dolo:
                    if start <= cutoff and end >= ys:
                        ended = fmt(end) if end <= cutoff else ""
                        out["dolo"].append((cid, dob, fmt(start), ended))
        for ch, leaver in self.leavers:
            year = leaver.year_with_birthday_in(ys, cutoff)
            if year is None or (year.age >= 22 and not year.requested_support):
                continue
            out["oc3"].append((ch.cid, fmt(ch.dob_ord), year.in_touch, year.activ, year.accom))
        out["oc3"].sort(key=lambda r: r[0])
        return out

    def _uasc(self, ch, cutoff: int, new_sex: bool) -> tuple:
        """A UASC row. DUC is the day the status ceases: once past, the day it did (the 18th
        birthday, or leaving care before it); until then the 18th birthday, when it will, the
        same in every return (rule 205B)."""
        sex = ch.sex if new_sex else ("2" if ch.sex == "F" else "1")
        duc = self.events(ch).uasc_ceased
        if duc > cutoff:
            duc = ch.b18
        return (ch.cid, sex, self.fmt(ch.dob_ord), self.fmt(duc))

    @staticmethod
    def _oc2(ch, facts: ChildFacts, label: str, ys: int, ye: int) -> tuple[str, ...]:
        """SDQ_SCORE ... INTERVENTION_OFFERED from the year's health facts (domain §1.3)."""
        hy = facts.health_year(label, ys, ye)
        flag = {True: "1", False: "0"}
        age_start, age_end = age_on(ch.dob, ys), age_on(ch.dob, ye)
        assessed = any(done is not None and ys <= done <= ye for _, _, _, done in hy.assessments)
        teeth = any(ys <= d <= ye for d in hy.dental)
        immunised = ""
        if hy.immunisation_reviews:
            immunised = flag[max(hy.immunisation_reviews)[1]]
        health_check = flag[hy.development_check_up_to_date] if age_end < 5 else ""
        # SDQ (rules 157, 186-189, 197B): nothing for under 4s at the year end or 17s and
        # over at its start; a score (or SDQ2-SDQ5) from 4 at the start to 16 at the end;
        # SDQ1 (out of age range) for those who turned 4 or 17 during the year.
        score = reason = ""
        if age_start >= 4 and age_end <= 16:
            carer = [s for s in hy.sdq if s[1] == "CARER" and ys <= s[0] <= ye]
            if carer:
                score = str(max(carer)[2])
            else:
                reason = hy.sdq_reason_if_none
        elif age_end >= 4 and age_start < 17:
            reason = "SDQ1"
        convicted = flag[hy.convicted] if age_end >= 10 else ""
        misuse = hy.substance_misuse
        received = flag[hy.intervention_received] if misuse else ""
        offered = flag[hy.intervention_offered] if misuse and not hy.intervention_received else ""
        return (
            score,
            reason,
            convicted,
            health_check,
            immunised,
            flag[teeth],
            flag[assessed],
            flag[misuse],
            received,
            offered,
        )
