with

source as (

    {{ select_from_raw(source('leaving_care', 'leaving_care_accommodation')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as extract_period,
        _loaded_at as snapshot_loaded_at,
        child_key,
        {{ text_value('accommodation_id') }} as accommodation_id,
        {{ dd_mm_yyyy('start_date') }} as start_date,
        {{ dd_mm_yyyy('end_date') }} as end_date,
        {{ text_value('accommodation_type') }} as accommodation_type_code,
        {{ zero_one_flag('suitable') }} as is_suitable,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
