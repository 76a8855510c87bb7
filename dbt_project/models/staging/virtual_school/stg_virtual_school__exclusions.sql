with

source as (

    {{ select_from_raw(source('virtual_school', 'virtual_school_exclusions')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as academic_term,
        left(_period, 7) as academic_year,
        child_key,
        {{ text_value('school_urn') }} as school_urn,
        {{ text_value('category') }} as exclusion_category,
        {{ dd_mm_yyyy('start_date') }} as exclusion_start_date,
        {{ safe_integer('sessions') }} as excluded_sessions,
        {{ text_value('reason') }} as exclusion_reason_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
