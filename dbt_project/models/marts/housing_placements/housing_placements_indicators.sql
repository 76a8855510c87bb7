-- Housing and placements indicators P01-P19 per LA and period (catalogue §2.2; contract in
-- docs/indicators.md; DfE counting choices in the model docs).

with

periods as (

    select * from {{ ref('int_reporting_periods_listed') }}

),

snapshots as (

    select * from {{ ref('int_children_looked_after_snapshotted') }}

),

transitions as (

    select * from {{ ref('int_care_transitions_listed') }}

),

placements as (

    select * from {{ ref('int_placements_grouped') }}

),

missing_in_periods as (

    select * from {{ ref('int_missing_incidents_summarised') }}

),

social_worker_episodes as (

    select * from {{ ref('int_social_worker_episodes_reconciled') }}

),

populations as (

    select * from {{ ref('stg_reference__populations') }}

),

catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

local_authorities as (

    select * from {{ ref('stg_reference__local_authorities') }}

),

-- Social-worker changes are known only for periods whose submission has an SWEpisodes table.
social_worker_periods as (

    select distinct
        periods.la_code,
        periods.period_type,
        periods.period_label
    from periods
    inner join social_worker_episodes
        on
            periods.la_code = social_worker_episodes.la_code
            and periods.source_collection_year
            = social_worker_episodes.reported_in_collection_year

),

social_worker_changes as (

    select
        snapshots.la_code,
        snapshots.period_type,
        snapshots.period_label,
        snapshots.child_key,
        count(social_worker_episodes.child_key) as social_worker_changes
    from snapshots
    inner join social_worker_episodes
        on
            snapshots.la_code = social_worker_episodes.la_code
            and snapshots.child_key = social_worker_episodes.child_key
            and social_worker_episodes.sw_episode_start_date
            between snapshots.period_start_date and snapshots.snapshot_date
            and social_worker_episodes.is_change_of_social_worker
    group by
        snapshots.la_code, snapshots.period_type, snapshots.period_label, snapshots.child_key

),

-- One row per child looked after on the period's last day, with what each indicator tests.
children as (

    select
        snapshots.la_code,
        snapshots.period_type,
        snapshots.period_label,
        snapshots.snapshot_date as period_end_date,
        snapshots.age_band,
        coalesce(snapshots.sex, 'Not known') as sex,
        snapshots.ethnicity_group,
        coalesce(snapshots.placement_group, 'Not known') as placement_group,
        coalesce(snapshots.legal_status_group, 'Not known') as legal_status_group,
        snapshots.legal_status_code in ('C1', 'C2') as is_care_order,
        snapshots.placement_type_code in ('K1', 'K2', 'K3', 'H5') as is_residential_setting,
        snapshots.is_foster,
        snapshots.is_kinship,
        snapshots.is_foster and snapshots.placement_provider_code = 'PR1' as is_in_house_foster,
        snapshots.is_foster and snapshots.placement_provider_code in ('PR4', 'PR5')
            as is_ifa_foster,
        snapshots.placement_type_code = 'K2' as is_childrens_home,
        snapshots.placement_type_code = 'K1' as is_secure_home,
        snapshots.placement_type_code in ('K3', 'H5') as is_supported_accommodation,
        snapshots.placement_location = 'OUT' as is_outside_la,
        snapshots.placement_location = 'Not known' as is_location_not_known,
        coalesce(
            snapshots.placement_distance_miles > 20
            and snapshots.placement_distance_miles <> 999.9,
            false
        ) as is_over_20_miles,
        snapshots.placements_in_period >= 3 as has_3_placements_in_period,
        coalesce(snapshots.is_looked_after_2_years, false) as is_looked_after_2_years,
        snapshots.is_looked_after_2_years is null as is_2_years_not_known,
        coalesce(snapshots.is_looked_after_2_years, false)
        and snapshots.placements_in_two_years >= 3 as has_3_placements_in_two_years,
        coalesce(snapshots.is_long_term_cohort, false) as is_long_term_cohort,
        snapshots.is_long_term_cohort is null as is_long_term_not_known,
        coalesce(snapshots.is_long_term_cohort, false)
        and coalesce(snapshots.is_same_carer_2_years, false) as is_long_term_same_carer,
        snapshots.is_uasc,
        coalesce(social_worker_changes.social_worker_changes, 0) >= 2
            as has_2_social_worker_changes,
        social_worker_periods.la_code is not null as has_social_worker_data
    from snapshots
    left join social_worker_changes
        on
            snapshots.la_code = social_worker_changes.la_code
            and snapshots.period_type = social_worker_changes.period_type
            and snapshots.period_label = social_worker_changes.period_label
            and snapshots.child_key = social_worker_changes.child_key
    left join social_worker_periods
        on
            snapshots.la_code = social_worker_periods.la_code
            and snapshots.period_type = social_worker_periods.period_type
            and snapshots.period_label = social_worker_periods.period_label

),

