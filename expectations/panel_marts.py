"""Suites on every mart the panel's figures come from: what the panel reads must be right.

One suite per table:

- each theme's `<theme>_indicators` and `marts.fct_indicators` (the contract in
  docs/indicators.md): grain, the contract's period and breakdown types, catalogue
  membership, numerator <= denominator, values in range and equal to
  `indicator_value(unit, numerator, denominator)`, breakdowns adding up to the headline, and
  (a warning) every catalogue indicator having a figure for the latest period;
- `reporting_public.rpt_indicators` (domain spec section 4.3): no small number published,
  suppressed cells showing the symbol and nothing else, secondary suppression, the published
  figure being the restricted one;
- the child-level fact marts (and `dim_children`): keys present and unique, `child_key` a
  pseudonymous HMAC and never a source system's child ID.

Every rule is an `UnexpectedRowsExpectation` whose rows start with the `la_code`, period and
indicator (or the fact's key), so the gate's summary, the data-quality notes on published tiles
(`indicator_id`) and `quality.rule_failures` say which figure is affected, whatever the result
format. Blocking: anything that makes a published figure wrong or discloses a small number.
Warning: completeness (a figure missing for the latest period).

It also carries the first Housing and placements checks (MART-V3V4, MART-AGE, MART-EMPTY and
the placement-location check, MART-LOCATION).
"""

from __future__ import annotations

import re

from corporate_parenting.quality.checks import BLOCKING, WARNING, BuildContext, Check, rule

# --- the indicator contract (docs/indicators.md) ---------------------------------------------

GRAIN = (
    "la_code",
    "period_type",
    "period_label",
    "indicator_id",
    "breakdown_type",
    "breakdown_value",
)
PERIOD_TYPES = ("statutory_year", "rolling_12_months", "academic_year", "academic_term")
BREAKDOWN_TYPES = (
    "all",
    "age_band",
    "sex",
    "ethnicity_group",
    "placement_type",
    "legal_status",
    "age_group",
)

# Breakdowns that partition the 'all' row's cohort: their cells' numerators and denominators
# add up to the headline's. Every theme builds them from the same child rows as 'all', with a
# 'Not known' group for a missing value (housing: coalesce in the model; health:
# fct_health_outcomes; education: the fct_pupil_* marts, not_null-tested), and drops only cells
# whose denominator is 0, which add nothing. Checked on the default build: every group of
# these types reconciles in every theme. That is also what reporting_public's secondary
# suppression relies on.
#
# Not a partition, so not summed: `age_group`. For care leavers the 'all' row is the
# catalogue's cohort (19-21; CL08 22-25) while the age groups also cover 17-18 and 22-25, so
# instead the 'all' row must equal the 19-21 cell (MART-HEADLINE). For voice (Q03b) the age
# groups cover only the care-leaver respondents who gave one of the three groups.
PARTITION_BREAKDOWNS = ("age_band", "sex", "ethnicity_group", "placement_type", "legal_status")
CARE_LEAVER_HEADLINE_AGE_GROUP = "19-21"

# Which catalogue indicators each theme's table publishes: the catalogue's ID prefix (P
# placements, He health, E education, CL care leavers, Q voice, A annual review; see
# seeds/indicators/_indicators__seeds.yml). The catalogue's `themes` column is the panel's
# meeting themes (P01 is also shown in the annual review), not the table.
THEMES = {
    "housing_placements_indicators": "^P[0-9]",
    "health_indicators": "^He[0-9]",
    "education_eet_indicators": "^E[0-9]",
    "care_leavers_indicators": "^CL[0-9]",
    "voice_indicators": "^Q[0-9]",
    "annual_review_indicators": "^A[0-9]",
}

