with

source as (

    select * from {{ source('ssda903', 'ssda903_header') }}

),

renamed as (

    select
        _la_code as la_code,
        _period as collection_year,
        child_key,
        nullif(sex, '') as sex_code,
        case
            when sex in ('1', 'M') then 'Male'
            when sex in ('2', 'F') then 'Female'
            when sex = 'U' then 'Unknown'
        end as sex,
        -- Degraded to the first of the month outside the restricted zone; ages at 31 March
        -- are unaffected because 31 March is the last day of its month.
        date_trunc('month', {{ ssda903_date('dob') }})::date as birth_month,
        nullif(ethnic, '') as ethnicity_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
