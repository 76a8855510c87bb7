-- Care leavers' transitions indicators (catalogue CL01-CL09) in the indicator contract
-- (docs/indicators.md); cohorts and DfE choices in the docs.

with

care_leaver_years as (

    select * from {{ ref('fct_care_leaver_years') }}

),

exits_at_18 as (

    select * from {{ ref('int_care_exits_at_18_identified') }}

),

caseloads as (

    select * from {{ ref('int_leaving_care_caseloads_assessed') }}

),

catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

-- One row per care leaver and OC3 indicator: what the young person adds to the numerator,
-- whether they are in the denominator, and the age group that is the catalogue's cohort.
oc3_measures as (

    select
        care_leaver_years.la_code,
        'statutory_year' as period_type,
        care_leaver_years.collection_year as period_label,
        care_leaver_years.year_end_date as period_end_date,
        measures.indicator_id,
        measures.numerator_value,
        measures.in_denominator,
        care_leaver_years.age_group,
        measures.headline_age_group,
        measures.has_age_groups
    from care_leaver_years
    cross join
        lateral (
            values
            (
                'CL01', care_leaver_years.is_in_touch::int,
                care_leaver_years.is_in_touch_cohort, '19-21', true
            ),
            (
                'CL02', care_leaver_years.is_eet::int,
                care_leaver_years.is_outcome_cohort, '19-21', true
            ),
            (
                'CL03', care_leaver_years.is_neet::int,
                care_leaver_years.is_outcome_cohort, '19-21', true
            ),
            (
                'CL04', care_leaver_years.is_in_suitable_accommodation::int,
                care_leaver_years.is_outcome_cohort, '19-21', true
            ),
            (
                'CL05', care_leaver_years.is_homeless_emergency_or_custody::int,
                care_leaver_years.is_outcome_cohort, '19-21', true
            ),
            (
                'CL06b', care_leaver_years.is_with_former_foster_carers::int,
                care_leaver_years.is_outcome_cohort, '19-21', true
            ),
            (
                'CL08', care_leaver_years.has_requested_and_received_support::int,
                true, '22-25', false
            ),
            (
                'CL09', care_leaver_years.is_in_higher_education::int,
                care_leaver_years.is_outcome_cohort, '19-21', true
            )
        ) as measures (indicator_id, numerator_value, in_denominator, headline_age_group, has_age_groups)
    where care_leaver_years.age_group is not null

),

oc3_broken_down as (

    select
        oc3_measures.la_code,
        oc3_measures.period_type,
        oc3_measures.period_label,
        oc3_measures.period_end_date,
        oc3_measures.indicator_id,
        breakdowns.breakdown_type,
        breakdowns.breakdown_value,
        oc3_measures.numerator_value,
        oc3_measures.in_denominator
    from oc3_measures
    cross join
        lateral (
            values
            ('all', 'all', oc3_measures.age_group = oc3_measures.headline_age_group),
            ('age_group', oc3_measures.age_group, oc3_measures.has_age_groups)
        ) as breakdowns (breakdown_type, breakdown_value, applies)
    where breakdowns.applies

),

-- CL06a: young people ceasing care at 18 from foster care who were eligible care leavers.
staying_put_at_18 as (

    select
        la_code,
        'statutory_year' as period_type,
        collection_year as period_label,
        {{ collection_year_end('collection_year') }} as period_end_date,
        'CL06a' as indicator_id,
        'all' as breakdown_type,
        'all' as breakdown_value,
        is_staying_put::int as numerator_value,
        true as in_denominator
    from exits_at_18
    where is_from_foster_care and is_eligible_care_leaver

),

-- CL07a/b: young people open to the leaving care service on each period end date.
leaving_care_service as (

    select
        caseloads.la_code,
        caseloads.period_type,
        caseloads.period_label,
        caseloads.period_end_date,
        measures.indicator_id,
        'all' as breakdown_type,
        'all' as breakdown_value,
        measures.numerator_value,
        true as in_denominator
    from caseloads
    cross join lateral (
        values
        ('CL07a', caseloads.is_pathway_plan_in_date::int),
        ('CL07b', caseloads.has_personal_adviser::int)
    ) as measures (indicator_id, numerator_value)

),

measures as (

    select * from oc3_broken_down
    union all
    select * from staying_put_at_18
    union all
    select * from leaving_care_service

),

aggregated as (

    select
        la_code,
        period_type,
        period_label,
        period_end_date,
        indicator_id,
        breakdown_type,
        breakdown_value,
        coalesce(sum(numerator_value) filter (where in_denominator), 0) as numerator,
        count(*) filter (where in_denominator) as cohort_size
    from measures
    group by
        la_code, period_type, period_label, period_end_date, indicator_id,
        breakdown_type, breakdown_value

),

final as (

    select
        aggregated.la_code,
        aggregated.period_type,
        aggregated.period_label,
        aggregated.period_end_date,
        aggregated.indicator_id,
        aggregated.breakdown_type,
        aggregated.breakdown_value,
        aggregated.numerator,
        case when catalogue.unit != 'count' then aggregated.cohort_size end as denominator,
        {{ indicator_value(
            'catalogue.unit',
            'aggregated.numerator',
            "case when catalogue.unit != 'count' then aggregated.cohort_size end"
        ) }} as value
    from aggregated
    inner join catalogue
        on aggregated.indicator_id = catalogue.indicator_id
    -- A percentage of nobody is no figure: such a cell is left out rather than shown empty.
    where catalogue.unit = 'count' or aggregated.cohort_size > 0

)

select * from final
