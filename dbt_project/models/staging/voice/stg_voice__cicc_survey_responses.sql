with

source as (

    {{ select_from_raw(source('voice', 'voice_cicc_survey')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as delivery_name,
        {{ text_value('response_id') }} as response_id,
        {{ dd_mm_yyyy('submitted_date') }} as submitted_date,
        {{ collection_year_of(dd_mm_yyyy('submitted_date')) }} as collection_year,
        {{ text_value('age_band') }} as age_band,
        {{ text_value('placement_type') }} as placement_type,
        {{ likert_score('q_feel_safe') }} as feel_safe_score,
        {{ likert_score('q_trusted_adult') }} as trusted_adult_score,
        {{ likert_score('q_settled') }} as settled_score,
        {{ likert_score('q_views_listened_to') }} as views_listened_to_score,
        {{ likert_score('q_see_family') }} as see_family_score,
        {{ likert_score('q_know_social_worker') }} as know_social_worker_score,
        {{ text_value('comment') }} is not null as has_comment,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
