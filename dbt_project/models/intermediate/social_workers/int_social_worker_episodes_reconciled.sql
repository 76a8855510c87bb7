-- Social-worker episodes from the annual returns (from 2023-24), continued by the latest
-- monthly extract (the same submission rule as int_episodes_reconciled).

with

annual_episodes as (

    select * from {{ ref('stg_ssda903__social_worker_episodes') }}

),

monthly_episodes as (

    select * from {{ ref('stg_cms_monthly__social_worker_episodes') }}

),

annual_returns as (

    select distinct
        la_code,
        collection_year
    from {{ ref('stg_ssda903__episodes') }}

),

latest_monthly_extracts as (

    select
        monthly_episodes.la_code,
        monthly_episodes.collection_year,
        max(monthly_episodes.extract_month) as extract_month
    from monthly_episodes
    where
        monthly_episodes.collection_year is not null
        and not exists (
            select 1
            from annual_returns
            where
                annual_returns.la_code = monthly_episodes.la_code
                and annual_returns.collection_year = monthly_episodes.collection_year
        )
    group by monthly_episodes.la_code, monthly_episodes.collection_year

),

submitted as (

    select
        la_code,
        collection_year,
        null::text as extract_month,
        child_key,
        social_worker_id,
        sw_episode_start_date,
        sw_episode_end_date,
        sw_change_reason_code
    from annual_episodes

    union all

    select
        monthly_episodes.la_code,
        monthly_episodes.collection_year,
        monthly_episodes.extract_month,
        monthly_episodes.child_key,
        monthly_episodes.social_worker_id,
        monthly_episodes.sw_episode_start_date,
        monthly_episodes.sw_episode_end_date,
        monthly_episodes.sw_change_reason_code
    from monthly_episodes
    inner join latest_monthly_extracts
        on
            monthly_episodes.la_code = latest_monthly_extracts.la_code
            and monthly_episodes.collection_year = latest_monthly_extracts.collection_year
            and monthly_episodes.extract_month = latest_monthly_extracts.extract_month

),

final as (

    -- An episode reported by more than one submission keeps the latest version.
    select distinct on (la_code, child_key, sw_episode_start_date)
        la_code,
        child_key,
        sw_episode_start_date,
        sw_episode_end_date,
        social_worker_id,
        sw_change_reason_code,
        coalesce(sw_change_reason_code <> 'FCONTA', true) as is_change_of_social_worker,
        collection_year as reported_in_collection_year,
        extract_month as reported_in_extract_month
    from submitted
    where sw_episode_start_date is not null
    order by la_code asc, child_key asc, sw_episode_start_date asc, collection_year desc

)

select * from final
