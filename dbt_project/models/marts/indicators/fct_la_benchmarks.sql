-- DfE's published LA-level figures (EES files with geographic_level 'Local authority'), one
-- per council, indicator and period: the newest release wins, so a figure revised in a later
-- release replaces the first published one. A symbol (DfE's 'c' for a suppressed figure) is a
-- published figure too: it has no value, and a later symbol replaces an earlier number.

with

loaded as (

    select * from {{ ref('stg_benchmarks__ees_values') }}

),

la_rows as (

    select *
    from loaded
    where
        geographic_level = 'Local authority'
        and la_code is not null
        and indicator_id is not null
        and period_type is not null
        and period_label is not null

),

ranked as (

    select
        *,
        row_number() over (
            partition by la_code, indicator_id, period_type, period_label
            order by
                published_date desc nulls last,
                loaded_at desc,
                source_file desc,
                source_row_number desc
        ) as newest
    from la_rows

),

final as (

    select
        la_code,
        old_la_code,
        la_name,
        indicator_id,
        period_type,
        period_label,
        time_period,
        value,
        value_symbol,
        numerator,
        denominator,
        source_dataset,
        published_date,
        source_file
    from ranked
    where newest = 1

)

select * from final
