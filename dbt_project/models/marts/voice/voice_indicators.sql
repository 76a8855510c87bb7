-- Qualitative feedback (voice) indicators (catalogue Q01-Q03c) in the indicator contract
-- (docs/indicators.md); choices in the docs.

with

reviews as (

    select * from {{ ref('stg_ssda903__reviews') }}

),

iro_figures as (

    select * from {{ ref('fct_iro_report_figures') }}

),

survey_answers as (

    select * from {{ ref('int_survey_answers_unpivoted') }}

),

catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

-- Q01: one row per review in the year (a review given twice for the same child and day
-- counts once); PN0 (under 4) and unknown codes are outside the measure.
distinct_reviews as (

    select
        la_code,
        collection_year,
        child_key,
        review_date,
        min(review_participation_code) as review_participation_code
    from reviews
    where
        review_date between {{ collection_year_start('collection_year') }}
        and {{ collection_year_end('collection_year') }}
    group by la_code, collection_year, child_key, review_date

),

review_participation as (

    select
        la_code,
        'statutory_year' as period_type,
        collection_year as period_label,
        {{ collection_year_end('collection_year') }} as period_end_date,
        'Q01' as indicator_id,
        'all' as breakdown_type,
        'all' as breakdown_value,
        count(*) filter (
            where review_participation_code in ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6')
        ) as numerator,
        count(*) filter (
            where review_participation_code in ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7')
        ) as denominator
    from distinct_reviews
    group by la_code, collection_year

),

-- Q02: the IRO service's own count of reviews held and held in timescale.
reviews_in_timescale as (

    select
        la_code,
        'statutory_year' as period_type,
        collection_year as period_label,
        year_end_date as period_end_date,
        'Q02' as indicator_id,
        'all' as breakdown_type,
        'all' as breakdown_value,
        reviews_in_timescale::bigint as numerator,
        reviews_held::bigint as denominator
    from iro_figures
    where reviews_held is not null and reviews_in_timescale is not null

),

-- Q03a-c: share answering Agree or Strongly agree, by the collection year of submission.
survey_measures as (

    select
        survey_answers.la_code,
        survey_answers.collection_year,
        questions.indicator_id,
        survey_answers.is_agreeing,
        case
            when survey_answers.survey_name = 'care_leaver_survey'
                then survey_answers.respondent_group
        end as age_group
    from survey_answers
    inner join (
        values
        ('Q03a', 'cicc_survey', 'feel_safe'),
        ('Q03b', 'care_leaver_survey', 'pa_helpful'),
        ('Q03c', 'carer_feedback', 'feel_supported')
    ) as questions (indicator_id, survey_name, question_code)
        on
            survey_answers.survey_name = questions.survey_name
            and survey_answers.question_code = questions.question_code

),

survey_agreement as (

    select
        survey_measures.la_code,
        'statutory_year' as period_type,
        survey_measures.collection_year as period_label,
        {{ collection_year_end('survey_measures.collection_year') }} as period_end_date,
        survey_measures.indicator_id,
        breakdowns.breakdown_type,
        breakdowns.breakdown_value,
        count(*) filter (where survey_measures.is_agreeing) as numerator,
        count(*) as denominator
    from survey_measures
    cross join
        lateral (
            values
            ('all', 'all'),
            ('age_group', survey_measures.age_group)
        ) as breakdowns (breakdown_type, breakdown_value)
    where breakdowns.breakdown_value in ('all', '17-18', '19-21', '22-25')
    group by
        survey_measures.la_code, survey_measures.collection_year, survey_measures.indicator_id,
        breakdowns.breakdown_type, breakdowns.breakdown_value

),

measures as (

    select * from review_participation
    union all
    select * from reviews_in_timescale
    union all
    select * from survey_agreement

),

final as (

    select
        measures.la_code,
        measures.period_type,
        measures.period_label,
        measures.period_end_date,
        measures.indicator_id,
        measures.breakdown_type,
        measures.breakdown_value,
        measures.numerator,
        measures.denominator,
        {{ indicator_value('catalogue.unit', 'measures.numerator', 'measures.denominator') }}
            as value
    from measures
    inner join catalogue
        on measures.indicator_id = catalogue.indicator_id
    where measures.denominator > 0

)

select * from final
