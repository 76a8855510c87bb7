"""Raw suites for the local sources beside the 903: Virtual School, health and leaving care.

One suite per raw table (`raw.virtual_school_*`, `raw.health_*`, `raw.leaving_care_*`). The
code lists of these sources do not change from one period to the next, so a table's periods
(Virtual School terms, health financial years) are checked together: every date rule works
out the window of the row's own delivery from `_period` (and, for health, the workbook's month
folder). Rule codes: `VS-`, `HLT-`, `LC-` (hundreds = the table, units = the check) and `XSRC-`
for checks across sources.

Each table gets the same basic checks, numbered alike in every table:

    01 the row names its child          05 no date after the delivery was made
    02 unique at the table's grain      06 no date before the child's date of birth
    03 dates are real dd/mm/yyyy dates  07 event dates fall in the delivery's period
    04 required dates are given         08 (leaving care) the young person is on the list

and the table's own checks from 10 on (code lists, numeric ranges, waits, cross-field rules).

Severity: blocking if the problem would make a published panel figure wrong, warning for
plausibility. In practice:

- 01, 02 and XSRC-1 (child known to the case-management system) block in every table: a row
  that cannot be tied to a known child, or a duplicated record, means the extract is broken.
- Validity checks (codes, dates, ranges) block in tables that feed a panel figure (`feeds`
  below: the indicator ids, which also get the data-quality note of a warning) and are
  warnings in tables no figure reads yet (dental, immunisations, SDQ and CAMHS sheets;
  accommodation, activity and staying-put tables: their panel figures come from the 903).
  Fields no figure reads (PEP QA rating, exclusion reason, ...) are warnings everywhere.
- Plausibility checks (a date outside its term, a year group that does not fit the age, a
  review due more than six months after the plan, ...) are warnings.

Failing rows name the file and row (`_source_file`, `_row_number`), the child's pseudonymous
`child_key` and the LA. Child IDs, UPNs, NHS numbers and dates of birth are never selected:
the data-quality report for data owners is pseudonymised.

A raw table exists only once its source has delivered (only the 903 is mandatory), so the
suites of tables not in the warehouse are left out, as are the rules that need a table that
is not there (the case-management headers for dates of birth and XSRC-1).
"""

# No `from __future__ import annotations`: the gate loads this file without registering it
# in sys.modules, and dataclasses then cannot resolve string annotations.
import os
from dataclasses import dataclass

from corporate_parenting.quality.checks import BLOCKING, WARNING, BuildContext, Check, Severity

ROW_IDENTIFIERS = ("_source_file", "_row_number", "child_key")
IDS = "t._source_file, t._row_number, t.child_key, t._la_code, t._period"
DATE = "raw.parse_ddmmyyyy"
# GX substitutes {batch} as "(<query>) AS subselect"; every rule reads the batch as `t`.
BATCH = "(select * from {batch}) as t"
CMS_HEADERS = ("ssda903_header", "cms_monthly_header")
YOUNG_PEOPLE = "leaving_care_young_people"
# Never selected into a failing row (the data-owner report is pseudonymised); the rule's
# fields and the file and row say where to look.
PRIVATE = frozenset({"child_id", "person_id", "upn", "nhs_number", "date_of_birth"})


# ----------------------------------------------------------------------------- SQL pieces


def _v(column: str) -> str:
    """The delivered value, trimmed; blank is null."""
    return f"nullif(trim(t.{column}), '')"


def _blank(column: str) -> str:
    return f"{_v(column)} is null"


def _given(column: str) -> str:
    return f"{_v(column)} is not null"


def _d(column: str) -> str:
    return f"{DATE}({_v(column)})"


def _int(column: str) -> str:
    """A whole number 0..999999999, else null."""
    value = f"trim(t.{column})"
    return f"case when {value} ~ '^[0-9]+$' and length({value}) <= 9 then {value}::int end"


def _not_whole(column: str) -> str:
    return f"({_given(column)} and {_int(column)} is null)"


def _not_in(column: str, codes, *, allow_blank: bool) -> str:
    listed = ", ".join(f"'{c}'" for c in codes)
    bad = f"{_v(column)} not in ({listed})"
    return f"({_given(column)} and {bad})" if allow_blank else f"({_blank(column)} or {bad})"


def _any(conditions) -> str:
    return "(" + " or ".join(conditions) + ")"


def _age(on: str) -> str:
    return f"extract(year from age({on}, d.dob))::int"


# Virtual School terms as the ePEP system (and the marts) define them: autumn T1 1 September
# to 31 December, spring T2 1 January to 31 March, summer T3 1 April to 31 July.
_TERM_OK = "t._period ~ '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-T[123]$'"
_AY = "left(t._period, 4)::int"
TERM_START = (
    f"(case when {_TERM_OK} then case right(t._period, 2) when 'T1' then make_date({_AY}, 9, 1) "
    f"when 'T2' then make_date({_AY} + 1, 1, 1) else make_date({_AY} + 1, 4, 1) end end)"
)
TERM_END = (
    f"(case when {_TERM_OK} then case right(t._period, 2) "
    f"when 'T1' then make_date({_AY}, 12, 31) when 'T2' then make_date({_AY} + 1, 3, 31) "
    f"else make_date({_AY} + 1, 7, 31) end end)"
)
AUGUST_31 = f"(case when {_TERM_OK} then make_date({_AY}, 8, 31) end)"
# Health: the workbook is the tracker of a financial year (1 April to 31 March), as at the
# last day of the month folder it came from (<la>/health/<YYYY-MM>/...).
_FY_OK = "t._period ~ '^[0-9][0-9][0-9][0-9]-[0-9][0-9]$'"
FY_START = f"(case when {_FY_OK} then make_date({_AY}, 4, 1) end)"
FY_END = f"(case when {_FY_OK} then make_date({_AY} + 1, 3, 31) end)"
_MONTH = "substring(t._source_file from '/health/([0-9][0-9][0-9][0-9]-(0[1-9]|1[0-2]))/')"
WORKBOOK_AS_AT = (
    f"least(t._loaded_at::date, coalesce((to_date({_MONTH} || '-01', 'YYYY-MM-DD') "
    f"+ interval '1 month' - interval '1 day')::date, {FY_END}))"
)
LOADED_ON = "t._loaded_at::date"


# --------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class DomainRule:
    code: str
    message: str
    where: str  # condition on the batch row `t`
    severity: Severity
    fields: tuple[str, ...] = ()  # delivered fields a data owner must look at
    show: tuple[str, ...] = ()  # raw columns whose values go with a failing row
    affects: tuple[str, ...] = ()  # indicator ids whose tiles carry a warning's note
    source: str = BATCH  # FROM clause (a window over the batch, for grain and overlaps)

    def query(self) -> str:
        values = "".join(f", t.{c}" for c in self.show)
        return f"select {IDS}{values} from {self.source} where {self.where}"


