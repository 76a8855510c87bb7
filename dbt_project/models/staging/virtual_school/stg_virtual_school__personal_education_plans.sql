with

source as (

    {{ select_from_raw(source('virtual_school', 'virtual_school_peps')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as academic_term,
        left(_period, 7) as academic_year,
        child_key,
        {{ text_value('pep_id') }} as pep_id,
        {{ dd_mm_yyyy('pep_date') }} as pep_date,
        {{ text_value('qa_rating') }} as qa_rating,
        {{ dd_mm_yyyy('qa_date') }} as qa_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
