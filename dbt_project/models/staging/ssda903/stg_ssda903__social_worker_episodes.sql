with

source as (

    {{ select_from_raw(source('ssda903', 'ssda903_sw_episodes')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as collection_year,
        child_key,
        {{ birth_month('dob') }} as birth_month,
        nullif(trim(sw_id), '') as social_worker_id,
        {{ ssda903_date('sw_decom') }} as sw_episode_start_date,
        {{ ssda903_date('sw_dec') }} as sw_episode_end_date,
        nullif(trim(sw_reason), '') as sw_change_reason_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
