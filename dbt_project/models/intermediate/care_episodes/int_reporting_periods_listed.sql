-- The periods the indicators describe, per LA: each collection year with an annual return,
-- and the 12 months to the last day of the latest monthly extract after the last return.

with

annual_headers as (

    select * from {{ ref('stg_ssda903__headers') }}

),

monthly_headers as (

    select * from {{ ref('stg_cms_monthly__headers') }}

),

statutory_years as (

    select distinct
        la_code,
        'statutory_year' as period_type,
        collection_year as period_label,
        {{ collection_year_start('collection_year') }} as period_start_date,
        {{ collection_year_end('collection_year') }} as period_end_date,
        collection_year as source_collection_year,
        null::text as source_extract_month
    from annual_headers

),

last_annual_years as (

    select
        la_code,
        max(period_end_date) as last_period_end_date
    from statutory_years
    group by la_code

),

latest_extracts as (

    select
        la_code,
        max(extract_month) as extract_month
    from monthly_headers
    where extract_month ~ '^[0-9]{4}-[0-9]{2}$'
    group by la_code

),

rolling_periods as (

    select
        latest_extracts.la_code,
        'rolling_12_months' as period_type,
        latest_extracts.extract_month,
        (
            to_date(latest_extracts.extract_month || '-01', 'YYYY-MM-DD')
            + interval '1 month' - interval '1 day'
        )::date as period_end_date,
        {{ collection_year_of_month('latest_extracts.extract_month') }} as source_collection_year
    from latest_extracts
    left join last_annual_years
        on latest_extracts.la_code = last_annual_years.la_code
    where
        last_annual_years.last_period_end_date is null
        or to_date(latest_extracts.extract_month || '-01', 'YYYY-MM-DD')
        > last_annual_years.last_period_end_date

),

all_periods as (

    select * from statutory_years

    union all

    select
        la_code,
        period_type,
        '12 months to ' || to_char(period_end_date, 'DD/MM/YYYY') as period_label,
        (period_end_date + 1 - interval '1 year')::date as period_start_date,
        period_end_date,
        source_collection_year,
        extract_month as source_extract_month
    from rolling_periods

),

final as (

    select
        *,
        min(period_start_date) over (partition by la_code) as history_start_date
    from all_periods

)

select * from final
