-- Missing and away incidents from the annual returns, continued by the latest monthly extract
-- (the same submission rule as int_episodes_reconciled).

with

annual_incidents as (

    select * from {{ ref('stg_ssda903__missing_episodes') }}

),

monthly_incidents as (

    select * from {{ ref('stg_cms_monthly__missing_episodes') }}

),

annual_returns as (

    select distinct
        la_code,
        collection_year
    from annual_incidents

),

latest_monthly_extracts as (

    select
        monthly_incidents.la_code,
        monthly_incidents.collection_year,
        max(monthly_incidents.extract_month) as extract_month
    from monthly_incidents
    where
        monthly_incidents.collection_year is not null
        and not exists (
            select 1
            from annual_returns
            where
                annual_returns.la_code = monthly_incidents.la_code
                and annual_returns.collection_year = monthly_incidents.collection_year
        )
    group by monthly_incidents.la_code, monthly_incidents.collection_year

),

submitted as (

    select
        la_code,
        collection_year,
        null::text as extract_month,
        child_key,
        missing_type_code,
        missing_start_date,
        missing_end_date
    from annual_incidents

    union all

    select
        monthly_incidents.la_code,
        monthly_incidents.collection_year,
        monthly_incidents.extract_month,
        monthly_incidents.child_key,
        monthly_incidents.missing_type_code,
        monthly_incidents.missing_start_date,
        monthly_incidents.missing_end_date
    from monthly_incidents
    inner join latest_monthly_extracts
        on
            monthly_incidents.la_code = latest_monthly_extracts.la_code
            and monthly_incidents.collection_year = latest_monthly_extracts.collection_year
            and monthly_incidents.extract_month = latest_monthly_extracts.extract_month

),

final as (

    -- An incident reported by more than one submission keeps the latest version.
    select distinct on (la_code, child_key, missing_type_code, missing_start_date)
        la_code,
        child_key,
        missing_type_code,
        missing_start_date,
        missing_end_date,
        collection_year as reported_in_collection_year,
        extract_month as reported_in_extract_month
    from submitted
    where missing_start_date is not null and missing_type_code is not null
    order by la_code asc, child_key asc, missing_type_code asc, missing_start_date asc, collection_year desc

)

select * from final
