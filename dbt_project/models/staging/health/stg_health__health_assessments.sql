with

source as (

    {{ select_from_raw(source('health', 'health_health_assessments')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as financial_year,
        child_key,
        {{ text_value('assessment_type') }} as assessment_type_code,
        {{ dd_mm_yyyy('requested_date') }} as requested_date,
        {{ dd_mm_yyyy('due_date') }} as due_date,
        {{ dd_mm_yyyy('completed_date') }} as completed_date,
        {{ yes_no_flag('health_check_up_to_date') }} as is_health_check_up_to_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
