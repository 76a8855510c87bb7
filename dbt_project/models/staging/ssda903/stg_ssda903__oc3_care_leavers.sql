with

source as (

    {{ select_from_raw(source('ssda903', 'ssda903_oc3')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as collection_year,
        child_key,
        {{ birth_month('dob') }} as birth_month,
        nullif(trim(in_touch), '') as in_touch_code,
        nullif(trim(activ), '') as activity_code,
        nullif(trim(accom), '') as accommodation_code,
        case when trim(accom) ~ '^[A-Z][12]$' then left(trim(accom), 1) end as accommodation_type_code,
        case
            when trim(accom) ~ '^[A-Z]1$' then true
            when trim(accom) ~ '^[A-Z]2$' then false
        end as is_accommodation_suitable,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