by_breakdown as (

    select
        children.la_code,
        children.period_type,
        children.period_label,
        children.period_end_date,
        breakdowns.breakdown_type,
        breakdowns.breakdown_value,
        count(*) as looked_after,
        count(*) filter (where children.is_care_order) as care_order,
        count(*) filter (where children.is_residential_setting) as residential_setting,
        count(*) filter (where children.is_foster) as foster,
        count(*) filter (where children.is_kinship) as kinship,
        count(*) filter (where children.is_in_house_foster) as in_house_foster,
        count(*) filter (where children.is_ifa_foster) as ifa_foster,
        count(*) filter (where children.is_childrens_home) as childrens_home,
        count(*) filter (where children.is_secure_home) as secure_home,
        count(*) filter (where children.is_supported_accommodation) as supported_accommodation,
        count(*) filter (where children.is_outside_la) as outside_la,
        count(*) filter (where children.is_location_not_known) as location_not_known,
        count(*) filter (where children.is_over_20_miles) as over_20_miles,
        count(*) filter (where children.is_over_20_miles and children.is_outside_la)
            as over_20_miles_outside_la,
        count(*) filter (where children.has_3_placements_in_period) as three_placements,
        count(*) filter (where children.is_looked_after_2_years) as looked_after_2_years,
        count(*) filter (where children.has_3_placements_in_two_years)
            as three_placements_in_two_years,
        count(*) filter (where children.is_2_years_not_known) as two_years_not_known,
        count(*) filter (where children.is_long_term_cohort) as long_term_cohort,
        count(*) filter (where children.is_long_term_same_carer) as long_term_same_carer,
        count(*) filter (where children.is_long_term_not_known) as long_term_not_known,
        count(*) filter (where children.is_uasc) as uasc,
        count(*) filter (where children.has_2_social_worker_changes)
            as two_social_worker_changes,
        bool_and(children.has_social_worker_data) as has_social_worker_data
    from children
    cross join
        lateral (
            values
            ('all', 'all'),
            ('age_band', children.age_band),
            ('sex', children.sex),
            ('ethnicity_group', children.ethnicity_group),
            ('placement_type', children.placement_group),
            ('legal_status', children.legal_status_group)
        ) as breakdowns (breakdown_type, breakdown_value)
    group by
        children.la_code,
        children.period_type,
        children.period_label,
        children.period_end_date,
        breakdowns.breakdown_type,
        breakdowns.breakdown_value

),

-- A cohort with any child whose flag is not known is not published for that period.
with_unknowns as (

    select
        *,
        sum(two_years_not_known) over cohort_total as two_years_not_known_total,
        sum(long_term_not_known) over cohort_total as long_term_not_known_total
    from by_breakdown
    window cohort_total as (partition by la_code, period_type, period_label, breakdown_type)

),

