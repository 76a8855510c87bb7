-- The panel dashboards' figures: one row per panel theme and headline figure of
-- rpt_indicators (already suppressed), with what a dashboard shows beside each number:
-- England's figure and its year, the comparison in words, the statistical neighbours, and
-- the previous period of the same kind. Themes are split on ';' (a row of 'H;He' belongs to
-- both H and He); the annual review (A) covers every indicator, year on year.

with

headline_figures as (

    select * from {{ ref('rpt_indicators') }}
    where breakdown_type = 'all'

),

tagged_themes as (

    select
        headline_figures.*,
        trim(theme_code) as theme_code
    from headline_figures
    cross join lateral unnest(string_to_array(headline_figures.themes, ';')) as theme_code

),

figures_by_theme as (

    -- Every indicator is part of the annual review, whether or not it is tagged 'A'.
    select * from tagged_themes
    where theme_code <> 'A'

    union all

    select
        headline_figures.*,
        'A' as theme_code
    from headline_figures

),

with_previous_period as (

    select
        *,
        max(period_end_date) over latest_of_kind = period_end_date as is_latest_period,
        lag(period_label) over earlier_of_kind as previous_period_label,
        lag(display_value) over earlier_of_kind as previous_display_value,
        lag(value) over earlier_of_kind as previous_value
    from figures_by_theme
    window
        latest_of_kind as (partition by theme_code, la_code, indicator_id, period_type),
        earlier_of_kind as (
            partition by theme_code, la_code, indicator_id, period_type
            order by period_end_date
        )

),

final as (

    select
        theme_code,
        la_code,
        la_name,
        period_type,
        period_label,
        period_end_date,
        is_latest_period,
        indicator_id,
        indicator_name,
        unit,
        direction_of_good,
        value,
        display_value,
        suppression,
        england_value,
        england_period_label,
        case
            when england_value is not null
                then {{ display_value('unit', 'england_value', 'null') }}
            else 'not published'
        end as england_display_value,
        -- A trend plots England only for the same year: an older figure carried forward
        -- would look like a flat national line.
        case
            when england_period_label = period_label then england_value
        end as england_value_same_period,
        case
            when comparison_to_england is not null then comparison_to_england
            when suppression is not null then 'not compared (suppressed)'
            when england_value is null then 'no England figure'
            when unit = 'count' then 'not compared (a count)'
            else 'not compared'
        end as comparison_to_england,
        statistical_neighbour_value,
        case
            when statistical_neighbour_value is not null
                then {{ display_value('unit', 'statistical_neighbour_value', 'null') }}
            else 'not published'
        end as neighbours_display_value,
        previous_period_label,
        previous_display_value,
        case
            when value is null or previous_value is null then null
            when value > previous_value then 'up'
            when value < previous_value then 'down'
            else 'no change'
        end as change_on_previous_period
    from with_previous_period

)

select * from final
