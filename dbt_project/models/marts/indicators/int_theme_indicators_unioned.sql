-- depends_on: {{ ref('annual_review_indicators') }}
-- depends_on: {{ ref('care_leavers_indicators') }}
-- depends_on: {{ ref('education_eet_indicators') }}
-- depends_on: {{ ref('health_indicators') }}
-- depends_on: {{ ref('housing_placements_indicators') }}
-- depends_on: {{ ref('voice_indicators') }}
{#- Every theme's indicators in one relation. The themes are found when the model is
    compiled: each model under models/marts/ whose name ends in `_indicators` (outside this
    folder) is read, selecting only the columns of the contract (docs/indicators.md), so a
    new theme joins without editing this file. dbt only orders models it knows at parse time,
    so each theme is also named in a `depends_on` hint above; a theme without a hint is still
    read (when its table exists) and a warning says to add the hint.
    test_benchmarks.py fails while a theme is missing from the hints. -#}
{%- set themes = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() | sort(attribute='name') -%}
        {%- if node.resource_type == 'model'
            and node.package_name == project_name
            and node.fqn[1] == 'marts'
            and node.fqn[2] != 'indicators'
            and node.name.endswith('_indicators') -%}
            {%- if node.unique_id in model.depends_on.nodes -%}
                {%- do themes.append((node.name, ref(node.name))) -%}
            {%- else -%}
                {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
                {%- do log(
                    "int_theme_indicators_unioned: " ~ node.name ~ " is not in the depends_on "
                    ~ "hints, so dbt may build it later; add '-- depends_on: {{ ref('"
                    ~ node.name ~ "') }}' to int_theme_indicators_unioned.sql", info=true) -%}
                {%- if relation is not none -%}
                    {%- do themes.append((node.name, relation)) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

unioned as (

    {%- for theme_name, relation in themes %}

    select
        la_code::text as la_code,
        period_type::text as period_type,
        period_label::text as period_label,
        period_end_date::date as period_end_date,
        indicator_id::text as indicator_id,
        breakdown_type::text as breakdown_type,
        breakdown_value::text as breakdown_value,
        numerator::numeric as numerator,
        denominator::numeric as denominator,
        value::numeric as value,
        '{{ theme_name }}' as theme_model
    from {{ relation }}
    {% if not loop.last %}union all{% endif %}
    {%- else %}

    select
        null::text as la_code,
        null::text as period_type,
        null::text as period_label,
        null::date as period_end_date,
        null::text as indicator_id,
        null::text as breakdown_type,
        null::text as breakdown_value,
        null::numeric as numerator,
        null::numeric as denominator,
        null::numeric as value,
        null::text as theme_model
    where false
    {%- endfor %}

)

select * from unioned
