-- Periods of care: episodes chained by REC = X1 (domain spec §1.5 rule 1).

with

episodes as (

    select * from {{ ref('int_episodes_reconciled') }}

),

flagged as (

    select
        *,
        case
            when lag(reason_episode_ceased_code) over child_history = 'X1' then 0
            else 1
        end as starts_new_period
    from episodes
    window child_history as (partition by la_code, child_key order by episode_start_date)

),

numbered as (

    select
        *,
        sum(starts_new_period) over (
            partition by la_code, child_key order by episode_start_date
        ) as period_of_care_number
    from flagged

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
        count(*) as episode_count
    from numbered
    group by la_code, child_key, period_of_care_number

)

select * from final
