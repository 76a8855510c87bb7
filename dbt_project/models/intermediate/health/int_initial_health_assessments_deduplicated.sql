-- Initial health assessments (IHA) across every landed health workbook, one row per child and
-- request, the latest workbook's version winning; with whether each was done by its due date.

with

assessments as (

    select * from {{ ref('stg_health__health_assessments') }}

),

-- The workbook's month comes from its folder (<la>/health/<month>/lac_health_<month>.xlsx);
-- the workbook is as at that month's last day.
initial_assessments as (

    select
        la_code,
        financial_year,
        child_key,
        requested_date,
        due_date,
        completed_date,
        source_file,
        source_row_number,
        coalesce(
            (
                to_date(
                    substring(source_file from '/health/([0-9]{4}-[0-9]{2})/') || '-01',
                    'YYYY-MM-DD'
                )
                + interval '1 month' - interval '1 day'
            )::date,
            -- A workbook not in a month folder is taken as the financial year's year end.
            {{ collection_year_end('financial_year') }}
        ) as workbook_as_at_date
    from assessments
    where
        assessment_type_code = 'IHA'
        and requested_date is not null
        and due_date is not null
        and financial_year ~ '^[0-9]{4}-[0-9]{2}$'

),

latest_versions as (

    select distinct on (la_code, child_key, requested_date) *
    from initial_assessments
    order by
        la_code asc, child_key asc, requested_date asc,
        workbook_as_at_date desc, source_row_number asc

),

final as (

    select
        la_code,
        child_key,
        requested_date,
        due_date,
        completed_date,
        financial_year as reported_in_financial_year,
        workbook_as_at_date,
        {{ collection_year_of('due_date') }} as due_in_financial_year,
        -- The outcome is known once the assessment is done or its due date has passed by the
        -- as-at date of the latest workbook that lists it.
        (completed_date is not null or due_date <= workbook_as_at_date) as is_outcome_known,
        coalesce(completed_date <= due_date, false) as is_completed_by_due_date
    from latest_versions

)

select * from final
