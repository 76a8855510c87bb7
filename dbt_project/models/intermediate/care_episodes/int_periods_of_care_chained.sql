-- Periods of care: episodes chained by REC = X1 (domain spec §1.5 rule 1).

with

episodes as (

    select * from {{ ref('int_episodes_classified') }}

),

final as (

    select
        la_code,
        child_key,
        period_of_care_number,
        min(episode_start_date) as period_start_date,
        -- A period is open while its last episode is open.
        case
            when bool_or(episode_end_date is null) then null
            else max(episode_end_date)
        end as period_end_date,
        (array_agg(reason_episode_ceased_code order by episode_start_date desc))[1]
            as reason_period_ceased_code,
        count(*) as episode_count,
        (array_agg(reason_new_episode_code order by episode_start_date))[1]
            as first_reason_new_episode_code,
        -- The history starts with the first return: a period whose first known episode is not
        -- a start (RNE S) began before the history, on an unknown earlier day.
        coalesce((array_agg(reason_new_episode_code order by episode_start_date))[1] = 'S', false)
            as is_start_observed,
        (array_agg(legal_status_code order by episode_start_date))[1] as first_legal_status_code,
        (array_agg(legal_status_code order by episode_start_date desc))[1]
            as last_legal_status_code,
        (array_agg(placement_type_code order by episode_start_date desc))[1]
            as last_placement_type_code,
        bool_and(is_short_break) as is_short_breaks_only
    from episodes
    group by la_code, child_key, period_of_care_number

)

select * from final
