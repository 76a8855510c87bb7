"""Social worker episodes (from 2023-24): completeness, valid values and continuity.

DfE's SW rules as Data to Insight ports them (lac2023_24, lac2024_25, lac2025_26), with these
choices where D2I's code and DfE's wording part:

- SW01STG1 and SW12STG2 are about a child looked after whose social worker episodes are
  missing, so there is no social worker row to point at: they report the child's episode
  (the open one for SW01, each episode starting or ending care for SW12), which is also what
  D2I returns. SW01 follows DfE's "at least one instance of each item" (SW_ID, SW_DECOM and,
  in 2023-24 only, SW_REASON). SW12 asks for a social worker episode overlapping each such
  episode of a child looked after on 31 March (D2I's version flags any open episode that
  did not start care, whatever the social worker data).
- D2I's file rule_SW08STG2.py names its rule SW108STG2 (a typo carried into its rule lists);
  DfE's code is SW08STG2.
- "Previous" and "next" social worker episodes are the child's episodes in order of start
  date, then end date (open last), then row.
- SW11/SW11a/SW11b report the episode that ended (their field is SW_DEC), D2I the one after.
  SW11b asks for a following episode after one ending in the year's last five days; D2I
  also flags every child with a single episode, which DfE's wording does not say.
- SW05STG1 in D2I's 2025-26 version also flags every blank SW_DEC, i.e. every open episode;
  that is not ported. Partly unknown dates (ZZ) that D2I accepts before 2025-26 never reach
  raw: the loader quarantines any date that is not dd/mm/yyyy.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

P19 = ("P19",)  # children with two or more social worker changes: counts SW_DECOM / SW_REASON


def _key(a: str) -> str:
    """A child's social worker episodes in order: start, end (open last), row."""
    return (
        f"(coalesce({a}.sw_decom_date, 'infinity'::date), "
        f"coalesce({a}.sw_dec_date, 'infinity'::date), {a}._row_number)"
    )


# The child's next (n) / previous (p) social worker episode in that order.
NEXT = (
    "join lateral (select o.sw_decom, o.sw_decom_date from {sw_episodes} as o "
    "where o.child_key = t.child_key and " + _key("o") + " > " + _key("t") + " "
    "order by " + _key("o") + " limit 1) as n on true"
)
PREVIOUS = (
    "join lateral (select o.sw_dec, o.sw_dec_date from {sw_episodes} as o "
    "where o.child_key = t.child_key and " + _key("o") + " < " + _key("t") + " "
    "order by " + _key("o") + " desc limit 1) as p on true"
)
# Another of the child's episodes starts later (so this one is not the latest).
NOT_LATEST = (
    "exists (select 1 from {sw_episodes} as o where o.child_key = t.child_key "
    "and o._row_number <> t._row_number and o.sw_decom_date is not null "
    "and (o.sw_decom_date > t.sw_decom_date "
    "or (o.sw_decom_date = t.sw_decom_date and o._row_number > t._row_number)))"
)
# Looked after on 31 March (or at the extract's date): an open episode, not a short break.
LOOKED_AFTER = (
    "exists (select 1 from {episodes} as e where e.child_key = t.child_key "
    "and coalesce(e.dec, '') = '' and coalesce(e.ls, '') not in ('V3', 'V4'))"
)
# The first social worker episode that counts for the year: open on 1 April, else the
# first to start in the year (its reason may be blank from 2024-25: no change of worker).
FIRST_OF_YEAR = (
    "coalesce(t.sw_dec_date, 'infinity'::date) >= {year_start} "
    "and not exists (select 1 from {sw_episodes} as o where o.child_key = t.child_key "
    "and o._row_number <> t._row_number "
    "and coalesce(o.sw_dec_date, 'infinity'::date) >= {year_start} "
    "and (o.sw_decom_date < t.sw_decom_date "
    "or (o.sw_decom_date = t.sw_decom_date and o._row_number < t._row_number)))"
)
# Last year's final social worker episode of the child, if still open on 31 March, and this
# year's first one (rules SW16a-c).
CARRIED_OVER = (
    "join (select distinct on (l.child_key) l.child_key, l.sw_id, l.sw_decom, "
    "l.sw_decom_date, l.sw_dec, l.sw_reason from {sw_episodes_last} as l "
    "order by l.child_key, l.sw_decom_date desc nulls last, l._row_number desc) as l "
    "on l.child_key = t.child_key and coalesce(l.sw_dec, '') = '' "
    "where not exists (select 1 from {sw_episodes} as o where o.child_key = t.child_key "
    "and " + _key("o") + " < " + _key("t") + ")"
)

