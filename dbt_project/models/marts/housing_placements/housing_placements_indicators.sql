-- Housing and placements indicators per LA and collection year (catalogue §2.2).

with

cla as (

    select * from {{ ref('fct_children_looked_after_31_march') }}

),

local_authorities as (

    select * from {{ ref('stg_reference__local_authorities') }}

),

per_year as (

    select
        la_code,
        collection_year,
        snapshot_date,
        count(*) as children_looked_after,
        count(*) filter (where is_foster) as in_foster_care,
        count(*) filter (where placement_location = 'OUT') as placed_outside_la,
        count(*) filter (where placement_location = 'Not known') as placement_location_not_known
    from cla
    group by la_code, collection_year, snapshot_date

),

indicators as (

    -- One row per indicator: its definition applied to each LA and year.
    select
        per_year.la_code,
        per_year.collection_year,
        per_year.snapshot_date,
        catalogue.indicator_id,
        catalogue.indicator_name,
        catalogue.numerator,
        catalogue.denominator,
        catalogue.unit,
        catalogue.direction_of_good
    from per_year
    cross join lateral (
        values
        (
            'P01', 'Children looked after at 31 March',
            per_year.children_looked_after, null::bigint, 'count', 'neutral'
        ),
        (
            'P06', 'Children looked after at 31 March in foster care',
            per_year.in_foster_care, per_year.children_looked_after,
            'percent', 'higher_is_better'
        ),
        (
            'P10', 'Children looked after at 31 March placed outside the LA boundary',
            per_year.placed_outside_la, per_year.children_looked_after,
            'percent', 'lower_is_better'
        ),
        (
            'P10NK', 'Children looked after at 31 March whose placement location is not known',
            per_year.placement_location_not_known, per_year.children_looked_after,
            'percent', 'lower_is_better'
        )
    ) as catalogue (
        indicator_id, indicator_name, numerator, denominator, unit, direction_of_good
    )

),

final as (

    select
        indicators.la_code,
        local_authorities.la_name,
        'statutory_year' as period_type,
        indicators.collection_year as period_label,
        indicators.snapshot_date as period_end_date,
        indicators.indicator_id,
        indicators.indicator_name,
        'all' as breakdown_type,
        'all' as breakdown_value,
        indicators.numerator,
        indicators.denominator,
        case
            when indicators.unit = 'count' then indicators.numerator::numeric
            when indicators.denominator > 0
                then round(100.0 * indicators.numerator / indicators.denominator, 1)
        end as value,
        indicators.unit,
        indicators.direction_of_good
    from indicators
    left join local_authorities
        on indicators.la_code = local_authorities.la_code

)

select * from final
