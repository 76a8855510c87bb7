-- Missing and away incidents starting in each reporting period, per LA (P16, P17).

with

periods as (

    select * from {{ ref('int_reporting_periods_listed') }}

),

looked_after_during as (

    select * from {{ ref('int_children_looked_after_in_periods_listed') }}

),

missing_incidents as (

    select * from {{ ref('int_missing_incidents_reconciled') }}

),

incidents_in_periods as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        missing_incidents.child_key,
        missing_incidents.missing_type_code,
        missing_incidents.missing_end_date - missing_incidents.missing_start_date
            as duration_days
    from periods
    inner join missing_incidents
        on
            periods.la_code = missing_incidents.la_code
            and missing_incidents.missing_start_date
            between periods.period_start_date and periods.period_end_date

),

children_in_periods as (

    select
        la_code,
        period_type,
        period_label,
        count(*) as children_looked_after_during
    from looked_after_during
    group by la_code, period_type, period_label

),

-- Children looked after during the period who went missing in it (the P16a numerator).
children_missing_in_periods as (

    select
        looked_after_during.la_code,
        looked_after_during.period_type,
        looked_after_during.period_label,
        count(distinct looked_after_during.child_key) as children_missing
    from looked_after_during
    inner join incidents_in_periods
        on
            looked_after_during.la_code = incidents_in_periods.la_code
            and looked_after_during.period_type = incidents_in_periods.period_type
            and looked_after_during.period_label = incidents_in_periods.period_label
            and looked_after_during.child_key = incidents_in_periods.child_key
    where incidents_in_periods.missing_type_code = 'M'
    group by
        looked_after_during.la_code,
        looked_after_during.period_type,
        looked_after_during.period_label

),

incident_counts as (

    select
        la_code,
        period_type,
        period_label,
        count(*) filter (where missing_type_code = 'M') as missing_incidents,
        count(distinct child_key) filter (where missing_type_code = 'M')
            as children_with_missing_incident,
        count(*) filter (where missing_type_code = 'A') as away_incidents,
        percentile_cont(0.5) within group (order by duration_days)
        filter (where missing_type_code = 'M' and duration_days is not null)
            as median_missing_days
    from incidents_in_periods
    group by la_code, period_type, period_label

),

final as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_date,
        coalesce(children_in_periods.children_looked_after_during, 0)
            as children_looked_after_during,
        coalesce(children_missing_in_periods.children_missing, 0) as children_missing,
        coalesce(incident_counts.missing_incidents, 0) as missing_incidents,
        coalesce(incident_counts.children_with_missing_incident, 0)
            as children_with_missing_incident,
        coalesce(incident_counts.away_incidents, 0) as away_incidents,
        incident_counts.median_missing_days
    from periods
    left join children_in_periods
        on
            periods.la_code = children_in_periods.la_code
            and periods.period_type = children_in_periods.period_type
            and periods.period_label = children_in_periods.period_label
    left join children_missing_in_periods
        on
            periods.la_code = children_missing_in_periods.la_code
            and periods.period_type = children_missing_in_periods.period_type
            and periods.period_label = children_missing_in_periods.period_label
    left join incident_counts
        on
            periods.la_code = incident_counts.la_code
            and periods.period_type = incident_counts.period_type
            and periods.period_label = incident_counts.period_label

)

select * from final
