"""Change check: an indicator that moved a lot since the last published pack is flagged.

For each LA, indicator and period type, the latest figure in the marts is compared with the
latest figure of the last published pack (`quality.published_figures`). A move beyond the
thresholds in `quality_config.yml` is a *warning*: the figure is published with a note, so an
analyst confirms the change is real (not a broken extract) before the panel reads it. With no
published pack yet, there is nothing to compare and the check passes.
"""

from __future__ import annotations

from corporate_parenting.quality.checks import WARNING, BuildContext, Check, rule
from corporate_parenting.quality.published import ChangeThresholds
from corporate_parenting.settings import Settings

KEYS = ("la_code", "indicator_id", "period_type")


def change_query(t: ChangeThresholds) -> str:
    return f"""
with latest_now as (
    select distinct on (la_code, indicator_id, period_type)
        la_code, indicator_id, period_type, period_label, unit, value
    from {{batch}} as b
    where breakdown_type = 'all' and value is not null
    order by la_code, indicator_id, period_type, period_end_date desc, period_label desc
),
last_pack as (
    select * from quality.published_figures
    where published_at = (select max(published_at) from quality.published_figures)
),
latest_published as (
    select distinct on (la_code, indicator_id, period_type)
        la_code, indicator_id, period_type, period_label, value
    from last_pack
    order by la_code, indicator_id, period_type, period_end_date desc, period_label desc
)
select n.la_code, n.indicator_id, n.period_type,
    p.period_label as published_period, p.value as published_value,
    n.period_label as current_period, n.value as current_value,
    round(n.value - p.value, 1) as change
from latest_now as n
join latest_published as p using (la_code, indicator_id, period_type)
where abs(n.value - p.value) >= {t.minimum_absolute_change}
  and case when n.unit = 'percent' then abs(n.value - p.value) > {t.percentage_points}
      else abs(n.value - p.value) > {t.relative_change} * greatest(abs(p.value), 1e-9) end
"""


def build(context: BuildContext) -> list[Check]:
    import great_expectations as gx  # noqa: PLC0415 - heavy import, only at run time

    thresholds = ChangeThresholds.load(Settings.from_env().expectations_dir)
    return [
        Check(
            suite_name="marts_fct_indicators_change_since_last_pack",
            table="marts.fct_indicators",
            query="select * from marts.fct_indicators",
            row_identifiers=KEYS,
            expectations=[
                gx.expectations.UnexpectedRowsExpectation(
                    description="MART-CHANGE: moved more than the threshold since the last pack",
                    unexpected_rows_query=change_query(thresholds),
                    meta=rule(
                        "MART-CHANGE",
                        f"The figure moved by more than {thresholds.percentage_points:g} "
                        f"percentage points (or {thresholds.relative_change:.0%} for counts "
                        "and rates) since the last published pack: check it is real before "
                        "the panel reads it.",
                        WARNING,
                    ),
                )
            ],
        )
    ]