# Units whose numerator is part of the denominator. Not rate_per_100 (E03b counts suspensions
# per 100 pupils: a pupil can have several) nor means (a sum of scores or days).
SUBSET_UNITS = ("percent", "rate_per_10000")
# Children looked after per 10,000 children: England is about 70 and no council has been above
# about 230; above 500 (1 child in 20) the population denominator must be wrong.
MAX_RATE_PER_10000 = 500
# Means of bounded scores: SDQ total difficulties 0-40, Attainment 8 0-90.
SCORE_MAXIMA = {"He06": 40, "E06a": 90}
# indicator_value() rounds to 1 dp, so a correct value is within 0.05 of the exact ratio.
VALUE_TOLERANCE = 0.051

# --- public reporting (domain spec section 4.3; macros/suppression.sql) ---------------------

SMALL_MIN, SMALL_MAX = 1, 4  # counts of 1 to 4 people are never published
# child_key = the first 32 hex digits of HMAC-SHA256 (pseudonymise.py); braces doubled for the
# str.format GX applies to the query.
HASH_KEY = "^[0-9a-f]{{32}}$"

# Child-level and other fact marts, by their grain (the models' unique_combination_of_columns).
FACTS = {
    "marts.fct_children_looked_after_31_march": ("la_code", "collection_year", "child_key"),
    "marts.fct_care_leaver_years": ("la_code", "collection_year", "child_key"),
    "marts.fct_health_outcomes": ("la_code", "collection_year", "child_key"),
    "marts.fct_pupil_years": ("la_code", "academic_year", "child_key"),
    "marts.fct_pupil_terms": ("la_code", "academic_term", "child_key"),
    "marts.fct_key_stage_results": ("la_code", "results_academic_year", "key_stage", "child_key"),
    "marts.fct_school_stability_31_march": ("la_code", "collection_year", "child_key"),
    "marts.dim_children": ("la_code", "child_key"),
    "marts.fct_survey_results": ("la_code", "collection_year", "survey_name", "question_code"),
    "marts.fct_iro_report_figures": ("la_code", "collection_year"),
    "marts.fct_england_benchmarks": ("period_type", "period_label", "indicator_id"),
}

_JOIN = re.compile(r"\bjoin\b", re.IGNORECASE)


def _quoted(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _columns(columns, alias: str | None = None) -> str:
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + c for c in columns)


def _same(columns, left: str, right: str) -> str:
    return " and ".join(f"{left}.{c} = {right}.{c}" for c in columns)


def batch_substituted(query: str, batch_query: str) -> str:
    """`query` with `{batch}` replaced as GX replaces it (for the full list of failing rows).

    GX aliases the batch itself (`AS subselect`) unless the query has a JOIN, in which case
    the query must alias every `{batch}`; the rules below follow that convention.
    """
    if _JOIN.search(query):
        return query.format(batch=f"({batch_query})")
    return query.format(batch=f"({batch_query}) as subselect")


class _Suite:
    """Collects one table's expectations and the full failing-rows query of each rule."""

    def __init__(self, gx, suite_name: str, table: str, query: str, identifiers) -> None:
        self.gx = gx
        self.check = Check(
            suite_name=suite_name,
            table=table,
            query=query,
            row_identifiers=tuple(identifiers),
        )

    def rows(self, code: str, message: str, query: str, severity=BLOCKING) -> None:
        if "{batch} as" in query and not _JOIN.search(query):
            raise ValueError(f"{code}: alias {{batch}} only in a query with a JOIN (GX does)")
        self.check.expectations.append(
            self.gx.expectations.UnexpectedRowsExpectation(
                description=f"{code}: {message}",
                unexpected_rows_query=query,
                meta=rule(code, message, severity),
            )
        )
        self.check.failing_rows_queries[code] = batch_substituted(query, self.check.query)


# --- rules shared by every indicator table ------------------------------------------------------


def _key_rules(suite: _Suite, keys, what: str) -> None:
    ids = _columns(keys)
    suite.rows(
        "MART-KEY",
        f"Every row has its key ({', '.join(keys)}): a row without one is lost or misplaced{what}.",
        f"select {ids} from {{batch}} where " + " or ".join(f"{k} is null" for k in keys),
    )
    suite.rows(
        "MART-GRAIN",
        f"One row per {' x '.join(keys)}: a duplicated row is counted twice{what}.",
        f"select {ids}, count(*) as copies from {{batch}} group by {ids} having count(*) > 1",
    )


