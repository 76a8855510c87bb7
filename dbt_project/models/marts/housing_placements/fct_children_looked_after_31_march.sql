-- Children looked after at 31 March (cohort CLA31, domain spec §1.5 rule 2 and §2.1).

with

episodes as (

    select * from {{ ref('int_episodes_reconciled') }}

),

headers as (

    select * from {{ ref('stg_ssda903__headers') }}

),

placement_types as (

    select * from {{ ref('placement_types') }}

),

legal_statuses as (

    select * from {{ ref('legal_statuses') }}

),

collection_years as (

    select distinct
        la_code,
        collection_year,
        {{ collection_year_end('collection_year') }} as snapshot_date
    from headers

),

looked_after_at_31_march as (

    select
        collection_years.la_code,
        collection_years.collection_year,
        collection_years.snapshot_date,
        episodes.child_key,
        episodes.episode_start_date,
        episodes.legal_status_code,
        episodes.placement_type_code,
        episodes.placement_provider_code,
        episodes.placement_location,
        episodes.placement_distance_miles
    from collection_years
    inner join episodes
        on episodes.la_code = collection_years.la_code
        and episodes.episode_start_date <= collection_years.snapshot_date
        and (
            episodes.episode_end_date is null
            or episodes.episode_end_date > collection_years.snapshot_date
        )
    inner join legal_statuses
        on legal_statuses.code = episodes.legal_status_code
    where not legal_statuses.excluded_from_cla_counts

),

final as (

    select
        cla.la_code,
        cla.collection_year,
        cla.snapshot_date,
        cla.child_key,
        headers.sex,
        {{ age_on('headers.birth_month', 'cla.snapshot_date') }} as age_at_31_march,
        cla.legal_status_code,
        legal_statuses.legal_status_group,
        cla.placement_type_code,
        placement_types.placement_group,
        placement_types.is_foster,
        placement_types.is_kinship,
        cla.placement_provider_code,
        coalesce(cla.placement_location, 'Not known') as placement_location,
        cla.placement_distance_miles,
        cla.episode_start_date as current_episode_start_date
    from looked_after_at_31_march as cla
    inner join legal_statuses
        on legal_statuses.code = cla.legal_status_code
    left join placement_types
        on placement_types.code = cla.placement_type_code
    left join headers
        on headers.la_code = cla.la_code
        and headers.collection_year = cla.collection_year
        and headers.child_key = cla.child_key

)

select * from final
