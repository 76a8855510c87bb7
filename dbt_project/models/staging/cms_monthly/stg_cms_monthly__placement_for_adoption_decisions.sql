with

source as (

    {{ select_from_raw(source('cms_monthly', 'cms_monthly_placed_for_adoption')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as extract_month,
        {{ collection_year_of_month('_period') }} as collection_year,
        child_key,
        {{ birth_month('dob') }} as birth_month,
        {{ ssda903_date('date_placed') }} as decision_date,
        {{ ssda903_date('date_placed_ceased') }} as decision_reversed_date,
        nullif(trim(reason_placed_ceased), '') as decision_reversed_reason_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
