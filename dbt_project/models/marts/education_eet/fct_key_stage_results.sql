-- Key stage results of pupils looked after, one row per LA, key stage, results year and child:
-- KS2 expected standard in reading, writing and maths; KS4 Attainment 8 and GCSE English and
-- maths grades (catalogue E05, E06a-c).

with

result_rows as (

    select * from {{ ref('stg_virtual_school__attainment_results') }}

),

children as (

    select * from {{ ref('dim_children') }}

),

-- Results can be re-exported (and a row delivered twice): the latest export's version wins.
results as (

    select distinct on (la_code, key_stage, results_academic_year, child_key) *
    from result_rows
    where
        key_stage in ('KS2', 'KS4')
        and results_academic_year ~ '^[0-9]{4}-[0-9]{2}$'
    order by
        la_code asc, key_stage asc, results_academic_year asc, child_key asc,
        academic_term desc, source_row_number asc

),

scored as (

    select
        results.*,
        make_date(left(results.results_academic_year, 4)::int + 1, 8, 31) as period_end_date,
        -- GCSE grades 9-1 as points; U (ungraded) is 0 points; anything else is no grade.
        case
            when upper(results.english_grade) = 'U' then 0
            when results.english_grade ~ '^[1-9]$' then results.english_grade::int
        end as english_grade_points,
        case
            when upper(results.maths_grade) = 'U' then 0
            when results.maths_grade ~ '^[1-9]$' then results.maths_grade::int
        end as maths_grade_points
    from results

),

final as (

    select
        scored.la_code,
        scored.key_stage,
        scored.results_academic_year,
        scored.child_key,
        scored.period_end_date,
        case
            when children.birth_month is null then 'Not known'
            else {{ dfe_age_band(age_on('children.birth_month', 'scored.period_end_date')) }}
        end as age_band,
        coalesce(children.sex, 'Not known') as sex,
        {{ ethnicity_group('children.ethnicity_code') }} as ethnicity_group,
        case scored.key_stage
            when 'KS2'
                then
                    scored.met_expected_standard_reading is not null
                    and scored.met_expected_standard_writing is not null
                    and scored.met_expected_standard_maths is not null
            else scored.attainment_8_score is not null
        end as has_results,
        scored.met_expected_standard_reading,
        scored.met_expected_standard_writing,
        scored.met_expected_standard_maths,
        coalesce(
            scored.met_expected_standard_reading
            and scored.met_expected_standard_writing
            and scored.met_expected_standard_maths,
            false
        ) as met_expected_standard_rwm,
        scored.attainment_8_score,
        scored.english_grade,
        scored.maths_grade,
        scored.english_grade_points,
        scored.maths_grade_points,
        coalesce(scored.english_grade_points >= 4 and scored.maths_grade_points >= 4, false)
            as has_grade_4_english_and_maths,
        coalesce(scored.english_grade_points >= 5 and scored.maths_grade_points >= 5, false)
            as has_grade_5_english_and_maths
    from scored
    left join children
        on
            scored.la_code = children.la_code
            and scored.child_key = children.child_key

)

select * from final
