with

source as (

    {{ select_from_raw(source('health', 'health_immunisations')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as financial_year,
        child_key,
        {{ dd_mm_yyyy('review_date') }} as review_date,
        {{ yes_no_flag('up_to_date') }} as is_up_to_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
