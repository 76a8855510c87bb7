-- The England value for each indicator and period: the newest published figure, whether it
-- came with the seed or was landed later from an EES file (a landed file wins a tie).

with

seeded as (

    select * from {{ ref('ees_england_benchmarks') }}

),

loaded as (

    select * from {{ ref('stg_benchmarks__ees_values') }}

),

candidates as (

    select
        indicator_id,
        case time_identifier
            when 'Reporting year' then 'statutory_year'
            when 'Academic year' then 'academic_year'
        end as period_type,
        left(time_period, 4) || '-' || right(time_period, 2) as period_label,
        time_period,
        value,
        numerator,
        denominator,
        source_dataset,
        published_date,
        'seed' as benchmark_origin,
        null::text as source_file,
        2 as origin_priority
    from seeded
    where geographic_level = 'National' and country_code = 'E92000001'

    union all

    select
        indicator_id,
        period_type,
        period_label,
        time_period,
        value,
        numerator,
        denominator,
        source_dataset,
        published_date,
        'loaded' as benchmark_origin,
        source_file,
        1 as origin_priority
    from loaded
    where
        geographic_level = 'National'
        and country_code = 'E92000001'
        and value is not null
        and period_type is not null
        and period_label is not null
        and indicator_id is not null

),

ranked as (

    select
        *,
        row_number() over (
            partition by indicator_id, period_type, period_label
            order by published_date desc nulls last, origin_priority asc, source_file desc
        ) as newest
    from candidates

),

final as (

    select
        indicator_id,
        period_type,
        period_label,
        time_period,
        value as england_value,
        numerator as england_numerator,
        denominator as england_denominator,
        source_dataset,
        published_date,
        benchmark_origin,
        source_file
    from ranked
    where newest = 1

)

select * from final
