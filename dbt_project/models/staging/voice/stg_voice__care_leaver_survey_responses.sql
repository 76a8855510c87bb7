with

source as (

    {{ select_from_raw(source('voice', 'voice_care_leaver_survey')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as delivery_name,
        {{ text_value('response_id') }} as response_id,
        {{ dd_mm_yyyy('submitted_date') }} as submitted_date,
        {{ collection_year_of(dd_mm_yyyy('submitted_date')) }} as collection_year,
        {{ text_value('age_band') }} as age_band,
        {{ likert_score('q_feel_safe_at_home') }} as feel_safe_at_home_score,
        {{ likert_score('q_pa_helpful') }} as pa_helpful_score,
        {{ likert_score('q_manage_money') }} as manage_money_score,
        {{ likert_score('q_ready_for_independence') }} as ready_for_independence_score,
        {{ likert_score('q_know_entitlements') }} as know_entitlements_score,
        {{ text_value('comment') }} is not null as has_comment,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
