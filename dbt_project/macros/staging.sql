{#- Helpers for the staging layer: every raw value is text as delivered, and staging types it.
    A value that cannot be what its column holds becomes null here; the raw quality gate
    reports such values with the file and row, so null in staging means "not given". -#}

{#- A delivered raw table. A raw table is created by its source's first delivery, and only
    the 903 return is mandatory, so a source may not have delivered a table yet (a monthly
    extract without OC2, a council without a Virtual School export). Then the staging model
    selects from an empty relation with the columns declared for the table in its source's
    YAML, so it and everything downstream still build, empty. -#}
{% macro select_from_raw(relation) -%}
    {%- if execute and load_relation(relation) is none -%}
        {%- set columns = declared_source_columns(relation) -%}
        select
            {%- for column in columns %}
            null::text as {{ adapter.quote(column) }},
            {%- endfor %}
            null::jsonb as _extra,
            null::uuid as _batch_id,
            null::text as _source_file,
            null::integer as _row_number,
            null::text as _la_code,
            null::text as _period,
            null::timestamptz as _loaded_at
        where false
    {%- else -%}
        select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- The columns a source table declares in its YAML (delivered columns, lower case, plus
    child_key where the layout names the child). -#}
{% macro declared_source_columns(relation) -%}
    {%- set found = [] -%}
    {%- for node in graph.sources.values() -%}
        {%- if node.schema == relation.schema and node.identifier == relation.identifier -%}
            {%- do found.append(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not found or not found[0].columns -%}
        {{ exceptions.raise_compiler_error(
            "Source table " ~ relation ~ " does not exist yet and declares no columns in its "
            ~ "sources YAML, so an empty stand-in cannot be built: list its columns there."
        ) }}
    {%- endif -%}
    {{ return(found[0].columns.keys() | list) }}
{%- endmacro %}

{#- Trimmed text; blank becomes null. -#}
{% macro text_value(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{#- A dd/mm/yyyy date (the CSV exports write them so; workbook and database dates are read
    back as dd/mm/yyyy at load). Same rule as ssda903_date, for the non-903 sources. -#}
{% macro dd_mm_yyyy(column) -%}
    raw.parse_ddmmyyyy(trim({{ column }}))
{%- endmacro %}

{#- A date of birth degraded to the first day of its month (domain spec §4.2). -#}
{% macro birth_month(column) -%}
    date_trunc('month', raw.parse_ddmmyyyy(trim({{ column }})))::date
{%- endmacro %}

{#- A whole number; anything else (blank, text, decimals, out of range) becomes null. -#}
{% macro safe_integer(column) -%}
    case when trim({{ column }}) ~ '^[+-]?[0-9]{1,9}$' then trim({{ column }})::integer end
{%- endmacro %}

{#- A decimal number; anything else becomes null. -#}
{% macro safe_numeric(column) -%}
    case
        when trim({{ column }}) ~ '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$'
            then trim({{ column }})::numeric
    end
{%- endmacro %}

{#- A 903-style 0/1 flag as a boolean; blank (or anything else) becomes null. -#}
{% macro zero_one_flag(column) -%}
    case trim({{ column }}) when '1' then true when '0' then false end
{%- endmacro %}

{#- A Y/N answer as a boolean; blank (or anything else) becomes null. -#}
{% macro yes_no_flag(column) -%}
    case upper(trim({{ column }})) when 'Y' then true when 'N' then false end
{%- endmacro %}

{#- A survey tool's Likert label as its score, 1 (strongly disagree) to 5 (strongly agree);
    blank or an unknown label becomes null. -#}
{% macro likert_score(column) -%}
    case lower(trim({{ column }}))
        when 'strongly disagree' then 1
        when 'disagree' then 2
        when 'neither agree nor disagree' then 3
        when 'agree' then 4
        when 'strongly agree' then 5
    end
{%- endmacro %}

{#- Postcode district (outward code), as geography.postcode_district derives it at load. -#}
{% macro postcode_district(column) -%}
    nullif(split_part(upper(regexp_replace(trim({{ column }}), '\s+', ' ', 'g')), ' ', 1), '')
{%- endmacro %}

{#- The collection (financial) year, 1 April to 31 March, that a date falls in: '2025-26'. -#}
{% macro collection_year_of(date_expression) -%}
    to_char(({{ date_expression }}) - interval '3 months', 'YYYY')
    || '-'
    || to_char(({{ date_expression }}) + interval '9 months', 'YY')
{%- endmacro %}

{#- The collection year a month such as '2026-10' falls in ('2026-27'). A period that is
    already a collection year ('2025-26') is kept; anything else becomes null. -#}
{% macro collection_year_of_month(column) -%}
    case
        when {{ column }} !~ '^[0-9]{4}-[0-9]{2}$' then null
        when right({{ column }}, 2)::int = (left({{ column }}, 4)::int + 1) % 100
            then {{ column }}
        when right({{ column }}, 2)::int between 1 and 12
            then {{ collection_year_of("to_date(" ~ column ~ " || '-01', 'YYYY-MM-DD')") }}
    end
{%- endmacro %}
