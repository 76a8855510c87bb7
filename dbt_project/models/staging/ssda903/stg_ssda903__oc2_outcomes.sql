with

source as (

    {{ select_from_raw(source('ssda903', 'ssda903_oc2')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as collection_year,
        child_key,
        {{ birth_month('dob') }} as birth_month,
        {{ safe_integer('sdq_score') }} as sdq_score,
        nullif(trim(sdq_reason), '') as sdq_reason_code,
        {{ zero_one_flag('convicted') }} as is_convicted,
        {{ zero_one_flag('health_check') }} as is_health_check_up_to_date,
        {{ zero_one_flag('immunisations') }} as is_immunisations_up_to_date,
        {{ zero_one_flag('teeth_check') }} as is_teeth_check_up_to_date,
        {{ zero_one_flag('health_assessment') }} as is_health_assessment_up_to_date,
        {{ zero_one_flag('substance_misuse') }} as has_substance_misuse_problem,
        {{ zero_one_flag('intervention_received') }} as received_substance_misuse_intervention,
        {{ zero_one_flag('intervention_offered') }} as refused_substance_misuse_intervention,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
