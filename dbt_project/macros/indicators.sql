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
