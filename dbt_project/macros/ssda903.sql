{#- SSDA903 dates are dd/mm/yyyy text. Anything else becomes null here (raw.parse_ddmmyyyy is
    created by the loader); the raw gate has already rejected malformed dates with the file and
    row, so null means "not given". -#}
{% macro ssda903_date(column) -%}
    raw.parse_ddmmyyyy({{ column }})
{%- endmacro %}

{#- First day of a collection year such as '2025-26' (1 April 2025). -#}
{% macro collection_year_start(column) -%}
    make_date(left({{ column }}, 4)::int, 4, 1)
{%- endmacro %}

{#- Last day of a collection year such as '2025-26' (31 March 2026). -#}
{% macro collection_year_end(column) -%}
    make_date(left({{ column }}, 4)::int + 1, 3, 31)
{%- endmacro %}

{#- Whole years between a date of birth and a date. -#}
{% macro age_on(birth_date, on_date) -%}
    extract(year from age({{ on_date }}, {{ birth_date }}))::int
{%- endmacro %}
