with

source as (

    {{ select_from_raw(source('health', 'health_camhs_referrals')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as financial_year,
        child_key,
        {{ dd_mm_yyyy('referral_date') }} as referral_date,
        {{ text_value('outcome') }} as referral_outcome_code,
        {{ dd_mm_yyyy('first_appointment_date') }} as first_appointment_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