@dataclass(frozen=True)
class Table:
    name: str  # raw table
    code: str  # rule code stem: "VS-1" -> VS-101, VS-102, ...
    source: str  # virtual_school | health | leaving_care
    noun: str  # what a row is, for messages
    child_column: str
    feeds: tuple[str, ...]  # indicator ids of the panel figures built on this table
    grain: tuple[str, ...]  # unique together (per LA, and per delivery if per_delivery)
    grain_message: str
    per_delivery: bool = True
    record_id: str | None = None  # the source's own record ID: must be given
    grain_severity: Severity = BLOCKING
    dates: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    events: tuple[str, ...] = ()  # cannot be after the delivery was made
    in_period: tuple[str, ...] = ()  # should fall in the delivery's period
    after_birth: tuple[str, ...] | None = None  # default: every date

    @property
    def validity(self) -> Severity:
        return BLOCKING if self.feeds else WARNING

    def field(self, column: str) -> str:
        """The field as the source names it (upper case, except the care-leaver database)."""
        return column if self.source == "leaving_care" else column.upper()

    def fields(self, columns) -> tuple[str, ...]:
        return tuple(self.field(c) for c in columns)

    def listed(self, columns) -> str:
        names = self.fields(columns)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    def rule(
        self,
        number: int,
        message: str,
        where: str,
        *,
        severity: Severity | None = None,
        fields=(),
        show=(),
        used: bool = True,
        source: str = BATCH,
    ) -> DomainRule:
        """A rule of this table; `used=False` for fields no panel figure reads."""
        severity = severity or (self.validity if used else WARNING)
        return DomainRule(
            code=f"{self.code}{number:02d}",
            message=message,
            where=where,
            severity=severity,
            fields=self.fields(fields),
            show=tuple(c for c in show if c not in PRIVATE),
            affects=self.feeds if used else (),
            source=source,
        )


class Warehouse:
    """Which raw tables are there, and the lookups across them."""

    def __init__(self, present: set[str] | None, lookups: bool = False) -> None:
        self.present = present
        # The gate's prepare step materialises the cross-source lookups (quality.cms_children,
        # quality.child_dates_of_birth[_lc]); without them the same sets are built inline.
        self.lookups = lookups

    def has(self, table: str) -> bool:
        return self.present is None or table in self.present

    def _headers(self) -> list[str]:
        return [h for h in CMS_HEADERS if self.has(h)]

    def known_children(self) -> str | None:
        """(LA, child key) of every child in a case-management header, for a hashed NOT IN."""
        headers = self._headers()
        if not headers:
            return None
        if self.lookups:
            return "select _la_code, child_key from quality.cms_children"
        return " union all ".join(
            f"select _la_code, child_key from raw.{h} where child_key is not null" for h in headers
        )

    def dates_of_birth(self, *, with_leaving_care: bool) -> str | None:
        if self.lookups and self._headers():
            name = "child_dates_of_birth_lc" if with_leaving_care else "child_dates_of_birth"
            return f"(select _la_code, child_key, dob from quality.{name}) as d"
        parts = [
            f"select _la_code, child_key, trim(dob) as dob from raw.{h}" for h in self._headers()
        ]
        if with_leaving_care and self.has(YOUNG_PEOPLE):
            parts.append(
                f"select _la_code, child_key, trim(date_of_birth) as dob from raw.{YOUNG_PEOPLE}"
            )
        if not parts:
            return None
        # One row per child: the latest recorded date of birth (they agree in a clean estate;
        # 903 rules and XSRC-2 report disagreements), so each row is compared once. Each
        # distinct value is parsed once, not once per return it is in.
        return (
            f"(select _la_code, child_key, max({DATE}(dob)) as dob from (select distinct * from "
            f"({' union all '.join(parts)}) as given) as recorded group by _la_code, child_key) "
            "as d"
        )

    def cms_upns(self) -> str | None:
        headers = self._headers()
        if not headers:
            return None
        union = " union all ".join(
            f"select _la_code, child_key, trim(upn) as upn from raw.{h}" for h in headers
        )
        return f"({union}) as u"


def _with_dob(dobs: str | None, condition: str) -> str | None:
    """Rows with a recorded date of birth (903 or monthly header, ...) meeting `condition`."""
    if dobs is None:
        return None
    return (
        f"exists (select 1 from {dobs} where d._la_code = t._la_code "
        f"and d.child_key = t.child_key and d.dob is not null and {condition})"
    )


# ---------------------------------------------------------------- checks every table gets


def _as_at(table: Table) -> tuple[str, str]:
    """(SQL date, words) of the day the delivery describes: nothing can happen after it."""
    if table.source == "health":
        return WORKBOOK_AS_AT, "the date of the workbook (the end of its month)"
    if table.source == "virtual_school":
        return LOADED_ON, "the day the export was loaded, so it is in the future"
    return LOADED_ON, "the day the database was extracted, so it is in the future"