def _indicator_rules(suite: _Suite, catalogue_pattern: str | None) -> None:
    ids = _columns(GRAIN)
    _key_rules(suite, GRAIN, " on the panel's pages")
    suite.rows(
        "MART-CONTRACT",
        "Period and breakdown types are the contract's (docs/indicators.md) and the headline "
        "row, and only it, is breakdown 'all'.",
        f"select {ids} from {{batch}} "
        f"where period_type not in ({_quoted(PERIOD_TYPES)}) "
        f"or breakdown_type not in ({_quoted(BREAKDOWN_TYPES)}) "
        "or (breakdown_type = 'all') <> (breakdown_value = 'all')",
    )
    theme = f" or indicator_id !~ '{catalogue_pattern}'" if catalogue_pattern is not None else ""
    suite.rows(
        "MART-CATALOGUE",
        "Every indicator is in the catalogue (seed indicator_catalogue) and in its theme's "
        "table: otherwise it has no name, unit or direction on the panel's pages.",
        f"select {ids}, unit from {{batch}} where unit is null{theme}",
    )
    suite.rows(
        "MART-NUMDEN",
        "A percentage's (or population rate's) numerator is never larger than its denominator.",
        f"select {ids}, unit, numerator, denominator from {{batch}} "
        f"where unit in ({_quoted(SUBSET_UNITS)}) and numerator > denominator",
    )
    suite.rows(
        "MART-NEGATIVE",
        "Counts, numerators, denominators and values are never negative.",
        f"select {ids}, unit, numerator, denominator, value from {{batch}} "
        "where numerator < 0 or denominator < 0 or value < 0",
    )
    suite.rows(
        "MART-PCT",
        "Percentages are between 0 and 100.",
        f"select {ids}, value from {{batch}} where unit = 'percent' and (value < 0 or value > 100)",
    )
    scores = " ".join(
        f"or (indicator_id = '{indicator}' and value > {maximum})"
        for indicator, maximum in SCORE_MAXIMA.items()
    )
    suite.rows(
        "MART-RANGE",
        f"Rates per 10,000 children are plausible (at most {MAX_RATE_PER_10000}) and mean "
        "scores within their scale (SDQ 0-40, Attainment 8 0-90).",
        f"select {ids}, unit, numerator, denominator, value from {{batch}} "
        f"where (unit = 'rate_per_10000' and value > {MAX_RATE_PER_10000}) {scores}",
    )
    exact = (
        "case unit when 'count' then numerator when 'median_days' then numerator "
        "when 'percent' then 100.0 * numerator / nullif(denominator, 0) "
        "when 'rate_per_10000' then 10000.0 * numerator / nullif(denominator, 0) "
        "when 'rate_per_100' then 100.0 * numerator / nullif(denominator, 0) "
        "when 'mean' then 1.0 * numerator / nullif(denominator, 0) "
        "when 'mean_days' then 1.0 * numerator / nullif(denominator, 0) end"
    )
    suite.rows(
        "MART-VALUE",
        "Every figure has a value, and it is the numerator over the denominator in the "
        "indicator's unit (a percentage of nobody is not published).",
        f"select {ids}, unit, numerator, denominator, value from {{batch}} "
        f"where unit is not null and not coalesce(abs(value - ({exact})) <= {VALUE_TOLERANCE}, "
        "false)",
    )
    group = ("la_code", "period_type", "period_label", "indicator_id")
    suite.rows(
        "MART-RECONCILE",
        "Breakdowns by age band, sex, ethnicity, placement type and legal status add up to the "
        "'all' row (numerators and denominators).",
        f"""
with cells as (
    select {_columns(group, "b")}, b.breakdown_type,
        sum(b.numerator) as breakdown_numerator, sum(b.denominator) as breakdown_denominator
    from {{batch}} as b
    where b.breakdown_type in ({_quoted(PARTITION_BREAKDOWNS)})
        and b.unit is distinct from 'median_days'
    group by {_columns(group, "b")}, b.breakdown_type
)
select {_columns(group, "c")}, c.breakdown_type,
    c.breakdown_numerator, a.numerator as all_numerator,
    c.breakdown_denominator, a.denominator as all_denominator
from cells as c
left join {{batch}} as a on {_same(group, "a", "c")} and a.breakdown_type = 'all'
where a.numerator is distinct from c.breakdown_numerator
    or a.denominator is distinct from c.breakdown_denominator
""",
    )
    if catalogue_pattern in (None, THEMES["care_leavers_indicators"]):
        suite.rows(
            "MART-HEADLINE",
            "A care-leaver indicator's 'all' row is its 19-21 cohort: it equals the 19-21 age "
            "group.",
            f"""
with grouped as (
    select distinct {_columns(group, "b")}
    from {{batch}} as b
    where b.breakdown_type = 'age_group' and left(b.indicator_id, 2) = 'CL'
)
select {_columns(group, "g")},
    a.numerator as all_numerator, h.numerator as age_group_numerator,
    a.denominator as all_denominator, h.denominator as age_group_denominator
from grouped as g
left join {{batch}} as a on {_same(group, "a", "g")} and a.breakdown_type = 'all'
left join {{batch}} as h on {_same(group, "h", "g")} and h.breakdown_type = 'age_group'
    and h.breakdown_value = '{CARE_LEAVER_HEADLINE_AGE_GROUP}'
where a.numerator is distinct from h.numerator or a.denominator is distinct from h.denominator
""",
        )
    catalogue = "select c.indicator_id from marts.dim_indicators as c" + (
        f" where c.indicator_id ~ '{catalogue_pattern}'" if catalogue_pattern else ""
    )
    suite.rows(
        "MART-LATEST",
        "Every indicator in the catalogue has a figure for the latest period (of each period "
        "type it is published for); a missing one is shown as not available.",
        f"""
with latest as (
    select distinct on (b.la_code, b.period_type) b.la_code, b.period_type, b.period_label
    from {{batch}} as b
    order by b.la_code, b.period_type, b.period_end_date desc nulls last, b.period_label desc
),
published as (
    select distinct b.indicator_id, b.period_type from {{batch}} as b
),
catalogue as ({catalogue}),
expected as (
    select l.la_code, l.period_type, l.period_label, c.indicator_id
    from catalogue as c
    join published as p on p.indicator_id = c.indicator_id
    join latest as l on l.period_type = p.period_type
    union all
    select councils.la_code, null, null, c.indicator_id
    from (select distinct b.la_code from {{batch}} as b) as councils
    cross join catalogue as c
    where c.indicator_id not in (select p.indicator_id from published as p)
)
select x.la_code, x.period_type, x.period_label, x.indicator_id
from expected as x
left join {{batch}} as f
    on f.la_code = x.la_code and f.period_type = x.period_type
    and f.period_label = x.period_label and f.indicator_id = x.indicator_id
    and f.breakdown_type = 'all' and f.value is not null
where f.la_code is null
""",
        WARNING,
    )


