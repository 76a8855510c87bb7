"""Header: the child's sex, date of birth, ethnicity, UPN and motherhood details.

Codes are valid for the year (SEX is 1/2 up to 2023-24 and M/F/U from 2024-25), and agree
with last year's return (rules 202-208, 624, 626). Our CSV layout has no header UASC column:
as D2I does on CSV ingest, a child is "UASC this year" when the UASC table of the same
return holds them (205A, 205D, 231). Rule 105 (the header UASC flag is 0 or 1) only applies
to XML returns that carry the flag, so it is not ported.

The sex codes of both code sets are read together where a rule needs "male" or "female"
(174, 393, 607, 612), and mapped 1->M, 2->F when comparing with last year (202), so a
2024-25 return is not at odds with the 2023-24 one merely because the codes changed.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

MALE = "('1', 'M')"
FEMALE = "('2', 'F')"
UN_CODES = "('UN1', 'UN2', 'UN3', 'UN4', 'UN5')"

# The same child in last year's header.
LAST = "join {header_last} as l on l.child_key = t.child_key"
# The child has an episode this year that is not a short-break (V3/V4) agreement.
LOOKED_AFTER = (
    "exists (select 1 from {episodes} as e where e.child_key = t.child_key "
    "and coalesce(e.ls, '') not in ('V3', 'V4'))"
)
IN_UASC = "exists (select 1 from {uasc} as u where u.child_key = t.child_key)"
IN_UASC_LAST = "exists (select 1 from {uasc_last} as u where u.child_key = t.child_key)"
IN_HEADER_LAST = "exists (select 1 from {header_last} as hl where hl.child_key = t.child_key)"


def _sex(column: str) -> str:
    """A sex code in the 2024-25 code set, so both years' codes compare."""
    return f"(case {column} when '1' then 'M' when '2' then 'F' else coalesce({column}, '') end)"