def _common(table: Table, wh: Warehouse) -> list[DomainRule]:
    rules = [
        table.rule(
            1,
            f"The {table.noun} does not say which child it is about "
            f"({table.field(table.child_column)} is blank).",
            f"(t.child_key is null or {_blank(table.child_column)})",
            severity=BLOCKING,
            fields=(table.child_column,),
        )
    ]
    partition = ["_la_code"] + (["_period"] if table.per_delivery else [])
    partition += [f"nullif(trim({c}), '')" for c in table.grain]
    duplicated = "t._copies > 1"
    if table.record_id:
        duplicated = f"({_blank(table.record_id)} or {duplicated})"
    rules.append(
        table.rule(
            2,
            table.grain_message,
            duplicated,
            severity=table.grain_severity,
            fields=table.grain,
            show=tuple(c for c in table.grain if c != "child_key"),
            source=(
                f"(select *, count(*) over (partition by {', '.join(partition)}) as _copies "
                "from {batch}) as t"
            ),
        )
    )
    known = wh.known_children()
    if known is not None:
        rules.append(
            DomainRule(
                code="XSRC-1",
                message=(
                    f"The child in this {table.noun} is not known to the case-management system "
                    "(not in any 903 return or monthly extract of the same council). Check the "
                    "child ID."
                ),
                where=f"t.child_key is not null and (t._la_code, t.child_key) not in ({known})",
                severity=BLOCKING,
                fields=table.fields((table.child_column,)),
                affects=table.feeds,
            )
        )
    if not table.dates:
        return rules
    rules.append(
        table.rule(
            3,
            f"A date in the {table.noun} is not a real date written dd/mm/yyyy "
            f"({table.listed(table.dates)}).",
            _any(f"({_given(c)} and {_d(c)} is null)" for c in table.dates),
            fields=table.dates,
            show=table.dates,
        )
    )
    if table.required:
        rules.append(
            table.rule(
                4,
                f"The {table.noun} has no {table.listed(table.required)}.",
                _any(_blank(c) for c in table.required),
                fields=table.required,
                show=table.required,
            )
        )
    if table.events:
        as_at, words = _as_at(table)
        rules.append(
            table.rule(
                5,
                f"A date in the {table.noun} ({table.listed(table.events)}) is after {words}.",
                # greatest() skips blanks; the as-at date is worked out once per row.
                f"greatest({', '.join(_d(c) for c in table.events)}) > {as_at}",
                fields=table.events,
                show=table.events,
            )
        )
    after_birth = table.dates if table.after_birth is None else table.after_birth
    dobs = wh.dates_of_birth(with_leaving_care=table.source == "leaving_care")
    before_birth = _with_dob(dobs, _any(f"{_d(c)} < d.dob" for c in after_birth))
    if after_birth and before_birth:
        rules.append(
            table.rule(
                6,
                f"A date in the {table.noun} ({table.listed(after_birth)}) is before the "
                "child's date of birth.",
                before_birth,
                fields=after_birth,
                show=after_birth,
            )
        )
    if table.in_period and table.source == "virtual_school":
        rules.append(
            table.rule(
                7,
                f"The {table.listed(table.in_period)} of the {table.noun} is outside the term "
                "the export is for.",
                _any(f"{_d(c)} not between {TERM_START} and {TERM_END}" for c in table.in_period),
                severity=WARNING,
                fields=table.in_period,
                show=table.in_period,
            )
        )
    if table.in_period and table.source == "health":
        rules.append(
            table.rule(
                7,
                f"The {table.listed(table.in_period)} of the {table.noun} is before the "
                "financial year of the workbook.",
                _any(f"{_d(c)} < {FY_START}" for c in table.in_period),
                severity=WARNING,
                fields=table.in_period,
                show=table.in_period,
            )
        )
    if table.source == "leaving_care" and table.name != YOUNG_PEOPLE and wh.has(YOUNG_PEOPLE):
        rules.append(
            table.rule(
                8,
                f"The {table.noun} is for a young person who is not in the service's list of "
                "young people.",
                "t.child_key is not null and (t._la_code, t.child_key) not in (select _la_code, "
                f"child_key from raw.{YOUNG_PEOPLE} where child_key is not null)",
                severity=WARNING,
                fields=(table.child_column,),
            )
        )
    return rules


# ------------------------------------------------------------------------- Virtual School

SEN_PROVISION = ("E", "K", "N")
SEN_NEEDS = (
    "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH", "NSA",
)  # fmt: skip
NC_YEARS = ("R", *(str(n) for n in range(1, 14)))
QA_RATINGS = ("GREEN", "AMBER", "RED")
EXCLUSION_CATEGORIES = ("SUSPENSION", "PERMANENT")
EXCLUSION_REASONS = (
    "PP", "PA", "VP", "VA", "BU", "RA", "LG", "DS", "SM", "DA", "DM", "TH", "MT", "DB", "OW",
    "PD", "OT",
)  # fmt: skip
KEY_STAGES = ("KS2", "KS4")
GRADES = ("U", *(str(n) for n in range(1, 10)))
MOVE_REASONS = ("PLACEMENT", "EXCLUSION", "NEEDS", "OTHER")
DESTINATIONS = ("FTE", "APPR", "EMPT", "TRAIN", "NEET", "UNKNOWN")

VS_PUPILS = Table(
    name="virtual_school_pupils",
    code="VS-1",
    source="virtual_school",
    noun="pupil record",
    child_column="child_id",
    feeds=("E01", "E02a", "E03a", "E03b", "E04", "E07a", "E07b"),
    grain=("child_key",),
    grain_message="The pupil is on the term's roll more than once.",
    dates=("census_date", "ehcp_start_date"),
    required=("census_date",),
    events=("census_date",),
    in_period=("census_date",),
)
VS_PEPS = Table(
    name="virtual_school_peps",
    code="VS-2",
    source="virtual_school",
    noun="personal education plan",
    child_column="child_id",
    feeds=("E01",),
    grain=("pep_id",),
    record_id="pep_id",
    grain_message="The PEP has no PEP_ID, or the same PEP_ID is in the term's export twice.",
    dates=("pep_date", "qa_date"),
    required=("pep_date",),
    events=("pep_date",),
    in_period=("pep_date",),
)
VS_ATTENDANCE = Table(
    name="virtual_school_attendance",
    code="VS-3",
    source="virtual_school",
    noun="attendance record",
    child_column="child_id",
    feeds=("E02a", "E02b"),
    grain=("child_key", "school_urn", "term_start"),
    grain_message=(
        "The pupil has two attendance records for the same school and start date in the term."
    ),
    dates=("term_start", "term_end"),
    required=("term_start", "term_end"),
    events=("term_start", "term_end"),
    in_period=("term_start", "term_end"),
)
VS_EXCLUSIONS = Table(
    name="virtual_school_exclusions",
    code="VS-4",
    source="virtual_school",
    noun="exclusion record",
    child_column="child_id",
    feeds=("E03a", "E03b", "E04"),
    grain=("child_key", "school_urn", "category", "start_date"),
    # The panel counts such a pair once (as a duplicate), which is what it most likely is.
    grain_severity=WARNING,
    grain_message=(
        "The pupil has two exclusions of the same kind from the same school starting on the "
        "same day; the panel counts one. Check whether one is a duplicate."
    ),
    dates=("start_date",),
    required=("start_date",),
    events=("start_date",),
    in_period=("start_date",),
)
VS_ATTAINMENT = Table(
    name="virtual_school_attainment",
    code="VS-5",
    source="virtual_school",
    noun="attainment record",
    child_column="child_id",
    feeds=("E05", "E06a", "E06b", "E06c"),
    grain=("child_key", "academic_year", "key_stage"),
    grain_message="The pupil has two results for the same key stage and year in the export.",
)
VS_SCHOOL_MOVES = Table(
    name="virtual_school_school_moves",
    code="VS-6",
    source="virtual_school",
    noun="school move",
    child_column="child_id",
    feeds=("E08a", "E08b"),
    grain=("child_key", "move_date"),
    # The panel counts children with a move, so a second move the same day changes nothing.
    grain_severity=WARNING,
    grain_message=(
        "The pupil has two school moves on the same day in the term's export; the panel counts "
        "one. Check whether one is a duplicate."
    ),
    dates=("move_date",),
    required=("move_date",),
    events=("move_date",),
    in_period=("move_date",),
)
VS_POST16 = Table(
    name="virtual_school_post16",
    code="VS-7",
    source="virtual_school",
    noun="post-16 destination",
    child_column="child_id",
    feeds=("E09",),
    grain=("child_key", "recorded_date"),
    grain_message="The young person has two destinations recorded on the same day in the term.",
    dates=("recorded_date",),
    events=("recorded_date",),
    in_period=("recorded_date",),
)


