"""Deprivation of liberty orders (DoLo, new in 2026-27): rules 700-710.

DfE's rules as Data to Insight ports them in lac2026_27, with these choices:

- 705: a DoLO is reported when an earlier-starting order of the child is still open or ends
  after it starts (a renewal may start the day the previous order ends). D2I compares each
  order with the one ending just before it, which reports the earlier order of a pair.
- 706 is about last year's open order, which is not a row of this year's DoLo table: it
  reports the child's header row (the child is in this year's return: an order open on
  31 March means the child was looked after then).
- 707 (as D2I, after rule 577): an order still open must lie in the child's current period of
  care (the child still looked after, the order started in that period); an ended order must
  end on a day the child was looked after.
- 709/710 look at orders with both dates (DfE's wording) and at every episode overlapping
  them, open episodes included (D2I's 709 leaves out open episodes, its 710 does not).

No panel figure uses DoLo: invalid or impossible dates and overlapping orders are blocking as
for the other 903 tables; the cross-checks with episodes and last year are warnings.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

FIRST = "2026-27"

# Episodes of the child overlapping an order with both dates (rules 709, 710).
OVERLAPPING = (
    "join {episodes} as e on e.child_key = t.child_key "
    "and e.decom_date <= t.dolo_end_date "
    "and (e.dec_date >= t.dolo_start_date or coalesce(e.dec, '') = '') "
    "where t.dolo_start_date is not null and t.dolo_end_date is not null"
)

RULES = [
    Rule(
        code="700",
        table="dolo",
        message="The start date of the DoLO is not a valid date.",
        fields=("DOLO_START",),
        first_year=FIRST,
        sql="select {ids}, t.dolo_start from {this} where t.dolo_start_date is null",
    ),
    Rule(
        code="701",
        table="dolo",
        message="The end date of the DoLO is not a valid date.",
        fields=("DOLO_END",),
        first_year=FIRST,
        sql=(
            "select {ids}, t.dolo_end from {this} "
            "where coalesce(t.dolo_end, '') <> '' and t.dolo_end_date is null"
        ),
    ),
    Rule(
        code="702",
        table="dolo",
        message="The date that the DoLO ended is before the date that it started.",
        fields=("DOLO_START", "DOLO_END"),
        first_year=FIRST,
        # As D2I: an order cannot end the day it starts either.
        sql=(
            "select {ids}, t.dolo_start, t.dolo_end from {this} "
            "where t.dolo_end_date <= t.dolo_start_date"
        ),
    ),
    Rule(
        code="703",
        table="dolo",
        message="The date that the DoLO started is after the end of the collection year.",
        fields=("DOLO_START",),
        first_year=FIRST,
        sql="select {ids}, t.dolo_start from {this} where t.dolo_start_date > {year_end}",
    ),
    Rule(
        code="704",
        table="dolo",
        message=(
            "The date that the DoLO ended is before the start or after the end of the "
            "collection year."
        ),
        fields=("DOLO_END",),
        first_year=FIRST,
        sql=(
            "select {ids}, t.dolo_end from {this} "
            "where t.dolo_end_date < {year_start} or t.dolo_end_date > {year_end}"
        ),
    ),
    Rule(
        code="705",
        table="dolo",
        message="A DoLO cannot start when the previous DoLO is still open.",
        fields=("DOLO_START", "DOLO_END"),
        first_year=FIRST,
        sql=(
            "select distinct {ids}, t.dolo_start, t.dolo_end from {this} "
            "join {dolo} as o on o.child_key = t.child_key "
            "and o._row_number <> t._row_number "
            "and o.dolo_start_date <= t.dolo_start_date "
            "and coalesce(o.dolo_end_date > t.dolo_start_date, true)"
        ),
    ),
    # Continuity with last year's return, which no panel figure reads.
    Rule(
        code="706",
        table="header",
        message=(
            "There is an open DoLO in last year’s return and there is no corresponding DoLO "
            "recorded at the start of this year.."
        ),
        fields=("DOLO_START",),
        first_year=FIRST,
        needs_last_year=True,
        severity=WARNING,
        sql=(
            "select distinct {ids}, l.dolo_start as last_year_dolo_start from {this} "
            "join {dolo_last} as l on l.child_key = t.child_key and coalesce(l.dolo_end, '') = '' "
            "where not exists (select 1 from {dolo} as c where c.child_key = t.child_key "
            "and (c.dolo_start = l.dolo_start or c.dolo_start_date = l.dolo_start_date))"
        ),
    ),
    # The order's end against the episodes: no panel figure uses DoLo.
    Rule(
        code="707",
        table="dolo",
        message="Child ceased to be looked after but there is a DoLO without an end date.",
        fields=("DOLO_END",),
        first_year=FIRST,
        severity=WARNING,
        sql=(
            "select {ids}, t.dolo_start, t.dolo_end from {this} "
            "where t.dolo_start_date is not null and case when t.dolo_end_date is null then "
            # still open: the child must still be looked after, in the period it started in
            "not exists (select 1 from {episodes} as e where e.child_key = t.child_key "
            "and coalesce(e.dec, '') = '') "
            "or t.dolo_start_date < (select max(e.decom_date) from {episodes} as e "
            "where e.child_key = t.child_key and not exists (select 1 from {episodes} as b "
            "where b.child_key = e.child_key and b.dec_date = e.decom_date)) "
            # ended: on a day the child was looked after
            "else not exists (select 1 from {episodes} as e where e.child_key = t.child_key "
            "and e.decom_date <= t.dolo_end_date "
            "and (e.dec_date >= t.dolo_end_date or coalesce(e.dec, '') = '')) end"
        ),
    ),
    Rule(
        code="708",
        table="dolo",
        message="Dates of DoLOs are before child’s date of birth.",
        fields=("DOLO_START", "DOB"),
        first_year=FIRST,
        sql=("select {ids}, t.dolo_start, t.dob from {this} where t.dolo_start_date <= t.dob_date"),
    ),
    # A plausibility query ("unexpected"); no panel figure uses DoLo.
    Rule(
        code="709",
        table="dolo",
        message="Child with a DoLO is in an unexpected placement type.",
        fields=("DOLO_START", "DOLO_END", "PLACE"),
        first_year=FIRST,
        severity=WARNING,
        sql=(
            "select distinct {ids}, t.dolo_start, t.dolo_end, e.decom, e.place from {this} "
            + OVERLAPPING
            + " and coalesce(e.place, '') not in ('K2', 'Z12', 'Z13')"
        ),
    ),
    # The placement is for the caseworker to check against the order; no panel figure uses
    # DoLo, and the placement type itself is validated by the episode rules.
    Rule(
        code="710",
        table="dolo",
        message=(
            "Child with a DoLO can not be placed in secure children's homes, with parents, young "
            "offender institutions, or supported accommodation."
        ),
        fields=("DOLO_START", "DOLO_END", "PLACE"),
        first_year=FIRST,
        severity=WARNING,
        sql=(
            "select distinct {ids}, t.dolo_start, t.dolo_end, e.decom, e.place from {this} "
            + OVERLAPPING
            + " and e.place in ('K1', 'P1', 'R5', 'K3')"
        ),
    ),
]
