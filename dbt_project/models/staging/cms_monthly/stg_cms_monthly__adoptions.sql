with

source as (

    {{ select_from_raw(source('cms_monthly', 'cms_monthly_ad1')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as extract_month,
        {{ collection_year_of_month('_period') }} as collection_year,
        child_key,
        {{ birth_month('dob') }} as birth_month,
        {{ ssda903_date('date_int') }} as decision_to_place_date,
        {{ ssda903_date('date_match') }} as matched_date,
        {{ zero_one_flag('foster_care') }} as is_adopted_by_foster_carer,
        {{ safe_integer('nb_adoptr') }} as adopter_count,
        nullif(trim(sex_adoptr), '') as adopter_sex_code,
        nullif(trim(ls_adoptr), '') as adopter_legal_status_code,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
