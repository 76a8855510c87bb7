with

source as (

    {{ select_from_raw(source('health', 'health_dental_checks')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as financial_year,
        child_key,
        {{ dd_mm_yyyy('check_date') }} as check_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
