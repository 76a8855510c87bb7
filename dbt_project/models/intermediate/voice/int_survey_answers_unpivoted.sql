-- One row per answered question of each survey response (children in care council, care
-- leavers, foster carers). Scores only: free text never leaves raw.

with

cicc as (

    select * from {{ ref('stg_voice__cicc_survey_responses') }}

),

care_leavers as (

    select * from {{ ref('stg_voice__care_leaver_survey_responses') }}

),

carers as (

    select * from {{ ref('stg_voice__carer_feedback_responses') }}

),

answers as (

    select
        cicc.la_code,
        'cicc_survey' as survey_name,
        cicc.response_id,
        cicc.batch_id,
        cicc.source_row_number,
        cicc.submitted_date,
        cicc.collection_year,
        cicc.age_band as respondent_group,
        questions.question_code,
        questions.question_text,
        questions.score
    from cicc
    cross join
        lateral (
            values
            ('feel_safe', 'I feel safe where I live', cicc.feel_safe_score),
            ('trusted_adult', 'I have an adult I trust', cicc.trusted_adult_score),
            ('settled', 'I feel settled where I live', cicc.settled_score),
            ('views_listened_to', 'My views are listened to', cicc.views_listened_to_score),
            ('see_family', 'I see my family as much as I want', cicc.see_family_score),
            ('know_social_worker', 'I know who my social worker is', cicc.know_social_worker_score)
        ) as questions (question_code, question_text, score)

    union all

    select
        care_leavers.la_code,
        'care_leaver_survey' as survey_name,
        care_leavers.response_id,
        care_leavers.batch_id,
        care_leavers.source_row_number,
        care_leavers.submitted_date,
        care_leavers.collection_year,
        care_leavers.age_band as respondent_group,
        questions.question_code,
        questions.question_text,
        questions.score
    from care_leavers
    cross join
        lateral (
            values
            ('feel_safe_at_home', 'I feel safe at home', care_leavers.feel_safe_at_home_score),
            ('pa_helpful', 'My personal adviser is helpful', care_leavers.pa_helpful_score),
            ('manage_money', 'I can manage my money', care_leavers.manage_money_score),
            (
                'ready_for_independence', 'I felt ready for independence',
                care_leavers.ready_for_independence_score
            ),
            (
                'know_entitlements', 'I know what I am entitled to',
                care_leavers.know_entitlements_score
            )
        ) as questions (question_code, question_text, score)

    union all

    select
        carers.la_code,
        'carer_feedback' as survey_name,
        carers.response_id,
        carers.batch_id,
        carers.source_row_number,
        carers.submitted_date,
        carers.collection_year,
        carers.carer_type as respondent_group,
        questions.question_code,
        questions.question_text,
        questions.score
    from carers
    cross join lateral (
        values
        ('feel_supported', 'I feel supported', carers.feel_supported_score),
        ('training_useful', 'Training is useful', carers.training_useful_score),
        (
            'get_information_needed', 'I get the information I need',
            carers.get_information_needed_score
        ),
        (
            'social_worker_contact', 'Contact with the child''s social worker is good',
            carers.social_worker_contact_score
        ),
        ('would_recommend', 'I would recommend fostering for the council', carers.would_recommend_score)
    ) as questions (question_code, question_text, score)

),

-- A response delivered twice (same response ID) counts once: its first delivered row.
ranked as (

    select
        *,
        coalesce(response_id, batch_id::text || '#' || source_row_number::text) as response_key,
        row_number() over (
            partition by
                la_code, survey_name, question_code,
                coalesce(response_id, batch_id::text || '#' || source_row_number::text)
            order by submitted_date, batch_id, source_row_number
        ) as occurrence
    from answers

),

final as (

    select
        la_code,
        survey_name,
        collection_year,
        response_key,
        submitted_date,
        respondent_group,
        question_code,
        question_text,
        score,
        score >= 4 as is_agreeing
    from ranked
    where
        occurrence = 1
        and score is not null
        and collection_year is not null

)

select * from final
