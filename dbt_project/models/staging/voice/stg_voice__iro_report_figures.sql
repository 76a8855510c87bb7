with

source as (

    {{ select_from_raw(source('voice', 'voice_iro_report')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as delivery_name,
        {{ text_value('report_year') }} as report_year,
        {{ text_value('measure') }} as measure,
        {{ safe_numeric('value') }} as measure_value,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
