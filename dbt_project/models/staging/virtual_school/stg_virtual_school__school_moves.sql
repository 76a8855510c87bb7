with

source as (

    {{ select_from_raw(source('virtual_school', 'virtual_school_school_moves')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as academic_term,
        left(_period, 7) as academic_year,
        child_key,
        {{ dd_mm_yyyy('move_date') }} as move_date,
        {{ text_value('from_school_urn') }} as from_school_urn,
        {{ text_value('to_school_urn') }} as to_school_urn,
        {{ text_value('move_reason') }} as move_reason_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
