-- Starts and ceases of care (domain spec §1.5 rules 3 and 4): one row per period of care
-- started (RNE S) and per period of care ended (last episode's REC not X1).

with

periods_of_care as (

    select * from {{ ref('int_periods_of_care_chained') }}

),

legal_statuses as (

    select * from {{ ref('legal_statuses') }}

),

reasons_ceased as (

    select * from {{ ref('reasons_episode_ceased') }}

),

starts as (

    select
        la_code,
        child_key,
        period_of_care_number,
        'start' as transition_type,
        period_start_date as transition_date,
        first_legal_status_code as legal_status_code,
        null::text as reason_ceased_code,
        period_start_date
    from periods_of_care
    where is_start_observed

),

ceases as (

    select
        la_code,
        child_key,
        period_of_care_number,
        'cease' as transition_type,
        period_end_date as transition_date,
        last_legal_status_code as legal_status_code,
        reason_period_ceased_code as reason_ceased_code,
        period_start_date
    from periods_of_care
    where period_end_date is not null

),

transitions as (

    select * from starts
    union all
    select * from ceases

),

final as (

    select
        transitions.la_code,
        transitions.child_key,
        transitions.period_of_care_number,
        transitions.transition_type,
        transitions.transition_date,
        transitions.legal_status_code,
        -- DfE leaves agreed short breaks (V3/V4) out of starts and ceases.
        coalesce(legal_statuses.excluded_from_cla_counts, false) as is_short_break,
        transitions.reason_ceased_code,
        reasons_ceased.reason_group as reason_ceased_group,
        transitions.period_start_date
    from transitions
    left join legal_statuses
        on transitions.legal_status_code = legal_statuses.code
    left join reasons_ceased
        on transitions.reason_ceased_code = reasons_ceased.code

)

select * from final
