-- The OC2 cohort (children looked after continuously for 12 months at 31 March), one row per
-- child and collection year, with the OC2 health flags, SDQ score and band (catalogue He01-He09).

with

oc2_rows as (

    select * from {{ ref('stg_ssda903__oc2_outcomes') }}

),

headers as (

    select * from {{ ref('stg_ssda903__headers') }}

),

looked_after_31_march as (

    select * from {{ ref('fct_children_looked_after_31_march') }}

),

-- A row delivered twice keeps its first copy (the later copy is the fault).
oc2_outcomes as (

    select distinct on (la_code, collection_year, child_key) *
    from oc2_rows
    order by la_code, collection_year, child_key, source_row_number

),

aged as (

    select
        oc2_outcomes.*,
        {{ collection_year_end('oc2_outcomes.collection_year') }} as snapshot_date,
        coalesce(headers.birth_month, oc2_outcomes.birth_month) as child_birth_month,
        headers.sex,
        headers.ethnicity_code
    from oc2_outcomes
    left join headers
        on
            oc2_outcomes.la_code = headers.la_code
            and oc2_outcomes.collection_year = headers.collection_year
            and oc2_outcomes.child_key = headers.child_key

),

banded as (

    select
        aged.*,
        {{ age_on('aged.child_birth_month', 'aged.snapshot_date') }} as age_at_31_march,
        case when aged.sdq_score between 0 and 40 then aged.sdq_score end as valid_sdq_score
    from aged

),

final as (

    select
        banded.la_code,
        banded.collection_year,
        banded.child_key,
        banded.snapshot_date,
        banded.child_birth_month as birth_month,
        banded.age_at_31_march,
        case
            when banded.age_at_31_march is null then 'Not known'
            else {{ dfe_age_band('banded.age_at_31_march') }}
        end as age_band,
        coalesce(banded.sex, 'Not known') as sex,
        {{ ethnicity_group('banded.ethnicity_code') }} as ethnicity_group,
        coalesce(looked_after_31_march.placement_group, 'Not known') as placement_type,
        coalesce(looked_after_31_march.legal_status_group, 'Not known') as legal_status_group,
        coalesce(banded.age_at_31_march < 5, false) as is_aged_under_5,
        coalesce(banded.age_at_31_march between 5 and 16, false) as is_aged_5_to_16,
        coalesce(banded.age_at_31_march >= 10, false) as is_aged_10_or_over,
        coalesce(banded.is_health_assessment_up_to_date, false) as had_health_assessment,
        coalesce(banded.is_teeth_check_up_to_date, false) as had_teeth_check,
        coalesce(banded.is_immunisations_up_to_date, false) as has_immunisations_up_to_date,
        coalesce(banded.is_health_check_up_to_date, false) as has_development_checks_up_to_date,
        banded.valid_sdq_score as sdq_score,
        case
            when banded.valid_sdq_score is null then 'No score'
            when banded.valid_sdq_score <= 13 then 'Normal (0-13)'
            when banded.valid_sdq_score <= 16 then 'Borderline (14-16)'
            else 'Cause for concern (17-40)'
        end as sdq_band,
        banded.sdq_reason_code,
        coalesce(banded.has_substance_misuse_problem, false) as has_substance_misuse_problem,
        coalesce(banded.has_substance_misuse_problem, false)
        and coalesce(banded.received_substance_misuse_intervention, false)
            as received_substance_misuse_intervention,
        coalesce(banded.has_substance_misuse_problem, false)
        and coalesce(banded.refused_substance_misuse_intervention, false)
            as refused_substance_misuse_intervention,
        coalesce(banded.is_convicted, false) as is_convicted
    from banded
    left join looked_after_31_march
        on
            banded.la_code = looked_after_31_march.la_code
            and banded.collection_year = looked_after_31_march.collection_year
            and banded.child_key = looked_after_31_march.child_key

)

select * from final
