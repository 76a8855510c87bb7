-- Carer spells for long-term stability (domain spec §1.5 rule 7): the episodes from one that
-- starts with a new carer up to the next; T, U and L changes keep the carer.

with

episodes as (

    select * from {{ ref('int_episodes_classified') }}

),

final as (

    select
        la_code,
        child_key,
        carer_spell_number,
        min(period_of_care_number) as period_of_care_number,
        min(episode_start_date) as carer_spell_start_date,
        case
            when bool_or(episode_end_date is null) then null
            else max(episode_end_date)
        end as carer_spell_end_date,
        (
            array_agg(placement_type_code order by episode_start_date)
            filter (where not is_temporary_placement)
        )[1
        ] as first_placement_type_code,
        (
            array_agg(placement_type_code order by episode_start_date desc)
            filter (where not is_temporary_placement)
        )[1
        ] as last_placement_type_code,
        count(*) as episode_count
    from episodes
    where carer_spell_number >= 1
    group by la_code, child_key, carer_spell_number

)

select * from final
