-- Every panel figure (docs/indicators.md): each theme's indicator rows with the catalogue's
-- name, unit and direction, the council's name, England's value for the same period, the
-- statistical neighbours' average (their cells here, else DfE's LA-level figures), the
-- council's target and RAG status. Unsuppressed: restricted to marts; the panel sees
-- reporting_public.rpt_indicators.

with

theme_rows as (

    select
        *,
        -- The calendar year the period ends in (2025-26 ends in 2026).
        coalesce(
            extract(year from period_end_date)::int,
            left(period_label, 4)::int + 1
        ) as period_year_end
    from {{ ref('int_theme_indicators_unioned') }}

),

indicators as (

    select * from {{ ref('dim_indicators') }}

),

local_authorities as (

    select * from {{ ref('stg_reference__local_authorities') }}

),

england as (

    select * from {{ ref('fct_england_benchmarks') }}

),

neighbours as (

    select * from {{ ref('statistical_neighbours') }}

),

la_benchmarks as (

    select * from {{ ref('fct_la_benchmarks') }}

),

targets as (

    select * from {{ ref('indicator_targets') }}

),

neighbour_values as (

    -- For each neighbour: its own value here when this warehouse has its cell, else (headline
    -- rows) DfE's published LA-level figure; the mean over neighbours with a figure.
    {{ statistical_neighbour_average('theme_rows', 'neighbours', 'la_benchmarks') }}

),

joined as (

    select
        theme_rows.la_code,
        local_authorities.la_name,
        theme_rows.period_type,
        theme_rows.period_label,
        theme_rows.period_end_date,
        theme_rows.indicator_id,
        indicators.indicator_name,
        indicators.indicator_group,
        indicators.themes,
        indicators.unit,
        indicators.direction_of_good,
        theme_rows.breakdown_type,
        theme_rows.breakdown_value,
        theme_rows.numerator,
        theme_rows.denominator,
        theme_rows.value,
        -- England figures are for all children: only the headline row is compared.
        case when theme_rows.breakdown_type = 'all' then england.england_value end
            as england_value,
        case when theme_rows.breakdown_type = 'all' then england.period_label end
            as england_period_label,
        case when theme_rows.breakdown_type = 'all' then england.published_date end
            as england_published_date,
        case when theme_rows.breakdown_type = 'all' then england.source_dataset end
            as england_source_dataset,
        neighbour_values.statistical_neighbour_value,
        coalesce(neighbour_values.statistical_neighbours_with_value, 0)
            as statistical_neighbours_with_value,
        coalesce(own_target.target, default_target.target) as target,  -- noqa: RF04
        coalesce(own_target.amber_tolerance, default_target.amber_tolerance)
            as amber_tolerance,
        theme_rows.theme_model
    from theme_rows
    left join indicators
        on theme_rows.indicator_id = indicators.indicator_id
    left join local_authorities
        on theme_rows.la_code = local_authorities.la_code
    -- England's figure for the same year, else its latest published year up to two years
    -- earlier (DfE publishes each November, after the panel has seen the council's own
    -- figure); england_period_label says which year it is. The rolling 12 months are
    -- compared with the latest statutory year.
    left join lateral (
        select candidate.*
        from england as candidate
        where
            candidate.indicator_id = theme_rows.indicator_id
            and (
                candidate.period_type = theme_rows.period_type
                or (
                    theme_rows.period_type = 'rolling_12_months'
                    and candidate.period_type = 'statutory_year'
                )
            )
            and left(candidate.period_label, 4)::int + 1
            between theme_rows.period_year_end - 2 and theme_rows.period_year_end
        order by left(candidate.period_label, 4)::int desc
        limit 1
    ) as england on true
    left join neighbour_values
        on
            theme_rows.la_code = neighbour_values.la_code
            and theme_rows.period_type = neighbour_values.period_type
            and theme_rows.period_label = neighbour_values.period_label
            and theme_rows.indicator_id = neighbour_values.indicator_id
            and theme_rows.breakdown_type = neighbour_values.breakdown_type
            and theme_rows.breakdown_value = neighbour_values.breakdown_value
    left join targets as own_target
        on
            theme_rows.la_code = own_target.la_code
            and theme_rows.indicator_id = own_target.indicator_id
    left join targets as default_target
        on
            default_target.la_code = 'default'
            and theme_rows.indicator_id = default_target.indicator_id

),

final as (

    select
        la_code,
        la_name,
        period_type,
        period_label,
        period_end_date,
        indicator_id,
        indicator_name,
        indicator_group,
        themes,
        unit,
        direction_of_good,
        breakdown_type,
        breakdown_value,
        numerator,
        denominator,
        value,
        england_value,
        england_period_label,
        england_published_date,
        england_source_dataset,
        {{ comparison_to_england('value', 'england_value', 'unit', 'direction_of_good') }}
            as comparison_to_england,
        statistical_neighbour_value,
        statistical_neighbours_with_value,
        target,
        amber_tolerance,
        {{ rag_status('value', 'target', 'amber_tolerance', 'direction_of_good') }}
            as rag_status,
        theme_model
    from joined

)

select * from final
