-- Children looked after on a date (domain spec §1.5 rule 2): 31 March of each collection year
-- and the last day of the latest monthly extract, with the cohort flags and stability counts.

with

periods as (

    select * from {{ ref('int_reporting_periods_listed') }}

),

episodes as (

    select * from {{ ref('int_episodes_classified') }}

),

periods_of_care as (

    select * from {{ ref('int_periods_of_care_chained') }}

),

placements as (

    select * from {{ ref('int_placements_grouped') }}

),

carer_spells as (

    select * from {{ ref('int_carer_spells_grouped') }}

),

annual_headers as (

    select * from {{ ref('stg_ssda903__headers') }}

),

monthly_headers as (

    select * from {{ ref('stg_cms_monthly__headers') }}

),

annual_uasc as (

    select * from {{ ref('stg_ssda903__uasc_children') }}

),

monthly_uasc as (

    select * from {{ ref('stg_cms_monthly__uasc_children') }}

),

placement_types as (

    select * from {{ ref('placement_types') }}

),

legal_statuses as (

    select * from {{ ref('legal_statuses') }}

),

-- The child's details as the submission describing the period's end gives them.
period_headers as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        annual_headers.child_key,
        annual_headers.sex,
        annual_headers.birth_month,
        annual_headers.ethnicity_code
    from periods
    inner join annual_headers
        on
            periods.la_code = annual_headers.la_code
            and periods.source_collection_year = annual_headers.collection_year
    where periods.source_extract_month is null

    union all

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        monthly_headers.child_key,
        monthly_headers.sex,
        monthly_headers.birth_month,
        monthly_headers.ethnicity_code
    from periods
    inner join monthly_headers
        on
            periods.la_code = monthly_headers.la_code
            and periods.source_extract_month = monthly_headers.extract_month

),

period_uasc as (

    select distinct
        periods.la_code,
        periods.period_type,
        periods.period_label,
        annual_uasc.child_key
    from periods
    inner join annual_uasc
        on
            periods.la_code = annual_uasc.la_code
            and periods.source_collection_year = annual_uasc.collection_year
    where periods.source_extract_month is null

    union

    select distinct
        periods.la_code,
        periods.period_type,
        periods.period_label,
        monthly_uasc.child_key
    from periods
    inner join monthly_uasc
        on
            periods.la_code = monthly_uasc.la_code
            and periods.source_extract_month = monthly_uasc.extract_month

),

looked_after as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        periods.period_start_date,
        periods.period_end_date as snapshot_date,
        periods.source_collection_year as collection_year,
        periods.history_start_date,
        episodes.child_key,
        episodes.episode_start_date,
        episodes.period_of_care_number,
        episodes.placement_number,
        episodes.carer_spell_number,
        episodes.legal_status_code,
        episodes.placement_type_code,
        episodes.placement_provider_code,
        episodes.placement_location,
        episodes.placement_distance_miles
    from periods
    inner join episodes
        on
            periods.la_code = episodes.la_code
            and periods.period_end_date >= episodes.episode_start_date
            and (
                episodes.episode_end_date is null
                or periods.period_end_date < episodes.episode_end_date
            )
    where not episodes.is_short_break

),

with_history as (

    select
        looked_after.*,
        periods_of_care.period_start_date as period_of_care_start_date,
        periods_of_care.is_start_observed as is_period_start_observed,
        carer_spells.carer_spell_start_date,
        previous_carer.carer_spell_start_date as previous_carer_spell_start_date,
        (
            select count(*)
            from placements
            where
                placements.la_code = looked_after.la_code
                and placements.child_key = looked_after.child_key
                and placements.placement_start_date <= looked_after.snapshot_date
                and (
                    placements.placement_end_date is null
                    or placements.placement_end_date >= looked_after.period_start_date
                )
        ) as placements_in_period,
        (
            select count(*)
            from placements
            where
                placements.la_code = looked_after.la_code
                and placements.child_key = looked_after.child_key
                and placements.placement_start_date <= looked_after.snapshot_date
                and (
                    placements.placement_end_date is null
                    or placements.placement_end_date
                    >= (looked_after.snapshot_date + 1 - interval '2 years')::date
                )
        ) as placements_in_two_years
    from looked_after
    left join periods_of_care
        on
            looked_after.la_code = periods_of_care.la_code
            and looked_after.child_key = periods_of_care.child_key
            and looked_after.period_of_care_number = periods_of_care.period_of_care_number
    left join carer_spells
        on
            looked_after.la_code = carer_spells.la_code
            and looked_after.child_key = carer_spells.child_key
            and looked_after.carer_spell_number = carer_spells.carer_spell_number
    left join carer_spells as previous_carer
        on
            looked_after.la_code = previous_carer.la_code
            and looked_after.child_key = previous_carer.child_key
            and looked_after.carer_spell_number - 1 = previous_carer.carer_spell_number
            and looked_after.period_of_care_number = previous_carer.period_of_care_number

),

