-- Children looked after at any time during each reporting period (CLA_YEAR, domain spec §2.1).

with

periods as (

    select * from {{ ref('int_reporting_periods_listed') }}

),

episodes as (

    select * from {{ ref('int_episodes_classified') }}

),

final as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        periods.period_start_date,
        periods.period_end_date,
        episodes.child_key,
        min(greatest(episodes.episode_start_date, periods.period_start_date))
            as first_day_looked_after_in_period,
        bool_or(
            episodes.episode_end_date is null
            or episodes.episode_end_date > periods.period_end_date
        ) as is_looked_after_at_period_end,
        count(*) as episodes_in_period
    from periods
    inner join episodes
        on
            periods.la_code = episodes.la_code
            and periods.period_end_date >= episodes.episode_start_date
            and (
                episodes.episode_end_date is null
                or periods.period_start_date <= episodes.episode_end_date
            )
    where not episodes.is_short_break
    group by
        periods.la_code,
        periods.period_type,
        periods.period_label,
        periods.period_start_date,
        periods.period_end_date,
        episodes.child_key

)

select * from final
