with

source as (

    {{ select_from_raw(source('ssda903', 'ssda903_uasc')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as collection_year,
        child_key,
        nullif(trim(sex), '') as sex_code,
        case
            when trim(sex) in ('1', 'M') then 'Male'
            when trim(sex) in ('2', 'F') then 'Female'
            when trim(sex) = 'U' then 'Unknown'
        end as sex,
        {{ birth_month('dob') }} as birth_month,
        {{ ssda903_date('duc') }} as uasc_ceased_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
