"""Raw SSDA903 suites: one per table and collection year, with the year's code lists.

Every expectation carries its DfE validation rule code and message (rule codes from DfE's
903 validator as ported by Data to Insight), or an `STR-` code for the structural rules the
guidance implies without numbering them. Failing rows are reported by source file and row.
"""

from __future__ import annotations

from corporate_parenting.quality.checks import BuildContext, Check, rule
from corporate_parenting.quality.code_lists import valid_codes

ROW_IDENTIFIERS = ("_source_file", "_row_number", "child")
DATE = "raw.parse_ddmmyyyy"
# GX substitutes {batch} as "(<query>) AS subselect"; `b` is another row of the same return.
SAME_CHILD = (
    "b._period = subselect._period "
    "and b._la_code = subselect._la_code and b.child = subselect.child"
)


def _episodes(year: str) -> Check:
    import great_expectations as gx  # noqa: PLC0415 - heavy import, only at run time

    e = gx.expectations
    batch_filter = f"where _period = '{year}'"
    rows = "_source_file, _row_number, child"
    return Check(
        suite_name=f"raw_ssda903_episodes_{year}",
        table="raw.ssda903_episodes",
        collection_year=year,
        query=f"select * from raw.ssda903_episodes {batch_filter}",
        row_identifiers=ROW_IDENTIFIERS,
        expectations=[
            e.ExpectColumnValuesToNotBeNull(
                column="child", meta=rule("STR-CHILD", "Every episode names its child.")
            ),
            e.UnexpectedRowsExpectation(
                description="141: Date episode began is not a valid date.",
                unexpected_rows_query=(
                    f"select {rows}, decom from {{batch}} "
                    f"where decom is null or {DATE}(decom) is null"
                ),
                meta=rule("141", "Date episode began is not a valid date."),
            ),
            e.UnexpectedRowsExpectation(
                description="STR-DEC: Date episode ceased is not a valid date.",
                unexpected_rows_query=(
                    f"select {rows}, dec from {{batch}} "
                    f"where coalesce(dec, '') <> '' and {DATE}(dec) is null"
                ),
                meta=rule("STR-DEC", "Date episode ceased is not a valid date."),
            ),
            e.ExpectColumnValuesToBeInSet(
                column="rne",
                value_set=valid_codes("reasons_new_episode", year),
                meta=rule("143", "The reason for new episode code is not a valid code."),
            ),
            e.ExpectColumnValuesToBeInSet(
                column="ls",
                value_set=valid_codes("legal_statuses", year),
                meta=rule("144", "The legal status code is not a valid code."),
            ),
            e.ExpectColumnValuesToBeInSet(
                column="cin",
                value_set=valid_codes("categories_of_need", year),
                meta=rule("145", "Category of need code is not a valid code."),
            ),
            e.ExpectColumnValuesToBeInSet(
                column="place",
                value_set=valid_codes("placement_types", year),
                meta=rule("146", f"Placement type code is not a valid code for {year}."),
            ),
            e.ExpectColumnValuesToBeInSet(
                column="rec",
                value_set=valid_codes("reasons_episode_ceased", year),
                meta=rule("149", "Reason episode ceased code is not valid."),
            ),
            e.UnexpectedRowsExpectation(
                description="356: The date the episode ceased is before the date it started.",
                unexpected_rows_query=(
                    f"select {rows}, decom, dec from {{batch}} where {DATE}(dec) < {DATE}(decom)"
                ),
                meta=rule(
                    "356",
                    "The date the episode ceased is before the date the same episode started.",
                ),
            ),
            e.UnexpectedRowsExpectation(
                description="STR-SAMEDAY: An episode cannot end on the day it starts.",
                unexpected_rows_query=(
                    f"select {rows}, decom, dec from {{batch}} where {DATE}(dec) = {DATE}(decom)"
                ),
                meta=rule("STR-SAMEDAY", "An episode cannot end on the day it starts."),
            ),
            e.UnexpectedRowsExpectation(
                description="STR-OVERLAP: Episodes of the same child overlap.",
                unexpected_rows_query=(
                    f"select {rows}, decom, dec from {{batch}} where exists ("
                    f"select 1 from raw.ssda903_episodes as b "
                    f"where {SAME_CHILD} "
                    f"and b._row_number <> subselect._row_number "
                    f"and {DATE}(b.decom) > {DATE}(subselect.decom) "
                    f"and {DATE}(b.decom) < coalesce({DATE}(subselect.dec), 'infinity'::date))"
                ),
                meta=rule(
                    "STR-OVERLAP",
                    "Episodes of the same child overlap: a later "
                    "episode starts before this one ends.",
                ),
            ),
            e.UnexpectedRowsExpectation(
                description="STR-OPEN: A child has more than one open episode.",
                unexpected_rows_query=(
                    f"select {rows} from {{batch}} where coalesce(dec, '') = '' "
                    f"and (select count(*) from raw.ssda903_episodes as b "
                    f"where {SAME_CHILD} "
                    f"and coalesce(b.dec, '') = '') > 1"
                ),
                meta=rule("STR-OPEN", "A child has more than one open episode."),
            ),
            e.UnexpectedRowsExpectation(
                description="STR-X1: An X1 episode is not followed by one starting that day.",
                unexpected_rows_query=(
                    f"select {rows}, dec, rec from {{batch}} "
                    f"where rec = 'X1' and {DATE}(dec) is not null and not exists ("
                    f"select 1 from raw.ssda903_episodes as b "
                    f"where {SAME_CHILD} and b.decom = subselect.dec)"
                ),
                meta=rule(
                    "STR-X1",
                    "Reason ceased is X1 (new episode the same day) but no "
                    "episode starts on the date this one ended.",
                ),
            ),
            e.UnexpectedRowsExpectation(
                description="STR-DOB: An episode starts before the child's date of birth.",
                unexpected_rows_query=(
                    f"select {rows}, decom from {{batch}} where exists ("
                    f"select 1 from raw.ssda903_header as h "
                    f"where h._period = subselect._period "
                    f"and h._la_code = subselect._la_code and h.child = subselect.child "
                    f"and {DATE}(subselect.decom) < {DATE}(h.dob))"
                ),
                meta=rule("STR-DOB", "The episode starts before the child's date of birth."),
            ),
        ],
    )


