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

    select
        la_code, collection_year, snapshot_date,
        'P01' as indicator_id,
        'Children looked after at 31 March' as indicator_name,
        children_looked_after as numerator,
        null::bigint as denominator,
        'count' as unit,
        'neutral' as direction_of_good
    from per_year

    union all

    select
        la_code, collection_year, snapshot_date,
        'P06',
        'Children looked after at 31 March in foster care',
        in_foster_care,
        children_looked_after,
        'percent',
        'higher_is_better'
    from per_year

    union all

    select
        la_code, collection_year, snapshot_date,
        'P10',
        'Children looked after at 31 March placed outside the LA boundary',
        placed_outside_la,
        children_looked_after,
        'percent',
        'lower_is_better'
    from per_year

    union all

    select
        la_code, collection_year, snapshot_date,
        'P10NK',
        'Children looked after at 31 March whose placement location is not known',
        placement_location_not_known,
        children_looked_after,
        'percent',
        'lower_is_better'
    from per_year

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
        on local_authorities.la_code = indicators.la_code

)

select * from final