def _theme_suite(gx, table: str) -> Check:
    pattern = THEMES[table]
    suite = _Suite(
        gx,
        f"panel_{table}",
        f"marts.{table}",
        # Only the contract's columns (docs/indicators.md), with the catalogue's unit.
        f"select {_columns(GRAIN[:3], 't')}, t.period_end_date, t.indicator_id, "
        "t.breakdown_type, t.breakdown_value, t.numerator, t.denominator, t.value, c.unit "
        f"from marts.{table} as t "
        "left join marts.dim_indicators as c on c.indicator_id = t.indicator_id",
        GRAIN,
    )
    _indicator_rules(suite, pattern)
    if table == "housing_placements_indicators":
        ids = _columns(GRAIN)
        suite.rows(
            "MART-EMPTY",
            "A period with no children looked after on its last day means a return is missing.",
            f"select {ids}, numerator from {{batch}} "
            "where indicator_id = 'P01' and breakdown_type = 'all' and coalesce(numerator, 0) = 0",
        )
        suite.rows(
            "MART-LOCATION",
            "Children placed outside plus location not known cannot exceed all children "
            "looked after.",
            "select la_code, period_type, period_label, 'P10' as indicator_id, "
            "sum(numerator) as outside_or_not_known, max(denominator) as looked_after "
            "from {batch} where indicator_id in ('P10', 'P10NK') and breakdown_type = 'all' "
            "group by la_code, period_type, period_label having sum(numerator) > max(denominator)",
        )
    return suite.check