def _vs_pupils(t: Table, wh: Warehouse) -> list[DomainRule]:
    nc = f"(case when upper({_v('nc_year')}) = 'R' then 0 else {_int('nc_year')} end)"
    rules = [
        t.rule(
            10,
            "SEN_PROVISION must be E (EHC plan), K (SEN support) or N (no special educational "
            "need).",
            _not_in("sen_provision", SEN_PROVISION, allow_blank=False),
            fields=("sen_provision",),
            show=("sen_provision",),
        ),
        t.rule(
            11,
            "SEN_PRIMARY_NEED must be a DfE primary need code (SEMH, ASD, MLD, ...), given for "
            "pupils with an EHC plan or SEN support and blank otherwise.",
            _any(
                [
                    _not_in("sen_primary_need", SEN_NEEDS, allow_blank=True),
                    f"({_v('sen_provision')} in ('E', 'K') and {_blank('sen_primary_need')})",
                    f"({_v('sen_provision')} = 'N' and {_given('sen_primary_need')})",
                ]
            ),
            fields=("sen_provision", "sen_primary_need"),
            show=("sen_provision", "sen_primary_need"),
            used=False,
        ),
        t.rule(
            12,
            "NC_YEAR must be R (reception) or a year group from 1 to 13.",
            f"upper(coalesce({_v('nc_year')}, '')) not in ({', '.join(repr(y) for y in NC_YEARS)})",
            fields=("nc_year",),
            show=("nc_year",),
        ),
        t.rule(
            14,
            "EHCP_START_DATE is given for a pupil without an EHC plan (SEN_PROVISION is not E), "
            "or is after the census date.",
            f"({_given('ehcp_start_date')} and (coalesce({_v('sen_provision')}, '') <> 'E' "
            f"or {_d('ehcp_start_date')} > {_d('census_date')}))",
            fields=("sen_provision", "ehcp_start_date", "census_date"),
            show=("sen_provision", "ehcp_start_date", "census_date"),
            used=False,
        ),
    ]
    dobs = wh.dates_of_birth(with_leaving_care=False)
    off_year = _with_dob(dobs, f"abs({nc} - ({_age(AUGUST_31)} - 4)) > 1")
    if off_year:
        rules.append(
            t.rule(
                13,
                "NC_YEAR is more than one year away from the year group for the child's age "
                "(date of birth in the 903 return). Check the year group or the date of birth.",
                off_year,
                severity=WARNING,
                fields=("nc_year",),
                show=("nc_year",),
            )
        )
    upns = wh.cms_upns()
    if upns:
        rules.append(
            DomainRule(
                code="XSRC-3",
                message=(
                    "The pupil's UPN in the Virtual School record is not the UPN the "
                    "case-management system has for the child (903 return or monthly extract)."
                ),
                where=(
                    f"{_given('upn')} and exists (select 1 from {upns} where u._la_code = "
                    "t._la_code and u.child_key = t.child_key and coalesce(u.upn, '') <> '' "
                    f"and u.upn not like 'UN%' and u.upn <> {_v('upn')})"
                ),
                severity=WARNING,
                fields=("UPN",),
            )
        )
    return rules


def _vs_peps(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "QA_RATING must be GREEN, AMBER or RED (or blank until the PEP is rated).",
            _not_in("qa_rating", QA_RATINGS, allow_blank=True),
            fields=("qa_rating",),
            show=("qa_rating",),
            used=False,
        ),
        t.rule(
            11,
            "The PEP's quality assurance does not add up: a QA_RATING without a QA_DATE (or "
            "the other way round), or a QA_DATE before the PEP meeting or after the export was "
            "loaded.",
            _any(
                [
                    f"({_given('qa_rating')} and {_blank('qa_date')})",
                    f"({_blank('qa_rating')} and {_given('qa_date')})",
                    f"{_d('qa_date')} < {_d('pep_date')}",
                    f"{_d('qa_date')} > {LOADED_ON}",
                ]
            ),
            fields=("qa_rating", "qa_date", "pep_date"),
            show=("qa_rating", "qa_date", "pep_date"),
            used=False,
        ),
    ]


def _vs_attendance(t: Table, wh: Warehouse) -> list[DomainRule]:
    counts = ("possible_sessions", "present_sessions", "authorised_absence", "unauthorised_absence")
    possible, present = _int("possible_sessions"), _int("present_sessions")
    absent = (
        f"coalesce({_int('authorised_absence')}, 0) + coalesce({_int('unauthorised_absence')}, 0)"
    )
    return [
        t.rule(
            10,
            "Session counts must be whole numbers of sessions (0 or more); POSSIBLE_SESSIONS "
            "and PRESENT_SESSIONS must be given.",
            _any(
                [
                    *(_not_whole(c) for c in counts),
                    _blank("possible_sessions"),
                    _blank("present_sessions"),
                ]
            ),
            fields=counts,
            show=counts,
        ),
        t.rule(
            11,
            "Attendance is over 100%: PRESENT_SESSIONS is more than POSSIBLE_SESSIONS.",
            f"{present} > {possible}",
            fields=("possible_sessions", "present_sessions"),
            show=("possible_sessions", "present_sessions"),
        ),
        t.rule(
            12,
            "PRESENT_SESSIONS, AUTHORISED_ABSENCE and UNAUTHORISED_ABSENCE do not add up to "
            "POSSIBLE_SESSIONS. The panel takes absence as possible minus present sessions.",
            f"{present} <= {possible} and not {_any(_not_whole(c) for c in counts)} "
            f"and {present} + {absent} <> {possible}",
            severity=WARNING,
            fields=counts,
            show=counts,
        ),
        t.rule(
            13,
            "TERM_END is before TERM_START.",
            f"{_d('term_end')} < {_d('term_start')}",
            severity=WARNING,
            fields=("term_start", "term_end"),
            show=("term_start", "term_end"),
        ),
        t.rule(
            14,
            "POSSIBLE_SESSIONS is more than two sessions a day between TERM_START and TERM_END.",
            f"{possible} > 2 * ({_d('term_end')} - {_d('term_start')} + 1)",
            severity=WARNING,
            fields=("possible_sessions", "term_start", "term_end"),
            show=("possible_sessions", "term_start", "term_end"),
        ),
    ]


