with

source as (

    {{ select_from_raw(source('virtual_school', 'virtual_school_attainment')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as academic_term,
        left(_period, 7) as academic_year,
        child_key,
        {{ text_value('academic_year') }} as results_academic_year,
        {{ text_value('key_stage') }} as key_stage,
        {{ zero_one_flag('reading_expected') }} as met_expected_standard_reading,
        {{ zero_one_flag('writing_expected') }} as met_expected_standard_writing,
        {{ zero_one_flag('maths_expected') }} as met_expected_standard_maths,
        {{ safe_numeric('attainment8') }} as attainment_8_score,
        {{ text_value('english_grade') }} as english_grade,
        {{ text_value('maths_grade') }} as maths_grade,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
