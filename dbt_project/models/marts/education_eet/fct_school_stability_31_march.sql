-- School stability (catalogue E08a/b): children looked after for 2 years or more on 31 March
-- (CLA2Y) and of school age, one row per LA, collection year and child, with their school moves
-- in the previous two years.

with

looked_after_31_march as (

    select * from {{ ref('fct_children_looked_after_31_march') }}

),

children as (

    select * from {{ ref('dim_children') }}

),

moves as (

    select * from {{ ref('int_school_moves_classified') }}

),

pupils as (

    select * from {{ ref('stg_virtual_school__pupils') }}

),

-- The first day the LA's Virtual School export covers (the first term's first day): moves
-- before it are not known.
export_coverage as (

    select
        la_code,
        min(
            case right(academic_term, 2)
                when 'T1' then make_date(left(academic_term, 4)::int, 9, 1)
                when 'T2' then make_date(left(academic_term, 4)::int + 1, 1, 1)
                else make_date(left(academic_term, 4)::int + 1, 4, 1)
            end
        ) as covered_from_date
    from pupils
    where academic_term ~ '^[0-9]{4}-[0-9]{2}-T[123]$'
    group by la_code

),

-- Years whose cohort and two-year window are fully known: CLA2Y known for every child looked
-- after on 31 March, and the export covering the whole window.
complete_years as (

    select
        cla.la_code,
        cla.collection_year
    from looked_after_31_march as cla
    inner join export_coverage
        on cla.la_code = export_coverage.la_code
    group by cla.la_code, cla.collection_year, export_coverage.covered_from_date
    having
        count(*) filter (where cla.is_looked_after_2_years is null) = 0
        and (max(cla.snapshot_date) - interval '2 years')::date + 1
        >= export_coverage.covered_from_date

),

cohort as (

    select
        cla.la_code,
        cla.collection_year,
        cla.child_key,
        cla.snapshot_date,
        cla.age_band,
        cla.sex,
        cla.ethnicity_group,
        cla.placement_group,
        cla.legal_status_group,
        -- Year group by age in the academic year holding 31 March: age on the 31 August
        -- before, less 4 (reception = 0).
        {{ age_on(
            'children.birth_month',
            "make_date(extract(year from cla.snapshot_date)::int - 1, 8, 31)"
        ) }} - 4 as national_curriculum_year
    from looked_after_31_march as cla
    inner join children
        on
            cla.la_code = children.la_code
            and cla.child_key = children.child_key
    inner join complete_years
        on
            cla.la_code = complete_years.la_code
            and cla.collection_year = complete_years.collection_year
    where cla.is_looked_after_2_years

),

school_age_cohort as (

    select * from cohort
    where national_curriculum_year between 1 and 11

),

-- Moves in the two years to 31 March: after 31 March two years earlier, up to 31 March.
moves_in_window as (

    select
        school_age_cohort.la_code,
        school_age_cohort.collection_year,
        school_age_cohort.child_key,
        count(*) as school_moves,
        count(*) filter (where moves.is_mid_year_move) as mid_year_school_moves
    from school_age_cohort
    inner join moves
        on
            school_age_cohort.la_code = moves.la_code
            and school_age_cohort.child_key = moves.child_key
            and moves.move_date > (school_age_cohort.snapshot_date - interval '2 years')::date
            and school_age_cohort.snapshot_date >= moves.move_date
    group by school_age_cohort.la_code, school_age_cohort.collection_year, school_age_cohort.child_key

),

final as (

    select
        school_age_cohort.la_code,
        school_age_cohort.collection_year,
        school_age_cohort.child_key,
        school_age_cohort.snapshot_date,
        school_age_cohort.national_curriculum_year,
        school_age_cohort.age_band,
        school_age_cohort.sex,
        school_age_cohort.ethnicity_group,
        school_age_cohort.placement_group,
        school_age_cohort.legal_status_group,
        coalesce(moves_in_window.school_moves, 0) as school_moves_2_years,
        coalesce(moves_in_window.mid_year_school_moves, 0) as mid_year_school_moves_2_years,
        coalesce(moves_in_window.school_moves, 0) >= 1 as has_school_move,
        coalesce(moves_in_window.mid_year_school_moves, 0) >= 1 as has_mid_year_school_move
    from school_age_cohort
    left join moves_in_window
        on
            school_age_cohort.la_code = moves_in_window.la_code
            and school_age_cohort.collection_year = moves_in_window.collection_year
            and school_age_cohort.child_key = moves_in_window.child_key

)

select * from final
