with

source as (

    {{ select_from_raw(source('virtual_school', 'virtual_school_post16')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as academic_term,
        left(_period, 7) as academic_year,
        child_key,
        {{ dd_mm_yyyy('recorded_date') }} as recorded_date,
        case
            when upper(trim(nc_year)) = 'R' then 0
            else {{ safe_integer('nc_year') }}
        end as national_curriculum_year,
        {{ text_value('destination') }} as destination_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
