"""Suites on the Housing and placements marts: what the panel will read must add up."""

from __future__ import annotations

from corporate_parenting.quality.checks import BuildContext, Check, rule

INDICATOR_KEYS = ("la_code", "period_label", "indicator_id", "breakdown_value")


def build(context: BuildContext) -> list[Check]:
    import great_expectations as gx  # noqa: PLC0415 - heavy import, only at run time

    e = gx.expectations
    cla = Check(
        suite_name="marts_fct_children_looked_after_31_march",
        table="marts.fct_children_looked_after_31_march",
        query="select * from marts.fct_children_looked_after_31_march",
        row_identifiers=("la_code", "collection_year", "child_key"),
        expectations=[
            e.ExpectColumnValuesToNotBeNull(
                column="child_key", meta=rule("MART-KEY", "Every child has a pseudonymous key.")
            ),
            e.ExpectCompoundColumnsToBeUnique(
                column_list=["la_code", "collection_year", "child_key"],
                meta=rule("MART-GRAIN", "A child is counted once per LA and 31 March."),
            ),
            e.ExpectColumnValuesToNotBeInSet(
                column="legal_status_code",
                value_set=["V3", "V4"],
                meta=rule("MART-V3V4", "Short breaks (V3/V4) are not counted as looked after."),
            ),
            e.ExpectColumnValuesToBeBetween(
                column="age_at_31_march",
                min_value=0,
                max_value=17,
                meta=rule("MART-AGE", "Children looked after at 31 March are aged 0 to 17."),
            ),
        ],
    )
    indicators = Check(
        suite_name="marts_housing_placements_indicators",
        table="marts.housing_placements_indicators",
        query="select * from marts.housing_placements_indicators",
        row_identifiers=INDICATOR_KEYS,
        expectations=[
            e.UnexpectedRowsExpectation(
                description="MART-NUMDEN: a percentage's numerator is never above its denominator",
                unexpected_rows_query=(
                    "select la_code, period_type, period_label, indicator_id, breakdown_type, "
                    "breakdown_value, numerator, denominator from {batch} "
                    "where unit = 'percent' and numerator > denominator"
                ),
                meta=rule("MART-NUMDEN", "A numerator is never larger than its denominator."),
            ),
            e.UnexpectedRowsExpectation(
                description="MART-PCT: Percentages are between 0 and 100.",
                unexpected_rows_query=(
                    "select la_code, period_label, indicator_id, value from {batch} "
                    "where unit = 'percent' and (value < 0 or value > 100)"
                ),
                meta=rule("MART-PCT", "Percentages are between 0 and 100."),
            ),
            e.UnexpectedRowsExpectation(
                description="MART-EMPTY: Every collection year has children looked after.",
                unexpected_rows_query=(
                    "select la_code, period_label, indicator_id, value from {batch} "
                    "where indicator_id = 'P01' and coalesce(numerator, 0) = 0"
                ),
                meta=rule(
                    "MART-EMPTY",
                    "A collection year with no children looked after at "
                    "31 March means a return is missing.",
                ),
            ),
            e.UnexpectedRowsExpectation(
                description="MART-RECONCILE: P10 and P10NK never exceed all CLA.",
                unexpected_rows_query=(
                    "select la_code, period_type, period_label, sum(numerator) as counted "
                    "from {batch} where indicator_id in ('P10', 'P10NK') "
                    "and breakdown_type = 'all' "
                    "group by la_code, period_type, period_label "
                    "having sum(numerator) > max(denominator)"
                ),
                meta=rule(
                    "MART-RECONCILE",
                    "Children placed outside plus location not known "
                    "cannot exceed all children looked after.",
                ),
            ),
        ],
    )
    return [cla, indicators]
