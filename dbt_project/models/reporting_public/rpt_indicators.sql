-- What panel members see (domain spec §4.3): every indicator figure with small numbers
-- suppressed. Primary: a count of 1-4, or a percentage, rate or mean whose numerator or
-- denominator is 1-4 ('c'). Secondary: when exactly one cell of a breakdown is hidden, it
-- could be worked out from the 'all' row and the other cells, so the next smallest cell of
-- that breakdown is hidden too ('c2'). The statistical neighbours' average uses only figures
-- the public can see. No child-level data.

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

la_benchmarks as (

    select * from {{ ref('fct_la_benchmarks') }}

),

published_neighbour_values as (

    -- The neighbours' average from figures the public can see: a neighbour's cell here only
    -- when it is shown (an average over a suppressed cell would let a reader work that small
    -- number back out), else DfE's published LA-level figure (already public).
    {%- set shown_cell = 'neighbour_cell.suppression is null' %}
    {{ statistical_neighbour_average('suppressed', 'neighbours', 'la_benchmarks', shown_cell) }}

),

with_neighbours as (

    select
        suppressed.*,
        published_neighbour_values.statistical_neighbour_value as published_neighbour_value,
        coalesce(published_neighbour_values.statistical_neighbours_with_value, 0)
            as published_neighbours_with_value
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
        published_neighbours_with_value as statistical_neighbours_with_value,
        case
            when suppression is null
                then {{ comparison_in_words(
                    'value', 'published_neighbour_value', 'unit', 'direction_of_good'
                ) }}
        end as comparison_to_neighbours,
        target,
        case when suppression is null then rag_status end as rag_status
    from with_neighbours

)

select * from final