def _header(year: str) -> Check:
    import great_expectations as gx  # noqa: PLC0415

    e = gx.expectations
    rows = "_source_file, _row_number, child"
    return Check(
        suite_name=f"raw_ssda903_header_{year}",
        table="raw.ssda903_header",
        collection_year=year,
        query=f"select * from raw.ssda903_header where _period = '{year}'",
        row_identifiers=ROW_IDENTIFIERS,
        expectations=[
            e.ExpectColumnValuesToNotBeNull(
                column="child", meta=rule("STR-CHILD", "Every header row names its child.")
            ),
            e.UnexpectedRowsExpectation(
                description="STR-DUPCHILD: The child appears more than once in the header.",
                unexpected_rows_query=(
                    f"select {rows} from {{batch}} where (select count(*) "
                    f"from raw.ssda903_header as b where {SAME_CHILD}) > 1"
                ),
                meta=rule("STR-DUPCHILD", "The child appears more than once in the header."),
            ),
            e.ExpectColumnValuesToBeInSet(
                column="sex",
                value_set=valid_codes("sex_codes", year),
                meta=rule("101", f"Gender code is not valid for {year}."),
            ),
            e.UnexpectedRowsExpectation(
                description="102: Date of birth is not a valid date.",
                unexpected_rows_query=(
                    f"select {rows}, dob from {{batch}} where dob is null or {DATE}(dob) is null"
                ),
                meta=rule("102", "Date of birth is not a valid date."),
            ),
        ],
    )


def build(context: BuildContext) -> list[Check]:
    checks: list[Check] = []
    for year in context.collection_years:
        checks.extend([_header(year), _episodes(year)])
    return checks
