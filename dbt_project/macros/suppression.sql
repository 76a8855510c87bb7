{#- Public reporting: small-number suppression (domain spec §4.3), and the judgements the
    panel sees beside a figure (RAG against the target, comparison with England and with the
    statistical neighbours). -#}

{#- The smallest count shown to the public; counts 1 to (this - 1) are suppressed. -#}
{% macro suppression_threshold() -%}
    5
{%- endmacro %}

{#- Primary suppression: 'c' when the cell itself discloses a small number, else null.
    Counts: the count is 1-4. Percentages, rates and means: the numerator or the
    denominator is 1-4. Medians carry no cohort size in the contract, so only their
    numerator (the median itself) is not checked. Zero is never suppressed. -#}
{% macro primary_suppression(unit, numerator, denominator) -%}
    case
        when {{ unit }} = 'median_days' then null
        when {{ numerator }} >= 1 and {{ numerator }} < {{ suppression_threshold() }} then 'c'
        when {{ unit }} <> 'count'
            and {{ denominator }} >= 1 and {{ denominator }} < {{ suppression_threshold() }}
            then 'c'
    end
{%- endmacro %}

{#- The text a panel member sees: '<5' for a suppressed count, 'c' for any other
    suppressed cell (a hidden percentage is not "less than 5"), else the value formatted
    by unit. -#}
{% macro display_value(unit, value, suppression) -%}
    case
        when {{ suppression }} = 'c' and {{ unit }} = 'count' then '<5'
        when {{ suppression }} is not null then 'c'
        when {{ value }} is null then 'x'
        when {{ unit }} = 'count' then to_char({{ value }}, 'FM999G999G990')
        when {{ unit }} = 'percent' then to_char({{ value }}, 'FM9990.0') || '%'
        when {{ unit }} in ('mean_days', 'median_days') then to_char({{ value }}, 'FM999G990.0') || ' days'
        else to_char({{ value }}, 'FM999G990.0')
    end
{%- endmacro %}

{#- Red / amber / green against a target: green meets it, amber misses it by no more than
    the tolerance, red otherwise; null without a value or target, or when the indicator has
    no direction of good. -#}
{% macro rag_status(value, target, tolerance, direction) -%}
    case
        when {{ value }} is null or {{ target }} is null then null
        when {{ direction }} = 'higher_is_better' then
            case
                when {{ value }} >= {{ target }} then 'green'
                when {{ value }} >= {{ target }} - coalesce({{ tolerance }}, 0) then 'amber'
                else 'red'
            end
        when {{ direction }} = 'lower_is_better' then
            case
                when {{ value }} <= {{ target }} then 'green'
                when {{ value }} <= {{ target }} + coalesce({{ tolerance }}, 0) then 'amber'
                else 'red'
            end
    end
{%- endmacro %}

{#- How far from a comparator (England, or the statistical neighbours' average) still counts
    as 'similar', in the indicator's unit: percentages 1 percentage point (DfE publishes
    percentages as whole numbers); rates, means, mean and median days 5% of the comparator's
    value. Counts are not compared (England's count is a national total, and a council's
    count depends on its size), so no tolerance. -#}
{% macro comparison_tolerance(unit, comparator_value) -%}
    case
        when {{ unit }} = 'percent' then 1.0
        when {{ unit }} in ('rate_per_10000', 'rate_per_100', 'mean', 'mean_days', 'median_days')
            then abs({{ comparator_value }}) * 0.05
    end
{%- endmacro %}

{#- The council's value against a comparator's in words: better / similar / worse by the
    direction of good; higher / similar / lower for neutral indicators; null without a
    comparator value, without a value, or for counts. -#}
{% macro comparison_in_words(value, comparator_value, unit, direction) -%}
    case
        when {{ value }} is null or {{ comparator_value }} is null or {{ unit }} = 'count'
            then null
        when abs({{ value }} - {{ comparator_value }})
            <= {{ comparison_tolerance(unit, comparator_value) }} then 'similar'
        when {{ direction }} = 'higher_is_better'
            then case when {{ value }} > {{ comparator_value }} then 'better' else 'worse' end
        when {{ direction }} = 'lower_is_better'
            then case when {{ value }} < {{ comparator_value }} then 'better' else 'worse' end
        else case when {{ value }} > {{ comparator_value }} then 'higher' else 'lower' end
    end
{%- endmacro %}

{#- The England tolerance and comparison: the rules above with England's value. -#}
{% macro england_tolerance(unit, england_value) -%}
    {{ comparison_tolerance(unit, england_value) }}
{%- endmacro %}

{% macro comparison_to_england(value, england_value, unit, direction) -%}
    {{ comparison_in_words(value, england_value, unit, direction) }}
{%- endmacro %}

{#- No published cell may show a small number: every count, numerator or denominator still
    visible is 0 or at least the threshold (the §5 check on the public schema). -#}
{% test no_small_numbers_published(model) %}
select *
from {{ model }}
where
    (numerator >= 1 and numerator < {{ suppression_threshold() }})
    or (denominator >= 1 and denominator < {{ suppression_threshold() }})
    or (unit = 'count' and value >= 1 and value < {{ suppression_threshold() }})
{% endtest %}