cohort_indicators as (

    select
        with_unknowns.la_code,
        with_unknowns.period_type,
        with_unknowns.period_label,
        with_unknowns.period_end_date,
        figures.indicator_id,
        with_unknowns.breakdown_type,
        with_unknowns.breakdown_value,
        figures.numerator,
        figures.denominator
    from with_unknowns
    cross join
        lateral (
            values
            ('P01', with_unknowns.looked_after, null::bigint, true),
            ('P04', with_unknowns.care_order, with_unknowns.looked_after, true),
            ('P05', with_unknowns.residential_setting, with_unknowns.looked_after, true),
            ('P06', with_unknowns.foster, with_unknowns.looked_after, true),
            ('P07', with_unknowns.kinship, with_unknowns.foster, true),
            ('P08a', with_unknowns.in_house_foster, with_unknowns.foster, true),
            ('P08b', with_unknowns.ifa_foster, with_unknowns.foster, true),
            ('P09a', with_unknowns.childrens_home, with_unknowns.looked_after, true),
            ('P09b', with_unknowns.secure_home, with_unknowns.looked_after, true),
            ('P09c', with_unknowns.supported_accommodation, with_unknowns.looked_after, true),
            ('P10', with_unknowns.outside_la, with_unknowns.looked_after, true),
            ('P10NK', with_unknowns.location_not_known, with_unknowns.looked_after, true),
            ('P11a', with_unknowns.over_20_miles, with_unknowns.looked_after, true),
            ('P11b', with_unknowns.over_20_miles_outside_la, with_unknowns.looked_after, true),
            ('P12', with_unknowns.three_placements, with_unknowns.looked_after, true),
            (
                'P13', with_unknowns.three_placements_in_two_years,
                with_unknowns.looked_after_2_years, with_unknowns.two_years_not_known_total = 0
            ),
            (
                'P14', with_unknowns.long_term_same_carer, with_unknowns.long_term_cohort,
                with_unknowns.long_term_not_known_total = 0
            ),
            ('P18', with_unknowns.uasc, null::bigint, true),
            (
                'P19', with_unknowns.two_social_worker_changes, with_unknowns.looked_after,
                with_unknowns.has_social_worker_data
            )
        ) as figures (indicator_id, numerator, denominator, is_known)
    where figures.is_known and (figures.denominator is null or figures.denominator > 0)

),

-- P02: DfE divides by the ONS mid-year estimate of children aged 0-17; we take the latest
-- estimate for a mid-year before the period's end (mid-2025 for 31 March 2026).
period_populations as (

    select distinct on (periods.la_code, periods.period_type, periods.period_label)
        periods.la_code,
        periods.period_type,
        periods.period_label,
        populations.population_0_17
    from periods
    inner join populations
        on
            periods.la_code = populations.la_code
            and populations.mid_year < extract(year from periods.period_end_date)
            and populations.population_0_17 > 0
    order by
        periods.la_code asc, periods.period_type asc, periods.period_label asc, populations.mid_year desc

),

rate_indicators as (

    select
        by_breakdown.la_code,
        by_breakdown.period_type,
        by_breakdown.period_label,
        by_breakdown.period_end_date,
        'P02' as indicator_id,
        'all' as breakdown_type,
        'all' as breakdown_value,
        by_breakdown.looked_after as numerator,
        period_populations.population_0_17::bigint as denominator
    from by_breakdown
    inner join period_populations
        on
            by_breakdown.la_code = period_populations.la_code
            and by_breakdown.period_type = period_populations.period_type
            and by_breakdown.period_label = period_populations.period_label
    where by_breakdown.breakdown_type = 'all'

),

transitions_in_periods as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_date,
        count(distinct transitions.child_key) filter (where transitions.transition_type = 'start')
            as children_started,
        count(distinct transitions.child_key) filter (where transitions.transition_type = 'cease')
            as children_ceased
    from periods
    inner join transitions
        on
            periods.la_code = transitions.la_code
            and transitions.transition_date
            between periods.period_start_date and periods.period_end_date
    where not transitions.is_short_break
    group by periods.la_code, periods.period_type, periods.period_label, periods.period_end_date

),

