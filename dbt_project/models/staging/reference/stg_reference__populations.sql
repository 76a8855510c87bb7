with

source as (

    {{ select_from_raw(source('reference', 'reference_population')) }}

),

renamed as (

    select
        {{ text_value('la_code') }} as la_code,
        {{ safe_integer('year') }} as mid_year,
        {{ safe_integer('population_0_17') }} as population_0_17,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
