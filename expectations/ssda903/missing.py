"""Missing: incidents of being missing (M) or away without authorisation (A) from placement.

The missing indicators (P16a-d, P17) count incidents by type and start date and measure their
length, so invalid or impossible dates, missing types, overlapping incidents and incidents
outside the child's time in care are blocking. Blank is '' or NULL alike.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

MISSING_FIGURES = ("P16a", "P16b", "P16c", "P16d", "P17")

# The child's periods of care in this year's return, as D2I builds them for rules 577 and 578:
# episodes in start order, a new period whenever an episode starts after the previous one
# ended; a period runs from its first DECOM to the DEC of its last episode (null: still open).
PERIODS_OF_CARE = (
    "select p.child_key, min(p.decom_date) as poc_start, "
    "(array_agg(p.dec_date order by p.decom_date desc, p._row_number desc))[1] as poc_end "
    "from (select s.*, sum(case when s.rn = 1 or s.decom_date > s.prev_dec then 1 else 0 end) "
    "over (partition by s.child_key order by s.decom_date, s._row_number) as period "
    "from (select e.child_key, e.decom_date, e.dec_date, e._row_number, "
    "row_number() over w as rn, lag(e.dec_date) over w as prev_dec "
    "from {episodes} as e where e.decom_date is not null and e.child_key is not null "
    "window w as (partition by e.child_key order by e.decom_date, e._row_number)) as s) as p "
    "group by p.child_key, p.period"
)

RULES = [
    # -- dates and type ------------------------------------------------------------------------
    Rule(
        code="1004",
        table="missing",
        message=(
            "The start date of the missing episode or episode that the child was away from "
            "placement without authorisation is not a valid date."
        ),
        fields=("MIS_START",),
        affects=MISSING_FIGURES,
        sql="select {ids}, t.mis_start from {this} where t.mis_start_date is null",
    ),
    Rule(
        code="1005",
        table="missing",
        message=(
            "The end date of the missing episode or episode that the child was away from "
            "placement without authorisation is not a valid date."
        ),
        fields=("MIS_END",),
        affects=("P17",),
        sql=(
            "select {ids}, t.mis_end from {this} "
            "where coalesce(t.mis_end, '') <> '' and t.mis_end_date is null"
        ),
    ),
    Rule(
        code="1006",
        table="missing",
        message="Missing type invalid.",
        fields=("MISSING",),
        affects=MISSING_FIGURES,
        sql=(
            "select {ids}, t.missing from {this} "
            "where coalesce(t.missing, '') <> '' and t.missing not in {codes[missing_types]}"
        ),
    ),
    Rule(
        code="564",
        table="missing",
        message=(
            "Child was missing or away from placement without authorisation and the date "
            "started is blank."
        ),
        fields=("MISSING", "MIS_START"),
        affects=MISSING_FIGURES,
        sql=(
            "select {ids}, t.missing, t.mis_start from {this} "
            "where upper(t.missing) in ('M', 'A') and coalesce(t.mis_start, '') = ''"
        ),
    ),
    Rule(
        code="565",
        table="missing",
        message=(
            "The date that the child started to be missing or away from placement without "
            "authorisation has been completed but whether the child was missing or away from "
            "placement without authorisation has not been completed."
        ),
        fields=("MISSING", "MIS_START"),
        affects=MISSING_FIGURES,
        sql=(
            "select {ids}, t.missing, t.mis_start from {this} "
            "where coalesce(t.mis_start, '') <> '' and coalesce(t.missing, '') = ''"
        ),
    ),
    Rule(
        code="566",
        table="missing",
        message=(
            "The date that the child's episode of being missing or away from placement without "
            "authorisation ended has been completed but whether the child was missing or away "
            "without authorisation has not been completed."
        ),
        fields=("MISSING", "MIS_END"),
        affects=MISSING_FIGURES,
        sql=(
            "select {ids}, t.missing, t.mis_end from {this} "
            "where coalesce(t.mis_end, '') <> '' and coalesce(t.missing, '') = ''"
        ),
    ),
    Rule(
        code="567",
        table="missing",
        message=(
            "The date that the missing episode or episode that the child was away from placement "
            "without authorisation ended is before the date that it started."
        ),
        fields=("MIS_START", "MIS_END"),
        affects=("P17",),
        sql=(
            "select {ids}, t.mis_start, t.mis_end from {this} "
            "where t.mis_end_date < t.mis_start_date"
        ),
    ),
    Rule(
        code="570",
        table="missing",
        message=(
            "The date that the child started to be missing or away from placement without "
            "authorisation is after the end of the collection year."
        ),
        fields=("MIS_START",),
        affects=MISSING_FIGURES,
        sql="select {ids}, t.mis_start from {this} where t.mis_start_date > {year_end}",
    ),
    Rule(
        code="571",
        table="missing",
        message=(
            "The date that the child ceased to be missing or away from placement without "
            "authorisation is before the start or after the end of the collection year."
        ),
        fields=("MIS_END",),
        affects=("P17",),
        sql=(
            "select {ids}, t.mis_end from {this} "
            "where t.mis_end_date < {year_start} or t.mis_end_date > {year_end}"
        ),
    ),
    Rule(
        code="586",
        table="missing",
        message="Dates of missing periods are before child’s date of birth.",
        fields=("MIS_START",),
        affects=MISSING_FIGURES,
        sql=("select {ids}, t.dob, t.mis_start from {this} where t.mis_start_date <= t.dob_date"),
    ),
    # -- incidents of one child ----------------------------------------------------------------
    # D2I orders a child's incidents by end date (start date when open), then start date, and
    # reports an incident that follows an open one or starts before the previous one ended.
    Rule(
        code="574",
        table="missing",
        message=(
            "A new missing/away from placement without authorisation period cannot start when "
            "the previous missing/away from placement without authorisation period is still "
            "open. Missing/away from placement without authorisation periods should also not "
            "overlap."
        ),
        fields=("MIS_START", "MIS_END"),
        affects=MISSING_FIGURES,
        sql=(
            "select {ids}, t.mis_start, t.mis_end, w.previous_end from {this} join ("
            "select m._batch_id, m._source_file, m._row_number, "
            "lag(m._row_number) over o as previous_row, lag(m.mis_end_date) over o as previous_end "
            "from {missing} as m window o as (partition by m._la_code, m.child_key "
            "order by coalesce(m.mis_end_date, m.mis_start_date), m.mis_start_date, "
            "m._row_number)) as w "
            "on w._batch_id = t._batch_id and w._source_file = t._source_file "
            "and w._row_number = t._row_number "
            "where w.previous_row is not null "
            "and (w.previous_end is null or t.mis_start_date < w.previous_end)"
        ),
    ),
    # why warning: an incident carried over from last year started then, so no figure of this
    # year counts it; the check is about consistency between the two returns.
    Rule(
        code="576",
        table="missing",
        message=(
            "There is an open missing/away from placement without authorisation period in last "
            "year’s return and there is no corresponding period recorded at the start of this "
            "year."
        ),
        fields=("CHILD",),
        severity=WARNING,
        needs_last_year=True,
        # This year's earliest incident of the child (an unreadable start counts as last).
        sql=(
            "select {ids}, t.mis_start from {this} where not exists (select 1 from {missing} "
            "as f where f.child_key = t.child_key and (coalesce(f.mis_start_date, "
            "date '2099-01-01') < coalesce(t.mis_start_date, date '2099-01-01') "
            "or (coalesce(f.mis_start_date, date '2099-01-01') = coalesce(t.mis_start_date, "
            "date '2099-01-01') and f._row_number < t._row_number))) "
            "and exists (select 1 from {missing_last} as l where l.child_key = t.child_key "
            "and coalesce(l.mis_end, '') = '' and l.mis_start_date is not null "
            "and l.mis_start_date <> coalesce(t.mis_start_date, date '2099-01-01'))"
        ),
    ),
    # -- incidents and episodes ----------------------------------------------------------------
    Rule(
        code="575",
        table="missing",
        message=(
            "If the placement from which the child goes missing/away from placement without "
            "authorisation ends, the missing/away from placement without authorisation period "
            "in the missing module must also have an end date."
        ),
        fields=("MIS_END",),
        affects=("P17",),
        sql=(
            "select {ids}, t.mis_start, t.mis_end from {this} "
            "where coalesce(t.mis_end, '') = '' and exists (select 1 from {episodes} as e "
            "where e.child_key = t.child_key and e.dec_date is not null "
            "and t.mis_start_date between e.decom_date and e.dec_date)"
        ),
    ),
    Rule(
        code="577",
        table="missing",
        message=(
            "Child ceased to be looked after but there is a missing/away from placement without "
            "authorisation period without an end date."
        ),
        fields=("MIS_END",),
        affects=("P17",),
        # Reported when the incident fits none of the child's periods of care: open after the
        # period ended or before it began, or ending outside it.
        sql=(
            "select {ids}, t.mis_start, t.mis_end from {this} "
            "where t.mis_start_date is not null "
            "and exists (select 1 from (" + PERIODS_OF_CARE + ") as p "
            "where p.child_key = t.child_key) "
            "and not exists (select 1 from (" + PERIODS_OF_CARE + ") as p "
            "where p.child_key = t.child_key and not ("
            "(t.mis_end_date is null and p.poc_end is not null) "
            "or (t.mis_end_date is null and t.mis_start_date < p.poc_start) "
            "or coalesce(t.mis_end_date > p.poc_end, false) "
            "or coalesce(t.mis_end_date < p.poc_start, false)))"
        ),
    ),
    Rule(
        code="578",
        table="missing",
        message=(
            "The date that the child started to be missing is after the child ceased to be "
            "looked after."
        ),
        fields=("MIS_START",),
        affects=MISSING_FIGURES,
        sql=(
            "select {ids}, t.mis_start from {this} where t.mis_start_date is not null "
            "and exists (select 1 from (" + PERIODS_OF_CARE + ") as p "
            "where p.child_key = t.child_key) "
            "and not exists (select 1 from (" + PERIODS_OF_CARE + ") as p "
            "where p.child_key = t.child_key and t.mis_start_date >= p.poc_start "
            "and (p.poc_end is null or t.mis_start_date <= p.poc_end))"
        ),
    ),
    # D2I also reports a blank or unreadable start here; 1004 reports those, so not twice.
    Rule(
        code="581",
        table="missing",
        message="Child is missing but has not yet started to be looked after.",
        fields=("MIS_START",),
        affects=MISSING_FIGURES,
        sql=(
            "select {ids}, t.mis_start from {this} where t.mis_start_date is not null "
            "and exists (select 1 from {episodes} as e where e.child_key = t.child_key) "
            "and not exists (select 1 from {episodes} as e where e.child_key = t.child_key "
            "and t.mis_start_date >= e.decom_date "
            "and (e.dec_date is null or t.mis_start_date <= e.dec_date))"
        ),
    ),
    # why warning: a plausibility query on the reason care ended, which no missing figure uses.
    # D2I reports the episode that ended on the 18th birthday the child returned from missing.
    Rule(
        code="580",
        table="episodes",
        message=(
            "Child is missing when cease being looked after but reason episode ceased not ‘E8’."
        ),
        fields=("REC",),
        severity=WARNING,
        sql=(
            "select {ids}, t.dec, t.rec from {this} where t.dec_date is not null "
            "and coalesce(t.rec, '') <> 'E8' and exists (select 1 from {missing} as m "
            "where m.child_key = t.child_key and m.mis_end_date = t.dec_date "
            "and m.dob_date + interval '18 years' = m.mis_end_date)"
        ),
    ),
    # -- internal checks -----------------------------------------------------------------------
    Rule(
        code="INT04",
        table="missing",
        message="Internal Check: Child in Missing does not exist in Header.",
        fields=("CHILD",),
        affects=MISSING_FIGURES,
        sql=(
            "select {ids} from {this} where not exists (select 1 from {header} as h "
            "where h.child_key = t.child_key)"
        ),
    ),
    # why warning: no missing figure reads the DOB on the missing file except 586, which flags it.
    Rule(
        code="INT13",
        table="missing",
        message="Internal Check: DOB in Missing is different to DOB in Header.",
        fields=("DOB",),
        severity=WARNING,
        sql=(
            "select {ids}, t.dob, h.dob as header_dob from {this} join {header} as h "
            "on h.child_key = t.child_key where t.dob_date <> h.dob_date"
        ),
    ),
]
