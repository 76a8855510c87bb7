with

source as (

    {{ select_from_raw(source('virtual_school', 'virtual_school_pupils')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as academic_term,
        left(_period, 7) as academic_year,
        child_key,
        {{ dd_mm_yyyy('census_date') }} as census_date,
        {{ text_value('school_urn') }} as school_urn,
        case
            when upper(trim(nc_year)) = 'R' then 0
            else {{ safe_integer('nc_year') }}
        end as national_curriculum_year,
        {{ text_value('sen_provision') }} as sen_provision_code,
        {{ dd_mm_yyyy('ehcp_start_date') }} as ehcp_start_date,
        {{ text_value('sen_primary_need') }} as sen_primary_need_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
