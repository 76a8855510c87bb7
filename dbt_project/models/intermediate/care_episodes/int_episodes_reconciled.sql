-- One longitudinal history of episodes from overlapping yearly returns (rule in the docs).

with

episodes as (

    select * from {{ ref('stg_ssda903__episodes') }}

),

child_returns as (

    select distinct
        la_code,
        child_key,
        collection_year,
        {{ collection_year_start('collection_year') }} as year_start_date
    from episodes

),

current_versions as (

    select episodes.*
    from episodes
    where not exists (
        select 1
        from child_returns as later
        where
            later.la_code = episodes.la_code
            and later.child_key = episodes.child_key
            and later.collection_year > episodes.collection_year
            and (
                episodes.episode_end_date is null
                or episodes.episode_end_date >= later.year_start_date
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
        collection_year as reported_in_collection_year,
        row_number() over (
            partition by la_code, child_key order by episode_start_date
        ) as episode_number
    from current_versions

)

select * from final