def _vs_exclusions(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "CATEGORY must be SUSPENSION or PERMANENT.",
            _not_in("category", EXCLUSION_CATEGORIES, allow_blank=False),
            fields=("category",),
            show=("category",),
        ),
        t.rule(
            11,
            "REASON must be a DfE exclusion reason code (DB, PA, VA, ...).",
            _not_in("reason", EXCLUSION_REASONS, allow_blank=False),
            fields=("reason",),
            show=("reason",),
            used=False,
        ),
        t.rule(
            12,
            "SESSIONS must be a whole number of at least 1 for a suspension and blank for a "
            "permanent exclusion.",
            _any(
                [
                    f"({_v('category')} = 'SUSPENSION' and coalesce({_int('sessions')}, 0) < 1)",
                    f"({_v('category')} = 'PERMANENT' and {_given('sessions')})",
                ]
            ),
            fields=("category", "sessions"),
            show=("category", "sessions"),
            used=False,
        ),
    ]


def _vs_attainment(t: Table, wh: Warehouse) -> list[DomainRule]:
    flags = ("reading_expected", "writing_expected", "maths_expected")
    ks4 = ("attainment8", "english_grade", "maths_grade")
    year = _v("academic_year")
    valid_year = (
        f"({year} ~ '^[0-9][0-9][0-9][0-9]-[0-9][0-9]$' and right({year}, 2)::int "
        f"= (left({year}, 4)::int + 1) % 100 and left({year}, 4) <= left(t._period, 4))"
    )
    a8 = _v("attainment8")
    rules = [
        t.rule(
            10,
            "KEY_STAGE must be KS2 or KS4.",
            _not_in("key_stage", KEY_STAGES, allow_blank=False),
            fields=("key_stage",),
            show=("key_stage",),
        ),
        t.rule(
            11,
            "ACADEMIC_YEAR must be an academic year written like 2024-25, and not later than the "
            "year of the export.",
            f"not coalesce({valid_year}, false)",
            fields=("academic_year",),
            show=("academic_year",),
        ),
        t.rule(
            12,
            "READING_EXPECTED, WRITING_EXPECTED and MATHS_EXPECTED must be 1 (met the expected "
            "standard), 0 (did not) or blank.",
            _any(_not_in(c, ("0", "1"), allow_blank=True) for c in flags),
            fields=flags,
            show=flags,
        ),
        t.rule(
            13,
            "ATTAINMENT8 must be a score from 0 to 90.",
            f"({a8} is not null and not ({a8} ~ '^[0-9]+([.][0-9]+)?$' and {a8}::numeric <= 90))",
            fields=("attainment8",),
            show=("attainment8",),
        ),
        t.rule(
            14,
            "ENGLISH_GRADE and MATHS_GRADE must be a GCSE grade from 9 to 1, or U.",
            _any(
                f"({_given(c)} and upper({_v(c)}) not in ({', '.join(repr(g) for g in GRADES)}))"
                for c in ("english_grade", "maths_grade")
            ),
            fields=("english_grade", "maths_grade"),
            show=("english_grade", "maths_grade"),
        ),
        t.rule(
            15,
            "The results do not match the key stage: KS2 records have only the expected-standard "
            "flags, KS4 records only ATTAINMENT8 and the grades.",
            _any(
                [
                    f"({_v('key_stage')} = 'KS2' and {_any(_given(c) for c in ks4)})",
                    f"({_v('key_stage')} = 'KS4' and {_any(_given(c) for c in flags)})",
                ]
            ),
            severity=WARNING,
            fields=("key_stage", *flags, *ks4),
            show=("key_stage",),
        ),
    ]
    dobs = wh.dates_of_birth(with_leaving_care=False)
    year_start = f"(case when {valid_year} then make_date(left({year}, 4)::int, 8, 31) end)"
    off_age = _with_dob(
        dobs,
        f"abs({_age(year_start)} - case {_v('key_stage')} when 'KS2' then 10 when 'KS4' "
        "then 15 end) > 1",
    )
    if off_age:
        rules.append(
            t.rule(
                16,
                "The child's age does not fit the key stage (KS2 is taken in year 6, aged 10 to "
                "11; KS4 in year 11, aged 15 to 16). Check the year or the date of birth.",
                off_age,
                severity=WARNING,
                fields=("key_stage", "academic_year"),
                show=("key_stage", "academic_year"),
            )
        )
    return rules


def _vs_school_moves(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "MOVE_REASON must be PLACEMENT, EXCLUSION, NEEDS or OTHER.",
            _not_in("move_reason", MOVE_REASONS, allow_blank=False),
            fields=("move_reason",),
            show=("move_reason",),
            used=False,
        ),
        t.rule(
            11,
            "A school move must name the school left and the school joined, and they must differ.",
            _any(
                [
                    _blank("from_school_urn"),
                    _blank("to_school_urn"),
                    f"{_v('from_school_urn')} = {_v('to_school_urn')}",
                ]
            ),
            severity=WARNING,
            fields=("from_school_urn", "to_school_urn"),
            show=("from_school_urn", "to_school_urn"),
        ),
    ]


def _vs_post16(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "NC_YEAR must be 12 or 13 for a post-16 destination.",
            _not_in("nc_year", ("12", "13"), allow_blank=False),
            fields=("nc_year",),
            show=("nc_year",),
        ),
        t.rule(
            11,
            "DESTINATION must be FTE, APPR, EMPT, TRAIN, NEET or UNKNOWN.",
            _not_in("destination", DESTINATIONS, allow_blank=False),
            fields=("destination",),
            show=("destination",),
        ),
    ]


# --------------------------------------------------------------------------------- Health

