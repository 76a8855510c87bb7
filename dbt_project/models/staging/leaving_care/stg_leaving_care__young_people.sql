with

source as (

    {{ select_from_raw(source('leaving_care', 'leaving_care_young_people')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as extract_period,
        _loaded_at as snapshot_loaded_at,
        child_key,
        {{ birth_month('date_of_birth') }} as birth_month,
        {{ text_value('eligibility') }} as eligibility_code,
        {{ dd_mm_yyyy('left_care_date') }} as left_care_date,
        {{ text_value('personal_adviser_id') }} as personal_adviser_id,
        {{ dd_mm_yyyy('pa_allocated_date') }} as pa_allocated_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
