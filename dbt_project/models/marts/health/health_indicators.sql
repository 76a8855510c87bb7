-- Health indicators (catalogue He01-He10) in the indicator contract (docs/indicators.md).

with

outcomes as (

    select * from {{ ref('fct_health_outcomes') }}

),

initial_assessments as (

    select * from {{ ref('int_initial_health_assessments_deduplicated') }}

),

catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

-- One row per child and OC2 indicator: what the child adds to the numerator (a flag as 0/1,
-- or the SDQ score for the mean) and whether the child is in the denominator.
oc2_measures as (

    select
        outcomes.la_code,
        'statutory_year' as period_type,
        outcomes.collection_year as period_label,
        outcomes.snapshot_date as period_end_date,
        measures.indicator_id,
        measures.numerator_value,
        measures.in_denominator,
        outcomes.age_band,
        outcomes.sex,
        outcomes.ethnicity_group,
        outcomes.placement_type,
        outcomes.legal_status_group as legal_status
    from outcomes
    cross join lateral (
        values
        ('He01', outcomes.had_health_assessment::int, true),
        ('He02', outcomes.had_teeth_check::int, true),
        ('He03', outcomes.has_immunisations_up_to_date::int, true),
        (
            'He04', outcomes.has_development_checks_up_to_date::int,
            outcomes.is_aged_under_5
        ),
        ('He05', (outcomes.sdq_score is not null)::int, outcomes.is_aged_5_to_16),
        ('He06', outcomes.sdq_score, outcomes.sdq_score is not null),
        ('He07', (outcomes.sdq_score >= 17)::int, outcomes.sdq_score is not null),
        ('He08a', outcomes.has_substance_misuse_problem::int, true),
        (
            'He08b', outcomes.received_substance_misuse_intervention::int,
            outcomes.has_substance_misuse_problem
        ),
        ('He09', outcomes.is_convicted::int, outcomes.is_aged_10_or_over)
    ) as measures (indicator_id, numerator_value, in_denominator)

),

-- He10 by financial year: complete years only (the year-end workbook has landed).
complete_financial_years as (

    select
        la_code,
        reported_in_financial_year as financial_year
    from initial_assessments
    group by la_code, reported_in_financial_year
    having max(workbook_as_at_date) >= {{ collection_year_end('reported_in_financial_year') }}

),

latest_workbooks as (

    select
        la_code,
        max(workbook_as_at_date) as as_at_date
    from initial_assessments
    group by la_code

),

iha_periods as (

    select
        initial_assessments.la_code,
        'statutory_year' as period_type,
        initial_assessments.due_in_financial_year as period_label,
        {{ collection_year_end('initial_assessments.due_in_financial_year') }}
            as period_end_date,
        initial_assessments.is_completed_by_due_date
    from initial_assessments
    inner join complete_financial_years
        on
            initial_assessments.la_code = complete_financial_years.la_code
            and initial_assessments.due_in_financial_year = complete_financial_years.financial_year
    where initial_assessments.is_outcome_known

    union all

    select
        initial_assessments.la_code,
        'rolling_12_months' as period_type,
        '12 months to ' || to_char(latest_workbooks.as_at_date, 'DD/MM/YYYY') as period_label,
        latest_workbooks.as_at_date as period_end_date,
        initial_assessments.is_completed_by_due_date
    from initial_assessments
    inner join latest_workbooks
        on initial_assessments.la_code = latest_workbooks.la_code
    where
        initial_assessments.is_outcome_known
        and initial_assessments.due_date > (latest_workbooks.as_at_date - interval '12 months')
        and initial_assessments.due_date <= latest_workbooks.as_at_date

),

-- Initial health assessments are not child-level cohorts of children looked after on a date,
-- so He10 has the 'all' breakdown only.
iha_measures as (

    select
        la_code,
        period_type,
        period_label,
        period_end_date,
        'He10' as indicator_id,
        is_completed_by_due_date::int as numerator_value,
        true as in_denominator,
        null::text as age_band,
        null::text as sex,
        null::text as ethnicity_group,
        null::text as placement_type,
        null::text as legal_status
    from iha_periods

),

measures as (

    select * from oc2_measures
    union all
    select * from iha_measures

),

broken_down as (

    select
        measures.la_code,
        measures.period_type,
        measures.period_label,
        measures.period_end_date,
        measures.indicator_id,
        breakdowns.breakdown_type,
        breakdowns.breakdown_value,
        measures.numerator_value,
        measures.in_denominator
    from measures
    cross join
        lateral (
            values
            ('all', 'all'),
            ('age_band', measures.age_band),
            ('sex', measures.sex),
            ('ethnicity_group', measures.ethnicity_group),
            ('placement_type', measures.placement_type),
            ('legal_status', measures.legal_status)
        ) as breakdowns (breakdown_type, breakdown_value)
    where breakdowns.breakdown_value is not null

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
        count(*) filter (where in_denominator) as denominator
    from broken_down
    group by
        la_code, period_type, period_label, period_end_date, indicator_id,
        breakdown_type, breakdown_value
    -- A breakdown group with nobody in the denominator says nothing; 'all' is always given.
    having breakdown_type = 'all' or count(*) filter (where in_denominator) > 0

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
        aggregated.denominator,
        {{ indicator_value('catalogue.unit', 'aggregated.numerator', 'aggregated.denominator') }}
            as value
    from aggregated
    inner join catalogue
        on aggregated.indicator_id = catalogue.indicator_id

)

select * from final
