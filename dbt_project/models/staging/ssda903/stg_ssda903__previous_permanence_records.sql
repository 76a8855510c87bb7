with

source as (

    {{ select_from_raw(source('ssda903', 'ssda903_previous_permanence')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as collection_year,
        child_key,
        {{ birth_month('dob') }} as birth_month,
        nullif(trim(prev_perm), '') as previous_permanence_code,
        nullif(trim(la_perm), '') as permanence_la_number,
        {{ ssda903_date('date_perm') }} as previous_permanence_date,
        nullif(trim(date_perm), '') as previous_permanence_date_as_returned,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