HLT_ASSESSMENTS = Table(
    name="health_health_assessments",
    code="HLT-1",
    source="health",
    noun="health assessment",
    child_column="child_id",
    feeds=("He10",),
    grain=("child_key", "assessment_type", "requested_date"),
    grain_message=(
        "The child has two health assessments of the same type requested on the same day in the "
        "workbook."
    ),
    dates=("requested_date", "due_date", "completed_date"),
    required=("requested_date", "due_date"),
    events=("requested_date", "completed_date"),
    in_period=("completed_date",),
)
HLT_DENTAL = Table(
    name="health_dental_checks",
    code="HLT-2",
    source="health",
    noun="dental check",
    child_column="child_id",
    feeds=(),
    grain=("child_key", "check_date"),
    grain_message="The child has two dental checks on the same day in the workbook.",
    dates=("check_date",),
    required=("check_date",),
    events=("check_date",),
    in_period=("check_date",),
)
HLT_IMMUNISATIONS = Table(
    name="health_immunisations",
    code="HLT-3",
    source="health",
    noun="immunisation review",
    child_column="child_id",
    feeds=(),
    grain=("child_key", "review_date"),
    grain_message="The child has two immunisation reviews on the same day in the workbook.",
    dates=("review_date",),
    required=("review_date",),
    events=("review_date",),
    in_period=("review_date",),
)
HLT_SDQ = Table(
    name="health_sdq",
    code="HLT-4",
    source="health",
    noun="SDQ score",
    child_column="child_id",
    feeds=(),
    grain=("child_key", "sdq_date", "informant"),
    grain_message="The child has two SDQ scores from the same informant on the same day.",
    dates=("sdq_date",),
    required=("sdq_date",),
    events=("sdq_date",),
    in_period=("sdq_date",),
)
HLT_CAMHS = Table(
    name="health_camhs_referrals",
    code="HLT-5",
    source="health",
    noun="CAMHS referral",
    child_column="child_id",
    feeds=(),
    grain=("child_key", "referral_date"),
    grain_message="The child has two CAMHS referrals on the same day in the workbook.",
    dates=("referral_date", "first_appointment_date"),
    required=("referral_date",),
    events=("referral_date", "first_appointment_date"),
    in_period=("referral_date", "first_appointment_date"),
)
INFORMANTS = ("CARER", "TEACHER", "SELF")
CAMHS_OUTCOMES = ("ACCEPTED", "DECLINED", "SIGNPOSTED")


def _hlt_assessments(t: Table, wh: Warehouse) -> list[DomainRule]:
    kind = _v("assessment_type")
    rules = [
        t.rule(
            10,
            "ASSESSMENT_TYPE must be IHA (initial health assessment) or RHA (review health "
            "assessment).",
            _not_in("assessment_type", ("IHA", "RHA"), allow_blank=False),
            fields=("assessment_type",),
            show=("assessment_type",),
        ),
        t.rule(
            11,
            "HEALTH_CHECK_UP_TO_DATE must be Y, N or blank.",
            _not_in("health_check_up_to_date", ("Y", "N"), allow_blank=True),
            fields=("health_check_up_to_date",),
            show=("health_check_up_to_date",),
            used=False,
        ),
        t.rule(
            12,
            "The initial health assessment was completed before it was requested "
            "(COMPLETED_DATE is before REQUESTED_DATE).",
            f"{kind} = 'IHA' and {_d('completed_date')} < {_d('requested_date')}",
            fields=("requested_date", "completed_date"),
            show=("assessment_type", "requested_date", "completed_date"),
        ),
        t.rule(
            13,
            "The assessment was due before it was requested (DUE_DATE is before REQUESTED_DATE).",
            f"{_d('due_date')} < {_d('requested_date')}",
            fields=("requested_date", "due_date"),
            show=("assessment_type", "requested_date", "due_date"),
        ),
        t.rule(
            14,
            "The review health assessment was completed before it was requested "
            "(COMPLETED_DATE is before REQUESTED_DATE).",
            f"{kind} = 'RHA' and {_d('completed_date')} < {_d('requested_date')}",
            severity=WARNING,
            fields=("requested_date", "completed_date"),
            show=("assessment_type", "requested_date", "completed_date"),
            used=False,
        ),
    ]
    dobs = wh.dates_of_birth(with_leaving_care=False)
    five_or_over = _with_dob(dobs, f"{_given('health_check_up_to_date')} and {_age(FY_END)} >= 5")
    if five_or_over:
        rules.append(
            t.rule(
                15,
                "HEALTH_CHECK_UP_TO_DATE (development checks) is only for children under 5 at "
                "the end of the financial year.",
                five_or_over,
                severity=WARNING,
                fields=("health_check_up_to_date",),
                show=("health_check_up_to_date",),
                used=False,
            )
        )
    return rules


def _hlt_immunisations(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "UP_TO_DATE must be Y or N.",
            _not_in("up_to_date", ("Y", "N"), allow_blank=False),
            fields=("up_to_date",),
            show=("up_to_date",),
        )
    ]


def _hlt_sdq(t: Table, wh: Warehouse) -> list[DomainRule]:
    rules = [
        t.rule(
            10,
            "INFORMANT must be CARER, TEACHER or SELF.",
            _not_in("informant", INFORMANTS, allow_blank=False),
            fields=("informant",),
            show=("informant",),
        ),
        t.rule(
            11,
            "TOTAL_SCORE must be a whole number from 0 to 40 (the SDQ total difficulties score).",
            f"coalesce({_int('total_score')} > 40, true)",
            fields=("total_score",),
            show=("total_score",),
        ),
    ]
    dobs = wh.dates_of_birth(with_leaving_care=False)
    out_of_range = _with_dob(dobs, f"{_age(_d('sdq_date'))} not between 2 and 17")
    if out_of_range:
        rules.append(
            t.rule(
                12,
                "The child's age on SDQ_DATE is outside the ages the SDQ is for (2 to 17).",
                out_of_range,
                severity=WARNING,
                fields=("sdq_date",),
                show=("sdq_date",),
            )
        )
    return rules


def _hlt_camhs(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "OUTCOME must be ACCEPTED, DECLINED or SIGNPOSTED (or blank while pending).",
            _not_in("outcome", CAMHS_OUTCOMES, allow_blank=True),
            fields=("outcome",),
            show=("outcome",),
        ),
        t.rule(
            11,
            "The wait for CAMHS is negative: FIRST_APPOINTMENT_DATE is before REFERRAL_DATE.",
            f"{_d('first_appointment_date')} < {_d('referral_date')}",
            fields=("referral_date", "first_appointment_date"),
            show=("referral_date", "first_appointment_date"),
        ),
        t.rule(
            12,
            "A first appointment is recorded for a referral that was not accepted.",
            f"{_given('first_appointment_date')} and coalesce({_v('outcome')}, '') <> 'ACCEPTED'",
            severity=WARNING,
            fields=("outcome", "first_appointment_date"),
            show=("outcome", "first_appointment_date"),
        ),
    ]


# --------------------------------------------------------------------------- Leaving care

ELIGIBILITY = ("eligible", "relevant", "former_relevant", "qualifying")
IN_TOUCH = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
ACCOMMODATION_TYPES = tuple("BCDEGHKRSTUVWXYZ")
ACTIVITIES = ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6")