RULES = [
    Rule(
        code="SW01STG1",
        table="episodes",
        message=(
            "Child looked after on 31 March, but no social worker episode information is reported"
        ),
        fields=("DEC", "SW_ID", "SW_DECOM", "SW_REASON"),
        first_year="2023-24",
        affects=P19,
        sql=(
            "select {ids}, t.decom, t.dec, t.ls from {this} "
            "where coalesce(t.dec, '') = '' and coalesce(t.ls, '') not in ('V3', 'V4') and not ("
            "exists (select 1 from {sw_episodes} as s where s.child_key = t.child_key "
            "and coalesce(s.sw_id, '') <> '') "
            "and exists (select 1 from {sw_episodes} as s where s.child_key = t.child_key "
            "and coalesce(s.sw_decom, '') <> '') "
            "and ({collection_year} >= '2024-25' or exists (select 1 from {sw_episodes} as s "
            "where s.child_key = t.child_key and coalesce(s.sw_reason, '') <> '')))"
        ),
    ),
    # A plausibility query: the ID is not used by any panel figure (P19 counts changes by
    # date and reason), and XX placeholders are allowed anyway.
    Rule(
        code="SW02STG1",
        table="sw_episodes",
        message="Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
        fields=("SW_ID",),
        first_year="2023-24",
        severity=WARNING,
        sql=(
            "select {ids}, t.sw_id from {this} "
            "where coalesce(t.sw_id, '') = '' or left(t.sw_id, 2) not in ('SW', 'XX') "
            "or ({collection_year} >= '2025-26' and length(t.sw_id) < 4)"
        ),
    ),
    Rule(
        code="SW03STG1",
        table="sw_episodes",
        message="For each social worker episode, information should be complete.",
        fields=("SW_ID", "SW_DECOM", "SW_REASON"),
        first_year="2023-24",
        affects=P19,
        # From 2024-25 (D2I's SW01a/SW01b) a reason is needed only for episodes that
        # started on or after 1 April 2023, when the data item arrived.
        sql=(
            "select {ids}, t.sw_id, t.sw_decom, t.sw_reason from {this} "
            "where coalesce(t.sw_id, '') = '' or coalesce(t.sw_decom, '') = '' "
            "or (coalesce(t.sw_reason, '') = '' and ({collection_year} < '2024-25' "
            "or coalesce(t.sw_decom_date >= date '2023-04-01', true)))"
        ),
    ),
    Rule(
        code="SW04STG1",
        table="sw_episodes",
        message="Date social worker episode began is not a valid date..",
        fields=("SW_DECOM",),
        first_year="2023-24",
        affects=P19,
        # Blank is SW03's business until 2025-26, when D2I flags it here too.
        sql=(
            "select {ids}, t.sw_decom from {this} where t.sw_decom_date is null "
            "and (coalesce(t.sw_decom, '') <> '' or {collection_year} >= '2025-26')"
        ),
    ),
    Rule(
        code="SW05STG1",
        table="sw_episodes",
        message="Date social worker episode began is not a valid date.",
        fields=("SW_DEC",),
        first_year="2023-24",
        sql=(
            "select {ids}, t.sw_dec from {this} "
            "where coalesce(t.sw_dec, '') <> '' and t.sw_dec_date is null"
        ),
    ),
    Rule(
        code="SW06STG2",
        table="sw_episodes",
        message=(
            "Social worker episode data should be within the social worker data reporting year."
        ),
        fields=("SW_DECOM",),
        first_year="2023-24",
        affects=P19,
        sql="select {ids}, t.sw_decom from {this} where t.sw_decom_date > {year_end}",
    ),
    Rule(
        code="SW07STG2",
        table="sw_episodes",
        message=(
            "Social worker episode end date should be on or after the start of the social "
            "worker reporting period, and should be on or before the collection end date."
        ),
        fields=("SW_DEC",),
        first_year="2023-24",
        # From 2024-25 the reporting period reaches back to 1 April of the year before.
        sql=(
            "select {ids}, t.sw_dec from {this} where t.sw_dec_date > {year_end} "
            "or t.sw_dec_date < (case when {collection_year} >= '2024-25' "
            "then ({year_start} - interval '1 year')::date else {year_start} end)"
        ),
    ),
    Rule(
        code="SW08STG2",
        table="sw_episodes",
        message="A new social worker episode has started, but the previous episode has not ended.",
        fields=("SW_DEC",),
        first_year="2023-24",
        affects=P19,
        sql=(
            "select {ids}, t.sw_decom, t.sw_dec from {this} "
            "where coalesce(t.sw_dec, '') = '' and t.sw_decom_date is not null and " + NOT_LATEST
        ),
    ),
    # A plausibility query: a short episode is usually a recording slip, as for rule 355.
    Rule(
        code="SW09STG2",
        table="sw_episodes",
        message="Social worker episode appears to have lasted for less than 24 hours.",
        fields=("SW_DECOM", "SW_DEC"),
        first_year="2023-24",
        severity=WARNING,
        # From 2025-26 D2I asks for at least three days.
        sql=(
            "select {ids}, t.sw_decom, t.sw_dec from {this} where t.sw_dec_date = t.sw_decom_date "
            "or ({collection_year} >= '2025-26' and t.sw_dec_date - t.sw_decom_date < 3)"
        ),
    ),
    # A continuity query more than a structural error: it also asks about gaps of over a
    # week, and in 2023-24 about every re-referral after a spell out of care, which real
    # returns have (an episode still open when the next starts is SW08/SW14, blocking).
    Rule(
        code="SW10STG2",
        table="sw_episodes",
        message=(
            "A new social worker episode has started before the end date of the previous social "
            "worker episode."
        ),
        fields=("SW_DECOM",),
        first_year="2023-24",
        severity=WARNING,
        affects=P19,
        # Within 7 days either side of the previous episode's end; from 2024-25 a first
        # contact or re-referral (FCONTA) may start at any time.
        sql=(
            "select {ids}, t.sw_decom, t.sw_reason, p.sw_dec as previous_sw_dec from {this} "
            + PREVIOUS
            + " where not coalesce(t.sw_decom_date between p.sw_dec_date - 7 "
            "and p.sw_dec_date + 7, false) "
            "and ({collection_year} < '2024-25' or coalesce(t.sw_reason, '') <> 'FCONTA')"
        ),
    ),
    # A continuity query: a child who leaves care and returns later, or whose worker's
    # episode closes after the child left care, has no next episode starting that day.
    Rule(
        code="SW11STG2",
        table="sw_episodes",
        message=(
            "Social worker episode has ended before 31 March and no subsequent social worker "
            "episode has been provided."
        ),
        fields=("SW_DEC",),
        first_year="2023-24",
        severity=WARNING,
        sql=(
            "select {ids}, t.sw_dec, n.sw_decom as next_sw_decom from {this} " + NEXT + " "
            "where t.sw_dec_date < {year_end} "
            "and n.sw_decom_date is distinct from t.sw_dec_date"
        ),
    ),
    # A continuity query, like SW11STG2.
    Rule(
        code="SW11aSTG2",
        table="sw_episodes",
        message=(
            "Social worker episode has ended before 31 March and no subsequent social worker "
            "episode has been provided."
        ),
        fields=("SW_DEC",),
        first_year="2023-24",
        severity=WARNING,
        sql=(
            "select {ids}, t.sw_dec, n.sw_decom as next_sw_decom from {this} " + NEXT + " "
            "where t.sw_dec_date <= {year_end} - 5 and not coalesce("
            "n.sw_decom_date between t.sw_dec_date - 5 and t.sw_dec_date + 5, false)"
        ),
    ),
    # A continuity query, like SW11STG2.
    Rule(
        code="SW11bSTG2",
        table="sw_episodes",
        message=(
            "Social worker episode has ended before 31 March and no subsequent social worker "
            "episode has been provided."
        ),
        fields=("SW_DEC",),
        first_year="2023-24",
        severity=WARNING,
        full_year_only=True,
        sql=(
            "select {ids}, t.sw_dec from {this} "
            "where t.sw_dec_date between {year_end} - 5 and {year_end} "
            "and not exists (select 1 from {sw_episodes} as o where o.child_key = t.child_key "
            "and o.sw_decom_date is not null and " + _key("o") + " > " + _key("t") + ")"
        ),
    ),
    Rule(
        code="SW12STG2",
        table="episodes",
        message=(
            "If a child is looked after on 31 March then all social worker episodes for the "
            "full previous year should be reported, even those whilst they were not looked after"
        ),
        fields=("DECOM", "DEC", "SW_DECOM"),
        first_year="2023-24",
        full_year_only=True,
        affects=P19,
        # Each episode that starts or ends care (or is still open) of a child looked after
        # on 31 March must overlap one of the child's social worker episodes.
        sql=(
            "select {ids}, t.decom, t.dec, t.rne, t.rec from {this} "
            "where coalesce(t.ls, '') not in ('V3', 'V4') "
            "and (t.rne = 'S' or coalesce(t.rec, '') <> 'X1') and " + LOOKED_AFTER + " "
            "and not exists (select 1 from {sw_episodes} as s where s.child_key = t.child_key "
            "and s.sw_decom_date <= coalesce(t.dec_date, t.as_at) "
            "and coalesce(s.sw_dec_date, 'infinity'::date) >= t.decom_date)"
        ),
    ),
    Rule(
        code="SW13STG1",
        table="sw_episodes",
        message=(
            "The reason for social worker change is either not valid or has not been entered."
        ),
        fields=("SW_REASON",),
        first_year="2023-24",
        affects=P19,
        sql=(
            "select {ids}, t.sw_decom, t.sw_reason from {this} "
            "where (coalesce(t.sw_reason, '') <> '' "
            "and t.sw_reason not in {codes[social_worker_change_reasons]}) "
            "or (coalesce(t.sw_reason, '') = '' "
            "and ({collection_year} < '2024-25' or not (" + FIRST_OF_YEAR + ")))"
        ),
    ),
    Rule(
        code="SW14STG2",
        table="sw_episodes",
        message="Social worker episode date ceased is blank.",
        fields=("SW_DEC",),
        first_year="2023-24",
        affects=P19,
        sql=(
            "select {ids}, t.sw_decom, t.sw_dec from {this} "
            "where t.sw_dec_date is null and " + NOT_LATEST
        ),
    ),
    Rule(
        code="SW15STG2",
        table="sw_episodes",
        message="Reason for social worker change is missing.",
        fields=("SW_REASON",),
        first_year="2024-25",
        affects=P19,
        # Not for episodes that started before the reporting period (a year before 1 April).
        sql=(
            "select {ids}, t.sw_decom, t.sw_reason from {this} "
            "where coalesce(t.sw_reason, '') = '' "
            "and not coalesce(t.sw_decom_date < ({year_start} - interval '1 year')::date, false)"
        ),
    ),
    # The ID is used by no panel figure: a mismatch is for the caseworker to reconcile.
    Rule(
        code="SW16aSTG2",
        table="sw_episodes",
        message=(
            "The social worker reason episode changed does not match the open episode at the "
            "end of last year."
        ),
        fields=("SW_ID",),
        first_year="2024-25",
        needs_last_year=True,
        severity=WARNING,
        sql=(
            "select {ids}, t.sw_id, l.sw_id as last_year_sw_id from {this} " + CARRIED_OVER + " "
            "and coalesce(t.sw_id, '') <> coalesce(l.sw_id, '')"
        ),
    ),
    Rule(
        code="SW16bSTG2",
        table="sw_episodes",
        message=(
            "The social worker episode start date does not match the open episode at the end of "
            "last year."
        ),
        fields=("SW_DECOM",),
        first_year="2024-25",
        needs_last_year=True,
        affects=P19,
        sql=(
            "select {ids}, t.sw_decom, l.sw_decom as last_year_sw_decom from {this} "
            + CARRIED_OVER
            + " and t.sw_decom_date is distinct from l.sw_decom_date"
        ),
    ),
    # The carried-over episode started last year, so its reason changes no count this year.
    Rule(
        code="SW16cSTG2",
        table="sw_episodes",
        message=(
            "The social worker reason episode changed does not match the open episode at the "
            "end of last year."
        ),
        fields=("SW_REASON",),
        first_year="2024-25",
        needs_last_year=True,
        severity=WARNING,
        sql=(
            "select {ids}, t.sw_reason, l.sw_reason as last_year_sw_reason from {this} "
            + CARRIED_OVER
            + " and coalesce(t.sw_reason, '') <> coalesce(l.sw_reason, '')"
        ),
    ),
]
