-- Children looked after at 31 March (cohort CLA31, domain spec §1.5 rule 2 and §2.1).

with

snapshots as (

    select * from {{ ref('int_children_looked_after_snapshotted') }}

),

final as (

    select
        la_code,
        collection_year,
        snapshot_date,
        child_key,
        sex,
        age_on_snapshot as age_at_31_march,
        legal_status_code,
        legal_status_group,
        placement_type_code,
        placement_group,
        is_foster,
        is_kinship,
        placement_provider_code,
        placement_location,
        placement_distance_miles,
        current_episode_start_date,
        period_of_care_start_date,
        is_looked_after_12_months,
        is_looked_after_2_years,
        is_long_term_cohort,
        age_band,
        ethnicity_group,
        is_uasc
    from snapshots
    where period_type = 'statutory_year'

)

select * from final
