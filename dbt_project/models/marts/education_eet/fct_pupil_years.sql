-- Pupils looked after on the Virtual School roll, one row per LA, academic year and child:
-- year group, SEN at the spring census, attendance and exclusions (catalogue E02-E04, E07).

with

pupils as (

    select * from {{ ref('stg_virtual_school__pupils') }}

),

attendance_years as (

    select * from {{ ref('int_attendance_years_summed') }}

),

exclusion_rows as (

    select * from {{ ref('stg_virtual_school__exclusions') }}

),

children as (

    select * from {{ ref('dim_children') }}

),

-- A row delivered twice keeps its first copy.
exclusions as (

    select distinct on (
        la_code, child_key, exclusion_start_date, exclusion_category, school_urn
    ) *
    from exclusion_rows
    where exclusion_category is not null
    order by
        la_code, child_key, exclusion_start_date, exclusion_category, school_urn,
        source_row_number

),

exclusion_years as (

    select
        la_code,
        academic_year,
        child_key,
        count(*) filter (where exclusion_category = 'SUSPENSION') as suspensions,
        coalesce(
            sum(excluded_sessions) filter (where exclusion_category = 'SUSPENSION'), 0
        ) as suspension_sessions,
        count(*) filter (where exclusion_category = 'PERMANENT') as permanent_exclusions
    from exclusions
    group by la_code, academic_year, child_key

),

-- The year group the school recorded at the year's latest census the child was on.
latest_census as (

    select distinct on (la_code, academic_year, child_key)
        la_code,
        academic_year,
        child_key,
        national_curriculum_year
    from pupils
    where national_curriculum_year is not null
    order by la_code asc, academic_year asc, child_key asc, census_date desc, source_row_number asc

),

spring_census as (

    select distinct on (la_code, academic_year, child_key)
        la_code,
        academic_year,
        child_key,
        sen_provision_code,
        sen_primary_need_code
    from pupils
    where academic_term like '%-T2'
    order by la_code, academic_year, child_key, source_row_number

),

pupil_years as (

    select
        la_code,
        academic_year,
        child_key
    from pupils
    union
    select
        la_code,
        academic_year,
        child_key
    from attendance_years
    union
    select
        la_code,
        academic_year,
        child_key
    from exclusion_years

),

joined as (

    select
        pupil_years.la_code,
        pupil_years.academic_year,
        pupil_years.child_key,
        make_date(left(pupil_years.academic_year, 4)::int + 1, 8, 31) as period_end_date,
        children.birth_month,
        children.sex,
        children.ethnicity_code,
        latest_census.national_curriculum_year as recorded_national_curriculum_year,
        -- Year group by age: age on 31 August before the year starts, less 4 (reception = 0).
        {{ age_on(
            'children.birth_month',
            "make_date(left(pupil_years.academic_year, 4)::int, 8, 31)"
        ) }} - 4 as national_curriculum_year_by_age,
        spring_census.child_key is not null as is_on_spring_census,
        spring_census.sen_provision_code as spring_census_sen_provision_code,
        spring_census.sen_primary_need_code as spring_census_sen_primary_need_code,
        attendance_years.possible_sessions,
        attendance_years.absence_sessions,
        attendance_years.absence_percent,
        attendance_years.is_persistently_absent,
        attendance_years.is_severely_absent,
        coalesce(exclusion_years.suspensions, 0) as suspensions,
        coalesce(exclusion_years.suspension_sessions, 0) as suspension_sessions,
        coalesce(exclusion_years.permanent_exclusions, 0) as permanent_exclusions
    from pupil_years
    left join children
        on
            pupil_years.la_code = children.la_code
            and pupil_years.child_key = children.child_key
    left join latest_census
        on
            pupil_years.la_code = latest_census.la_code
            and pupil_years.academic_year = latest_census.academic_year
            and pupil_years.child_key = latest_census.child_key
    left join spring_census
        on
            pupil_years.la_code = spring_census.la_code
            and pupil_years.academic_year = spring_census.academic_year
            and pupil_years.child_key = spring_census.child_key
    left join attendance_years
        on
            pupil_years.la_code = attendance_years.la_code
            and pupil_years.academic_year = attendance_years.academic_year
            and pupil_years.child_key = attendance_years.child_key
    left join exclusion_years
        on
            pupil_years.la_code = exclusion_years.la_code
            and pupil_years.academic_year = exclusion_years.academic_year
            and pupil_years.child_key = exclusion_years.child_key

),

final as (

    select
        la_code,
        academic_year,
        child_key,
        period_end_date,
        {{ age_on('birth_month', 'period_end_date') }} as age_at_31_august,
        case
            when birth_month is null then 'Not known'
            else {{ dfe_age_band(age_on('birth_month', 'period_end_date')) }}
        end as age_band,
        coalesce(sex, 'Not known') as sex,
        {{ ethnicity_group('ethnicity_code') }} as ethnicity_group,
        coalesce(recorded_national_curriculum_year, national_curriculum_year_by_age)
            as national_curriculum_year,
        recorded_national_curriculum_year is not null as is_year_group_recorded,
        coalesce(
            coalesce(recorded_national_curriculum_year, national_curriculum_year_by_age)
            between 1 and 11,
            false
        ) as is_in_years_1_to_11,
        is_on_spring_census,
        spring_census_sen_provision_code,
        spring_census_sen_primary_need_code,
        coalesce(spring_census_sen_provision_code = 'E', false) as has_ehc_plan,
        coalesce(spring_census_sen_provision_code = 'K', false) as has_sen_support,
        possible_sessions,
        absence_sessions,
        absence_percent,
        is_persistently_absent,
        is_severely_absent,
        suspensions,
        suspension_sessions,
        permanent_exclusions
    from joined

)

select * from final
