-- The latest post-16 destination of each young person in years 12-13 per academic year
-- (catalogue E09).

with

destination_rows as (

    select * from {{ ref('stg_virtual_school__post16_destinations') }}

),

ranked as (

    select distinct on (la_code, academic_year, child_key)
        la_code,
        academic_year,
        child_key,
        recorded_date,
        national_curriculum_year,
        destination_code
    from destination_rows
    where
        national_curriculum_year in (12, 13)
        and destination_code is not null
    order by
        la_code asc, academic_year asc, child_key asc,
        recorded_date desc nulls last, academic_term desc, source_row_number desc

),

final as (

    select
        la_code,
        academic_year,
        child_key,
        recorded_date as latest_recorded_date,
        national_curriculum_year,
        destination_code as latest_destination_code,
        destination_code <> 'UNKNOWN' as is_destination_known,
        destination_code = 'NEET' as is_neet
    from ranked

)

select * from final
