-- Placements for stability measures (domain spec §1.5 rule 6): the episodes from one that
-- starts a placement up to the next, temporary moves and returns from them included.

with

episodes as (

    select * from {{ ref('int_episodes_classified') }}

),

grouped as (

    select
        la_code,
        child_key,
        placement_number,
        min(period_of_care_number) as period_of_care_number,
        min(episode_start_date) as placement_start_date,
        case
            when bool_or(episode_end_date is null) then null
            else max(episode_end_date)
        end as placement_end_date,
        (
            array_agg(placement_type_code order by episode_start_date)
            filter (where not is_temporary_placement)
        )[1
        ] as placement_type_code,
        (
            array_agg(placement_provider_code order by episode_start_date)
            filter (where not is_temporary_placement)
        )[1
        ] as placement_provider_code,
        (array_agg(reason_new_episode_code order by episode_start_date))[1]
            as reason_new_episode_code,
        (
            array_agg(reason_placement_change_code order by episode_start_date desc)
            filter (where reason_placement_change_code is not null))[1]
            as reason_placement_change_code,
        count(*) as episode_count,
        count(*) filter (where is_temporary_placement) as temporary_episode_count
    from episodes
    where placement_number >= 1
    group by la_code, child_key, placement_number

),

final as (

    select
        *,
        coalesce(
            placement_end_date is not null
            and lead(period_of_care_number) over (
                partition by la_code, child_key order by placement_number
            ) = period_of_care_number,
            false
        ) as is_ended_by_placement_change
    from grouped

)

select * from final
