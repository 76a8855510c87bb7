with

source as (

    {{ select_from_raw(source('voice', 'voice_carer_feedback')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as delivery_name,
        {{ text_value('response_id') }} as response_id,
        {{ dd_mm_yyyy('submitted_date') }} as submitted_date,
        {{ collection_year_of(dd_mm_yyyy('submitted_date')) }} as collection_year,
        {{ text_value('carer_type') }} as carer_type,
        {{ likert_score('q_feel_supported') }} as feel_supported_score,
        {{ likert_score('q_training_useful') }} as training_useful_score,
        {{ likert_score('q_get_information_needed') }} as get_information_needed_score,
        {{ likert_score('q_social_worker_contact') }} as social_worker_contact_score,
        {{ likert_score('q_would_recommend') }} as would_recommend_score,
        {{ text_value('comment') }} is not null as has_comment,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
