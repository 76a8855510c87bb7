-- Education, employment and training indicators (catalogue E01-E09) in the indicator contract
-- (docs/indicators.md).

with

pupil_terms as (

    select * from {{ ref('fct_pupil_terms') }}

),

pupil_years as (

    select * from {{ ref('fct_pupil_years') }}

),

key_stage_results as (

    select * from {{ ref('fct_key_stage_results') }}

),

school_stability as (

    select * from {{ ref('fct_school_stability_31_march') }}

),

post16 as (

    select * from {{ ref('int_post16_destinations_resolved') }}

),

children as (

    select * from {{ ref('dim_children') }}

),

catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

-- Academic years the Virtual School export covers whole (all three terms' rolls delivered):
-- year-long measures of a part year would be too low (or empty) and read as a full year.
complete_academic_years as (

    select
        la_code,
        academic_year
    from pupil_terms
    group by la_code, academic_year
    having count(distinct academic_term) = 3

),

-- One row per child and indicator: what the child adds to the numerator (a flag as 0/1, a
-- count of events, or a score for a mean) and whether the child is in the denominator.
pep_measures as (

    select
        la_code,
        'academic_term' as period_type,
        term_label as period_label,
        term_end_date as period_end_date,
        'E01' as indicator_id,
        has_pep_in_term::int as numerator_value,
        true as in_denominator,
        age_band,
        sex,
        ethnicity_group,
        null::text as placement_type,
        null::text as legal_status
    from pupil_terms

),

pupil_year_measures as (

    select
        pupil_years.la_code,
        'academic_year' as period_type,
        pupil_years.academic_year as period_label,
        pupil_years.period_end_date,
        measures.indicator_id,
        measures.numerator_value,
        measures.in_denominator,
        pupil_years.age_band,
        pupil_years.sex,
        pupil_years.ethnicity_group,
        null::text as placement_type,
        null::text as legal_status
    from pupil_years
    cross join
        lateral (
            values
            (
                'E02a', pupil_years.is_persistently_absent::int,
                pupil_years.is_in_years_1_to_11 and pupil_years.possible_sessions > 0
            ),
            (
                'E02b', pupil_years.is_severely_absent::int,
                pupil_years.is_in_years_1_to_11 and pupil_years.possible_sessions > 0
            ),
            ('E03a', (pupil_years.suspensions > 0)::int, true),
            ('E03b', pupil_years.suspensions, true),
            ('E04', pupil_years.permanent_exclusions, true),
            ('E07a', pupil_years.has_ehc_plan::int, pupil_years.is_on_spring_census),
            ('E07b', pupil_years.has_sen_support::int, pupil_years.is_on_spring_census)
        ) as measures (indicator_id, numerator_value, in_denominator)
    inner join complete_academic_years
        on
            pupil_years.la_code = complete_academic_years.la_code
            and pupil_years.academic_year = complete_academic_years.academic_year

),

result_measures as (

    select
        key_stage_results.la_code,
        'academic_year' as period_type,
        key_stage_results.results_academic_year as period_label,
        key_stage_results.period_end_date,
        measures.indicator_id,
        measures.numerator_value,
        key_stage_results.has_results as in_denominator,
        key_stage_results.age_band,
        key_stage_results.sex,
        key_stage_results.ethnicity_group,
        null::text as placement_type,
        null::text as legal_status
    from key_stage_results
    cross join
        lateral (
            values
            ('KS2', 'E05', key_stage_results.met_expected_standard_rwm::int::numeric),
            ('KS4', 'E06a', key_stage_results.attainment_8_score),
            ('KS4', 'E06b', key_stage_results.has_grade_4_english_and_maths::int::numeric),
            ('KS4', 'E06c', key_stage_results.has_grade_5_english_and_maths::int::numeric)
        ) as measures (key_stage, indicator_id, numerator_value)
    where key_stage_results.key_stage = measures.key_stage

),

stability_measures as (

    select
        school_stability.la_code,
        'statutory_year' as period_type,
        school_stability.collection_year as period_label,
        school_stability.snapshot_date as period_end_date,
        measures.indicator_id,
        measures.numerator_value,
        true as in_denominator,
        school_stability.age_band,
        coalesce(school_stability.sex, 'Not known') as sex,
        school_stability.ethnicity_group,
        coalesce(school_stability.placement_group, 'Not known') as placement_type,
        coalesce(school_stability.legal_status_group, 'Not known') as legal_status
    from school_stability
    cross join lateral (
        values
        ('E08a', school_stability.has_school_move::int),
        ('E08b', school_stability.has_mid_year_school_move::int)
    ) as measures (indicator_id, numerator_value)

),

post16_measures as (

    select
        post16.la_code,
        'academic_year' as period_type,
        post16.academic_year as period_label,
        make_date(left(post16.academic_year, 4)::int + 1, 8, 31) as period_end_date,
        'E09' as indicator_id,
        post16.is_neet::int as numerator_value,
        post16.is_destination_known as in_denominator,
        case
            when children.birth_month is null then 'Not known'
            else {{ dfe_age_band(age_on(
                'children.birth_month',
                "make_date(left(post16.academic_year, 4)::int + 1, 8, 31)"
            )) }}
        end as age_band,
        coalesce(children.sex, 'Not known') as sex,
        {{ ethnicity_group('children.ethnicity_code') }} as ethnicity_group,
        null::text as placement_type,
        null::text as legal_status
    from post16
    inner join complete_academic_years
        on
            post16.la_code = complete_academic_years.la_code
            and post16.academic_year = complete_academic_years.academic_year
    left join children
        on
            post16.la_code = children.la_code
            and post16.child_key = children.child_key

),

measures as (

    select * from pep_measures
    union all
    select * from pupil_year_measures
    union all
    select * from result_measures
    union all
    select * from stability_measures
    union all
    select * from post16_measures

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