LC_YOUNG_PEOPLE = Table(
    name="leaving_care_young_people",
    code="LC-1",
    source="leaving_care",
    noun="young person's record",
    child_column="person_id",
    feeds=("CL07a", "CL07b"),
    grain=("child_key",),
    per_delivery=False,
    grain_message="The young person is in the care-leaver database more than once.",
    dates=("date_of_birth", "left_care_date", "pa_allocated_date"),
    required=("date_of_birth",),
    events=("date_of_birth", "left_care_date", "pa_allocated_date"),
    after_birth=("left_care_date", "pa_allocated_date"),
)
LC_PATHWAY_PLANS = Table(
    name="leaving_care_pathway_plans",
    code="LC-2",
    source="leaving_care",
    noun="pathway plan",
    child_column="person_id",
    feeds=("CL07a",),
    grain=("plan_id",),
    record_id="plan_id",
    per_delivery=False,
    grain_message="The pathway plan has no plan_id, or the same plan_id is there twice.",
    dates=("plan_date", "review_due_date"),
    required=("plan_date", "review_due_date"),
    events=("plan_date",),
)
LC_CONTACTS = Table(
    name="leaving_care_contacts",
    code="LC-3",
    source="leaving_care",
    noun="contact",
    child_column="person_id",
    feeds=("CL07a", "CL07b"),
    grain=("contact_id",),
    record_id="contact_id",
    per_delivery=False,
    grain_message="The contact has no contact_id, or the same contact_id is there twice.",
    dates=("contact_date",),
    required=("contact_date",),
    events=("contact_date",),
)
LC_ACCOMMODATION = Table(
    name="leaving_care_accommodation",
    code="LC-4",
    source="leaving_care",
    noun="accommodation spell",
    child_column="person_id",
    feeds=(),
    grain=("accommodation_id",),
    record_id="accommodation_id",
    per_delivery=False,
    grain_message=(
        "The accommodation spell has no accommodation_id, or the same accommodation_id is "
        "there twice."
    ),
    dates=("start_date", "end_date"),
    required=("start_date",),
    events=("start_date",),
)
LC_ACTIVITY = Table(
    name="leaving_care_activity",
    code="LC-5",
    source="leaving_care",
    noun="activity spell",
    child_column="person_id",
    feeds=(),
    grain=("activity_id",),
    record_id="activity_id",
    per_delivery=False,
    grain_message=(
        "The activity spell has no activity_id, or the same activity_id is there twice."
    ),
    dates=("start_date", "end_date"),
    required=("start_date",),
    events=("start_date",),
)
LC_STAYING_PUT = Table(
    name="leaving_care_staying_put",
    code="LC-6",
    source="leaving_care",
    noun="staying-put arrangement",
    child_column="person_id",
    feeds=(),
    grain=("arrangement_id",),
    record_id="arrangement_id",
    per_delivery=False,
    grain_message=(
        "The staying-put arrangement has no arrangement_id, or the same arrangement_id is there "
        "twice."
    ),
    dates=("start_date", "end_date"),
    required=("start_date",),
    events=("start_date",),
)


def _lc_young_people(t: Table, wh: Warehouse) -> list[DomainRule]:
    dob = _d("date_of_birth")
    rules = [
        t.rule(
            10,
            "eligibility must be eligible, relevant, former_relevant or qualifying.",
            _not_in("eligibility", ELIGIBILITY, allow_blank=False),
            fields=("eligibility",),
            show=("eligibility",),
        ),
        t.rule(
            11,
            "eligibility does not fit left_care_date: an eligible young person is still in "
            "care (no left_care_date); relevant and former relevant young people have left.",
            _any(
                [
                    f"({_v('eligibility')} = 'eligible' and {_given('left_care_date')})",
                    f"({_v('eligibility')} in ('relevant', 'former_relevant') "
                    f"and {_blank('left_care_date')})",
                ]
            ),
            severity=WARNING,
            fields=("eligibility", "left_care_date"),
            show=("eligibility", "left_care_date"),
        ),
        t.rule(
            12,
            "personal_adviser_id and pa_allocated_date must be given together: without both, "
            "the young person is counted as having no personal adviser.",
            f"({_blank('personal_adviser_id')}) <> ({_blank('pa_allocated_date')})",
            fields=("personal_adviser_id", "pa_allocated_date"),
            show=("pa_allocated_date",),
        ),
        t.rule(
            13,
            "left_care_date is before the young person's 16th birthday, so they would not "
            "qualify for leaving-care support.",
            f"{_d('left_care_date')} < {dob} + interval '16 years'",
            severity=WARNING,
            fields=("left_care_date", "date_of_birth"),
            show=("left_care_date",),
        ),
        t.rule(
            14,
            "The young person is under 16 at the extract; the service works with young people "
            "from 16. Check the date of birth.",
            f"{dob} + interval '16 years' > {LOADED_ON}",
            severity=WARNING,
            fields=("date_of_birth",),
        ),
    ]
    dobs = wh.dates_of_birth(with_leaving_care=False)
    other_month = _with_dob(dobs, f"date_trunc('month', d.dob) <> date_trunc('month', {dob})")
    if other_month:
        rules.append(
            DomainRule(
                code="XSRC-2",
                message=(
                    "The young person's date of birth in the care-leaver database is in a "
                    "different month from the one the case-management system has (903 return "
                    "or monthly extract), so their age is not certain."
                ),
                where=other_month,
                severity=BLOCKING,
                fields=("date_of_birth",),
                affects=t.feeds,
            )
        )
    return rules


def _lc_pathway_plans(t: Table, wh: Warehouse) -> list[DomainRule]:
    plan, due = _d("plan_date"), _d("review_due_date")
    return [
        t.rule(
            10,
            "review_due_date is before plan_date.",
            f"{due} < {plan}",
            fields=("plan_date", "review_due_date"),
            show=("plan_date", "review_due_date"),
        ),
        t.rule(
            11,
            "review_due_date is more than six months after plan_date; pathway plans are "
            "reviewed at least every six months.",
            f"{due} > {plan} + interval '6 months' + interval '7 days'",
            severity=WARNING,
            fields=("plan_date", "review_due_date"),
            show=("plan_date", "review_due_date"),
        ),
    ]


def _lc_contacts(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "in_touch must be YES, NO, DIED, REFU, NREQ or RHOM.",
            _not_in("in_touch", IN_TOUCH, allow_blank=False),
            fields=("in_touch",),
            show=("in_touch",),
        )
    ]


