-- School moves while looked after, one row per child and move, classified as a move in the
-- summer break (start of the school year) or a mid-year move (catalogue E08a/b).

with

move_rows as (

    select * from {{ ref('stg_virtual_school__school_moves') }}

),

-- A move can appear in more than one termly export (and a row can be delivered twice): one
-- row per child and move date, keeping the latest export's version.
moves as (

    select distinct on (la_code, child_key, move_date) *
    from move_rows
    where move_date is not null
    order by la_code asc, child_key asc, move_date asc, academic_term desc, source_row_number asc

),

classified as (

    select
        la_code,
        child_key,
        move_date,
        academic_year as reported_in_academic_year,
        from_school_urn,
        to_school_urn,
        move_reason_code,
        -- The summer break: a first day at the new school from 20 July to 15 September
        -- (inclusive) is a start-of-year move; any other date is a mid-year move.
        coalesce(
            (extract(month from move_date) = 7 and extract(day from move_date) >= 20)
            or extract(month from move_date) = 8
            or (extract(month from move_date) = 9 and extract(day from move_date) <= 15),
            false
        ) as is_summer_break_move
    from moves

),

final as (

    select
        la_code,
        child_key,
        move_date,
        reported_in_academic_year,
        from_school_urn,
        to_school_urn,
        move_reason_code,
        is_summer_break_move,
        not is_summer_break_move as is_mid_year_move
    from classified

)

select * from final
