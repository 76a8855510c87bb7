with

source as (

    {{ select_from_raw(source('leaving_care', 'leaving_care_contacts')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as extract_period,
        _loaded_at as snapshot_loaded_at,
        child_key,
        {{ text_value('contact_id') }} as contact_id,
        {{ dd_mm_yyyy('contact_date') }} as contact_date,
        {{ text_value('in_touch') }} as in_touch_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
