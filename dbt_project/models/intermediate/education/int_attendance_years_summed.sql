-- Attendance per pupil and academic year, summed over terms and schools while looked after,
-- with DfE's persistent (10%+) and severe (50%+) absence flags (catalogue E02a/b).

with

attendance_rows as (

    select * from {{ ref('stg_virtual_school__attendance_records') }}

),

-- A row delivered twice keeps its first copy.
attendance as (

    select distinct on (la_code, academic_term, child_key, school_urn, period_start_date) *
    from attendance_rows
    where possible_sessions is not null
    order by
        la_code, academic_term, child_key, school_urn, period_start_date,
        source_row_number

),

summed as (

    select
        la_code,
        academic_year,
        child_key,
        count(*) as attendance_records,
        sum(possible_sessions) as possible_sessions,
        sum(
            coalesce(
                possible_sessions - present_sessions,
                coalesce(authorised_absence_sessions, 0)
                + coalesce(unauthorised_absence_sessions, 0)
            )
        ) as absence_sessions,
        sum(coalesce(unauthorised_absence_sessions, 0)) as unauthorised_absence_sessions
    from attendance
    group by la_code, academic_year, child_key

),

final as (

    select
        la_code,
        academic_year,
        child_key,
        attendance_records,
        possible_sessions,
        absence_sessions,
        unauthorised_absence_sessions,
        case
            when possible_sessions > 0
                then round(100.0 * absence_sessions / possible_sessions, 1)
        end as absence_percent,
        -- Integer comparisons, so exactly 10% (or 50%) is in and rounding never decides.
        possible_sessions > 0 and 10 * absence_sessions >= possible_sessions
            as is_persistently_absent,
        possible_sessions > 0 and 2 * absence_sessions >= possible_sessions
            as is_severely_absent
    from summed

)

select * from final
