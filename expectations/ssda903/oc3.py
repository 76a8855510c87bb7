"""OC3 (care leavers): code lists, completeness and membership of the care-leaver cohort.

The cohort rules (1000-1016, 391) compare the OC3 file with the child's episodes. D2I tests
them on this year's and last year's episodes only, and so do we: episodes that ended before
last year's collection year are invisible here. Where that makes D2I's test inconclusive we
narrow it to the children for whom the two years settle the question (each rule says how).

D2I treats a blank ACTIV or ACCOM as an invalid code (132, 133) and a blank pair next to an
IN_TOUCH code as half-completed (153). DfE publishes the activity and accommodation of young
people it is not in touch with (NO, REFU, NREQ) as "not known", so those two items are blank
for them: we accept the blank pair there and nowhere else.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

# Care-leaver indicators of the 19-21 cohort (and the 22-25 count) that an OC3 row counts in.
CL_19_21 = ("CL01", "CL02", "CL03", "CL04", "CL05", "CL06b", "CL09")
CL_ALL = (*CL_19_21, "CL08")

PROVIDED = (
    "(coalesce(t.in_touch, '') <> '' or coalesce(t.activ, '') <> '' or coalesce(t.accom, '') <> '')"
)
NOT_IN_TOUCH = "t.in_touch in ('NO', 'REFU', 'NREQ')"
# Episodes of the child in this return and last year's (the two years D2I can see).
BOTH_YEARS = (
    "(select child_key, decom, decom_date, dec, dec_date, rec, ls from {episodes} as a "
    "union all select child_key, decom, decom_date, dec, dec_date, rec, ls "
    "from {episodes_last} as b)"
)
# The birthday (17th or 18th) in this collection year of a 17- or 18-year-old at 31 March.
AGE_AT_END = "date_part('year', age(t.year_end, t.dob_date))"
BIRTHDAY = f"(t.dob_date + make_interval(years => {AGE_AT_END}::int))::date"

RULES = [
    Rule(
        code="131",
        table="oc3",
        message="Data entry for being in touch after leaving care is invalid.",
        fields=("IN_TOUCH",),
        affects=CL_ALL,
        sql=(
            "select {ids}, t.in_touch from {this} "
            "where coalesce(t.in_touch, '') = '' "
            "or t.in_touch not in {codes[care_leaver_in_touch]}"
        ),
    ),
    Rule(
        code="132",
        table="oc3",
        message="Data entry for activity after leaving care is invalid.",
        fields=("ACTIV", "IN_TOUCH"),
        affects=CL_19_21,
        # F3/P3 are valid to 2022-23 only (the seed's years). Blank is "not known" and allowed
        # only when the local authority is not in touch (see the module docstring).
        sql=(
            "select {ids}, t.in_touch, t.activ from {this} "
            "where (coalesce(t.activ, '') <> '' "
            "and t.activ not in {codes[care_leaver_activities]}) "
            f"or (coalesce(t.activ, '') = '' and not coalesce({NOT_IN_TOUCH}, false))"
        ),
    ),
    Rule(
        code="133",
        table="oc3",
        message=(
            "Data entry for accommodation after leaving care is invalid. If reporting on a "
            "childs accommodation after leaving care the data entry must be valid"
        ),
        fields=("ACCOM", "IN_TOUCH"),
        affects=CL_19_21,
        # DfE's list has no S1 or X1: homelessness and custody are never suitable.
        sql=(
            "select {ids}, t.in_touch, t.accom from {this} "
            "where (coalesce(t.accom, '') <> '' "
            "and (t.accom not in {codes[care_leaver_accommodation]} "
            "or t.accom in ('S1', 'X1'))) "
            f"or (coalesce(t.accom, '') = '' and not coalesce({NOT_IN_TOUCH}, false))"
        ),
    ),
    Rule(
        code="153",
        table="oc3",
        message=(
            "All data items relating to a child's activity or accommodation after leaving "
            "care must be coded or left blank."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM"),
        affects=CL_19_21,
        sql=(
            "select {ids}, t.in_touch, t.activ, t.accom from {this} "
            "where (coalesce(t.activ, '') = '') <> (coalesce(t.accom, '') = '') "
            "or (coalesce(t.in_touch, '') = '' "
            "and (coalesce(t.activ, '') <> '' or coalesce(t.accom, '') <> ''))"
        ),
    ),
    Rule(
        code="344",
        table="oc3",
        message=(
            "The record shows the young person has died or returned home to live with "
            "parent(s) or someone with parental responsibility for a continuous period of 6 "
            "months or more, but activity and/or accommodation on leaving care have been "
            "completed."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM"),
        affects=CL_19_21,
        sql=(
            "select {ids}, t.in_touch, t.activ, t.accom from {this} "
            "where t.in_touch in ('DIED', 'RHOM') "
            "and (coalesce(t.activ, '') <> '0' or coalesce(t.accom, '') <> '0')"
        ),
    ),
    Rule(
        code="345",
        table="oc3",
        message=(
            "The data collection record shows the local authority is in touch with this young "
            "person, but activity and/or accommodation data items are zero."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM"),
        affects=CL_19_21,
        sql=(
            "select {ids}, t.in_touch, t.activ, t.accom from {this} "
            "where t.in_touch = 'YES' and (t.activ = '0' or t.accom = '0')"
        ),
    ),
    # Implausible rather than miscounted: a foyer (T) is an accommodation type like any
    # other in the care-leaver figures. D2I compares ACCOM with the bare letter 'T', which no
    # code equals; we test the letter of T1/T2 as DfE means.
    Rule(
        code="347",
        table="oc3",
        message="Care leavers aged under 18 years, can not be accommodated in a Foyer.",
        fields=("ACCOM", "DOB"),
        severity=WARNING,
        first_year="2023-24",
        sql=(
            "select {ids}, t.dob, t.accom from {this} "
            "where left(t.accom, 1) = 'T' and t.dob_date + interval '18 years' > t.year_start"
        ),
    ),
    Rule(
        code="391",
        table="oc3",
        message="Young person was not 17, 18, 19, 20 or 21 during the current collection year. ",
        fields=("DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
        affects=CL_ALL,
        # As D2I: only the lower bound (22-25 year olds who asked for support are in OC3 too).
        sql=(
            "select {ids}, t.dob, t.in_touch, t.activ, t.accom from {this} "
            f"where t.dob_date + interval '17 years' > t.year_end and {PROVIDED}"
        ),
    ),
    Rule(
        code="3001",
        table="oc3",
        message=(
            "Where care leavers information is being returned for a young person around their "
            "17th birthday, the accommodation cannot be with their former foster carer(s)."
        ),
        fields=("ACCOM", "DOB"),
        sql=(
            "select {ids}, h.dob, t.accom from {this} "
            "left join {header} as h on h.child_key = t.child_key "
            "where t.accom in ('Z1', 'Z2') "
            "and (coalesce(h.dob_date, t.dob_date) + interval '17 years')::date "
            "between t.year_start and t.year_end"
        ),
    ),
    Rule(
        code="134",
        table="ad1",
        message="Data on adoption should not be entered for the OC3 cohort.",
        fields=("DATE_INT", "DATE_MATCH", "IN_TOUCH", "ACTIV", "ACCOM"),
        sql=(
            "select distinct {ids}, t.date_int, t.date_match from {this} "
            "join {oc3} as o on o.child_key = t.child_key "
            "where (coalesce(o.in_touch, '') <> '' or coalesce(o.activ, '') <> '' "
            "or coalesce(o.accom, '') <> '') "
            "and (coalesce(t.date_int, '') <> '' or coalesce(t.date_match, '') <> '' "
            "or coalesce(t.foster_care, '') <> '' or coalesce(t.nb_adoptr, '') <> '' "
            "or coalesce(t.sex_adoptr, '') <> '' or coalesce(t.ls_adoptr, '') <> '')"
        ),
    ),
    # D2I also looks at last year's episodes when it has them, so a death recorded last year
    # still counts; without last year's return the test is this year's alone.
    Rule(
        code="1000",
        table="oc3",
        message=(
            "This child is recorded as having died in care and therefore should not have the "
            "care leaver information completed."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM"),
        affects=CL_ALL,
        sql=(
            "select {ids}, t.in_touch from {this} where exists ("
            f"select 1 from {BOTH_YEARS} as e "
            "where e.child_key = t.child_key and upper(e.rec) = 'E2')"
        ),
    ),
    # D2I: not a relevant or former relevant child if the episodes of this and last year
    # show fewer than 91 days looked after since the 14th birthday or none after the 16th,
    # or if the latest episode ended in adoption. Two years of episodes cannot show all care
    # since the 14th birthday (D2I's own note warns of false positives), so we keep what they
    # settle: adoption at the end of the latest episode (any age), and - for young people
    # whose 16th birthday falls within last year or later, so that any care after it must
    # be in the two returns - no day looked after (V3/V4 short breaks aside) after it.
    Rule(
        code="1001",
        table="oc3",
        message=(
            "The episodes recorded for this young person suggest they are not a relevant or a "
            "former relevant child and therefore should not have care leaver information "
            "completed."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM", "DOB"),
        needs_last_year=True,
        affects=CL_ALL,
        sql=(
            "select {ids}, h.dob, t.in_touch from {this} "
            "left join {header} as h on h.child_key = t.child_key "
            "where exists ("
            f"select 1 from {BOTH_YEARS} as e where e.child_key = t.child_key "
            "and upper(e.rec) in ('E11', 'E12') and not exists ("
            f"select 1 from {BOTH_YEARS} as l where l.child_key = t.child_key "
            "and l.decom_date > e.decom_date)) "
            "or (coalesce(h.dob_date, t.dob_date) + interval '16 years' "
            ">= t.year_start - interval '1 year' "
            f"and not exists (select 1 from {BOTH_YEARS} as e "
            "where e.child_key = t.child_key and coalesce(e.ls, '') not in ('V3', 'V4') "
            "and coalesce(e.dec_date, t.as_at) "
            "> coalesce(h.dob_date, t.dob_date) + interval '16 years'))"
        ),
    ),
    # D2I flags every care leaver without episodes this or last year, and notes the false
    # positives: most care leavers of 19 or more left care before last year. Only a young
    # person whose 16th birthday falls within last year or later must have episodes in the two
    # returns (a relevant child was looked after after turning 16), so only they are tested.
    Rule(
        code="1002",
        table="oc3",
        message=(
            "This child has no previous episodes of care, therefore should not have care "
            "leaver information recorded."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM", "DOB"),
        needs_last_year=True,
        sql=(
            "select {ids}, t.dob, t.in_touch from {this} "
            "where t.dob_date + interval '16 years' >= t.year_start - interval '1 year' "
            f"and not exists (select 1 from {BOTH_YEARS} as e where e.child_key = t.child_key)"
        ),
    ),
    # The birthday in the year is seen in this year's episodes, so no approximation here.
    # D2I treats an open episode as not covering the birthday (a blank DEC compares false);
    # an open episode is the clearest case of still being looked after, so we count it.
    Rule(
        code="1007",
        table="oc3",
        message=(
            "Care leaver information is not required for 17- or 18-year olds who are still "
            "looked after [on their 17th or 18th birthday.]"
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM", "DOB"),
        sql=(
            "select distinct {ids}, t.dob, e.decom, e.dec from {this} "
            "join {episodes} as e on e.child_key = t.child_key "
            f"where {AGE_AT_END} in (17, 18) and {PROVIDED} "
            f"and e.decom_date <= {BIRTHDAY} "
            f"and (e.dec_date is null or e.dec_date > {BIRTHDAY})"
        ),
    ),
    # D2I compares DEC with DOB + 17 "years" of 365.2425 days, so leaving care on the 18th
    # birthday itself (the usual way to leave) passes or fails with the leap years between.
    # DfE's words - ceased after the birthday - are what we test: DEC after the 17th or 18th
    # birthday that falls in the year.
    Rule(
        code="1016",
        table="oc3",
        message=(
            "Care leaver information is not required for 17- or 18-year olds who cease to be "
            "looked after, after their birthday."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM", "DOB"),
        first_year="2023-24",
        sql=(
            "select distinct {ids}, t.dob, e.dec from {this} "
            "join {episodes} as e on e.child_key = t.child_key "
            f"where {AGE_AT_END} in (17, 18) and {PROVIDED} and e.dec_date > {BIRTHDAY}"
        ),
    ),
    Rule(
        code="1010",
        table="oc3",
        message=(
            "This child has no episodes loaded for current year even though there was an open "
            "episode of care at the end of the previous year, and care leaver data has been "
            "entered."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM"),
        needs_last_year=True,
        affects=CL_ALL,
        sql=(
            "select {ids}, t.in_touch from {this} "
            "where not exists (select 1 from {episodes} as e where e.child_key = t.child_key) "
            "and exists (select 1 from {episodes_last} as l where l.child_key = t.child_key "
            "and l.decom_date is not null and coalesce(l.dec, '') = '' "
            "and not exists (select 1 from {episodes_last} as m "
            "where m.child_key = l.child_key and m.decom_date > l.decom_date))"
        ),
    ),
    Rule(
        code="1011",
        table="oc3",
        message=(
            "This child is recorded as having his/her care transferred to another local "
            "authority for the final episode and therefore should not have the care leaver "
            "information completed."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM"),
        affects=CL_ALL,
        sql=(
            "select distinct {ids}, e.rec from {this} "
            "join {episodes} as e on e.child_key = t.child_key "
            f"where e.rec = 'E3' and {PROVIDED} and not exists ("
            "select 1 from {episodes} as l where l.child_key = e.child_key "
            "and l.decom_date > e.decom_date)"
        ),
    ),
    # D2I reports the rows of the other tables of any child without episodes; the message is
    # about OC3 children, so we report the care leaver who has them.
    Rule(
        code="1012",
        table="oc3",
        message=(
            "No other data should be returned for OC3 children who had no episodes in the "
            "current year"
        ),
        fields=("CHILD",),
        sql=(
            "select {ids} from {this} "
            "where not exists (select 1 from {episodes} as e where e.child_key = t.child_key) "
            "and (exists (select 1 from {placed_for_adoption} as x "
            "where x.child_key = t.child_key) "
            "or exists (select 1 from {missing} as x where x.child_key = t.child_key) "
            "or exists (select 1 from {reviews} as x where x.child_key = t.child_key) "
            "or exists (select 1 from {ad1} as x where x.child_key = t.child_key) "
            "or exists (select 1 from {previous_permanence} as x "
            "where x.child_key = t.child_key) "
            "or exists (select 1 from {oc2} as x where x.child_key = t.child_key))"
        ),
    ),
    # Changes no panel figure: the UASC count (P18) is of children looked after at 31 March.
    # D2I joins UASC to the child's episodes first, so a care leaver without any episode (the
    # case the message describes) never reaches its test; we test the care leaver: OC3 data
    # and no episode open at any time in the year.
    Rule(
        code="1014",
        table="uasc",
        message="UASC information is not required for care leavers",
        fields=("DUC", "IN_TOUCH", "ACTIV", "ACCOM"),
        severity=WARNING,
        sql=(
            "select {ids}, t.duc from {this} "
            "where exists (select 1 from {oc3} as o where o.child_key = t.child_key "
            "and (coalesce(o.in_touch, '') <> '' or coalesce(o.activ, '') <> '' "
            "or coalesce(o.accom, '') <> '')) "
            "and not exists (select 1 from {episodes} as e where e.child_key = t.child_key "
            "and e.decom_date <= t.year_end "
            "and (e.dec_date is null or e.dec_date >= t.year_start))"
        ),
    ),
    Rule(
        code="INT06",
        table="oc3",
        message="Internal Check: Child in OC3 does not exist in Header.",
        fields=("CHILD",),
        affects=CL_ALL,
        sql=(
            "select {ids} from {this} where not exists ("
            "select 1 from {header} as h where h.child_key = t.child_key)"
        ),
    ),
    Rule(
        code="INT15",
        table="oc3",
        message="Internal Check: DOB in OC3 is different to DOB in Header.",
        fields=("DOB",),
        affects=CL_ALL,
        sql=(
            "select {ids}, t.dob, h.dob as header_dob from {this} "
            "join {header} as h on h.child_key = t.child_key "
            "where t.dob_date <> h.dob_date"
        ),
    ),
    Rule(
        code="INT34",
        table="oc3",
        message="Internal Check: Child should only exist once in OC3.",
        fields=("CHILD",),
        affects=CL_ALL,
        sql=(
            "select {ids} from {this} where exists (select 1 from {oc3} as o "
            "where o.child_key = t.child_key and o._row_number <> t._row_number)"
        ),
    ),
]