def _fct_indicators_suite(gx) -> Check:
    suite = _Suite(
        gx,
        "panel_fct_indicators",
        "marts.fct_indicators",
        "select * from marts.fct_indicators",
        GRAIN,
    )
    _indicator_rules(suite, None)
    return suite.check


def _rpt_indicators_suite(gx) -> Check:
    ids = _columns(GRAIN)
    rids = _columns(GRAIN, "r")
    suite = _Suite(
        gx,
        "panel_rpt_indicators",
        "reporting_public.rpt_indicators",
        # Each published cell beside the restricted figure it was made from.
        "select r.*, f.la_code as source_la_code, f.numerator as source_numerator, "
        "f.denominator as source_denominator, f.value as source_value "
        "from reporting_public.rpt_indicators as r "
        f"left join marts.fct_indicators as f on {_same(GRAIN, 'f', 'r')}",
        GRAIN,
    )
    _key_rules(suite, GRAIN, " on the panel's pages")
    small = f"between {SMALL_MIN} and {SMALL_MAX}"
    suite.rows(
        "MART-PUB-SMALL",
        "No published count, numerator or denominator is from 1 to 4, and no published "
        "percentage, rate or mean rests on a numerator or denominator from 1 to 4.",
        f"select {ids}, unit, source_numerator, source_denominator, display_value "
        "from {batch} where suppression is null and ("
        f"numerator {small} or denominator {small} "
        f"or (unit = 'count' and value {small}) "
        f"or (unit is distinct from 'median_days' and source_numerator {small}) "
        "or (unit is distinct from 'median_days' and unit is distinct from 'count' "
        f"and source_denominator {small}))",
    )
    suite.rows(
        "MART-PUB-SYMBOL",
        "A suppressed cell shows only its symbol ('<5' for a count, 'c' otherwise) and no "
        "value, numerator, denominator, RAG or comparison (with England or the neighbours); a "
        "shown cell shows no symbol.",
        f"select {ids}, unit, suppression, display_value from {{batch}} where "
        "display_value is null "
        "or (suppression is not null and (suppression not in ('c', 'c2') "
        "or value is not null or numerator is not null or denominator is not null "
        "or rag_status is not null or comparison_to_england is not null "
        "or comparison_to_neighbours is not null "
        "or display_value <> case when suppression = 'c' and unit = 'count' then '<5' "
        "else 'c' end)) "
        "or (suppression is null and display_value in ('<5', 'c'))",
    )
    group = ("la_code", "period_type", "period_label", "indicator_id")
    suite.rows(
        "MART-PUB-SECONDARY",
        "In a breakdown that adds up to the 'all' row, a single hidden cell could be worked "
        "out from the others: never exactly one hidden cell beside a shown 'all' row, nor a "
        "hidden 'all' row beside a fully shown breakdown.",
        f"""
with cells as (
    select {_columns(group, "b")}, b.breakdown_type,
        count(*) filter (where b.suppression is not null) as hidden_cells,
        count(*) as cells
    from {{batch}} as b
    where b.breakdown_type in ({_quoted(PARTITION_BREAKDOWNS)})
        and b.unit is distinct from 'median_days'
    group by {_columns(group, "b")}, b.breakdown_type
)
select {_columns(group, "c")}, c.breakdown_type, c.hidden_cells, c.cells,
    a.suppression as all_row_suppression
from cells as c
join {{batch}} as a on {_same(group, "a", "c")} and a.breakdown_type = 'all'
where (a.suppression is null and c.hidden_cells = 1)
    or (a.suppression is not null and c.hidden_cells = 0)
""",
    )
    suite.rows(
        "MART-PUB-NEIGHBOUR",
        "A statistical neighbours' average is the mean of figures the public can see, over "
        "as many neighbours as it says: each neighbour's cell here only when it is shown (else "
        "a hidden cell could be worked out from the average), else DfE's published LA-level "
        "figure (headline rows).",
        f"""
with neighbour_figures as (
    select {rids}, r.statistical_neighbour_value, r.statistical_neighbours_with_value,
        case
            when nb.la_code is not null
                then case when nb.suppression is null then nb.value end
            else dfe.value
        end as figure
    from {{batch}} as r
    left join reference.statistical_neighbours as n on n.la_code = r.la_code
    left join {{batch}} as nb on nb.la_code = n.neighbour_la_code
        and {_same(GRAIN[1:], "nb", "r")}
    left join marts.fct_la_benchmarks as dfe on dfe.la_code = n.neighbour_la_code
        and r.breakdown_type = 'all' and dfe.indicator_id = r.indicator_id
        and dfe.period_type = r.period_type and dfe.period_label = r.period_label
)
select {ids}, max(statistical_neighbour_value) as statistical_neighbour_value,
    max(statistical_neighbours_with_value) as statistical_neighbours_with_value,
    round(avg(figure), 1) as expected_value, count(figure) as expected_neighbours
from neighbour_figures
group by {ids}
having max(statistical_neighbour_value) is distinct from round(avg(figure), 1)
    or coalesce(max(statistical_neighbours_with_value), 0) <> count(figure)
""",
    )
    suite.rows(
        "MART-PUB-SOURCE",
        "Every restricted figure is published, and a shown figure is exactly the restricted "
        "one (marts.fct_indicators).",
        f"""
select {_columns(GRAIN, "f")}, 'not published' as problem, f.value as source_value,
    null::numeric as published_value
from marts.fct_indicators as f
left join {{batch}} as r on {_same(GRAIN, "r", "f")}
where r.la_code is null
union all
select {_columns(GRAIN, "b")},
    case when b.source_la_code is null then 'not in fct_indicators'
        else 'published figure differs' end,
    b.source_value, b.value
from {{batch}} as b
where b.source_la_code is null
    or (b.suppression is null and (b.value is distinct from b.source_value
        or b.denominator is distinct from b.source_denominator
        or (b.unit is distinct from 'median_days'
            and b.numerator is distinct from b.source_numerator)))
""",
    )
    return suite.check


