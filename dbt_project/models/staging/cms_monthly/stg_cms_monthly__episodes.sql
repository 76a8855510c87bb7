with

source as (

    {{ select_from_raw(source('cms_monthly', 'cms_monthly_episodes')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as extract_month,
        {{ collection_year_of_month('_period') }} as collection_year,
        child_key,
        {{ ssda903_date('decom') }} as episode_start_date,
        {{ ssda903_date('dec') }} as episode_end_date,
        nullif(trim(rne), '') as reason_new_episode_code,
        nullif(trim(ls), '') as legal_status_code,
        nullif(trim(cin), '') as category_of_need_code,
        nullif(trim(place), '') as placement_type_code,
        nullif(trim(place_provider), '') as placement_provider_code,
        nullif(trim(rec), '') as reason_episode_ceased_code,
        nullif(trim(reason_place_change), '') as reason_placement_change_code,
        home_district,
        pl_district as placement_district,
        {{ safe_numeric('pl_distance') }}::numeric(6, 1) as placement_distance_miles,
        pl_la as placement_la_code,
        pl_location as placement_location,
        nullif(trim(urn), '') as provider_urn,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
