-- What panel members see (domain spec §4.3): every indicator figure with small numbers
-- suppressed. Primary: a count of 1-4, or a percentage, rate or mean whose numerator or
-- denominator is 1-4 ('c'). Secondary: when exactly one cell of a breakdown is hidden, it
-- could be worked out from the 'all' row and the other cells, so the next smallest cell of
-- that breakdown is hidden too ('c2'). No child-level data.

with

indicators as (

    select * from {{ ref('fct_indicators') }}

),

primary_suppressed as (

    select
        *,
        {{ primary_suppression('unit', 'numerator', 'denominator') }} as primary_suppression
    from indicators

),

breakdown_groups as (

    select
        *,
        count(primary_suppression) over breakdown_group as cells_hidden_in_group,
        row_number() over (
            partition by
                la_code, period_type, period_label, indicator_id, breakdown_type,
                primary_suppression is null
            order by
                coalesce(numerator, 0) = 0,
                numerator nulls last,
                denominator nulls last,
                breakdown_value
        ) as size_order_among_same_status
    from primary_suppressed
    window breakdown_group as (
        partition by la_code, period_type, period_label, indicator_id, breakdown_type
    )

),

suppressed as (

    select
        *,
        case
            when primary_suppression is not null then primary_suppression
            when
                breakdown_type <> 'all'
                and cells_hidden_in_group = 1
                and size_order_among_same_status = 1
                then 'c2'
        end as suppression
    from breakdown_groups

),

neighbours as (

    select * from {{ ref('statistical_neighbours') }}

),

published_neighbour_values as (

    -- The neighbours' average from the cells the public can see: an average over a
    -- neighbour's suppressed cell would let a reader work that small number back out.
    select
        suppressed.la_code,
        suppressed.period_type,
        suppressed.period_label,
        suppressed.indicator_id,
        suppressed.breakdown_type,
        suppressed.breakdown_value,
        round(avg(neighbour_cells.value), 1) as statistical_neighbour_value
    from suppressed
    inner join neighbours
        on suppressed.la_code = neighbours.la_code
    inner join suppressed as neighbour_cells
        on
            neighbours.neighbour_la_code = neighbour_cells.la_code
            and suppressed.period_type = neighbour_cells.period_type
            and suppressed.period_label = neighbour_cells.period_label
            and suppressed.indicator_id = neighbour_cells.indicator_id
            and suppressed.breakdown_type = neighbour_cells.breakdown_type
            and suppressed.breakdown_value = neighbour_cells.breakdown_value
    where neighbour_cells.suppression is null and neighbour_cells.value is not null
    group by
        suppressed.la_code,
        suppressed.period_type,
        suppressed.period_label,
        suppressed.indicator_id,
        suppressed.breakdown_type,
        suppressed.breakdown_value

),

with_neighbours as (

    select
        suppressed.*,
        published_neighbour_values.statistical_neighbour_value as published_neighbour_value
    from suppressed
    left join published_neighbour_values
        on
            suppressed.la_code = published_neighbour_values.la_code
            and suppressed.period_type = published_neighbour_values.period_type
            and suppressed.period_label = published_neighbour_values.period_label
            and suppressed.indicator_id = published_neighbour_values.indicator_id
            and suppressed.breakdown_type = published_neighbour_values.breakdown_type
            and suppressed.breakdown_value = published_neighbour_values.breakdown_value

),

final as (

    select
        la_code,
        la_name,
        period_type,
        period_label,
        period_end_date,
        indicator_id,
        indicator_name,
        indicator_group,
        themes,
        unit,
        direction_of_good,
        breakdown_type,
        breakdown_value,
        case
            when suppression is null and unit <> 'median_days' then numerator
        end as numerator,
        case when suppression is null then denominator end as denominator,
        case when suppression is null then value end as value,
        suppression,
        {{ display_value('unit', 'value', 'suppression') }} as display_value,
        england_value,
        england_period_label,
        case when suppression is null then comparison_to_england end as comparison_to_england,
        published_neighbour_value as statistical_neighbour_value,
        target,
        case when suppression is null then rag_status end as rag_status
    from with_neighbours

)

select * from final
