{#- Use the configured schema names as they are (staging, intermediate, marts, reference),
    so grants and the BI layer can rely on stable, environment-independent names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
