{#- The statistical neighbours' average of every cell of `cells` (the indicator contract's
    grain plus `value`): for each of the council's neighbours (`neighbours`: la_code,
    neighbour_la_code), the neighbour's own cell in `cells` when this warehouse has it, used
    only when `usable_cell` holds for it (an expression on `neighbour_cell`, e.g. that it is
    not suppressed), and otherwise, for headline rows only, DfE's published LA-level figure
    for the same indicator and period (`la_benchmarks`, fct_la_benchmarks: DfE's LA files
    have no breakdowns). A neighbour with neither, or with a hidden or symbol-only figure,
    is left out. Returns one row per cell that has neighbours: the mean over the neighbours
    with a figure (1 dp, null when none) and how many they were. -#}
{% macro statistical_neighbour_average(cells, neighbours, la_benchmarks, usable_cell='true') -%}
    {%- set grain = [
        'la_code', 'period_type', 'period_label', 'indicator_id', 'breakdown_type',
        'breakdown_value'
    ] -%}
    {%- set neighbour_figure -%}
        case
            when neighbour_cell.la_code is not null
                then case when {{ usable_cell }} then neighbour_cell.value end
            else published.value
        end
    {%- endset -%}
    select
        {%- for column in grain %}
        own_cell.{{ column }},
        {%- endfor %}
        round(avg({{ neighbour_figure }}), 1) as statistical_neighbour_value,
        count({{ neighbour_figure }})::int as statistical_neighbours_with_value
    from {{ cells }} as own_cell
    inner join {{ neighbours }} as neighbour
        on own_cell.la_code = neighbour.la_code
    left join {{ cells }} as neighbour_cell
        on
            neighbour.neighbour_la_code = neighbour_cell.la_code
            {%- for column in grain[1:] %}
            and own_cell.{{ column }} = neighbour_cell.{{ column }}
            {%- endfor %}
    left join {{ la_benchmarks }} as published
        on
            neighbour.neighbour_la_code = published.la_code
            and own_cell.breakdown_type = 'all'
            and own_cell.indicator_id = published.indicator_id
            and own_cell.period_type = published.period_type
            and own_cell.period_label = published.period_label
    group by
        {%- for column in grain %}
        own_cell.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
{%- endmacro %}
