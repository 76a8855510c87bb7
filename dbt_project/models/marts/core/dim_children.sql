-- The child spine: one row per child (LA x child_key) seen in any source that names children.

{% set child_models = {
    'ssda903': [
        'stg_ssda903__headers',
        'stg_ssda903__episodes',
        'stg_ssda903__reviews',
        'stg_ssda903__uasc_children',
        'stg_ssda903__oc2_outcomes',
        'stg_ssda903__oc3_care_leavers',
        'stg_ssda903__adoptions',
        'stg_ssda903__placement_for_adoption_decisions',
        'stg_ssda903__previous_permanence_records',
        'stg_ssda903__missing_episodes',
        'stg_ssda903__social_worker_episodes',
    ],
    'cms_monthly': [
        'stg_cms_monthly__headers',
        'stg_cms_monthly__episodes',
        'stg_cms_monthly__reviews',
        'stg_cms_monthly__uasc_children',
        'stg_cms_monthly__oc2_outcomes',
        'stg_cms_monthly__oc3_care_leavers',
        'stg_cms_monthly__adoptions',
        'stg_cms_monthly__placement_for_adoption_decisions',
        'stg_cms_monthly__previous_permanence_records',
        'stg_cms_monthly__missing_episodes',
        'stg_cms_monthly__social_worker_episodes',
    ],
    'virtual_school': [
        'stg_virtual_school__pupils',
        'stg_virtual_school__personal_education_plans',
        'stg_virtual_school__attendance_records',
        'stg_virtual_school__exclusions',
        'stg_virtual_school__attainment_results',
        'stg_virtual_school__school_moves',
        'stg_virtual_school__post16_destinations',
    ],
    'health': [
        'stg_health__health_assessments',
        'stg_health__dental_checks',
        'stg_health__immunisation_reviews',
        'stg_health__sdq_scores',
        'stg_health__camhs_referrals',
    ],
    'leaving_care': [
        'stg_leaving_care__young_people',
        'stg_leaving_care__pathway_plans',
        'stg_leaving_care__contacts',
        'stg_leaving_care__accommodation_spells',
        'stg_leaving_care__activity_spells',
        'stg_leaving_care__staying_put_arrangements',
    ],
} -%}

with

ssda903_headers as (

    select * from {{ ref('stg_ssda903__headers') }}

),

monthly_headers as (

    select * from {{ ref('stg_cms_monthly__headers') }}

),

leaving_care_young_people as (

    select * from {{ ref('stg_leaving_care__young_people') }}

),

leaving_care_birth_months as (

    select
        la_code,
        child_key,
        min(birth_month) as birth_month
    from leaving_care_young_people
    group by la_code, child_key

),

-- Every (child, source) pair, with the collection year for the case-management sources.
sightings as (

    {% for source_name, models in child_models.items() -%}
        {%- for model_name in models %}
            select distinct
                la_code,
                child_key,
                '{{ source_name }}' as source_name,
                {% if source_name in ('ssda903', 'cms_monthly') -%}
                    collection_year
                {%- else -%}
                    null::text as collection_year
                {%- endif %}
            from {{ ref(model_name) }}
            {% if not loop.last %}union all{% endif %}
        {%- endfor %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

children as (

    select
        la_code,
        child_key,
        min(collection_year) as first_collection_year,
        max(collection_year) as last_collection_year,
        bool_or(source_name = 'ssda903') as in_ssda903,
        bool_or(source_name = 'cms_monthly') as in_cms_monthly,
        bool_or(source_name = 'virtual_school') as in_virtual_school,
        bool_or(source_name = 'health') as in_health,
        bool_or(source_name = 'leaving_care') as in_leaving_care,
        count(distinct source_name) as source_count
    from sightings
    group by la_code, child_key

),

-- The child's details as the latest annual return gives them; for a child in no annual
-- return yet, as the latest monthly extract gives them.
header_versions as (

    select
        la_code,
        child_key,
        sex,
        ethnicity_code,
        birth_month,
        1 as source_priority,
        collection_year as reported_in
    from ssda903_headers

    union all

    select
        la_code,
        child_key,
        sex,
        ethnicity_code,
        birth_month,
        2 as source_priority,
        extract_month as reported_in
    from monthly_headers

),

ranked_headers as (

    select
        la_code,
        child_key,
        sex,
        ethnicity_code,
        birth_month,
        row_number() over (
            partition by la_code, child_key
            order by source_priority asc, reported_in desc
        ) as recency
    from header_versions

),

latest_headers as (

    select
        la_code,
        child_key,
        sex,
        ethnicity_code,
        birth_month
    from ranked_headers
    where recency = 1

),

final as (

    select
        children.la_code,
        children.child_key,
        coalesce(latest_headers.birth_month, leaving_care_birth_months.birth_month)
            as birth_month,
        latest_headers.sex,
        latest_headers.ethnicity_code,
        children.first_collection_year,
        children.last_collection_year,
        children.in_ssda903,
        children.in_cms_monthly,
        children.in_virtual_school,
        children.in_health,
        children.in_leaving_care,
        children.source_count
    from children
    left join latest_headers
        on
            children.la_code = latest_headers.la_code
            and children.child_key = latest_headers.child_key
    left join leaving_care_birth_months
        on
            children.la_code = leaving_care_birth_months.la_code
            and children.child_key = leaving_care_birth_months.child_key

)

select * from final
