-- Young people who ceased to be looked after at 18 from foster care (CL06a cohort; the rule
-- for "at 18" from a birth month, and the eligibility test, are in the docs).

with

episodes as (

    select * from {{ ref('int_episodes_reconciled') }}

),

children as (

    select * from {{ ref('dim_children') }}

),

annual_returns as (

    select distinct
        la_code,
        collection_year
    from {{ ref('stg_ssda903__headers') }}

),

-- An episode ending with a reason other than X1 is the child leaving care.
exits as (

    select
        episodes.la_code,
        episodes.child_key,
        episodes.episode_start_date,
        episodes.episode_end_date as ceased_date,
        episodes.placement_type_code,
        episodes.reason_episode_ceased_code,
        children.birth_month,
        (children.birth_month + interval '18 years')::date as eighteenth_birth_month
    from episodes
    inner join children
        on
            episodes.la_code = children.la_code
            and episodes.child_key = children.child_key
    where
        episodes.episode_end_date is not null
        and episodes.reason_episode_ceased_code is not null
        and episodes.reason_episode_ceased_code != 'X1'
        and coalesce(episodes.legal_status_code, '') not in ('V3', 'V4')
        and children.birth_month is not null

),

-- Ceased "on the 18th birthday": in the calendar month of the 18th birthday. Two episodes
-- ending the same day (an overlap in the history) count once: the later-starting one.
exits_at_18 as (

    select
        *,
        {{ collection_year_of('ceased_date') }} as collection_year
    from (
        select
            *,
            row_number() over (
                partition by la_code, child_key, ceased_date
                order by episode_start_date desc
            ) as occurrence
        from exits
        where
            ceased_date >= eighteenth_birth_month
            and ceased_date < (eighteenth_birth_month + interval '1 month')::date
    ) as numbered
    where occurrence = 1

),

-- Care-leaver eligibility: looked after for at least 13 weeks (91 days) since the 14th
-- birthday (month), counting every non-short-break episode up to the day care ceased.
time_in_care_since_14 as (

    select
        exits_at_18.la_code,
        exits_at_18.child_key,
        exits_at_18.ceased_date,
        coalesce(sum(
            greatest(
                least(episodes.episode_end_date, exits_at_18.ceased_date)
                - greatest(
                    episodes.episode_start_date,
                    (exits_at_18.birth_month + interval '14 years')::date
                ),
                0
            )
        ), 0) as days_looked_after_since_14
    from exits_at_18
    inner join episodes
        on
            exits_at_18.la_code = episodes.la_code
            and exits_at_18.child_key = episodes.child_key
            and exits_at_18.ceased_date > episodes.episode_start_date
            and episodes.episode_end_date is not null
            and coalesce(episodes.legal_status_code, '') not in ('V3', 'V4')
    group by exits_at_18.la_code, exits_at_18.child_key, exits_at_18.ceased_date

),

final as (

    select
        exits_at_18.la_code,
        exits_at_18.collection_year,
        exits_at_18.child_key,
        exits_at_18.ceased_date,
        exits_at_18.placement_type_code,
        exits_at_18.reason_episode_ceased_code,
        coalesce(exits_at_18.placement_type_code like 'U%', false) as is_from_foster_care,
        time_in_care_since_14.days_looked_after_since_14,
        time_in_care_since_14.days_looked_after_since_14 >= 91 as is_eligible_care_leaver,
        exits_at_18.reason_episode_ceased_code = 'E17' as is_staying_put
    from exits_at_18
    inner join time_in_care_since_14
        on
            exits_at_18.la_code = time_in_care_since_14.la_code
            and exits_at_18.child_key = time_in_care_since_14.child_key
            and exits_at_18.ceased_date = time_in_care_since_14.ceased_date
    inner join annual_returns
        on
            exits_at_18.la_code = annual_returns.la_code
            and exits_at_18.collection_year = annual_returns.collection_year

)

select * from final