joined as (

    select
        cla.*,
        period_headers.sex,
        {{ age_on('period_headers.birth_month', 'cla.snapshot_date') }} as age_on_snapshot,
        period_headers.ethnicity_code,
        legal_statuses.legal_status_group,
        placement_types.placement_group,
        coalesce(placement_types.is_foster, false) as is_foster,
        coalesce(placement_types.is_kinship, false) as is_kinship,
        period_uasc.child_key is not null as is_uasc,
        (cla.snapshot_date + 1 - interval '2 years')::date as two_years_back,
        (cla.snapshot_date + 1 - interval '30 months')::date as thirty_months_back,
        -- DfE's long-term stability counts a child placed for adoption by the adoptive
        -- placement together with the placement before it (A4/A6: new carers).
        case
            when cla.placement_type_code in ('A4', 'A6')
                then coalesce(cla.previous_carer_spell_start_date, cla.carer_spell_start_date)
            else cla.carer_spell_start_date
        end as stable_carer_since_date
    from with_history as cla
    -- As the 31 March cohort always has: an episode needs a known legal status.
    inner join legal_statuses
        on cla.legal_status_code = legal_statuses.code
    left join placement_types
        on cla.placement_type_code = placement_types.code
    left join period_headers
        on
            cla.la_code = period_headers.la_code
            and cla.period_type = period_headers.period_type
            and cla.period_label = period_headers.period_label
            and cla.child_key = period_headers.child_key
    left join period_uasc
        on
            cla.la_code = period_uasc.la_code
            and cla.period_type = period_uasc.period_type
            and cla.period_label = period_uasc.period_label
            and cla.child_key = period_uasc.child_key

),

final as (

    select
        la_code,
        period_type,
        period_label,
        period_start_date,
        snapshot_date,
        collection_year,
        child_key,
        sex,
        age_on_snapshot,
        case
            when age_on_snapshot is null then 'Not known'
            else {{ dfe_age_band('age_on_snapshot') }}
        end as age_band,
        ethnicity_code,
        {{ ethnicity_group('ethnicity_code') }} as ethnicity_group,
        legal_status_code,
        legal_status_group,
        placement_type_code,
        placement_group,
        is_foster,
        is_kinship,
        placement_provider_code,
        coalesce(placement_location, 'Not known') as placement_location,
        placement_distance_miles,
        episode_start_date as current_episode_start_date,
        period_of_care_start_date,
        -- OC2 cohort: the period started on or before the first day of the 12 months.
        period_of_care_start_date <= period_start_date as is_looked_after_12_months,
        -- The same boundary two years and 30 months back. When the boundary is before the
        -- history and the period was already running when the history begins, not known.
        case
            when period_of_care_start_date <= two_years_back then true
            when is_period_start_observed or two_years_back >= history_start_date then false
        end as is_looked_after_2_years,
        case
            when age_on_snapshot is null then null
            when age_on_snapshot >= 16 then false
            when period_of_care_start_date <= thirty_months_back then true
            when is_period_start_observed or thirty_months_back >= history_start_date then false
        end as is_long_term_cohort,
        is_uasc,
        placement_number,
        placements_in_period,
        placements_in_two_years,
        stable_carer_since_date,
        stable_carer_since_date <= two_years_back as is_same_carer_2_years
    from joined

)

select * from final
