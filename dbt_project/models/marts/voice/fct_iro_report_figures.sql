-- The independent reviewing officer service's annual report figures, one row per LA and
-- report year, with the percentages the panel papers quote.

with

figures as (

    select * from {{ ref('stg_voice__iro_report_figures') }}

),

-- A figure given twice for the same LA, year and measure keeps the last row delivered.
latest_figures as (

    select
        la_code,
        report_year,
        measure,
        measure_value
    from (
        select
            *,
            row_number() over (
                partition by la_code, report_year, measure
                order by delivery_name desc, source_row_number desc
            ) as recency
        from figures
        where report_year is not null
    ) as ranked
    where recency = 1

),

pivoted as (

    select
        la_code,
        report_year,
        max(measure_value) filter (where measure = 'reviews_held') as reviews_held,
        max(measure_value) filter (where measure = 'reviews_in_timescale')
            as reviews_in_timescale,
        max(measure_value) filter (where measure = 'children_reviewed') as children_reviewed,
        max(measure_value) filter (where measure = 'children_participated')
            as children_participated,
        max(measure_value) filter (where measure = 'average_iro_caseload')
            as average_iro_caseload,
        max(measure_value) filter (where measure = 'dispute_resolutions_raised')
            as dispute_resolutions_raised,
        max(measure_value) filter (where measure = 'dispute_resolutions_resolved_informally')
            as dispute_resolutions_resolved_informally,
        max(measure_value) filter (where measure = 'midway_checks_completed')
            as midway_checks_completed
    from latest_figures
    group by la_code, report_year

),

final as (

    select
        la_code,
        report_year as collection_year,
        {{ collection_year_end('report_year') }} as year_end_date,
        reviews_held,
        reviews_in_timescale,
        round(100.0 * reviews_in_timescale / nullif(reviews_held, 0), 1)
            as percent_reviews_in_timescale,
        children_reviewed,
        children_participated,
        round(100.0 * children_participated / nullif(children_reviewed, 0), 1)
            as percent_children_participated,
        average_iro_caseload,
        dispute_resolutions_raised,
        dispute_resolutions_resolved_informally,
        round(
            100.0 * dispute_resolutions_resolved_informally
            / nullif(dispute_resolutions_raised, 0), 1
        ) as percent_disputes_resolved_informally,
        midway_checks_completed
    from pivoted
    where report_year ~ '^[0-9]{4}-[0-9]{2}$'

)

select * from final
