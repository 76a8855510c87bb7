-- Children adopted from care (a period of care ending with REC E11 or E12) and the stages
-- of their adoption, for adoption timeliness (A02a, A02b).

with

periods_of_care as (

    select * from {{ ref('int_periods_of_care_chained') }}

),

episodes as (

    select * from {{ ref('int_episodes_classified') }}

),

carer_spells as (

    select * from {{ ref('int_carer_spells_grouped') }}

),

adoption_records as (

    select * from {{ ref('stg_ssda903__adoptions') }}

),

adoptions as (

    select
        la_code,
        child_key,
        period_of_care_number,
        period_start_date,
        is_start_observed,
        period_end_date as adoption_date,
        reason_period_ceased_code,
        {{ collection_year_of('period_end_date') }} as collection_year
    from periods_of_care
    where reason_period_ceased_code in ('E11', 'E12')

),

-- The first placement for adoption (A3-A6) in the period, and the carer spell it is in.
adoptive_placements as (

    select distinct on (la_code, child_key, period_of_care_number)
        la_code,
        child_key,
        period_of_care_number,
        episode_start_date as placed_for_adoption_date,
        placement_type_code as adoptive_placement_type_code,
        carer_spell_number
    from episodes
    where placement_type_code in ('A3', 'A4', 'A5', 'A6')
    order by la_code, child_key, period_of_care_number, episode_start_date

),

placement_orders as (

    select
        la_code,
        child_key,
        period_of_care_number,
        min(episode_start_date) as placement_order_date,
        bool_or(starts_period_of_care) as is_from_period_start
    from episodes
    where legal_status_code = 'E1'
    group by la_code, child_key, period_of_care_number

),

matches as (

    select
        la_code,
        collection_year,
        child_key,
        max(matched_date) as matched_date
    from adoption_records
    group by la_code, collection_year, child_key

),

final as (

    select
        adoptions.la_code,
        adoptions.child_key,
        adoptions.period_of_care_number,
        adoptions.collection_year,
        adoptions.period_start_date,
        adoptions.is_start_observed,
        adoptions.adoption_date,
        adoptions.reason_period_ceased_code,
        adoptive_placements.placed_for_adoption_date,
        adoptive_placements.adoptive_placement_type_code,
        -- Moving in with the adoptive family: for carers who adopt (A3/A5) the day the child
        -- moved in with them as foster carers, i.e. the start of the carer spell.
        carer_spells.carer_spell_start_date as moved_in_with_adoptive_family_date,
        -- Not known when the history begins with the child already under the order.
        case
            when adoptions.is_start_observed or not placement_orders.is_from_period_start
                then placement_orders.placement_order_date
        end as placement_order_date,
        matches.matched_date,
        case
            when adoptions.is_start_observed
                then carer_spells.carer_spell_start_date - adoptions.period_start_date
        end as days_entry_to_moving_in,
        case
            when adoptions.is_start_observed or not placement_orders.is_from_period_start
                then matches.matched_date - placement_orders.placement_order_date
        end as days_placement_order_to_match
    from adoptions
    left join adoptive_placements
        on
            adoptions.la_code = adoptive_placements.la_code
            and adoptions.child_key = adoptive_placements.child_key
            and adoptions.period_of_care_number = adoptive_placements.period_of_care_number
    left join carer_spells
        on
            adoptive_placements.la_code = carer_spells.la_code
            and adoptive_placements.child_key = carer_spells.child_key
            and adoptive_placements.carer_spell_number = carer_spells.carer_spell_number
    left join placement_orders
        on
            adoptions.la_code = placement_orders.la_code
            and adoptions.child_key = placement_orders.child_key
            and adoptions.period_of_care_number = placement_orders.period_of_care_number
    left join matches
        on
            adoptions.la_code = matches.la_code
            and adoptions.collection_year = matches.collection_year
            and adoptions.child_key = matches.child_key

)

select * from final