placement_endings as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_date,
        count(*) as endings_with_reason,
        count(*) filter (
            where placements.reason_placement_change_code in (
                'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'CLOSE'
            )
        ) as unplanned_endings
    from periods
    inner join placements
        on
            periods.la_code = placements.la_code
            and placements.placement_end_date
            between periods.period_start_date and periods.period_end_date
    where
        placements.is_ended_by_placement_change
        and placements.reason_placement_change_code is not null
    group by periods.la_code, periods.period_type, periods.period_label, periods.period_end_date

),

period_indicators as (

    select
        transitions_in_periods.la_code,
        transitions_in_periods.period_type,
        transitions_in_periods.period_label,
        transitions_in_periods.period_end_date,
        figures.indicator_id,
        figures.numerator,
        null::numeric as denominator
    from transitions_in_periods
    cross join
        lateral (
            values
            ('P03a', transitions_in_periods.children_started::numeric),
            ('P03b', transitions_in_periods.children_ceased::numeric)
        ) as figures (indicator_id, numerator)

    union all

    select
        la_code,
        period_type,
        period_label,
        period_end_date,
        'P15' as indicator_id,
        unplanned_endings::numeric as numerator,
        endings_with_reason::numeric as denominator
    from placement_endings

    union all

    select
        missing_in_periods.la_code,
        missing_in_periods.period_type,
        missing_in_periods.period_label,
        missing_in_periods.period_end_date,
        figures.indicator_id,
        figures.numerator,
        figures.denominator
    from missing_in_periods
    cross join
        lateral (
            values
            (
                'P16a', missing_in_periods.children_missing::numeric,
                missing_in_periods.children_looked_after_during::numeric
            ),
            ('P16b', missing_in_periods.missing_incidents::numeric, null::numeric),
            (
                'P16c', missing_in_periods.missing_incidents::numeric,
                missing_in_periods.children_with_missing_incident::numeric
            ),
            ('P16d', missing_in_periods.away_incidents::numeric, null::numeric),
            ('P17', missing_in_periods.median_missing_days::numeric, null::numeric)
        ) as figures (indicator_id, numerator, denominator)
    where
        missing_in_periods.children_looked_after_during > 0
        and figures.numerator is not null
        and (figures.denominator is null or figures.denominator > 0)

),

all_indicators as (

    select
        la_code,
        period_type,
        period_label,
        period_end_date,
        indicator_id,
        breakdown_type,
        breakdown_value,
        numerator::numeric as numerator,
        denominator::numeric as denominator
    from cohort_indicators

    union all

    select
        la_code,
        period_type,
        period_label,
        period_end_date,
        indicator_id,
        breakdown_type,
        breakdown_value,
        numerator::numeric,
        denominator::numeric
    from rate_indicators

    union all

    select
        la_code,
        period_type,
        period_label,
        period_end_date,
        indicator_id,
        'all' as breakdown_type,
        'all' as breakdown_value,
        numerator,
        denominator
    from period_indicators

),

final as (

    select
        all_indicators.la_code,
        local_authorities.la_name,
        all_indicators.period_type,
        all_indicators.period_label,
        all_indicators.period_end_date,
        all_indicators.indicator_id,
        catalogue.indicator_name,
        all_indicators.breakdown_type,
        all_indicators.breakdown_value,
        all_indicators.numerator,
        all_indicators.denominator,
        {{ indicator_value('catalogue.unit', 'all_indicators.numerator', 'all_indicators.denominator') }}
            as value,
        catalogue.unit,
        catalogue.direction_of_good
    from all_indicators
    inner join catalogue
        on all_indicators.indicator_id = catalogue.indicator_id
    left join local_authorities
        on all_indicators.la_code = local_authorities.la_code

)

select * from final
