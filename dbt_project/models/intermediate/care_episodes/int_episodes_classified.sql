-- Each episode of the reconciled history with its period of care, and whether it starts a
-- placement (domain spec §1.5 rule 6) or a carer spell (rule 7). Rules in the docs.

with

episodes as (

    select * from {{ ref('int_episodes_reconciled') }}

),

placement_types as (

    select * from {{ ref('placement_types') }}

),

legal_statuses as (

    select * from {{ ref('legal_statuses') }}

),

coded as (

    select
        episodes.*,
        coalesce(placement_types.is_temporary, false) as is_temporary_placement,
        coalesce(legal_statuses.excluded_from_cla_counts, false) as is_short_break
    from episodes
    left join placement_types
        on episodes.placement_type_code = placement_types.code
    left join legal_statuses
        on episodes.legal_status_code = legal_statuses.code

),

ordered as (

    select
        *,
        case
            when lag(reason_episode_ceased_code) over child_history = 'X1' then 0
            else 1
        end as starts_new_period,
        coalesce(lag(is_temporary_placement) over child_history, false) as follows_temporary
    from coded
    window child_history as (partition by la_code, child_key order by episode_start_date)

),

numbered as (

    select
        *,
        sum(starts_new_period) over (
            partition by la_code, child_key order by episode_start_date
        ) as period_of_care_number
    from ordered

),

-- The placement the child was in before each ordinary episode: the previous episode of the
-- same period that was not temporary.
previous_ordinary as (

    select
        la_code,
        child_key,
        episode_start_date,
        lag(placement_type_code) over ordinary_history as previous_placement_type_code,
        lag(provider_urn) over ordinary_history as previous_provider_urn,
        lag(placement_district) over ordinary_history as previous_placement_district
    from numbered
    where not is_temporary_placement
    window ordinary_history as (
        partition by la_code, child_key, period_of_care_number order by episode_start_date
    )

),

flagged as (

    select
        numbered.*,
        (
            not numbered.is_temporary_placement
            and numbered.follows_temporary
            and numbered.starts_new_period = 0
            and numbered.placement_type_code = previous_ordinary.previous_placement_type_code
            and numbered.provider_urn
            is not distinct from previous_ordinary.previous_provider_urn
            and numbered.placement_district
            is not distinct from previous_ordinary.previous_placement_district
        ) as is_return_from_temporary
    from numbered
    left join previous_ordinary
        on
            numbered.la_code = previous_ordinary.la_code
            and numbered.child_key = previous_ordinary.child_key
            and numbered.episode_start_date = previous_ordinary.episode_start_date

),

classified as (

    select
        *,
        not is_short_break
        and not is_temporary_placement
        and not coalesce(is_return_from_temporary, false)
        and (
            starts_new_period = 1
            or reason_new_episode_code in ('S', 'P', 'B', 'T', 'U')
        ) as starts_placement,
        not is_short_break
        and not is_temporary_placement
        and not coalesce(is_return_from_temporary, false)
        and (
            starts_new_period = 1
            or (
                reason_new_episode_code in ('S', 'P', 'B')
                -- Placed for adoption with the current foster carer(s): the same carer.
                and placement_type_code not in ('A3', 'A5')
            )
        ) as starts_carer_spell
    from flagged

),

final as (

    select
        la_code,
        child_key,
        episode_start_date,
        episode_end_date,
        episode_number,
        period_of_care_number,
        starts_new_period = 1 as starts_period_of_care,
        reason_new_episode_code,
        legal_status_code,
        placement_type_code,
        placement_provider_code,
        provider_urn,
        category_of_need_code,
        home_district,
        placement_district,
        placement_distance_miles,
        placement_la_code,
        placement_location,
        reason_episode_ceased_code,
        reason_placement_change_code,
        reported_in_collection_year,
        submission_type,
        is_short_break,
        is_temporary_placement,
        coalesce(is_return_from_temporary, false) as is_return_from_temporary,
        starts_placement,
        starts_carer_spell,
        case
            when not is_short_break
                then sum(starts_placement::int) over (
                    partition by la_code, child_key, is_short_break
                    order by episode_start_date
                )
        end as placement_number,
        case
            when not is_short_break
                then sum(starts_carer_spell::int) over (
                    partition by la_code, child_key, is_short_break
                    order by episode_start_date
                )
        end as carer_spell_number
    from classified

)

select * from final
