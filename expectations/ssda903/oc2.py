"""OC2: children looked after continuously for 12 months at 31 March (SDQ, health, offending).

The OC2 file should hold exactly the children of the OC2 cohort, and the health indicators
(He01-He09) take its rows as that cohort, so rules that find an OC2 row for a child outside the
cohort (185, 190, 198), a cohort child with blank items (191, 543, 545) or with no OC2 row at
all (STR-OC2) are blocking. The cohort is computed once, as Data to Insight computes it, in
`CONTINUOUSLY_LOOKED_AFTER`; the rules that use it need the whole year (full_year_only).
Blank is '' or NULL alike throughout.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

# The OC2 cohort: children looked after continuously for at least 12 months at 31 March, as
# D2I's `add_col_to_episodes_CONTINUOUSLY_LOOKED_AFTER` defines it from this year's episodes.
# A child is in it when they were looked after at some point in the year and none of their
# episodes shows a break: no period of care starting (RNE S) after 1 April, none ending
# (REC other than X1) from 1 April to 31 March, and no V3/V4 short-break episode in the year.
# A period that started on 1 April counts as 12 months. One boundary differs from D2I's current
# code (which lets a period end on 31 March): a child who ceased on 31 March is not looked after
# at 31 March (domain spec 1.5, the warehouse's CLA31 and OC2 cohorts, D2I's earlier version).
# A subquery of child keys (never null) for `t.child_key [not] in (...)`.
CONTINUOUSLY_LOOKED_AFTER = (
    "select e.child_key from {episodes} as e where e.child_key is not null "
    "group by e.child_key having coalesce(bool_or("
    "e.decom_date <= {year_end} and (e.dec_date >= {year_start} or e.dec_date is null)"
    "), false) and not coalesce(bool_or("
    "(e.rne = 'S' and e.decom_date > {year_start} and e.decom_date <= {year_end}) "
    "or (coalesce(e.rec, '') <> 'X1' and e.dec_date >= {year_start} "
    "and e.dec_date <= {year_end}) "
    "or (e.ls in ('V3', 'V4') and e.decom_date <= {year_end} "
    "and (e.dec_date >= {year_start} or e.dec_date is null))"
    "), false)"
)
IN_COHORT = f"t.child_key in ({CONTINUOUSLY_LOOKED_AFTER})"
NOT_IN_COHORT = f"t.child_key not in ({CONTINUOUSLY_LOOKED_AFTER})"

HEALTH_ITEMS = ("immunisations", "teeth_check", "health_assessment", "substance_misuse")
OTHER_ITEMS = ("convicted", "health_check", "intervention_received", "intervention_offered")
OC2_ITEMS = (
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
    "intervention_received",
    "intervention_offered",
)


def blank(column: str, alias: str = "t") -> str:
    return f"coalesce({alias}.{column}, '') = ''"


def filled(column: str, alias: str = "t") -> str:
    return f"coalesce({alias}.{column}, '') <> ''"


def any_blank(columns: tuple[str, ...], alias: str = "t") -> str:
    return "(" + " or ".join(blank(c, alias) for c in columns) + ")"


def any_filled(columns: tuple[str, ...], alias: str = "t") -> str:
    return "(" + " or ".join(filled(c, alias) for c in columns) + ")"


def cols(columns: tuple[str, ...], alias: str = "t") -> str:
    return ", ".join(f"{alias}.{c}" for c in columns)


def age_on(on_date: str) -> str:
    return f"date_part('year', age({on_date}, t.dob_date))"


SDQ_BLANK = f"({blank('sdq_score')} and {blank('sdq_reason')})"
SDQ_FILLED = f"({filled('sdq_score')} or {filled('sdq_reason')})"
HEALTH = ("HEALTH_ASSESSMENT", "IMMUNISATIONS", "SUBSTANCE_MISUSE", "TEETH_CHECK")
ALL_FIELDS = (
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
HE_ALL = ("He01", "He02", "He03", "He04", "He05", "He06", "He07", "He08a", "He08b", "He09")

RULES = [
    # -- SDQ -------------------------------------------------------------------------------
    Rule(
        code="180",
        table="oc2",
        message=(
            "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid."
        ),
        fields=("SDQ_SCORE",),
        affects=("He05", "He06", "He07"),
        sql=(
            "select {ids}, t.sdq_score from {this} where " + filled("sdq_score") + " and "
            "case when t.sdq_score ~ '^[0-9]{{1,2}}$' then t.sdq_score::int > 40 else true end"
        ),
    ),
    # why warning: SDQ_REASON feeds no panel figure (He05 counts scores, not reasons).
    Rule(
        code="196",
        table="oc2",
        message="Strengths and Difficulties (SDQ) reason is not a valid code.",
        fields=("SDQ_REASON",),
        severity=WARNING,
        sql=(
            "select {ids}, t.sdq_reason from {this} where " + filled("sdq_reason") + " "
            "and t.sdq_reason not in {codes[sdq_reasons]}"
        ),
    ),
    # why warning: a reason next to a score changes no figure; the score is what counts.
    Rule(
        code="197a",
        table="oc2",
        message=(
            "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths "
            "and Difficulties Questionnaire score is filled in."
        ),
        fields=("SDQ_SCORE", "SDQ_REASON"),
        severity=WARNING,
        sql=(
            "select {ids}, t.sdq_score, t.sdq_reason from {this} where "
            + filled("sdq_score")
            + " and "
            + filled("sdq_reason")
        ),
    ),
    # why warning: the reason SDQ1 (too young/old) for an eligible child changes no figure.
    Rule(
        code="157",
        table="oc2",
        message=(
            "Child is aged 4 years or over at the beginning of the year or 16 years or under at "
            "the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been "
            "recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score."
        ),
        fields=("SDQ_REASON", "DOB"),
        severity=WARNING,
        full_year_only=True,
        sql=(
            "select {ids}, t.dob, t.sdq_score, t.sdq_reason from {this} where " + IN_COHORT + " "
            "and t.dob_date + interval '4 years' <= {year_start} "
            "and t.dob_date + interval '16 years' >= {year_end} "
            "and " + blank("sdq_score") + " and t.sdq_reason = 'SDQ1'"
        ),
    ),
    Rule(
        code="185",
        table="oc2",
        message=(
            "Child has not been looked after continuously for at least 12 months at 31 March but "
            "a Strengths and Difficulties (SDQ) score has been completed."
        ),
        fields=("SDQ_SCORE",),
        full_year_only=True,
        affects=("He05", "He06", "He07"),
        sql=(
            "select {ids}, t.sdq_score from {this} where "
            + filled("sdq_score")
            + " and "
            + NOT_IN_COHORT
        ),
    ),
    # D2I flags a blank score *or* reason, which would report every child with a score (whose
    # reason must be blank, rule 197a); a reason for no score explains a blank score, so only
    # both blank is reported here.
    Rule(
        code="186",
        table="oc2",
        message=(
            "Children aged 4 or over at the start of the year and children aged under 17 at the "
            "end of the year and who have been looked after for at least 12 months continuously "
            "should have a Strengths and Difficulties (SDQ) score completed."
        ),
        fields=("SDQ_SCORE",),
        full_year_only=True,
        affects=("He05",),
        sql=(
            "select {ids}, t.dob, t.sdq_score, t.sdq_reason from {this} where " + IN_COHORT + " "
            "and t.dob_date + interval '4 years' <= {year_start} "
            "and t.dob_date + interval '17 years' > {year_end} and " + SDQ_BLANK
        ),
    ),
    Rule(
        code="188",
        table="oc2",
        message=(
            "Child is aged under 4 years at the end of the year, but a Strengths and "
            "Difficulties (SDQ) score or a reason for no SDQ score has been completed."
        ),
        fields=("SDQ_SCORE", "SDQ_REASON"),
        affects=("He06", "He07"),
        sql=(
            "select {ids}, t.dob, t.sdq_score, t.sdq_reason from {this} "
            "where t.dob_date + interval '4 years' > {year_end} and " + SDQ_FILLED
        ),
    ),
    Rule(
        code="189",
        table="oc2",
        message=(
            "Child is aged 17 years or over at the beginning of the year, but an Strengths and "
            "Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score "
            "has been completed."
        ),
        fields=("DOB", "SDQ_SCORE", "SDQ_REASON"),
        affects=("He06", "He07"),
        sql=(
            "select {ids}, t.dob, t.sdq_score, t.sdq_reason from {this} "
            "where t.dob_date + interval '17 years' <= {year_start} and " + SDQ_FILLED
        ),
    ),
    # why warning: children turning 4 or 17 in the year are outside He05 (aged 5-16 at 31 March).
    # D2I counts a 17th birthday on 1 April as "17 in the year", but rule 189 forbids an SDQ for
    # a child aged 17 at the start of the year: that day is left to 189 here.
    Rule(
        code="197B",
        table="oc2",
        message="SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
        fields=("SDQ_REASON", "DOB"),
        severity=WARNING,
        full_year_only=True,
        sql=(
            "select {ids}, t.dob, t.sdq_score, t.sdq_reason from {this} where " + IN_COHORT + " "
            "and (t.dob_date + interval '4 years' between {year_start} and {year_end} "
            "or (t.dob_date + interval '17 years' > {year_start} "
            "and t.dob_date + interval '17 years' <= {year_end})) "
            "and " + SDQ_BLANK
        ),
    ),
    Rule(
        code="198",
        table="oc2",
        message=(
            "Child has not been looked after continuously for at least 12 months at 31 March but "
            "a reason for no Strengths and Difficulties (SDQ) score has been completed."
        ),
        fields=("SDQ_REASON",),
        full_year_only=True,
        affects=HE_ALL,
        sql=(
            "select {ids}, t.sdq_reason from {this} where "
            + filled("sdq_reason")
            + " and "
            + NOT_IN_COHORT
        ),
    ),
    # -- health, offending and substance misuse items ---------------------------------------
    Rule(
        code="181",
        table="oc2",
        message=(
            "Data items relating to children looked after continuously for 12 months should be "
            "completed with a 0 or 1."
        ),
        fields=ALL_FIELDS,
        affects=HE_ALL,
        sql=(
            "select {ids}, "
            + cols(OC2_ITEMS)
            + " from {this} where "
            + " or ".join(f"({filled(c)} and t.{c} not in ('0', '1'))" for c in OC2_ITEMS)
        ),
    ),
    Rule(
        code="182",
        table="oc2",
        message=(
            "Data entries on immunisations, teeth checks, health assessments and substance "
            "misuse problem identified should be completed or all OC2 fields should be left "
            "blank."
        ),
        fields=ALL_FIELDS,
        affects=("He01", "He02", "He03", "He08a"),
        sql=(
            "select {ids}, "
            + cols(OC2_ITEMS)
            + " from {this} where "
            + any_blank(HEALTH_ITEMS)
            + " and "
            + any_filled(OTHER_ITEMS)
        ),
    ),
    Rule(
        code="190",
        table="oc2",
        message=(
            "Child has not been looked after continuously for at least 12 months at 31 March but "
            "one or more data items relating to children looked after for 12 months have been "
            "completed."
        ),
        fields=ALL_FIELDS,
        full_year_only=True,
        affects=HE_ALL,
        sql=(
            "select {ids}, "
            + cols(OC2_ITEMS)
            + " from {this} where "
            + any_filled(OC2_ITEMS)
            + " and "
            + NOT_IN_COHORT
        ),
    ),
    Rule(
        code="191",
        table="oc2",
        message=(
            "Child has been looked after continuously for at least 12 months at 31 March but one "
            "or more data items relating to children looked after for 12 months have been left "
            "blank."
        ),
        fields=(*HEALTH, "CHILD"),
        full_year_only=True,
        affects=("He01", "He02", "He03", "He08a"),
        sql=(
            "select {ids}, "
            + cols(HEALTH_ITEMS)
            + " from {this} where "
            + IN_COHORT
            + " and "
            + any_blank(HEALTH_ITEMS)
        ),
    ),
    # D2I's rule 191 also reports, on the Episodes table, a cohort child with no OC2 row at
    # all; a rule here has one table, so that half is this structural rule (DfE's message).
    Rule(
        code="STR-OC2",
        table="episodes",
        message=(
            "Child has been looked after continuously for at least 12 months at 31 March but one "
            "or more data items relating to children looked after for 12 months have been left "
            "blank."
        ),
        fields=("CHILD",),
        full_year_only=True,
        affects=HE_ALL,
        sql=(
            "select {ids}, t.decom from {this} where " + IN_COHORT + " "
            "and not exists (select 1 from {oc2} as o where o.child_key = t.child_key) "
            "and not exists (select 1 from {episodes} as f where f.child_key = t.child_key "
            "and (f.decom_date < t.decom_date or (f.decom_date = t.decom_date "
            "and f._row_number < t._row_number)))"
        ),
    ),
    Rule(
        code="192",
        table="oc2",
        message=(
            "Child has been identified as having a substance misuse problem but the additional "
            "item on whether an intervention was received has been left blank."
        ),
        fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"),
        affects=("He08b",),
        sql=(
            "select {ids}, t.substance_misuse, t.intervention_received from {this} "
            "where t.substance_misuse = '1' and " + blank("intervention_received")
        ),
    ),
    # why warning: intervention items for a child with no misuse problem feed no figure.
    Rule(
        code="193",
        table="oc2",
        message=(
            "Child not identified as having a substance misuse problem but at least one of the "
            "two additional items on whether an intervention were offered and received have been "
            "completed."
        ),
        fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
        severity=WARNING,
        sql=(
            "select {ids}, t.substance_misuse, t.intervention_received, t.intervention_offered "
            "from {this} where (" + blank("substance_misuse") + " or t.substance_misuse = '0') "
            "and " + any_filled(("intervention_received", "intervention_offered"))
        ),
    ),
    # why warning: INTERVENTION_OFFERED feeds no panel figure.
    Rule(
        code="158",
        table="oc2",
        message=(
            "If a child has been recorded as receiving an intervention for their substance "
            "misuse problem, then the additional item on whether an intervention was offered "
            "should be left blank."
        ),
        fields=("INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
        severity=WARNING,
        sql=(
            "select {ids}, t.intervention_received, t.intervention_offered from {this} "
            "where t.intervention_received = '1' and " + filled("intervention_offered")
        ),
    ),
    # why warning: INTERVENTION_OFFERED feeds no panel figure.
    Rule(
        code="159",
        table="oc2",
        message=(
            "If a child has been recorded as not receiving an intervention for their substance "
            "misuse problem, then the additional item on whether an intervention was offered "
            "should be completed as well."
        ),
        fields=("SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
        severity=WARNING,
        sql=(
            "select {ids}, t.substance_misuse, t.intervention_received, t.intervention_offered "
            "from {this} where t.substance_misuse = '1' and t.intervention_received = '0' "
            "and " + blank("intervention_offered")
        ),
    ),
    # why warning: He09 counts children aged 10 or over only; an under-10's answer is unused.
    Rule(
        code="542",
        table="oc2",
        message=(
            "A child aged under 10 at 31 March should not have conviction information completed."
        ),
        fields=("CONVICTED",),
        severity=WARNING,
        sql=(
            "select {ids}, t.dob, t.convicted from {this} "
            "where " + age_on("{year_end}") + " < 10 and " + filled("convicted")
        ),
    ),
    Rule(
        code="543",
        table="oc2",
        message=(
            "Child is aged 10 or over at 31 March and has been looked after continuously for 12 "
            "months yet conviction information has not been completed."
        ),
        fields=("DOB", "CONVICTED"),
        full_year_only=True,
        affects=("He09",),
        sql=(
            "select {ids}, t.dob, t.convicted from {this} where " + IN_COHORT + " "
            "and " + age_on("{year_end}") + " >= 10 and " + blank("convicted")
        ),
    ),
    Rule(
        code="544",
        table="oc2",
        message=(
            "Any child who has conviction information completed must also have immunisation, "
            "teeth check, health assessment and substance misuse problem identified fields "
            "completed."
        ),
        fields=("CONVICTED", *HEALTH),
        affects=("He01", "He02", "He03", "He08a"),
        sql=(
            "select {ids}, t.convicted, " + cols(HEALTH_ITEMS) + " from {this} "
            "where t.convicted = '1' and " + any_blank(HEALTH_ITEMS)
        ),
    ),
    Rule(
        code="545",
        table="oc2",
        message=(
            "Child is aged under 5 at 31 March and has been looked after continuously for 12 "
            "months yet health promotion information has not been completed."
        ),
        fields=("DOB", "HEALTH_CHECK"),
        full_year_only=True,
        affects=("He04",),
        sql=(
            "select {ids}, t.dob, t.health_check from {this} where " + IN_COHORT + " "
            "and " + age_on("{year_end}") + " < 5 and " + blank("health_check")
        ),
    ),
    # why warning: He04 counts children under 5 only; an older child's answer is unused.
    Rule(
        code="546",
        table="oc2",
        message=(
            "Children aged 5 or over at 31 March should not have health promotion information "
            "completed."
        ),
        fields=("DOB", "HEALTH_CHECK"),
        severity=WARNING,
        full_year_only=True,
        sql=(
            "select {ids}, t.dob, t.health_check from {this} where " + IN_COHORT + " "
            "and " + age_on("{year_end}") + " >= 5 and " + filled("health_check")
        ),
    ),
    Rule(
        code="547",
        table="oc2",
        message=(
            "Any child who has health promotion information completed must also have "
            "immunisation, teeth check, health assessment and substance misuse problem "
            "identified fields completed."
        ),
        fields=("HEALTH_CHECK", *HEALTH),
        affects=("He01", "He02", "He03", "He08a"),
        sql=(
            "select {ids}, t.health_check, " + cols(HEALTH_ITEMS) + " from {this} "
            "where t.health_check = '1' and " + any_blank(HEALTH_ITEMS)
        ),
    ),
    # -- other returns of the same child -----------------------------------------------------
    Rule(
        code="215",
        table="oc2",
        message=(
            "Child has care leaver information but one or more data items relating to children "
            "looked after for 12 months have been completed."
        ),
        fields=("IN_TOUCH", "ACTIV", "ACCOM", *ALL_FIELDS),
        affects=HE_ALL,
        sql=(
            "select {ids}, " + cols(OC2_ITEMS) + " from {this} where " + any_filled(OC2_ITEMS) + " "
            "and exists (select 1 from {oc3} as c where c.child_key = t.child_key and "
            + any_filled(("in_touch", "activ", "accom"), "c")
            + ")"
        ),
    ),
    # D2I reports the AD1 and OC3 rows; one table per rule here, so the child's header row.
    Rule(
        code="187",
        table="header",
        message=(
            "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have "
            "any of adoption or care leavers returns completed."
        ),
        fields=(
            "DATE_INT",
            "DATE_MATCH",
            "FOSTER_CARE",
            "NB_ADOPTR",
            "SEX_ADOPTR",
            "LS_ADOPTR",
            "IN_TOUCH",
            "ACTIV",
            "ACCOM",
        ),
        full_year_only=True,
        sql=(
            "select {ids} from {this} where " + IN_COHORT + " "
            "and (exists (select 1 from {oc3} as c where c.child_key = t.child_key and "
            + any_filled(("in_touch", "activ", "accom"), "c")
            + ") or exists (select 1 from {ad1} as a where a.child_key = t.child_key and "
            + any_filled(
                ("date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr"),
                "a",
            )
            + "))"
        ),
    ),
    # -- internal checks ----------------------------------------------------------------------
    Rule(
        code="INT33",
        table="oc2",
        message="Internal Check: Child should only exist once in OC2.",
        fields=("CHILD",),
        affects=HE_ALL,
        sql=(
            "select {ids} from {this} where exists (select 1 from {oc2} as o "
            "where o.child_key = t.child_key and o._row_number <> t._row_number)"
        ),
    ),
    Rule(
        code="INT05",
        table="oc2",
        message="Internal Check: Child in OC2 does not exist in Header.",
        fields=("CHILD",),
        affects=HE_ALL,
        sql=(
            "select {ids} from {this} where not exists (select 1 from {header} as h "
            "where h.child_key = t.child_key)"
        ),
    ),
    # why warning: ages come from the header's DOB; the OC2 copy is not used when both exist.
    Rule(
        code="INT14",
        table="oc2",
        message="Internal Check: DOB in OC2 is different to DOB in Header.",
        fields=("DOB",),
        severity=WARNING,
        sql=(
            "select {ids}, t.dob, h.dob as header_dob from {this} join {header} as h "
            "on h.child_key = t.child_key where t.dob_date <> h.dob_date"
        ),
    ),
]
