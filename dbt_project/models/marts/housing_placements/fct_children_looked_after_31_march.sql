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
        on
            collection_years.la_code = episodes.la_code
            and collection_years.snapshot_date >= episodes.episode_start_date
            and (
                episodes.episode_end_date is null
                or collection_years.snapshot_date < episodes.episode_end_date
            )
    inner join legal_statuses
        on episodes.legal_status_code = legal_statuses.code
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
        on cla.legal_status_code = legal_statuses.code
    left join placement_types
        on cla.placement_type_code = placement_types.code
    left join headers
        on
            cla.la_code = headers.la_code
            and cla.collection_year = headers.collection_year
            and cla.child_key = headers.child_key

)

select * from final
