-- One longitudinal history of episodes from overlapping yearly returns, continued after the
-- last annual return by the latest monthly in-year extract (rule in the docs).

with

annual_episodes as (

    select * from {{ ref('stg_ssda903__episodes') }}

),

monthly_episodes as (

    select * from {{ ref('stg_cms_monthly__episodes') }}

),

annual_returns as (

    select distinct
        la_code,
        collection_year
    from annual_episodes

),

-- Each monthly extract is year to date, so the latest extract of a collection year holds the
-- whole year so far; an annual return supersedes every monthly extract of its own year.
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

-- The monthly extracts are not gated, so a row without a start date is left out and a
-- repeated episode keeps its last row.
latest_monthly_rows as (

    select monthly_episodes.*
    from monthly_episodes
    inner join latest_monthly_extracts
        on
            monthly_episodes.la_code = latest_monthly_extracts.la_code
            and monthly_episodes.collection_year = latest_monthly_extracts.collection_year
            and monthly_episodes.extract_month = latest_monthly_extracts.extract_month
    where monthly_episodes.episode_start_date is not null

),

latest_monthly_episodes as (

    select distinct on (la_code, child_key, episode_start_date) *
    from latest_monthly_rows
    order by la_code asc, child_key asc, episode_start_date asc, source_row_number desc

),

-- One submission per LA and collection year: the annual return, else the latest extract.
submitted_episodes as (

    select
        la_code,
        collection_year,
        null::text as extract_month,
        child_key,
        episode_start_date,
        episode_end_date,
        reason_new_episode_code,
        legal_status_code,
        category_of_need_code,
        placement_type_code,
        placement_provider_code,
        reason_episode_ceased_code,
        reason_placement_change_code,
        home_district,
        placement_district,
        placement_distance_miles,
        placement_la_code,
        placement_location,
        provider_urn
    from annual_episodes

    union all

    select
        la_code,
        collection_year,
        extract_month,
        child_key,
        episode_start_date,
        episode_end_date,
        reason_new_episode_code,
        legal_status_code,
        category_of_need_code,
        placement_type_code,
        placement_provider_code,
        reason_episode_ceased_code,
        reason_placement_change_code,
        home_district,
        placement_district,
        placement_distance_miles,
        placement_la_code,
        placement_location,
        provider_urn
    from latest_monthly_episodes

),

child_returns as (

    select distinct
        la_code,
        child_key,
        collection_year,
        {{ collection_year_start('collection_year') }} as year_start_date
    from submitted_episodes

),

current_versions as (

    select submitted_episodes.*
    from submitted_episodes
    where not exists (
        select 1
        from child_returns as later
        where
            later.la_code = submitted_episodes.la_code
            and later.child_key = submitted_episodes.child_key
            and later.collection_year > submitted_episodes.collection_year
            and (
                submitted_episodes.episode_end_date is null
                or submitted_episodes.episode_end_date >= later.year_start_date
            )
    )

),

final as (

    select
        la_code,
        child_key,
        episode_start_date,
        episode_end_date,
        reason_new_episode_code,
        legal_status_code,
        category_of_need_code,
        placement_type_code,
        placement_provider_code,
        reason_episode_ceased_code,
        reason_placement_change_code,
        home_district,
        placement_district,
        placement_distance_miles,
        placement_la_code,
        placement_location,
        provider_urn,
        collection_year as reported_in_collection_year,
        extract_month as reported_in_extract_month,
        case when extract_month is null then 'annual_return' else 'monthly_extract' end
            as submission_type,
        row_number() over (
            partition by la_code, child_key order by episode_start_date
        ) as episode_number
    from current_versions

)

select * from final
