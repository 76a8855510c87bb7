"""PrevPerm: the permanence option a child had before starting to be looked after (630-635).

No panel figure uses previous permanence, so every rule here is a warning.

DATE_PERM may hide unknown parts: ZZ for the day or month, ZZZZ for the year, in either case
(zz/06/2019, zz/zz/2019, zz/zz/zzzz). D2I's comment says it reads such a date so as to avoid
false positives, but its code takes the latest date it can be (the end of the month or year),
so an order of "zz/zz/2025" fails for a child who started care in November 2025. We do what
the comment says: the earliest date it can be (the 1st of the month, or 1 January) must be
before the first episode. A wholly unknown year cannot be compared (D2I substitutes 2000,
which never fails a modern episode either).
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

# DfE's local authority numbers (D2I's list, rule 633) and the codes outside England.
LA_NUMBERS = (
    "800,889,822,301,304,303,330,825,837,302,846,370,350,890,867,380,305,801,351,873,823,895,"
    "896,381,909,202,908,331,306,841,830,831,878,371,835,332,840,307,308,811,881,845,390,916,"
    "203,876,850,311,204,884,312,205,313,805,919,310,309,420,921,206,207,886,810,382,314,340,"
    "888,208,856,383,855,209,925,341,201,821,352,806,887,826,315,929,812,391,926,892,813,802,"
    "928,891,392,316,815,353,931,879,836,851,874,807,354,317,870,318,372,857,333,935,343,803,"
    "373,342,893,356,355,871,394,334,933,882,936,861,852,319,860,808,393,866,210,357,894,883,"
    "880,358,211,937,869,320,359,865,384,335,336,212,868,872,885,344,877,213,938,816,999,"
    "WAL,SCO,NUK,NIR"
)
LA_PERM_CODES = "('" + LA_NUMBERS.replace(",", "', '") + "')"

# DATE_PERM split into day, month and year (upper case), whether it is a possible date with
# ZZ parts, and the earliest date it can stand for (null when the year is unknown).
DATE_PERM_PARTS = (
    "cross join lateral (select upper(trim(t.date_perm)) as v) as v "
    "cross join lateral (select split_part(v.v, '/', 1) as d, split_part(v.v, '/', 2) as m, "
    "split_part(v.v, '/', 3) as y) as p "
    "cross join lateral (select "
    "v.v ~ '^(0[1-9]|[12][0-9]|3[01]|ZZ)/(0[1-9]|1[0-2]|ZZ)/([0-9]{{4}}|ZZZZ)$' "
    "and (p.d = 'ZZ' or p.m = 'ZZ' "
    "or raw.parse_ddmmyyyy(p.d || '/' || p.m || '/' || replace(p.y, 'ZZZZ', '2000')) "
    "is not null) as ok) as k "
    "cross join lateral (select case when not k.ok or p.y = 'ZZZZ' then null "
    "when p.m = 'ZZ' then make_date(p.y::int, 1, 1) "
    "when p.d = 'ZZ' then make_date(p.y::int, p.m::int, 1) "
    "else raw.parse_ddmmyyyy(v.v) end as earliest) as l "
)

RULES = [
    # Warning: no panel figure uses previous permanence. As D2I, an option other than Z1 needs
    # the local authority and the date (DfE has codes for both when they are not known).
    # Unlike D2I we leave out short breaks (V3/V4): each break starts with RNE S, and DfE
    # collects next to nothing else about them (no reviews, postcodes or mother).
    Rule(
        code="630",
        table="episodes",
        message="Information on previous permanence option should be returned.",
        fields=("RNE", "PREV_PERM", "LA_PERM", "DATE_PERM"),
        severity=WARNING,
        sql=(
            "select distinct {ids}, t.decom, p.prev_perm, p.la_perm, p.date_perm from {this} "
            "left join {previous_permanence} as p on p.child_key = t.child_key "
            "where t.rne = 'S' and t.decom_date >= t.year_start "
            "and coalesce(t.ls, '') not in ('V3', 'V4') "
            "and (p.child_key is null or coalesce(p.prev_perm, '') = '' "
            "or (p.prev_perm <> 'Z1' "
            "and (coalesce(p.la_perm, '') = '' or coalesce(p.date_perm, '') = '')))"
        ),
    ),
    # Warning: no panel figure uses previous permanence.
    Rule(
        code="631",
        table="previous_permanence",
        message="Previous permanence option not a valid value.",
        fields=("PREV_PERM",),
        severity=WARNING,
        sql=(
            "select {ids}, t.prev_perm from {this} where coalesce(t.prev_perm, '') <> '' "
            "and t.prev_perm not in {codes[previous_permanence_options]}"
        ),
    ),
    # Warning: no panel figure uses previous permanence.
    Rule(
        code="632",
        table="previous_permanence",
        message="Date of previous permanence order not a valid value.",
        fields=("DATE_PERM", "DECOM"),
        severity=WARNING,
        sql=(
            "select {ids}, t.date_perm, f.first_decom from {this} "
            + DATE_PERM_PARTS
            + "left join (select e.child_key, min(e.decom_date) as first_decom "
            "from {episodes} as e group by e.child_key) as f on f.child_key = t.child_key "
            "where coalesce(t.date_perm, '') <> '' and (not k.ok or l.earliest >= f.first_decom)"
        ),
    ),
    # Warning: no panel figure uses previous permanence.
    Rule(
        code="633",
        table="previous_permanence",
        message=(
            "Local authority code where previous permanence option was arranged is not a valid "
            "value."
        ),
        fields=("LA_PERM",),
        severity=WARNING,
        sql=(
            "select {ids}, t.la_perm from {this} "
            f"where coalesce(t.la_perm, '') <> '' and t.la_perm not in {LA_PERM_CODES}"
        ),
    ),
    # Warning: no panel figure uses previous permanence. The child's episodes in this return
    # all began before the year: nobody started to be looked after.
    Rule(
        code="634",
        table="previous_permanence",
        message=(
            "There are entries for previous permanence options, but child has not started to be "
            "looked after from 1 April 2016 onwards."
        ),
        fields=("PREV_PERM", "LA_PERM", "DATE_PERM", "DECOM"),
        severity=WARNING,
        sql=(
            "select {ids}, t.prev_perm, s.latest_decom from {this} "
            "join (select e.child_key, max(e.decom_date) as latest_decom from {episodes} as e "
            "group by e.child_key) as s on s.child_key = t.child_key "
            "where (coalesce(t.prev_perm, '') <> '' or coalesce(t.la_perm, '') <> '' "
            "or coalesce(t.date_perm, '') <> '') and s.latest_decom < t.year_start"
        ),
    ),
    # Warning: no panel figure uses previous permanence. D2I's code tests a blank PREV_PERM
    # while DfE's message names Z1: we report both.
    Rule(
        code="635",
        table="previous_permanence",
        message=(
            "There are entries for date of order and local authority code where previous "
            "permanence option was arranged but previous permanence code is Z1"
        ),
        fields=("PREV_PERM", "LA_PERM", "DATE_PERM"),
        severity=WARNING,
        sql=(
            "select {ids}, t.prev_perm, t.la_perm, t.date_perm from {this} "
            "where (coalesce(t.la_perm, '') <> '' or coalesce(t.date_perm, '') <> '') "
            "and coalesce(t.prev_perm, '') in ('', 'Z1')"
        ),
    ),
    # Warning: no panel figure uses previous permanence.
    Rule(
        code="INT07",
        table="previous_permanence",
        message="Internal Check: Child in PrevPerm does not exist in Header.",
        fields=("CHILD",),
        severity=WARNING,
        sql=(
            "select {ids} from {this} where not exists ("
            "select 1 from {header} as h where h.child_key = t.child_key)"
        ),
    ),
    # Warning: no panel figure uses previous permanence.
    Rule(
        code="INT16",
        table="previous_permanence",
        message="Internal Check: DOB in PrevPerm is different to DOB in Header.",
        fields=("DOB",),
        severity=WARNING,
        sql=(
            "select {ids}, t.dob, h.dob as header_dob from {this} "
            "join {header} as h on h.child_key = t.child_key "
            "where t.dob_date <> h.dob_date"
        ),
    ),
    # Warning: no panel figure uses previous permanence.
    Rule(
        code="INT35",
        table="previous_permanence",
        message="Internal Check: Child should only exist once in PrevPerm.",
        fields=("CHILD",),
        severity=WARNING,
        sql=(
            "select {ids} from {this} where exists (select 1 from {previous_permanence} as o "
            "where o.child_key = t.child_key and o._row_number <> t._row_number)"
        ),
    ),
]
