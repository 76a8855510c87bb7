with

source as (

    {{ select_from_raw(source('health', 'health_sdq')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as financial_year,
        child_key,
        {{ dd_mm_yyyy('sdq_date') }} as sdq_date,
        {{ text_value('informant') }} as informant_code,
        {{ safe_integer('total_score') }} as total_difficulties_score,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
