{#- The grain test for models keyed on several columns (no package download needed). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
with grouped as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as rows_with_this_key
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
)

select * from grouped
where rows_with_this_key > 1
{% endtest %}
