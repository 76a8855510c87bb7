with

source as (

    {{ select_from_raw(source('reference', 'reference_ofsted_providers')) }}

),

renamed as (

    select
        {{ text_value('urn') }} as urn,
        {{ text_value('provider_type') }} as provider_type,
        {{ text_value('setting_name') }} as setting_name,
        {{ postcode_district('postcode') }} as postcode_district,
        {{ text_value('la_code') }} as la_code,
        {{ text_value('overall_effectiveness') }} as overall_effectiveness,
        {{ dd_mm_yyyy('inspection_date') }} as inspection_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