RULES = [
    Rule(
        code="INT32",
        table="header",
        message="Internal Check: Child should only exist once in Header.",
        fields=("CHILD",),
        sql=(
            "select {ids} from {this} where exists (select 1 from {header} as o "
            "where o.child_key = t.child_key and o._row_number <> t._row_number)"
        ),
    ),
    Rule(
        code="101",
        table="header",
        message="The child or young person's reported sex is not valid.",
        fields=("SEX",),
        sql=(
            "select {ids}, t.sex from {this} "
            "where coalesce(t.sex, '') = '' or t.sex not in {codes[sex_codes]}"
        ),
    ),
    Rule(
        code="102",
        table="header",
        message="Date of birth is not a valid date.",
        fields=("DOB",),
        sql="select {ids}, t.dob from {this} where t.dob_date is null",
    ),
    Rule(
        code="103",
        table="header",
        message="The ethnicity code is either not valid or has not been entered.",
        fields=("ETHNIC",),
        sql=(
            "select {ids}, t.ethnic from {this} "
            "where coalesce(t.ethnic, '') = '' or t.ethnic not in {codes[ethnicities]}"
        ),
    ),
    # Our rules and marts take the UPN only to link school data by child key: no panel figure
    # counts by it, so the UPN rules (168, 208, 209, 210, 442) are queries for the LA to fix.
    Rule(
        code="168",
        table="header",
        message=(
            "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be "
            "UN1, UN2, UN3, UN4 or UN5."
        ),
        fields=("UPN",),
        severity=WARNING,
        sql=(
            "select {ids}, t.upn from {this} where coalesce(t.upn, '') <> '' "
            "and t.upn !~ '^([A-HJ-NP-RT-Z]([0-9]{{12}}|[0-9]{{11}}[A-Z])|UN[1-5])$'"
        ),
    ),
    # Motherhood details feed no panel figure: the mother rules (171, 174, 207, 393, 607,
    # 611, 612, 620, 621, 624-628) are completeness and plausibility queries.
    Rule(
        code="171",
        table="header",
        message="Date of birth of mother's child is not a valid date.",
        fields=("MC_DOB",),
        severity=WARNING,
        sql=(
            "select {ids}, t.mc_dob from {this} "
            "where coalesce(t.mc_dob, '') <> '' and t.mc_dob_date is null"
        ),
    ),
    Rule(
        code="174",
        table="header",
        message=(
            "Mother's child date of birth is recorded but sex shows that the child is a male."
        ),
        fields=("SEX", "MC_DOB"),
        severity=WARNING,
        sql=(
            "select {ids}, t.sex, t.mc_dob from {this} "
            f"where t.sex in {MALE} and coalesce(t.mc_dob, '') <> ''"
        ),
    ),
    Rule(
        code="202",
        table="header",
        message="The gender code conflicts with the gender already recorded for this child.",
        fields=("SEX",),
        needs_last_year=True,
        sql=(
            "select {ids}, t.sex, l.sex as sex_last from {this} " + LAST + " "
            f"where {_sex('t.sex')} <> {_sex('l.sex')}"
        ),
    ),
    Rule(
        code="203",
        table="header",
        message=("Date of birth disagrees with the date of birth already recorded for this child."),
        fields=("DOB",),
        needs_last_year=True,
        sql=(
            "select {ids}, t.dob, l.dob as dob_last from {this} " + LAST + " "
            "where t.dob_date is distinct from l.dob_date"
        ),
    ),
    # Ethnicity is legitimately updated (NOBT or REFU to a recorded code, a young person's own
    # description): a query for the LA to confirm, not an error in this year's figures.
    Rule(
        code="204",
        table="header",
        message=(
            "Ethnic origin code disagrees with the ethnic origin already recorded for this child."
        ),
        fields=("ETHNIC",),
        severity=WARNING,
        needs_last_year=True,
        sql=(
            "select {ids}, t.ethnic, l.ethnic as ethnic_last from {this} " + LAST + " "
            "where upper(coalesce(t.ethnic, '')) <> upper(coalesce(l.ethnic, ''))"
        ),
    ),
    # Usually a UASC child who left care last year without a DUC (no figure moves); P18 only
    # moves when a child still looked after was left out of this year's UASC table.
    Rule(
        code="205A",
        table="header",
        message=(
            "Child identified as UASC last year is no longer UASC this year, but date UASC "
            "ceased in both years does not support this."
        ),
        fields=("CHILD", "DUC"),
        severity=WARNING,
        needs_last_year=True,
        affects=("P18",),
        # Not in this year's UASC table, in last year's header and UASC table, and last
        # year's DUC does not fall in last year.
        sql=(
            "select {ids} from {this} where not " + IN_UASC + " and " + IN_HEADER_LAST + " "
            "and exists (select 1 from {uasc_last} as u where u.child_key = t.child_key "
            "and not coalesce(u.duc_date between ({year_start} - interval '1 year')::date "
            "and ({year_end} - interval '1 year')::date, false))"
        ),
    ),
    Rule(
        code="205D",
        table="header",
        message=(
            "Child identified as UASC this year but not identified as UASC status provided "
            "for the child last year."
        ),
        fields=("CHILD",),
        needs_last_year=True,
        affects=("P18",),
        sql=(
            "select {ids} from {this} where " + IN_UASC + " and " + IN_HEADER_LAST + " "
            "and not " + IN_UASC_LAST
        ),
    ),
    Rule(
        code="207",
        table="header",
        message=(
            "Mother status for the current year disagrees with the mother status already "
            "recorded for this child."
        ),
        fields=("MOTHER",),
        severity=WARNING,
        needs_last_year=True,
        sql=(
            "select {ids}, t.mother, l.mother as mother_last from {this} " + LAST + " "
            "where l.mother = '1' and coalesce(t.mother, '') <> '1' "
            "and exists (select 1 from {episodes} as e where e.child_key = t.child_key)"
        ),
    ),
    Rule(
        code="208",
        table="header",
        message=(
            "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil "
            "Number (UPN) already recorded for this child."
        ),
        fields=("UPN",),
        severity=WARNING,
        needs_last_year=True,
        # Allowed: the same value; UN1 or blank to UN2-UN5; an unknown code or blank to a
        # real UPN (D2I's reading of DfE's rule: blank to UN1 is not allowed).
        sql=(
            "select {ids}, t.upn, l.upn as upn_last from {this} " + LAST + " "
            "cross join lateral (select nullif(upper(t.upn), '') as now, "
            "nullif(upper(l.upn), '') as before) as u "
            "where coalesce(u.now, '-') <> coalesce(u.before, '-') "
            "and not (coalesce(u.before, 'UN1') = 'UN1' "
            "and coalesce(u.now, '') in ('UN2', 'UN3', 'UN4', 'UN5')) "
            f"and not (coalesce(u.before, 'UN1') in {UN_CODES} "
            f"and coalesce(u.now, 'UN1') not in {UN_CODES})"
        ),
    ),
    Rule(
        code="209",
        table="header",
        message=(
            "Child looked after is of school age and should not have an unknown Unique Pupil "
            "Number (UPN) code of UN1."
        ),
        fields=("UPN", "DOB"),
        severity=WARNING,
        # Aged 4 or more on 31 August before the collection year began.
        sql=(
            "select {ids}, t.upn, t.dob from {this} where t.upn = 'UN1' "
            "and (t.dob_date + interval '4 years')::date "
            "<= make_date(date_part('year', {year_start})::int - 1, 8, 31)"
        ),
    ),
    Rule(
        code="210",
        table="header",
        message=(
            "Children looked after for more than a week at 31 March should not have an "
            "unknown Unique Pupil Number (UPN) code of UN4."
        ),
        fields=("UPN", "DECOM"),
        severity=WARNING,
        full_year_only=True,
        # UN4 is for children newly looked after in the last week of the year: looked after
        # at 31 March without having started to be looked after on or after 24 March.
        # (D2I flags UN4 children WITH an episode starting on or after 24 March, the opposite
        # of the message and of UN4's definition; we follow the message.)
        sql=(
            "select {ids}, t.upn from {this} where t.upn = 'UN4' "
            "and exists (select 1 from {episodes} as e where e.child_key = t.child_key "
            "and e.decom_date <= {year_end} "
            "and (e.dec_date is null or e.dec_date > {year_end}) "
            "and coalesce(e.ls, '') not in ('V3', 'V4')) "
            "and not exists (select 1 from {episodes} as s where s.child_key = t.child_key "
            "and s.rne = 'S' and s.decom_date >= {year_end} - 7)"
        ),
    ),
    # A plausibility query: DfE asks for a bypass request when a young UASC is genuine.
    Rule(
        code="231",
        table="header",
        message=(
            "We expect that unaccompanied asylum seeking children are generally older young "
            "people. Please check the date of birth is correct. If the date of birth is "
            "correct then please provide details in a bypass request."
        ),
        fields=("DOB", "CHILD"),
        severity=WARNING,
        first_year="2024-25",
        sql=(
            "select {ids}, t.dob from {this} "
            "where t.dob_date > ({year_end} - interval '11 years')::date and " + IN_UASC
        ),
    ),
    # A query: U is a valid code, DfE only asks the LA to confirm it.
    Rule(
        code="232",
        table="header",
        message="Sex of the child/young person has been reported as unknown.",
        fields=("SEX",),
        severity=WARNING,
        first_year="2024-25",
        sql="select {ids}, t.sex from {this} where upper(t.sex) = 'U'",
    ),
    Rule(
        code="301",
        table="header",
        message="Date of birth falls after the year ended.",
        fields=("DOB",),
        sql="select {ids}, t.dob from {this} where t.dob_date > {year_end}",
    ),
    Rule(
        code="351",
        table="header",
        message="Child was over 25 at the start of the current collection year.",
        fields=("DOB",),
        sql=(
            "select {ids}, t.dob from {this} "
            "where (t.dob_date + interval '25 years')::date < {year_start}"
        ),
    ),
    Rule(
        code="393",
        table="header",
        message="Child is looked after but mother field is not completed.",
        fields=("MOTHER",),
        severity=WARNING,
        sql=(
            "select {ids}, t.sex, t.mother from {this} "
            f"where t.sex in {FEMALE} and coalesce(t.mother, '') = '' and " + LOOKED_AFTER
        ),
    ),
    Rule(
        code="442",
        table="header",
        message="Unique Pupil Number (UPN) field is not completed.",
        fields=("UPN",),
        severity=WARNING,
        sql=("select {ids}, t.upn from {this} where coalesce(t.upn, '') = '' and " + LOOKED_AFTER),
    ),
    Rule(
        code="607",
        table="header",
        message=(
            "Child ceased to be looked after in the year, but mother field has not been completed."
        ),
        fields=("DEC", "REC", "MOTHER", "LS", "SEX"),
        severity=WARNING,
        sql=(
            "select {ids}, t.sex, t.mother from {this} "
            f"where t.sex in {FEMALE} and coalesce(t.mother, '') = '' "
            "and exists (select 1 from {episodes} as e where e.child_key = t.child_key "
            "and e.dec_date between {year_start} and {year_end} "
            "and coalesce(e.rec, '') not in ('', 'X1') "
            "and coalesce(e.ls, '') not in ('V3', 'V4'))"
        ),
    ),
    Rule(
        code="611",
        table="header",
        message="Date of birth field is blank, but child is a mother.",
        fields=("MOTHER", "MC_DOB"),
        severity=WARNING,
        sql=(
            "select {ids}, t.mother, t.mc_dob from {this} "
            "where t.mother = '1' and coalesce(t.mc_dob, '') = ''"
        ),
    ),
    Rule(
        code="612",
        table="header",
        message=(
            "Date of birth field has been completed but mother field indicates child is not "
            "a mother."
        ),
        fields=("SEX", "MOTHER", "MC_DOB"),
        severity=WARNING,
        sql=(
            "select {ids}, t.sex, t.mother, t.mc_dob from {this} "
            f"where coalesce(t.mother, '') in ('0', '') and t.sex in {FEMALE} "
            "and coalesce(t.mc_dob, '') <> ''"
        ),
    ),
    Rule(
        code="620",
        table="header",
        message=(
            "Child has been recorded as a mother, but date of birth shows that the mother is "
            "under 11 years of age."
        ),
        fields=("DOB", "MOTHER"),
        severity=WARNING,
        sql=(
            "select {ids}, t.dob, t.mother from {this} where t.mother = '1' "
            "and (t.dob_date + interval '11 years')::date > {year_start}"
        ),
    ),
    Rule(
        code="621",
        table="header",
        message=(
            "Mother’s field has been completed but date of birth shows that the mother is "
            "younger than her child."
        ),
        fields=("DOB", "MC_DOB"),
        severity=WARNING,
        sql=(
            "select {ids}, t.dob, t.mc_dob from {this} where t.mc_dob_date is not null "
            "and not coalesce(t.mc_dob_date > t.dob_date, false)"
        ),
    ),
    Rule(
        code="624",
        table="header",
        message=(
            "Date of birth of the first child contradicts the date of birth of the first "
            "child previously recorded."
        ),
        fields=("MC_DOB",),
        severity=WARNING,
        needs_last_year=True,
        sql=(
            "select {ids}, t.mc_dob, l.mc_dob as mc_dob_last from {this} " + LAST + " "
            "where coalesce(l.mc_dob, '') <> '' "
            "and coalesce(t.mc_dob_date::text, t.mc_dob, '') "
            "<> coalesce(l.mc_dob_date::text, l.mc_dob)"
        ),
    ),
    Rule(
        code="625",
        table="header",
        message=(
            "Date of birth of the first child is beyond the end of this reporting year or the "
            "date the child ceased to be looked after."
        ),
        fields=("MC_DOB", "DEC"),
        severity=WARNING,
        # The child's last episode (latest DECOM) ended with the child leaving care.
        sql=(
            "select {ids}, t.mc_dob from {this} where t.mc_dob_date > {year_end} "
            "or exists (select 1 from {episodes} as e where e.child_key = t.child_key "
            "and e.dec_date < t.mc_dob_date and coalesce(e.rec, '') not in ('', 'X1') "
            "and e.decom_date = (select max(f.decom_date) from {episodes} as f "
            "where f.child_key = t.child_key))"
        ),
    ),
    Rule(
        code="626",
        table="header",
        message=(
            "Child was reported as a mother but the date of birth of the first child is "
            "before the current year which contradicts with the mother status recorded last "
            "year."
        ),
        fields=("MOTHER", "MC_DOB"),
        severity=WARNING,
        needs_last_year=True,
        sql=(
            "select {ids}, t.mother, t.mc_dob, l.mother as mother_last from {this} " + LAST + " "
            "where t.mother = '1' and l.mother = '0' and t.mc_dob_date < {year_start}"
        ),
    ),
    Rule(
        code="628",
        table="header",
        message=(
            "Motherhood details are not required for care leavers who have not been looked "
            "after during the year."
        ),
        fields=("MOTHER",),
        severity=WARNING,
        sql=(
            "select {ids}, t.mother from {this} where coalesce(t.mother, '') <> '' "
            "and not exists (select 1 from {episodes} as e where e.child_key = t.child_key) "
            "and exists (select 1 from {oc3} as c where c.child_key = t.child_key "
            "and (coalesce(c.in_touch, '') <> '' or coalesce(c.activ, '') <> '' "
            "or coalesce(c.accom, '') <> ''))"
        ),
    ),
]
