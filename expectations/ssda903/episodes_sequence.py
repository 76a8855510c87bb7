"""Episodes: sequencing, reasons, legal statuses and durations, and continuity with last year.

How one episode follows another (RNE against the episode before it, REC against the one
after), the reason for a placement change, how long the short legal statuses may last, ages
that reasons and statuses require, and whether this year's first episode continues the
episode left open in last year's return (502, 503A-J, 562, NoE).

Neighbouring episodes are those of the same child in the same return ordered by start date:
`NEIGHBOURS` adds `prev_*` and `next_*` columns to {this} for that. An open episode's end is
the return's `as_at` date (31 March, or the end of an in-year extract's month), as DfE uses
the end of the collection for it.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"
PLACEMENT_FIELDS = ("place", "pl_post", "urn", "place_provider")

# {this} with each episode's neighbours in the child's return (ordered by start date).
_PREV = ("dec_date", "rec", "ls", "cin", "reason_place_change", *PLACEMENT_FIELDS)
_NEXT = ("decom_date", "rne", "place")
NEIGHBOURS = (
    "(select t.*, row_number() over w as episode_no, "
    "lag(t._row_number) over w as prev_row, lead(t._row_number) over w as next_row, "
    + ", ".join(f"lag(t.{c}) over w as prev_{c}" for c in _PREV)
    + ", "
    + ", ".join(f"lead(t.{c}) over w as next_{c}" for c in _NEXT)
    + " from {this} window w as (partition by t.child_key order by t.decom_date, t._row_number)"
    ") as t"
)
HEADER = "join {header} as h on h.child_key = t.child_key"


def _same(a: str, b: str) -> str:
    return f"coalesce({a}, '') = coalesce({b}, '')"


def _differs(a: str, b: str) -> str:
    return f"coalesce({a}, '') <> coalesce({b}, '')"


PLACEMENT_UNCHANGED = " and ".join(_same(f"t.{c}", f"t.prev_{c}") for c in PLACEMENT_FIELDS)
PLACEMENT_CHANGED = " or ".join(_differs(f"t.{c}", f"t.prev_{c}") for c in PLACEMENT_FIELDS)


def _age_at_least(on_date: str, years: int) -> str:
    return f"{on_date} >= h.dob_date + interval '{years} years'"


def _spell_too_long(ls: str, days: int) -> str:
    """Episodes in an unbroken run of legal status `ls` lasting more than `days` days."""
    end = "coalesce(e.dec_date, e.as_at)"
    order = "partition by e.child_key order by e.decom_date, e._row_number"
    runs = (
        f"select e.child_key, e._source_file, e._row_number, e.decom_date, {end} as end_date, "
        f"case when e.decom_date = lag({end}) over ({order}) then 0 else 1 end as starts_run "
        f"from {{episodes}} as e where e.ls = '{ls}' and e.decom_date is not null"
    )
    numbered = (
        "select r.*, sum(r.starts_run) over (partition by r.child_key "
        f"order by r.decom_date, r._row_number) as run_no from ({runs}) as r"
    )
    spans = (
        "select n.child_key, n._source_file, n._row_number, "
        "min(n.decom_date) over (partition by n.child_key, n.run_no) as run_start, "
        "max(n.end_date) over (partition by n.child_key, n.run_no) as run_end "
        f"from ({numbered}) as n"
    )
    return (
        "select {ids}, t.ls, t.decom, t.dec, s.run_start, s.run_end from {this} "
        f"join ({spans}) as s on s.child_key = t.child_key "
        "and s._source_file = t._source_file and s._row_number = t._row_number "
        f"where s.run_end - s.run_start > {days}"
    )


# Last year's last episode of each child (latest start), to compare this year's first with.
LAST_YEARS_LAST = (
    "(select distinct on (l.child_key) l.* from {episodes_last} as l "
    "where l.decom_date is not null "
    "order by l.child_key, l.decom_date desc, l._row_number desc)"
)
FIRST_EPISODE = f"{NEIGHBOURS} join {LAST_YEARS_LAST} as l on l.child_key = t.child_key"


def _continues(field: str, extra: str = "") -> str:
    """503x: this year's first episode differs in `field` from last year's open last one."""
    return (
        f"select {{ids}}, t.decom, t.{field}, l.decom as last_year_decom, "
        f"l.{field} as last_year_{field} from {FIRST_EPISODE} "
        f"where t.episode_no = 1 and l.dec_date is null and {_differs(f't.{field}', f'l.{field}')}"
        + extra
    )


def _distance(column: str) -> str:
    return f"(case when {column} ~ '^[0-9]+([.][0-9]+)?$' then {column}::numeric end)"


DISTANCE_DIFFERS = (
    f"(abs({_distance('t.pl_distance')} - {_distance('l.pl_distance')}) >= 0.2 "
    "or (coalesce(t.pl_distance, '') = '') <> (coalesce(l.pl_distance, '') = ''))"
)


RULES = [
    Rule(
        code="148",
        table="episodes",
        message=(
            "Date episode ceased and reason episode ceased must both be coded, or both left blank."
        ),
        fields=("DEC", "REC"),
        affects=("P03b",),
        sql=(
            "select {ids}, t.dec, t.rec from {this} "
            "where (coalesce(t.dec, '') = '') <> (coalesce(t.rec, '') = '')"
        ),
    ),
    Rule(
        code="225",
        table="episodes",
        message="Reason for placement change must be recorded.",
        fields=("REASON_PLACE_CHANGE",),
        first_year="2019-20",
        affects=("P15",),
        sql=(
            "select {ids}, t.place, t.rec, t.reason_place_change, t.next_rne, t.next_place "
            f"from {NEIGHBOURS} where t.rec = 'X1' "
            "and coalesce(t.reason_place_change, '') = '' "
            f"and coalesce(t.place, '') not in {TEMPORARY} "
            "and t.next_rne in ('P', 'B', 'T', 'U') "
            f"and coalesce(t.next_place, '') not in {TEMPORARY}"
        ),
    ),
    Rule(
        code="226",
        table="episodes",
        message="Reason for placement change is not required.",
        fields=("PLACE", "REASON_PLACE_CHANGE"),
        first_year="2019-20",
        affects=("P15",),
        # A temporary placement, and the episode that led into it, carry no reason.
        sql=(
            "select {ids}, t.place, t.reason_place_change, "
            "t.prev_reason_place_change as previous_reason_place_change "
            f"from {NEIGHBOURS} where t.place in {TEMPORARY} "
            "and (coalesce(t.reason_place_change, '') <> '' "
            "or coalesce(t.prev_reason_place_change, '') <> '')"
        ),
    ),
    # An open episode's reason is not read by any figure: P15 counts ended placements only.
    Rule(
        code="233",
        table="episodes",
        message="Reason for placement change is not required when the episode has not ceased.",
        fields=("DEC", "REASON_PLACE_CHANGE"),
        severity=WARNING,
        first_year="2025-26",
        sql=(
            "select {ids}, t.dec, t.reason_place_change from {this} "
            "where coalesce(t.dec, '') = '' and coalesce(t.reason_place_change, '') <> ''"
        ),
    ),
    Rule(
        code="234",
        table="episodes",
        message="A child aged under 10 can not change placement due to being admitted to custody",
        fields=("REASON_PLACE_CHANGE", "DEC", "DOB"),
        first_year="2025-26",
        affects=("P15",),
        # The placement changes on the day the episode ends (the next one starts).
        sql=(
            "select {ids}, t.dec, t.reason_place_change, h.dob from {this} " + HEADER + " "
            "where t.reason_place_change = 'CUSTOD' "
            "and t.dec_date < h.dob_date + interval '10 years'"
        ),
    ),
    Rule(
        code="1009",
        table="episodes",
        message="Reason for placement change is not a valid code.",
        fields=("REASON_PLACE_CHANGE",),
        first_year="2019-20",
        affects=("P15",),
        sql=(
            "select {ids}, t.reason_place_change from {this} "
            "where coalesce(t.reason_place_change, '') <> '' "
            "and t.reason_place_change not in {codes[reasons_place_change]}"
        ),
    ),
    Rule(
        code="352",
        table="episodes",
        message="Child who started to be looked after was aged 18 or over.",
        fields=("DECOM", "RNE", "DOB"),
        affects=("P03a",),
        sql=(
            "select {ids}, t.decom, t.rne, h.dob from {this} " + HEADER + " "
            "where t.rne = 'S' and " + _age_at_least("t.decom_date", 18)
        ),
    ),
    Rule(
        code="353",
        table="episodes",
        message="No episode submitted can start before 14 October 1991.",
        fields=("DECOM",),
        sql="select {ids}, t.decom from {this} where t.decom_date < date '1991-10-14'",
    ),
    Rule(
        code="354",
        table="episodes",
        message="Date episode ceased must be on or before the end of the current collection year.",
        fields=("DECOM",),
        sql="select {ids}, t.decom from {this} where t.decom_date > {year_end}",
    ),
    Rule(
        code="385",
        table="episodes",
        message="Date episode ceased must be on or before the end of the current collection year.",
        fields=("DEC",),
        affects=("P03b",),
        sql="select {ids}, t.dec from {this} where t.dec_date > {year_end}",
    ),
    Rule(
        code="357",
        table="episodes",
        message=(
            "If this is the first episode ever for this child, reason for new episode must be S.  "
            "Check whether there is an episode immediately preceding this one, which has been "
            "left out.  If not the reason for new episode code must be amended to S."
        ),
        fields=("RNE", "DECOM"),
        affects=("P03a",),
        # The child's first episode in the return started in the year: nothing precedes it.
        sql=(
            f"select {{ids}}, t.decom, t.rne from {NEIGHBOURS} "
            "where t.episode_no = 1 and t.decom_date >= {year_start} "
            "and coalesce(t.rne, '') <> 'S'"
        ),
    ),
    Rule(
        code="358",
        table="episodes",
        message="Child with this legal status should not be under 10.",
        fields=("DECOM", "DOB", "LS"),
        affects=("P04",),
        sql=(
            "select {ids}, t.decom, t.ls, h.dob from {this} " + HEADER + " "
            "where t.ls in ('J1', 'J2', 'J3') "
            "and t.decom_date <= h.dob_date + interval '10 years'"
        ),
    ),
    Rule(
        code="359",
        table="episodes",
        message=(
            "Child being looked after following 18th birthday must be accommodated under "
            "section 20(5) of the Children Act 1989 in a community home."
        ),
        fields=("DEC", "LS", "PLACE", "DOB"),
        affects=("P01",),
        # Still looked after at the end of the return's period, past the 18th birthday.
        sql=(
            "select {ids}, t.dec, t.ls, t.place, h.dob from {this} " + HEADER + " "
            "where coalesce(t.dec, '') = '' and h.dob_date + interval '18 years' < t.as_at "
            "and not (t.ls = 'V2' and t.place = 'K2')"
        ),
    ),
    Rule(
        code="361",
        table="episodes",
        message=(
            "Police protection legal status lasted longer than maximum 72 hours allowed in the "
            "Children Act 1989."
        ),
        fields=("DECOM", "DEC", "LS"),
        affects=("P04",),
        sql=_spell_too_long("L1", 3),
    ),
    Rule(
        code="362",
        table="episodes",
        message="Emergency protection order (EPO) lasted longer than 21 days",
        fields=("DECOM", "DEC", "LS"),
        affects=("P04",),
        sql=_spell_too_long("L2", 21),
    ),
    Rule(
        code="363",
        table="episodes",
        message=(
            "Child assessment order (CAO) lasted longer than 7 days allowed in the Children "
            "Act 1989."
        ),
        fields=("DECOM", "DEC", "LS"),
        affects=("P04",),
        sql=_spell_too_long("L3", 7),
    ),
    Rule(
        code="364",
        table="episodes",
        message=(
            "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time "
            "a child can be detained in custody in Local Authority (LA) accommodation."
        ),
        fields=("DECOM", "DEC", "LS"),
        affects=("P04",),
        sql=_spell_too_long("J2", 21),
    ),
    Rule(
        code="365",
        table="episodes",
        message="Any individual short- term respite placement must not exceed 17 days.",
        fields=("DECOM", "DEC", "LS"),
        affects=("P01",),
        sql=(
            "select {ids}, t.ls, t.decom, t.dec from {this} where t.ls = 'V3' "
            "and coalesce(t.dec_date, t.as_at) > t.decom_date + 17"
        ),
    ),
    # Short-break episodes are left out of every placement and start count: a query.
    Rule(
        code="366",
        table="episodes",
        message=(
            "A child cannot change placement during the course of an individual short-term "
            "respite break."
        ),
        fields=("RNE", "LS"),
        severity=WARNING,
        sql=(
            "select {ids}, t.ls, t.rne from {this} where t.ls = 'V3' and coalesce(t.rne, '') <> 'S'"
        ),
    ),
    Rule(
        code="367",
        table="episodes",
        message="The maximum amount of respite care allowable is 75 days in any 12-month period.",
        fields=("DECOM", "DEC", "LS"),
        affects=("P01",),
        # Days of V3 episodes within the collection year, per child.
        sql=(
            "select {ids}, t.ls, t.decom, t.dec, v.respite_days from {this} join ("
            "select e.child_key, sum(least(coalesce(e.dec_date, e.as_at), e.year_end) "
            "- greatest(e.decom_date, e.year_start)) as respite_days "
            "from {episodes} as e where e.ls = 'V3' "
            "and least(coalesce(e.dec_date, e.as_at), e.year_end) "
            "> greatest(e.decom_date, e.year_start) "
            "group by e.child_key) as v on v.child_key = t.child_key "
            "where t.ls = 'V3' and v.respite_days > 75 "
            "and least(coalesce(t.dec_date, t.as_at), t.year_end) "
            "> greatest(t.decom_date, t.year_start)"
        ),
    ),
    Rule(
        code="386",
        table="episodes",
        message="Reason episode ceased is adopted but child has reached age 18.",
        fields=("REC", "DEC", "DOB"),
        affects=("A01a",),
        sql=(
            "select {ids}, t.dec, t.rec, h.dob from {this} " + HEADER + " "
            "where t.rec in ('E11', 'E12') and " + _age_at_least("t.dec_date", 18)
        ),
    ),
    Rule(
        code="387",
        table="episodes",
        message=(
            "Reason episode ceased is child moved into independent living arrangement, but the "
            "child is aged under 14."
        ),
        fields=("REC", "DEC", "DOB"),
        sql=(
            "select {ids}, t.dec, t.rec, h.dob from {this} " + HEADER + " "
            "where t.rec in ('E5', 'E6') and t.dec_date < h.dob_date + interval '14 years'"
        ),
    ),
    Rule(
        code="389",
        table="episodes",
        message=(
            "Reason episode ceased is that child transferred to care of adult social care "
            "services, but child is aged under 16."
        ),
        fields=("REC", "DEC", "DOB"),
        sql=(
            "select {ids}, t.dec, t.rec, h.dob from {this} " + HEADER + " "
            "where t.rec = 'E7' and t.dec_date < h.dob_date + interval '16 years'"
        ),
    ),
    Rule(
        code="407",
        table="episodes",
        message=(
            "Reason episode ceased is Special Guardianship Order, but child has reached age 18."
        ),
        fields=("DEC", "DOB", "REC"),
        affects=("A01b",),
        sql=(
            "select {ids}, t.dec, t.rec, h.dob from {this} " + HEADER + " "
            "where t.rec in ('E45', 'E46', 'E47', 'E48') "
            "and t.dec_date > h.dob_date + interval '18 years'"
        ),
    ),
    # Both statuses are short breaks, left out of every count alike: no figure changes.
    Rule(
        code="426",
        table="episodes",
        message=(
            "A child receiving respite care cannot be recorded under a legal status of V3 and V4 "
            "in the same year."
        ),
        fields=("LS",),
        severity=WARNING,
        sql=(
            "select {ids}, t.ls from {this} where t.ls in ('V3', 'V4') and exists ("
            "select 1 from {episodes} as o where o.child_key = t.child_key "
            "and o.ls in ('V3', 'V4') and o.ls <> t.ls)"
        ),
    ),
    Rule(
        code="431",
        table="episodes",
        message=(
            "The reason for new episode is started to be looked after, but the previous episode "
            "ended on the same day."
        ),
        fields=("RNE", "DECOM"),
        affects=("P03a",),
        sql=(
            f"select {{ids}}, t.decom, t.rne, t.prev_dec_date from {NEIGHBOURS} "
            "where t.rne = 'S' and t.decom_date <= t.prev_dec_date"
        ),
    ),
    Rule(
        code="432",
        table="episodes",
        message=(
            "The child ceased to be looked after at the end of the previous episode but the "
            "reason for the new episode is not started to be looked after."
        ),
        fields=("RNE",),
        affects=("P03a",),
        sql=(
            f"select {{ids}}, t.decom, t.rne, t.prev_rec from {NEIGHBOURS} "
            "where t.prev_rec in {codes[reasons_episode_ceased]} and t.prev_rec <> 'X1' "
            "and coalesce(t.rne, '') <> 'S'"
        ),
    ),
    Rule(
        code="433",
        table="episodes",
        message=(
            "The reason for new episode suggests that this is a continuation episode, but the "
            "episode does not start on the same day as the last episode finished."
        ),
        fields=("RNE", "DECOM"),
        sql=(
            f"select {{ids}}, t.decom, t.rne, t.prev_dec_date from {NEIGHBOURS} "
            "where t.rne in ('P', 'L', 'T', 'U', 'B') and t.prev_row is not null "
            "and t.decom_date is distinct from t.prev_dec_date"
        ),
    ),
    Rule(
        code="434",
        table="episodes",
        message=(
            "Reason for new episode is that child's legal status has changed but not the "
            "placement, but this is not reflected in the episode data."
        ),
        fields=("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"),
        affects=("P12", "P13", "P14"),
        sql=(
            f"select {{ids}}, t.rne, t.ls, t.prev_ls, t.place, t.prev_place from {NEIGHBOURS} "
            "where t.rne = 'L' and t.prev_row is not null "
            f"and ({_same('t.ls', 't.prev_ls')} or {PLACEMENT_CHANGED})"
        ),
    ),
    Rule(
        code="435",
        table="episodes",
        message=(
            "Reason for new episode is that child’s placement has changed but not the legal "
            "status, but this is not reflected in the episode data recorded."
        ),
        fields=("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"),
        affects=("P12", "P13", "P14"),
        sql=(
            f"select {{ids}}, t.rne, t.ls, t.prev_ls, t.place, t.prev_place from {NEIGHBOURS} "
            "where t.rne in ('P', 'T') and t.prev_row is not null "
            f"and ({_differs('t.ls', 't.prev_ls')} or ({PLACEMENT_UNCHANGED}))"
        ),
    ),
    Rule(
        code="436",
        table="episodes",
        message=(
            "Reason for new episode is that both child’s placement and legal status have "
            "changed, but this is not reflected in the episode data."
        ),
        fields=("RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"),
        affects=("P12", "P13", "P14"),
        sql=(
            f"select {{ids}}, t.rne, t.ls, t.prev_ls, t.place, t.prev_place from {NEIGHBOURS} "
            "where t.rne in ('B', 'U') and t.prev_row is not null "
            f"and ({_same('t.ls', 't.prev_ls')} or ({PLACEMENT_UNCHANGED}))"
        ),
    ),
    Rule(
        code="437",
        table="episodes",
        message=(
            "Reason episode ceased is child has died or is aged 18 or over but there are "
            "further episodes."
        ),
        fields=("REC",),
        affects=("P03b",),
        sql=(
            f"select {{ids}}, t.dec, t.rec, t.next_decom_date from {NEIGHBOURS} "
            "where t.rec in ('E2', 'E15') and t.decom_date is not null "
            "and t.next_row is not null"
        ),
    ),
    Rule(
        code="445",
        table="episodes",
        message="D1 is not a valid code for episodes starting after December 2005.",
        fields=("LS", "DECOM"),
        sql=(
            "select {ids}, t.decom, t.ls from {this} "
            "where t.ls = 'D1' and t.decom_date > date '2005-12-31'"
        ),
    ),
    Rule(
        code="446",
        table="episodes",
        message="E1 is not a valid code for episodes starting before December 2005.",
        fields=("LS", "DECOM"),
        sql=(
            "select {ids}, t.decom, t.ls from {this} "
            "where t.ls = 'E1' and t.decom_date < date '2005-12-01'"
        ),
    ),
    Rule(
        code="451",
        table="episodes",
        message=(
            "Child is still freed for adoption, but freeing orders could not be applied for "
            "since 30 December 2005."
        ),
        fields=("DEC", "REC", "LS"),
        sql=(
            "select {ids}, t.ls, t.dec, t.rec from {this} where t.ls = 'D1' "
            "and coalesce(t.dec, '') = '' and coalesce(t.rec, '') = ''"
        ),
    ),
    Rule(
        code="452",
        table="episodes",
        message=(
            "Contradiction between local authority of placement code in the last episode of the "
            "previous year and in the first episode of the current year."
        ),
        fields=("PL_LA",),
        needs_last_year=True,
        affects=("P10",),
        sql=_continues("pl_la", " and t.rne = l.rne"),
    ),
    Rule(
        code="453",
        table="episodes",
        message=(
            "Contradiction between placement distance in the last episode of the previous year "
            "and in the first episode of the current year."
        ),
        fields=("PL_DISTANCE",),
        needs_last_year=True,
        affects=("P11a", "P11b"),
        sql=(
            "select {ids}, t.decom, t.pl_distance, l.pl_distance as last_year_pl_distance "
            f"from {FIRST_EPISODE} where t.episode_no = 1 and l.dec_date is null "
            "and t.rne = l.rne and abs("
            + _distance("t.pl_distance")
            + " - "
            + _distance("l.pl_distance")
            + ") >= 0.2"
        ),
    ),
    Rule(
        code="460",
        table="episodes",
        message=(
            "Reason episode ceased is that child stayed with current carers at age 18 (or "
            "above), but child is aged under 18."
        ),
        fields=("DEC", "REC", "DOB"),
        affects=("CL06a",),
        sql=(
            "select {ids}, t.dec, t.rec, h.dob from {this} " + HEADER + " "
            "where t.rec = 'E17' and t.dec_date < h.dob_date + interval '18 years'"
        ),
    ),
    Rule(
        code="502",
        table="episodes",
        message=(
            "Last year's record ended with an open episode. The date on which that episode "
            "started does not match the start date of the first episode on this year’s record."
        ),
        fields=("DECOM",),
        needs_last_year=True,
        sql=(
            f"select {{ids}}, t.decom from {NEIGHBOURS} where t.episode_no = 1 and exists ("
            "select 1 from {episodes_last} as l where l.child_key = t.child_key "
            "and coalesce(l.dec, '') = '' "
            "and l.decom_date is distinct from t.decom_date)"
        ),
    ),
    Rule(
        code="503A",
        table="episodes",
        message=(
            "The reason for new episode in the first episode does not match open episode at end "
            "of last year."
        ),
        fields=("RNE",),
        needs_last_year=True,
        sql=_continues("rne"),
    ),
    Rule(
        code="503B",
        table="episodes",
        message=(
            "The legal status in the first episode does not match open episode at end of last year."
        ),
        fields=("LS",),
        needs_last_year=True,
        affects=("P04",),
        sql=_continues("ls"),
    ),
    Rule(
        code="503C",
        table="episodes",
        message=(
            "The category of need in the first episode does not match open episode at end of "
            "last year."
        ),
        fields=("CIN",),
        needs_last_year=True,
        sql=_continues("cin"),
    ),
    Rule(
        code="503D",
        table="episodes",
        message=(
            "The placement type in the first episode does not match open episode at end of last "
            "year"
        ),
        fields=("PLACE",),
        needs_last_year=True,
        affects=("P05", "P06", "P09a", "P09c"),
        # Codes withdrawn at a year boundary may change once, in the year their successor
        # arrived: H5 to K3 in 2024-25, Z1 to Z11-Z14 in 2025-26.
        sql=_continues(
            "place",
            " and not ({collection_year} = '2024-25' and l.place = 'H5' and t.place = 'K3')"
            " and not ({collection_year} = '2025-26' and l.place = 'Z1'"
            " and t.place in ('Z11', 'Z12', 'Z13', 'Z14'))",
        ),
    ),
    Rule(
        code="503E",
        table="episodes",
        message=(
            "The placement provider in the first episode does not match open episode at end of "
            "last year."
        ),
        fields=("PLACE_PROVIDER",),
        needs_last_year=True,
        affects=("P08a", "P08b"),
        sql=_continues("place_provider"),
    ),
    Rule(
        code="503F",
        table="episodes",
        message=(
            "The Ofsted URN in the  first episode does not match open episode at end of last year."
        ),
        fields=("URN",),
        needs_last_year=True,
        sql=_continues("urn"),
    ),
    Rule(
        code="503G",
        table="episodes",
        message="The distance in first episode does not match open episode at end of last year.",
        fields=("PL_DISTANCE",),
        needs_last_year=True,
        affects=("P11a", "P11b"),
        sql=(
            "select {ids}, t.decom, t.pl_distance, l.pl_distance as last_year_pl_distance "
            f"from {FIRST_EPISODE} where t.episode_no = 1 and l.dec_date is null "
            f"and {DISTANCE_DIFFERS}"
        ),
    ),
    Rule(
        code="503H",
        table="episodes",
        message=(
            "The placement LA in first episode does not match open episode at end of last year."
        ),
        fields=("PL_LA",),
        needs_last_year=True,
        affects=("P10",),
        sql=_continues("pl_la"),
    ),
    Rule(
        code="503J",
        table="episodes",
        message=(
            "The placement location in first episode does not match open episode at end of last "
            "year."
        ),
        fields=("PL_LOCATION",),
        needs_last_year=True,
        affects=("P10",),
        sql=_continues("pl_location"),
    ),
    # Category of need feeds no panel figure: a change within a period of care is a query.
    Rule(
        code="504",
        table="episodes",
        message=(
            "The category of need code differs from that reported at start of current period of "
            "being looked after"
        ),
        fields=("CIN",),
        severity=WARNING,
        sql=(
            f"select {{ids}}, t.decom, t.cin, t.prev_cin from {NEIGHBOURS} "
            "where t.prev_rec = 'X1' and t.prev_dec_date = t.decom_date "
            f"and {_differs('t.cin', 't.prev_cin')}"
        ),
    ),
    Rule(
        code="562",
        table="episodes",
        message=(
            "Episode commenced before the start of the current collection year but there is a "
            "missing continuous episode in the previous year."
        ),
        fields=("DECOM",),
        needs_last_year=True,
        # The first episode began before 1 April: last year's last episode must be it.
        sql=(
            f"select {{ids}}, t.decom from {NEIGHBOURS} "
            f"left join {LAST_YEARS_LAST} as l on l.child_key = t.child_key "
            "where t.episode_no = 1 and t.decom_date < {year_start} "
            "and l.decom_date is distinct from t.decom_date"
        ),
    ),
    Rule(
        code="NoE",
        table="episodes",
        message=(
            "This child has no episodes loaded for previous year even though child started to "
            "be looked after before this current year."
        ),
        fields=("DECOM",),
        needs_last_year=True,
        sql=(
            "select {ids}, t.decom from {this} where t.decom_date < {year_start} "
            "and not exists (select 1 from {episodes_last} as l "
            "where l.child_key = t.child_key)"
        ),
    ),
]
