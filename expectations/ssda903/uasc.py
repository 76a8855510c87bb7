"""UASC: the date unaccompanied asylum-seeking child status ceased (DUC) and the UASC table's
agreement with the header.

Our CSV returns carry no header UASC flag. As D2I does on CSV ingest, a child's header is
flagged UASC when the UASC table of the same return holds them. A UASC row can then only be
"not identified as UASC" when its child has no header row: that is what 303 and 205C catch
here (D2I's CSV port never reports them, as it joins from the header). The header-side UASC
rules (205A, 205D, 231) are in header.py.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

IN_HEADER = "exists (select 1 from {header} as h where h.child_key = t.child_key)"
# The child's header row, for the internal checks.
HEADER = "join {header} as h on h.child_key = t.child_key"

RULES = [
    # A duplicate UASC row changes no figure (P18 counts distinct children).
    Rule(
        code="INT36",
        table="uasc",
        message="Internal Check: Child should only exist once in UASC.",
        fields=("CHILD",),
        severity=WARNING,
        sql=(
            "select {ids} from {this} where exists (select 1 from {uasc} as o "
            "where o.child_key = t.child_key and o._row_number <> t._row_number)"
        ),
    ),
    # The header carries the child's sex, DOB and ethnicity; the UASC row alone counts nowhere
    # but P18, which starts from the episodes.
    Rule(
        code="INT09",
        table="uasc",
        message="Internal Check: Child in UASC does not exist in Header.",
        fields=("CHILD",),
        severity=WARNING,
        sql="select {ids} from {this} where not " + IN_HEADER,
    ),
    # The panel takes DOB and sex from the header: a different UASC copy changes no figure.
    Rule(
        code="INT18",
        table="uasc",
        message="Internal Check: DOB in UASC is different to DOB in Header.",
        fields=("DOB",),
        severity=WARNING,
        sql=(
            "select distinct {ids}, t.dob, h.dob as header_dob from {this} " + HEADER + " "
            "where t.dob_date <> h.dob_date"
        ),
    ),
    Rule(
        code="INT21",
        table="uasc",
        message="Internal Check: SEX in UASC is different to SEX in Header.",
        fields=("SEX",),
        severity=WARNING,
        sql=(
            "select distinct {ids}, t.sex, h.sex as header_sex from {this} " + HEADER + " "
            "where coalesce(t.sex, '') <> '' and coalesce(h.sex, '') <> '' and t.sex <> h.sex"
        ),
    ),
    Rule(
        code="104",
        table="uasc",
        message=(
            "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a "
            "valid date."
        ),
        fields=("DUC",),
        affects=("P18",),
        # Not a date, or before the year began (then the child was not UASC this year, yet
        # P18 would count them).
        sql=(
            "select {ids}, t.duc from {this} where coalesce(t.duc, '') <> '' "
            "and (t.duc_date is null or t.duc_date < {year_start})"
        ),
    ),
    # DUC feeds no panel figure (P18 counts presence in the UASC table).
    Rule(
        code="304",
        table="uasc",
        message=(
            "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or "
            "before the 18th birthday of a child."
        ),
        fields=("DUC",),
        severity=WARNING,
        sql=(
            "select {ids}, t.dob, t.duc from {this} "
            "where t.duc_date > (t.dob_date + interval '18 years')::date"
        ),
    ),
    # The header flag is derived from this very table, so DUC without the flag can only mean a
    # UASC row whose child has no header row (INT09 names the missing header too).
    Rule(
        code="303",
        table="uasc",
        message=(
            "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC "
            "status must be coded 1."
        ),
        fields=("DUC", "CHILD"),
        severity=WARNING,
        sql=(
            "select {ids}, t.duc from {this} where coalesce(t.duc, '') <> '' and not " + IN_HEADER
        ),
    ),
    # DUC consistency between years: DUC feeds no panel figure.
    Rule(
        code="205B",
        table="uasc",
        message=(
            "Child previously identified as UASC is also UASC this year, but date UASC ceased "
            "in both years does not support this."
        ),
        fields=("DUC",),
        severity=WARNING,
        needs_last_year=True,
        # UASC both years (UASC and header rows in both returns): last year's DUC must be the
        # 18th birthday, and this year's must fall in this year or repeat last year's.
        sql=(
            "select {ids}, t.duc, l.duc as duc_last from {this} "
            "join {uasc_last} as l on l.child_key = t.child_key "
            "where " + IN_HEADER + " "
            "and exists (select 1 from {header_last} as hl where hl.child_key = t.child_key) "
            "and ((not coalesce(t.duc_date between {year_start} and {year_end}, false) "
            "and not coalesce(t.duc_date = l.duc_date, false)) "
            "or not coalesce(l.duc_date = (l.dob_date + interval '18 years')::date, false))"
        ),
    ),
    Rule(
        code="205C",
        table="uasc",
        message=(
            "Child not identified as UASC either this year or last year but date UASC ceased "
            "has been provided."
        ),
        fields=("DUC", "CHILD"),
        severity=WARNING,
        needs_last_year=True,
        # No header this year (so not flagged UASC), not flagged last year (UASC and header
        # rows), yet a DUC this year or last.
        sql=(
            "select {ids}, t.duc from {this} where not " + IN_HEADER + " "
            "and not exists (select 1 from {uasc_last} as ul join {header_last} as hl "
            "on hl.child_key = ul.child_key where ul.child_key = t.child_key) "
            "and (t.duc_date is not null or exists (select 1 from {uasc_last} as ul "
            "where ul.child_key = t.child_key and ul.duc_date is not null))"
        ),
    ),
]
