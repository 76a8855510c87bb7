-- Annual review indicators A01 (how children left care) and A02 (adoption timeliness) per LA
-- and collection year (catalogue §2.2; contract in docs/indicators.md).

with

periods as (

    select * from {{ ref('int_reporting_periods_listed') }}

),

transitions as (

    select * from {{ ref('int_care_transitions_listed') }}

),

adoptions as (

    select * from {{ ref('int_adoptions_timed') }}

),

catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

local_authorities as (

    select * from {{ ref('stg_reference__local_authorities') }}

),

collection_years as (

    select * from periods
    where period_type = 'statutory_year'

),

-- A child who ceased more than once in the year counts once, by the last occasion.
children_ceased as (

    select distinct on (collection_years.la_code, collection_years.period_label, transitions.child_key)
        collection_years.la_code,
        collection_years.period_label,
        collection_years.period_end_date,
        transitions.child_key,
        transitions.reason_ceased_code
    from collection_years
    inner join transitions
        on
            collection_years.la_code = transitions.la_code
            and transitions.transition_date
            between collection_years.period_start_date and collection_years.period_end_date
    where
        transitions.transition_type = 'cease'
        and not transitions.is_short_break
    order by
        collection_years.la_code asc,
        collection_years.period_label asc,
        transitions.child_key asc,
        transitions.transition_date desc

),

ceased_by_reason as (

    select
        la_code,
        period_label,
        period_end_date,
        count(*) as ceased,
        count(*) filter (where reason_ceased_code in ('E11', 'E12')) as adopted,
        count(*) filter (where reason_ceased_code in ('E45', 'E46', 'E47', 'E48'))
            as special_guardianship,
        count(*) filter (where reason_ceased_code = 'E41') as child_arrangements,
        count(*) filter (where reason_ceased_code in ('E4A', 'E4B', 'E13')) as returned_home
    from children_ceased
    group by la_code, period_label, period_end_date

),

adoption_times as (

    select
        collection_years.la_code,
        collection_years.period_label,
        collection_years.period_end_date,
        sum(adoptions.days_entry_to_moving_in) as days_entry_to_moving_in,
        count(adoptions.days_entry_to_moving_in) as adopted_with_entry_date,
        sum(adoptions.days_placement_order_to_match) as days_placement_order_to_match,
        count(adoptions.days_placement_order_to_match) as adopted_with_placement_order
    from collection_years
    inner join adoptions
        on
            collection_years.la_code = adoptions.la_code
            and adoptions.adoption_date
            between collection_years.period_start_date and collection_years.period_end_date
    group by collection_years.la_code, collection_years.period_label, collection_years.period_end_date

),

all_indicators as (

    select
        ceased_by_reason.la_code,
        ceased_by_reason.period_label,
        ceased_by_reason.period_end_date,
        figures.indicator_id,
        figures.numerator,
        ceased_by_reason.ceased as denominator
    from ceased_by_reason
    cross join
        lateral (
            values
            ('A01a', ceased_by_reason.adopted),
            ('A01b', ceased_by_reason.special_guardianship),
            ('A01c', ceased_by_reason.child_arrangements),
            ('A01d', ceased_by_reason.returned_home)
        ) as figures (indicator_id, numerator)

    union all

    select
        adoption_times.la_code,
        adoption_times.period_label,
        adoption_times.period_end_date,
        figures.indicator_id,
        figures.numerator,
        figures.denominator
    from adoption_times
    cross join
        lateral (
            values
            (
                'A02a', adoption_times.days_entry_to_moving_in,
                adoption_times.adopted_with_entry_date
            ),
            (
                'A02b', adoption_times.days_placement_order_to_match,
                adoption_times.adopted_with_placement_order
            )
        ) as figures (indicator_id, numerator, denominator)
    where figures.denominator > 0

),

final as (

    select
        all_indicators.la_code,
        local_authorities.la_name,
        'statutory_year' as period_type,
        all_indicators.period_label,
        all_indicators.period_end_date,
        all_indicators.indicator_id,
        catalogue.indicator_name,
        'all' as breakdown_type,
        'all' as breakdown_value,
        all_indicators.numerator::numeric as numerator,
        all_indicators.denominator::numeric as denominator,
        {{ indicator_value('catalogue.unit', 'all_indicators.numerator', 'all_indicators.denominator') }}
            as value,
        catalogue.unit,
        catalogue.direction_of_good
    from all_indicators
    inner join catalogue
        on all_indicators.indicator_id = catalogue.indicator_id
    left join local_authorities
        on all_indicators.la_code = local_authorities.la_code

)

select * from final