def _fact_suite(gx, table: str, keys) -> Check:
    suite = _Suite(gx, f"panel_{table.split('.')[1]}", table, f"select * from {table}", keys)
    _key_rules(suite, keys, "")
    if "child_key" in keys:
        suite.rows(
            "MART-CHILD-KEY",
            "child_key is a pseudonymous key (32 hex digits of an HMAC), never a source "
            "system's child ID.",
            f"select {_columns(keys)} from {{batch}} where child_key !~ '{HASH_KEY}'",
        )
    if table == "marts.fct_children_looked_after_31_march":
        suite.rows(
            "MART-V3V4",
            "Short breaks (V3/V4) are not counted as looked after.",
            f"select {_columns(keys)}, legal_status_code from {{batch}} "
            "where legal_status_code in ('V3', 'V4')",
        )
        suite.rows(
            "MART-AGE",
            "Children looked after at 31 March are aged 0 to 17.",
            f"select {_columns(keys)}, age_at_31_march from {{batch}} "
            "where age_at_31_march < 0 or age_at_31_march > 17",
        )
    return suite.check


def build(context: BuildContext) -> list[Check]:
    import great_expectations as gx  # noqa: PLC0415 - heavy import, only at run time

    checks = [_theme_suite(gx, table) for table in THEMES]
    checks.append(_fct_indicators_suite(gx))
    checks.append(_rpt_indicators_suite(gx))
    checks += [_fact_suite(gx, table, keys) for table, keys in FACTS.items()]
    return checks