def _spells(t: Table, first: int) -> list[DomainRule]:
    """end_date not before start_date; spells of one young person do not overlap."""
    start, end = _d("start_date"), _d("end_date")
    return [
        t.rule(
            first,
            "end_date is before start_date.",
            f"{end} < {start}",
            severity=WARNING,
            fields=("start_date", "end_date"),
            show=("start_date", "end_date"),
        ),
        t.rule(
            first + 1,
            f"The {t.noun} starts before the young person's previous one has ended.",
            "t._start <= t._previous_end",
            severity=WARNING,
            fields=("start_date", "end_date"),
            show=("start_date", "end_date"),
            source=(
                f"(select *, {DATE}(nullif(trim(start_date), '')) as _start, "
                f"max(coalesce({DATE}(nullif(trim(end_date), '')), 'infinity'::date)) over ("
                "partition by _la_code, child_key "
                f"order by {DATE}(nullif(trim(start_date), '')), _row_number "
                "rows between unbounded preceding and 1 preceding) as _previous_end "
                "from {batch}) as t"
            ),
        ),
    ]


def _lc_accommodation(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "accommodation_type must be an OC3 accommodation letter (B, C, D, E, G, H, K, R, S, "
            "T, U, V, W, X, Y or Z).",
            _not_in("accommodation_type", ACCOMMODATION_TYPES, allow_blank=False),
            fields=("accommodation_type",),
            show=("accommodation_type",),
        ),
        t.rule(
            11,
            "suitable must be 1 (suitable) or 0 (not suitable).",
            _not_in("suitable", ("0", "1"), allow_blank=False),
            fields=("suitable",),
            show=("suitable",),
        ),
        *_spells(t, 12),
    ]


def _lc_activity(t: Table, wh: Warehouse) -> list[DomainRule]:
    return [
        t.rule(
            10,
            "activity_code must be an OC3 activity code (F1-F5, P1-P5, G4-G6).",
            _not_in("activity_code", ACTIVITIES, allow_blank=False),
            fields=("activity_code",),
            show=("activity_code",),
        ),
        *_spells(t, 11),
    ]


def _lc_staying_put(t: Table, wh: Warehouse) -> list[DomainRule]:
    rules = [_spells(t, 10)[0]]
    dobs = wh.dates_of_birth(with_leaving_care=True)
    outside = _with_dob(
        dobs,
        f"({_d('start_date')} < d.dob + interval '18 years' "
        f"or {_d('end_date')} > d.dob + interval '21 years')",
    )
    if outside:
        rules.append(
            t.rule(
                11,
                "Staying put runs from the 18th birthday to the 21st at most: the arrangement "
                "starts before the young person turned 18 or ends after they turned 21.",
                outside,
                severity=WARNING,
                fields=("start_date", "end_date"),
                show=("start_date", "end_date"),
            )
        )
    return rules


# ------------------------------------------------------------------------------- suites

SUITES = (
    (VS_PUPILS, _vs_pupils),
    (VS_PEPS, _vs_peps),
    (VS_ATTENDANCE, _vs_attendance),
    (VS_EXCLUSIONS, _vs_exclusions),
    (VS_ATTAINMENT, _vs_attainment),
    (VS_SCHOOL_MOVES, _vs_school_moves),
    (VS_POST16, _vs_post16),
    (HLT_ASSESSMENTS, _hlt_assessments),
    (HLT_DENTAL, lambda t, wh: []),
    (HLT_IMMUNISATIONS, _hlt_immunisations),
    (HLT_SDQ, _hlt_sdq),
    (HLT_CAMHS, _hlt_camhs),
    (LC_YOUNG_PEOPLE, _lc_young_people),
    (LC_PATHWAY_PLANS, _lc_pathway_plans),
    (LC_CONTACTS, _lc_contacts),
    (LC_ACCOMMODATION, _lc_accommodation),
    (LC_ACTIVITY, _lc_activity),
    (LC_STAYING_PUT, _lc_staying_put),
)


def table_rules(table: Table, wh: Warehouse) -> list[DomainRule]:
    own = dict(SUITES)[table](table, wh)
    rules = _common(table, wh) + own
    codes = [r.code for r in rules if not r.code.startswith("XSRC-")]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{table.name}: a rule code is used twice: {sorted(codes)}")
    for r in rules:
        if "{" in r.query().replace("{batch}", "") or "}" in r.query().replace("{batch}", ""):
            raise ValueError(f"Rule {r.code}: GX would read a brace in the query as a field")
    return sorted(rules, key=lambda r: (r.code.startswith("XSRC-"), r.code))


LOOKUPS = {"cms_children", "child_dates_of_birth", "child_dates_of_birth_lc"}


def tables_present() -> tuple[set[str] | None, bool]:
    """The raw tables in ${WAREHOUSE_URL} (None, assume all, when it is not set) and whether
    the gate's prepare step built the cross-source lookups, in one round trip."""
    url = os.environ.get("WAREHOUSE_URL")
    if not url:
        return None, False
    import psycopg2  # noqa: PLC0415

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute(
                "select schemaname, tablename from pg_tables where schemaname in ('raw', 'quality')"
            )
            rows = cur.fetchall()
    finally:
        conn.close()
    raw = {name for schema, name in rows if schema == "raw"}
    prepared = {name for schema, name in rows if schema == "quality"}
    return raw, prepared >= LOOKUPS


def checks_for(present: set[str] | None, lookups: bool = False) -> list[Check]:
    """One suite per domain raw table that is in the warehouse (every one if `present` is None)."""
    import great_expectations as gx  # noqa: PLC0415 - heavy import, only at run time

    wh = Warehouse(present, lookups)
    checks = []
    for table, _ in SUITES:
        if not wh.has(table.name):
            continue
        rules = table_rules(table, wh)
        batch_query = f"select * from raw.{table.name}"
        checks.append(
            Check(
                suite_name=f"raw_{table.name}",
                table=f"raw.{table.name}",
                query=batch_query,
                row_identifiers=ROW_IDENTIFIERS,
                expectations=[
                    gx.expectations.UnexpectedRowsExpectation(
                        description=f"{r.code}: {r.message}",
                        unexpected_rows_query=r.query(),
                        meta={
                            "rule_code": r.code,
                            "message": r.message,
                            "severity": r.severity,
                            "fields": list(r.fields),
                            "affects": list(r.affects),
                        },
                    )
                    for r in rules
                ],
                failing_rows_queries={
                    r.code: r.query().replace("{batch}", f"({batch_query}) as subselect")
                    for r in rules
                },
            )
        )
    return checks


def build(context: BuildContext) -> list[Check]:
    return checks_for(*tables_present())
