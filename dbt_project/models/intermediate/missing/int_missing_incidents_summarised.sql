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

final as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_date,
        (
            select count(*)
            from looked_after_during
            where
                looked_after_during.la_code = periods.la_code
                and looked_after_during.period_type = periods.period_type
                and looked_after_during.period_label = periods.period_label
        ) as children_looked_after_during,
        (
            select count(distinct looked_after_during.child_key)
            from looked_after_during
            inner join incidents_in_periods
                on
                    looked_after_during.la_code = incidents_in_periods.la_code
                    and looked_after_during.period_type = incidents_in_periods.period_type
                    and looked_after_during.period_label = incidents_in_periods.period_label
                    and looked_after_during.child_key = incidents_in_periods.child_key
            where
                looked_after_during.la_code = periods.la_code
                and looked_after_during.period_type = periods.period_type
                and looked_after_during.period_label = periods.period_label
                and incidents_in_periods.missing_type_code = 'M'
        ) as children_missing,
        (
            select count(*)
            from incidents_in_periods
            where
                incidents_in_periods.la_code = periods.la_code
                and incidents_in_periods.period_type = periods.period_type
                and incidents_in_periods.period_label = periods.period_label
                and incidents_in_periods.missing_type_code = 'M'
        ) as missing_incidents,
        (
            select count(distinct incidents_in_periods.child_key)
            from incidents_in_periods
            where
                incidents_in_periods.la_code = periods.la_code
                and incidents_in_periods.period_type = periods.period_type
                and incidents_in_periods.period_label = periods.period_label
                and incidents_in_periods.missing_type_code = 'M'
        ) as children_with_missing_incident,
        (
            select count(*)
            from incidents_in_periods
            where
                incidents_in_periods.la_code = periods.la_code
                and incidents_in_periods.period_type = periods.period_type
                and incidents_in_periods.period_label = periods.period_label
                and incidents_in_periods.missing_type_code = 'A'
        ) as away_incidents,
        (
            select percentile_cont(0.5) within group (order by incidents_in_periods.duration_days)
            from incidents_in_periods
            where
                incidents_in_periods.la_code = periods.la_code
                and incidents_in_periods.period_type = periods.period_type
                and incidents_in_periods.period_label = periods.period_label
                and incidents_in_periods.missing_type_code = 'M'
                and incidents_in_periods.duration_days is not null
        ) as median_missing_days
    from periods

)

select * from final
