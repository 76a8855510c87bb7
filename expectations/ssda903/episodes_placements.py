"""Episodes: placement providers, Ofsted URNs, postcodes and distance, ages for placement types.

PL_DISTANCE, PL_LA and PL_LOCATION are not in the return: DfE derives them from the postcodes,
and so did our loader (`pl_distance`, `pl_la`, `pl_location` on each episode). The loader writes
999.9 miles when a postcode is missing, unknown or outside England (the SSD convention), where
D2I leaves the distance blank: rules that ask "is there a distance" read 999.9 as not known.

The URN lookup DfE uses names the placement types each Ofsted setting may take; our Ofsted
reference carries the provider type instead, so rule 219 maps provider types to placement
types (`PROVIDER_PLACES`). Rules 227/228 need the setting's registration dates, which our
reference does not carry: they are not ported.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"
RESPITE = "('V3', 'V4')"
FOSTER_OR_ADOPTION = "('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')"
# A URN given: the placeholder XXXXXXX stands for "not known" and is never checked against Ofsted.
URN_GIVEN = "coalesce(t.urn, '') not in ('', 'XXXXXXX')"


def _post(column: str) -> str:
    """A postcode compared without spaces or case, as D2I does."""
    return f"upper(replace({column}, ' ', ''))"


def _postcode_known(column: str) -> str:
    return f"exists (select 1 from {{postcodes}} as pc where {_post('pc.pcds')} = {_post(column)})"


# The child was UASC this year or last year (D2I: a row in the UASC table of either return).
UASC = (
    "(exists (select 1 from {uasc} as u where u.child_key = t.child_key) "
    "or exists (select 1 from {uasc_last} as u where u.child_key = t.child_key))"
)
# The placement types where no provider is recorded (temporary and "other" placements).
NO_PROVIDER = (
    "(case when {collection_year} >= '2025-26' "
    "then t.place in ('T0', 'T1', 'T2', 'T3', 'Z11', 'Z12', 'Z13', 'Z14') "
    "else t.place in ('T0', 'T1', 'T2', 'T3', 'T4', 'Z1') end)"
)
HEADER = "join {header} as h on h.child_key = t.child_key"
AGE_AT_DECOM = "date_part('year', age(t.decom_date, h.dob_date))"
# Ofsted provider type -> the placement types a setting of that type can provide. Adoption
# agencies also approve fostering-for-adoption carers (U2, U5).
PROVIDER_PLACES = (
    "(values ('children''s home', 'K2'), ('secure children''s home', 'K1'), "
    "('supported accommodation', 'K3'), ('supported accommodation', 'H5'), "
    "('supported accommodation', 'P2'), ('residential family centre', 'R3'), "
    "('residential special school', 'S1'), ('residential special school', 'K2'), "
    + ", ".join(
        f"('{agency} fostering agency', 'U{n}')"
        for agency in ("local authority", "independent")
        for n in range(1, 7)
    )
    + ", "
    + ", ".join(
        f"('{agency} adoption agency', '{place}')"
        for agency in ("local authority", "voluntary")
        for place in ("A3", "A4", "A5", "A6", "U2", "U5")
    )
    + ") as pp (provider_type, place)"
)


def _age_rule(code: str, message: str, place_sql: str, years: str) -> Rule:
    """DfE 371-374: a child must be at least `years` old when the placement starts."""
    return Rule(
        code=code,
        table="episodes",
        message=message,
        fields=("DECOM", "PLACE"),
        # why: a query on the child's age for the placement type; no count changes
        severity=WARNING,
        sql=(
            f"select {{ids}}, t.decom, t.place, h.dob from {{this}} {HEADER} "
            f"where {place_sql} and {AGE_AT_DECOM} < {years}"
        ),
    )


def _duration_rule(code: str, message: str, place: str, days: int) -> Rule:
    """DfE 375, 376, 379: a temporary placement of this type lasts at most `days` days."""
    return Rule(
        code=code,
        table="episodes",
        message=message,
        fields=("DECOM", "PLACE"),
        # why: a query on how long a temporary placement lasted; no count changes
        severity=WARNING,
        sql=(
            "select {ids}, t.decom, t.dec, t.place from {this} "
            f"where t.place = '{place}' and t.dec_date > t.decom_date + {days}"
        ),
    )


def _provider_pair(code: str, message: str, provider: str, places: str) -> Rule:
    """DfE 527, 528, 530, 531: a provider code that cannot provide these placement types."""
    return Rule(
        code=code,
        table="episodes",
        message=message,
        fields=("PLACE", "PLACE_PROVIDER"),
        # why: placements with parents, in hospital or custody: no panel figure uses their provider
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.place_provider from {this} "
            f"where t.place_provider = '{provider}' and t.place in {places}"
        ),
    )


RULES = [
    # -- placement provider ----------------------------------------------------------------
    Rule(
        code="178",
        table="episodes",
        message="Placement provider code is not a valid code.",
        fields=("PLACE_PROVIDER",),
        affects=("P08a", "P08b"),
        sql=(
            "select {ids}, t.place, t.place_provider from {this} "
            "where coalesce(t.place_provider, '') <> '' "
            "and (t.place_provider not in {codes[placement_providers]} or " + NO_PROVIDER + ")"
        ),
    ),
    Rule(
        code="213",
        table="episodes",
        message="Placement provider information not required.",
        fields=("PLACE_PROVIDER",),
        # why: a provider on a temporary or "other" placement changes no provider figure
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.place_provider from {this} "
            "where coalesce(t.place_provider, '') <> '' and (t.place in " + TEMPORARY + " or "
            "({collection_year} >= '2025-26' and t.place in ('Z11', 'Z12', 'Z13', 'Z14')))"
        ),
    ),
    Rule(
        code="526",
        table="episodes",
        message="Child is missing a placement provider code for at least one episode.",
        fields=("PLACE", "PLACE_PROVIDER"),
        affects=("P08a", "P08b"),
        sql=(
            "select {ids}, t.place, t.place_provider from {this} "
            "where coalesce(t.place_provider, '') = '' and not (case "
            "when {collection_year} >= '2025-26' "
            "then t.place in ('T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14') "
            "else t.place in ('T0', 'T1', 'T2', 'T3', 'T4', 'Z1') end)"
        ),
    ),
    _provider_pair(
        "527",
        "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
        "PR1",
        "('P1', 'R2', 'R5')",
    ),
    _provider_pair(
        "528",
        "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
        "PR2",
        "('P1', 'R2', 'R5')",
    ),
    Rule(
        code="529",
        table="episodes",
        message=(
            "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, "
            "K1, K2 and U1 to U6 as these placements cannot be provided by other public "
            "organisations."
        ),
        fields=("PLACE", "PLACE_PROVIDER"),
        affects=("P08a", "P08b"),
        sql=(
            "select {ids}, t.place, t.place_provider from {this} "
            "where t.place_provider = 'PR3' and t.place in "
            "('P1', 'A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')"
        ),
    ),
    _provider_pair(
        "530",
        "A placement provider code of PR4 cannot be associated with placement P1.",
        "PR4",
        "('P1')",
    ),
    _provider_pair(
        "531",
        "A placement provider code of PR5 cannot be associated with placements P1.",
        "PR5",
        "('P1')",
    ),
    Rule(
        code="550",
        table="episodes",
        message="A placement provider code of PR0 can only be associated with placement P1.",
        fields=("PLACE", "PLACE_PROVIDER"),
        affects=("P08a", "P08b"),
        sql=(
            "select {ids}, t.place, t.place_provider from {this} "
            "where t.place_provider = 'PR0' and coalesce(t.place, '') <> 'P1'"
        ),
    ),
    Rule(
        code="1015",
        table="episodes",
        message="Placement provider is own provision but child not placed in own LA.",
        fields=("PL_LA",),
        # why: provider and placement LA disagree outside foster care; P10 reads PL_LOCATION
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.place_provider, t.pl_la from {this} "
            "where t.place_provider = 'PR1' and coalesce(t.ls, '') not in ('', 'V3', 'V4') "
            "and coalesce(t.place, '') <> '' and t.place not in " + FOSTER_OR_ADOPTION + " "
            "and not ({collection_year} >= '2025-26' and t.place = 'K3') "
            "and t.pl_la is distinct from t._la_code"
        ),
    ),
    # -- placement types that changed ------------------------------------------------------
    Rule(
        code="217",
        table="episodes",
        message=(
            "Children who are placed for adoption with current foster carers (placement types "
            "A3 or A5) must have a reason for new episode of S, T or U."
        ),
        fields=("PLACE", "DECOM", "RNE"),
        affects=("P12", "P14"),
        sql=(
            "select {ids}, t.place, t.decom, t.rne from {this} "
            "where t.place in ('A3', 'A5') and t.decom_date >= date '2015-04-01' "
            "and coalesce(t.rne, '') not in ('S', 'T', 'U')"
        ),
    ),
    Rule(
        code="217t",
        table="episodes",
        message="Placement type 'P2' is not a valid placement type from 28 October 2023.",
        fields=("PLACE", "DECOM"),
        first_year="2023-24",
        sql=(
            "select {ids}, t.place, t.decom, t.dec from {this} where t.place = 'P2' "
            "and (t.dec_date is null or t.dec_date > date '2023-10-28')"
        ),
    ),
    # -- Ofsted URN --------------------------------------------------------------------------
    Rule(
        code="218",
        table="episodes",
        message="Ofsted Unique reference number (URN) is required.",
        fields=("URN",),
        # why: the URN identifies the setting; no panel figure uses it
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.urn, t.pl_la from {this} "
            "where coalesce(t.urn, '') = '' "
            "and (t.dec_date is null or t.dec_date >= t.year_start) and not (case "
            "when {collection_year} <= '2022-23' then t.place in ('H5', 'P1', 'P2', 'P3', 'R1', "
            "'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1') "
            "when {collection_year} <= '2024-25' then t.place in ('P1', 'P3', 'R1', 'R2', "
            "'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1') "
            "else t.place in ('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', "
            "'Z11', 'Z12', 'Z13', 'Z14') end) "
            # placed outside England
            "and not (case when {collection_year} <= '2024-25' "
            "then upper(coalesce(t.pl_la, '')) ~ '^[NWSC]' "
            "else upper(coalesce(t.pl_la, '')) in ('CON', 'NIR', 'SCO', 'WAL', 'NUK') end)"
        ),
    ),
    Rule(
        code="230",
        table="episodes",
        message=(
            "Ofsted Unique reference number (URN) is required for any English H5 placements "
            "from 28 October 2023."
        ),
        fields=("PLACE", "DEC", "URN"),
        first_year="2023-24",
        # why: the URN identifies the setting; no panel figure uses it
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.dec, t.urn from {this} where t.place = 'H5' "
            "and (t.dec_date is null or t.dec_date >= date '2023-10-29') "
            "and coalesce(t.urn, '') in ('', 'XXXXXXX') "
            "and upper(coalesce(t.pl_la, '')) !~ '^[NWS]'"
        ),
    ),
    Rule(
        code="222",
        table="episodes",
        message=(
            "Ofsted Unique reference number (URN) should not be recorded for this placement type."
        ),
        fields=("URN",),
        # why: the URN identifies the setting; no panel figure uses it
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.urn from {this} where " + URN_GIVEN + " and (case "
            "when {collection_year} <= '2022-23' then t.place in ('H5', 'P1', 'P2', 'P3', 'R1', "
            "'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1') "
            "when {collection_year} = '2023-24' then t.place in ('P1', 'P2', 'P3', 'R1', 'R2', "
            "'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1') "
            "else t.place in ('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1') "
            "end)"
        ),
    ),
    Rule(
        code="1008",
        table="episodes",
        message="Ofsted Unique Reference Number (URN) is not valid.",
        fields=("URN",),
        # why: the URN identifies the setting; no panel figure uses it
        severity=WARNING,
        sql=(
            "select {ids}, t.urn from {this} where " + URN_GIVEN + " "
            "and not exists (select 1 from {providers} as p where p.urn = trim(t.urn))"
        ),
    ),
    Rule(
        code="219",
        table="episodes",
        message=(
            "The Ofsted Unique reference number (URN) provided for the child's placement does "
            "not match the placement type recorded."
        ),
        fields=("URN", "PLACE"),
        # why: the URN identifies the setting; no panel figure uses it
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.urn, p.provider_type from {this} "
            "left join {providers} as p on p.urn = trim(t.urn) where " + URN_GIVEN + " "
            "and not exists (select 1 from " + PROVIDER_PLACES + " "
            "where pp.provider_type = lower(p.provider_type) and pp.place = t.place)"
        ),
    ),
    Rule(
        code="221",
        table="episodes",
        message=(
            "The Ofsted Unique reference number (URN) provided for the child's placement does "
            "not match the placement postcode provided."
        ),
        fields=("PL_POST",),
        # why: the URN identifies the setting; no panel figure uses it
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.urn, t.pl_post, p.postcode from {this} "
            "left join {providers} as p on p.urn = trim(t.urn) where " + URN_GIVEN + " "
            "and coalesce(t.ls, '') not in ('V3', 'V4') and t.place in ('K1', 'K2', 'R3', 'S1') "
            "and coalesce(t.pl_post, '') <> '' "
            f"and {_post('t.pl_post')} is distinct from {_post('p.postcode')}"
        ),
    ),
    # -- postcodes, distance and placement LA ------------------------------------------------
    Rule(
        code="164",
        table="episodes",
        message=(
            "Distance is not valid. Please check a valid postcode has been entered. [NOTE: This "
            "check will result in false positives for children formerly UASC not identified as "
            "such in loaded data]"
        ),
        fields=("PL_DISTANCE",),
        affects=("P11a", "P11b"),
        sql=(
            "select {ids}, t.pl_distance from {this} where coalesce(t.pl_distance, '') <> '' "
            "and not " + UASC + " and case when t.pl_distance ~ '^-?[0-9]+(\\.[0-9]+)?$' "
            "then t.pl_distance::numeric not between 0 and 999.9 else true end"
        ),
    ),
    Rule(
        code="392a",
        table="episodes",
        message=(
            "Child is looked after but no distance is recorded. [NOTE: This check may result in "
            "false positives for children formerly UASC]"
        ),
        fields=("PL_DISTANCE",),
        # why: a placement without a distance is counted as not known; P11 stays right
        severity=WARNING,
        # No distance: blank, or 999.9 because a postcode is missing or not in the directory
        # (999.9 for a placement outside England is a distance "recorded" as DfE derives it).
        sql=(
            "select {ids}, t.pl_distance, t.home_post, t.pl_post from {this} "
            "where coalesce(t.ls, '') not in ('V3', 'V4') and not " + UASC + " "
            "and (coalesce(t.pl_distance, '') = '' or (t.pl_distance = '999.9' and ("
            "coalesce(t.home_post, '') = '' or coalesce(t.pl_post, '') = '' "
            f"or not {_postcode_known('t.home_post')} or not {_postcode_known('t.pl_post')})))"
        ),
    ),
    Rule(
        code="392b",
        table="episodes",
        message=(
            "Child is looked after but no postcodes are recorded. [NOTE: This check may result "
            "in false positives for children formerly UASC, particularly if current & prior year "
            "UASC data not loaded]"
        ),
        fields=("HOME_POST", "PL_POST"),
        # why: a placement without a postcode is counted as location not known (P10NK)
        severity=WARNING,
        sql=(
            "select {ids}, t.home_post, t.pl_post from {this} "
            "where coalesce(t.ls, '') not in ('V3', 'V4') and not " + UASC + " "
            "and (coalesce(t.home_post, '') = '' or coalesce(t.pl_post, '') = '')"
        ),
    ),
    Rule(
        code="392c",
        table="episodes",
        message="Postcode(s) provided are invalid.",
        fields=("HOME_POST", "PL_POST"),
        # why: an unknown postcode is counted as location not known (P10NK)
        severity=WARNING,
        sql=(
            "select {ids}, t.home_post, t.pl_post from {this} "
            f"where (coalesce(t.home_post, '') <> '' and not {_postcode_known('t.home_post')}) "
            f"or (coalesce(t.pl_post, '') <> '' and not {_postcode_known('t.pl_post')})"
        ),
    ),
    Rule(
        code="392d",
        table="episodes",
        message="Home and placement postcodes should not be same unless the placement type is P1.",
        fields=("HOME_POST", "PL_POST", "PLACE"),
        # why: a plausibility query on the postcodes; no figure changes
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.home_post, t.pl_post from {this} "
            "where coalesce(t.place, '') <> 'P1' and coalesce(t.pl_post, '') <> '' "
            f"and {_post('t.home_post')} = {_post('t.pl_post')}"
        ),
    ),
    Rule(
        code="398",
        table="episodes",
        message="Distance field completed but child looked after under legal status V3 or V4.",
        fields=("LS", "HOME_POST", "PL_POST"),
        # why: short breaks (V3/V4) are outside every looked-after cohort
        severity=WARNING,
        sql=(
            "select {ids}, t.ls, t.home_post, t.pl_post from {this} where t.ls in " + RESPITE + " "
            "and (coalesce(t.home_post, '') <> '' or coalesce(t.pl_post, '') <> '')"
        ),
    ),
    Rule(
        code="406",
        table="episodes",
        message=(
            "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance "
            "should be blank. [NOTE: This check will result in false negatives for children "
            "formerly UASC not identified as such in loaded data]"
        ),
        fields=("PL_DISTANCE",),
        # why: a query on UASC home postcodes; the panel's distance figures are unaffected
        severity=WARNING,
        sql=(
            "select {ids}, t.pl_distance from {this} where " + UASC + " "
            "and coalesce(t.pl_distance, '') not in ('', '999.9')"
        ),
    ),
    Rule(
        code="454",
        table="episodes",
        message=(
            "Placement distance from home is over 350 miles. [NOTE: This check will result in "
            "false positives for children formerly UASC not identified as such in loaded data]"
        ),
        fields=("PL_DISTANCE",),
        first_year="2025-26",
        # why: a plausibility query (England is under 350 miles across); distances are derived
        severity=WARNING,
        affects=("P11a", "P11b"),
        sql=(
            "select {ids}, t.pl_distance from {this} "
            "where case when t.pl_distance ~ '^[0-9]+(\\.[0-9]+)?$' "
            "then t.pl_distance::numeric > 350 and t.pl_distance::numeric <> 999.9 end"
        ),
    ),
    Rule(
        code="169",
        table="episodes",
        message=(
            "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
            "postcode has been entered."
        ),
        fields=("PL_LA",),
        # why: a placement without an LA is reported as location not known (P10NK)
        severity=WARNING,
        sql=(
            "select {ids}, t.ls, t.pl_post, t.pl_la from {this} "
            "where coalesce(t.ls, '') not in ('V3', 'V4') and coalesce(t.pl_la, '') = ''"
        ),
    ),
    Rule(
        code="179",
        table="episodes",
        message="Placement location code is not a valid code.",
        fields=("PL_LOCATION",),
        # why: a placement without a location is reported as location not known (P10NK)
        severity=WARNING,
        sql=(
            "select {ids}, t.ls, t.pl_post, t.pl_location from {this} "
            "where coalesce(t.ls, '') not in ('V3', 'V4') "
            "and coalesce(t.pl_location, '') not in ('IN', 'OUT')"
        ),
    ),
    Rule(
        code="411",
        table="episodes",
        message="Placement location code disagrees with LA of placement.",
        fields=("PL_LOCATION",),
        affects=("P10",),
        sql=(
            "select {ids}, t.pl_location, t.pl_la from {this} "
            "where t.pl_location = 'IN' and t.pl_la is distinct from t._la_code"
        ),
    ),
    Rule(
        code="420",
        table="episodes",
        message="LA of placement completed but child is looked after under legal status V3 or V4.",
        fields=("PL_LA",),
        # why: short breaks (V3/V4) are outside every looked-after cohort
        severity=WARNING,
        sql=(
            "select {ids}, t.ls, t.pl_la from {this} "
            "where t.ls in " + RESPITE + " and coalesce(t.pl_la, '') <> ''"
        ),
    ),
    # -- ages for placement types ------------------------------------------------------------
    _age_rule(
        "371",
        "Child in supported accomodation not subject to children’s homes regulations should be "
        "at least 16.",
        # H5 from 14 until 2022-23 and from 16 in 2023-24; K3 (from 2024-25) from 16.
        "t.place in ('H5', 'K3')",
        "(case when t.place = 'H5' and {collection_year} <= '2022-23' then 14 else 16 end)",
    ),
    _age_rule(
        "372", "Child in youth custody or prison should be at least 10.", "t.place = 'R5'", "10"
    ),
    _age_rule(
        "373", "Child placed in a school should be at least 4 years old.", "t.place = 'S1'", "4"
    ),
    _age_rule(
        "374",
        "Child in residential employment should be at least 14 years old.",
        "t.place = 'P3'",
        "14",
    ),
    # -- temporary placements and short breaks -----------------------------------------------
    _duration_rule(
        "375", "Hospitalisation coded as a temporary placement exceeds six weeks.", "T1", 42
    ),
    _duration_rule(
        "376",
        "Temporary placements coded as being due to holiday of usual foster carer(s) cannot "
        "exceed three weeks.",
        "T3",
        21,
    ),
    _duration_rule(
        "379",
        "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.",
        "T4",
        7,
    ),
    Rule(
        code="377",
        table="episodes",
        message=(
            "Only two temporary placements coded as being due to holiday of usual foster "
            "carer(s) are allowed in any 12- month period."
        ),
        fields=("PLACE",),
        # why: a query on how often carers' holidays were covered; no count changes
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.decom from (select t.*, count(*) filter "
            "(where t.place = 'T3') over (partition by t.child_key) as holiday_covers "
            "from {this}) as t where t.place = 'T3' and t.holiday_covers > 2"
        ),
    ),
    Rule(
        code="380",
        table="episodes",
        message="A period of care cannot start with a temporary placement.",
        fields=("PLACE", "RNE"),
        affects=("P12",),
        sql=(
            "select {ids}, t.place, t.rne from {this} "
            "where t.place in " + TEMPORARY + " and coalesce(t.rne, '') not in ('P', 'B')"
        ),
    ),
    Rule(
        code="381",
        table="episodes",
        message="A period of care cannot end with a temporary placement.",
        fields=("PLACE", "REC"),
        affects=("P12",),
        sql=(
            "select {ids}, t.place, t.rec from {this} "
            "where t.place in " + TEMPORARY + " and coalesce(t.rec, 'X1') not in ('X1', '')"
        ),
    ),
    Rule(
        code="382",
        table="episodes",
        message="A child receiving respite care cannot be in a temporary placement.",
        fields=("LS", "PLACE"),
        # why: short breaks (V3/V4) are outside every looked-after cohort
        severity=WARNING,
        sql=(
            "select {ids}, t.ls, t.place from {this} "
            "where t.ls in " + RESPITE + " and t.place in " + TEMPORARY
        ),
    ),
    Rule(
        code="383",
        table="episodes",
        message=(
            "A child in a temporary placement must subsequently return to his/her normal placement."
        ),
        fields=("PLACE", "RNE", "PL_POST"),
        affects=("P12", "P13"),
        # The temporary episode is reported: the episode after it must be a change of
        # placement (RNE P) back to the placement type and postcode of the episode before it.
        sql=(
            "select {ids}, t.place, t.decom, t.next_rne, t.next_place, t.next_pl_post, "
            "t.before_place, t.before_pl_post from (select t.*, "
            "lag(t._row_number) over w as before_row, lag(t.place) over w as before_place, "
            "lag(t.pl_post) over w as before_pl_post, lead(t._row_number) over w as next_row, "
            "lead(t.rne) over w as next_rne, lead(t.place) over w as next_place, "
            "lead(t.pl_post) over w as next_pl_post from {this} "
            "window w as (partition by t.child_key order by t.decom_date, t._row_number)) as t "
            "where t.place in " + TEMPORARY + " and t.before_row is not null "
            "and t.next_row is not null and (t.next_rne is distinct from 'P' "
            "or t.next_place is distinct from t.before_place "
            f"or {_post('t.next_pl_post')} is distinct from {_post('t.before_pl_post')})"
        ),
    ),
    Rule(
        code="384",
        table="episodes",
        message="A child receiving respite care cannot be in a long-term foster placement",
        fields=("PLACE", "LS"),
        # why: short breaks (V3/V4) are outside every looked-after cohort
        severity=WARNING,
        sql=(
            "select {ids}, t.ls, t.place from {this} "
            "where t.ls in " + RESPITE + " and t.place in ('U1', 'U4')"
        ),
    ),
    Rule(
        code="378",
        table="episodes",
        message=(
            "A child who is placed with parent(s) cannot be looked after under a single period "
            "of accommodation under Section 20 of the Children Act 1989."
        ),
        fields=("PLACE", "LS"),
        # why: a legal status and placement combination query; the child is counted either way
        severity=WARNING,
        sql="select {ids}, t.place, t.ls from {this} where t.place = 'P1' and t.ls = 'V2'",
    ),
]
