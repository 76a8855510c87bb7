with

source as (

    {{ select_from_raw(source('virtual_school', 'virtual_school_attendance')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as academic_term,
        left(_period, 7) as academic_year,
        child_key,
        {{ text_value('school_urn') }} as school_urn,
        {{ dd_mm_yyyy('term_start') }} as period_start_date,
        {{ dd_mm_yyyy('term_end') }} as period_end_date,
        {{ safe_integer('possible_sessions') }} as possible_sessions,
        {{ safe_integer('present_sessions') }} as present_sessions,
        {{ safe_integer('authorised_absence') }} as authorised_absence_sessions,
        {{ safe_integer('unauthorised_absence') }} as unauthorised_absence_sessions,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
