{#- The value of an indicator from its numerator and denominator, by the catalogue's unit
    (docs/indicators.md). Percentages, rates and means to one decimal place. -#}
{% macro indicator_value(unit, numerator, denominator) -%}
    case
        when {{ unit }} = 'count' then ({{ numerator }})::numeric
        when {{ unit }} = 'median_days' then ({{ numerator }})::numeric
        when {{ denominator }} is null or {{ denominator }} = 0 then null
        when {{ unit }} = 'percent'
            then round(100.0 * {{ numerator }} / {{ denominator }}, 1)
        when {{ unit }} = 'rate_per_10000'
            then round(10000.0 * {{ numerator }} / {{ denominator }}, 1)
        when {{ unit }} = 'rate_per_100'
            then round(100.0 * {{ numerator }} / {{ denominator }}, 1)
        when {{ unit }} in ('mean', 'mean_days')
            then round(1.0 * {{ numerator }} / {{ denominator }}, 1)
    end
{%- endmacro %}

{#- DfE's age bands for children looked after (age in whole years on the date). -#}
{% macro dfe_age_band(age) -%}
    case
        when {{ age }} < 1 then 'Under 1'
        when {{ age }} < 5 then '1-4'
        when {{ age }} < 10 then '5-9'
        when {{ age }} < 16 then '10-15'
        else '16 and over'
    end
{%- endmacro %}

{#- DfE's publication groups of the ethnicity codes (first letter; domain spec §1.4.2). -#}
{% macro ethnicity_group(code) -%}
    case
        when {{ code }} in ('REFU', 'NOBT') or {{ code }} is null then 'Not known'
        when {{ code }} like 'W%' then 'White'
        when {{ code }} like 'M%' then 'Mixed'
        when {{ code }} like 'A%' then 'Asian'
        when {{ code }} like 'B%' then 'Black'
        else 'Other'
    end
{%- endmacro %}

{#- Indicator rows in the contract (docs/indicators.md) from child-level measures: one row
    per child and indicator with la_code, period_type, period_label, period_end_date,
    indicator_id, numerator_value (what the child adds), in_denominator, and the breakdown
    attributes age_band, sex, ethnicity_group, placement_type, legal_status (null when not
    known or not meaningful). Each child counts under 'all' and under each breakdown it has;
    a breakdown group with nobody in the denominator is left out, 'all' is always given. -#}
{% macro indicator_rows_by_breakdown(measures, catalogue) -%}
    with

    broken_down as (

        select
            measures.la_code,
            measures.period_type,
            measures.period_label,
            measures.period_end_date,
            measures.indicator_id,
            breakdowns.breakdown_type,
            breakdowns.breakdown_value,
            measures.numerator_value,
            measures.in_denominator
        from {{ measures }} as measures
        cross join
            lateral (
                values
                ('all', 'all'),
                ('age_band', measures.age_band),
                ('sex', measures.sex),
                ('ethnicity_group', measures.ethnicity_group),
                ('placement_type', measures.placement_type),
                ('legal_status', measures.legal_status)
            ) as breakdowns (breakdown_type, breakdown_value)
        where breakdowns.breakdown_value is not null

    ),

    aggregated as (

        select
            la_code,
            period_type,
            period_label,
            period_end_date,
            indicator_id,
            breakdown_type,
            breakdown_value,
            coalesce(sum(numerator_value) filter (where in_denominator), 0) as numerator,
            count(*) filter (where in_denominator) as denominator
        from broken_down
        group by
            la_code, period_type, period_label, period_end_date, indicator_id,
            breakdown_type, breakdown_value
        having breakdown_type = 'all' or count(*) filter (where in_denominator) > 0

    )

    select
        aggregated.la_code,
        aggregated.period_type,
        aggregated.period_label,
        aggregated.period_end_date,
        aggregated.indicator_id,
        aggregated.breakdown_type,
        aggregated.breakdown_value,
        aggregated.numerator,
        aggregated.denominator,
        {{ indicator_value('catalogue.unit', 'aggregated.numerator', 'aggregated.denominator') }}
            as value
    from aggregated
    inner join {{ catalogue }} as catalogue
        on aggregated.indicator_id = catalogue.indicator_id
{%- endmacro %}
