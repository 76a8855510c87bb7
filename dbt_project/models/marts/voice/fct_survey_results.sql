-- One row per LA, survey, collection year and question: responses, share agreeing and mean
-- score. Aggregates only; no free text.

with

answers as (

    select * from {{ ref('int_survey_answers_unpivoted') }}

),

final as (

    select
        la_code,
        survey_name,
        collection_year,
        question_code,
        question_text,
        count(*) as responses,
        count(*) filter (where is_agreeing) as responses_agreeing,
        round(100.0 * count(*) filter (where is_agreeing) / count(*), 1) as percent_agreeing,
        round(avg(score), 2) as mean_score
    from answers
    group by la_code, survey_name, collection_year, question_code, question_text

)

select * from final
