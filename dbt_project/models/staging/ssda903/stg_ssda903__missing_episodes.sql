with

source as (

    {{ select_from_raw(source('ssda903', 'ssda903_missing')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as collection_year,
        child_key,
        {{ birth_month('dob') }} as birth_month,
        nullif(trim(missing), '') as missing_type_code,
        {{ ssda903_date('mis_start') }} as missing_start_date,
        {{ ssda903_date('mis_end') }} as missing_end_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
