-- Young people open to the leaving care service at each 31 March and at the latest snapshot,
-- with whether their pathway plan is in date and a personal adviser is allocated (CL07a/b;
-- the definition of "open" is in the docs).

with

young_people as (

    select * from {{ ref('stg_leaving_care__young_people') }}

),

pathway_plans as (

    select * from {{ ref('stg_leaving_care__pathway_plans') }}

),

contacts as (

    select * from {{ ref('stg_leaving_care__contacts') }}

),

annual_returns as (

    select distinct
        la_code,
        collection_year
    from {{ ref('stg_ssda903__headers') }}

),

-- The snapshot describes the service up to the end of the month before it was extracted
-- (the extract runs early each month).
snapshots as (

    select
        la_code,
        (
            date_trunc('month', max(snapshot_loaded_at) at time zone 'Europe/London')
            - interval '1 day'
        )::date as snapshot_end_date
    from young_people
    group by la_code

),

periods as (

    select
        annual_returns.la_code,
        'statutory_year' as period_type,
        annual_returns.collection_year as period_label,
        {{ collection_year_end('annual_returns.collection_year') }} as period_end_date
    from annual_returns
    inner join snapshots
        on annual_returns.la_code = snapshots.la_code
    where {{ collection_year_end('annual_returns.collection_year') }} <= snapshots.snapshot_end_date

    union all

    select
        la_code,
        'rolling_12_months' as period_type,
        '12 months to ' || to_char(snapshot_end_date, 'DD/MM/YYYY') as period_label,
        snapshot_end_date as period_end_date
    from snapshots

),

-- One row per young person (a duplicated record keeps its first row).
people as (

    select
        la_code,
        child_key,
        birth_month,
        eligibility_code,
        left_care_date,
        personal_adviser_id,
        pa_allocated_date
    from (
        select
            *,
            row_number() over (
                partition by la_code, child_key order by source_row_number
            ) as occurrence
        from young_people
    ) as numbered
    where occurrence = 1

),

candidates as (

    select
        periods.la_code,
        periods.period_type,
        periods.period_label,
        periods.period_end_date,
        people.child_key,
        people.eligibility_code,
        people.left_care_date,
        people.personal_adviser_id,
        people.pa_allocated_date,
        {{ age_on('people.birth_month', 'periods.period_end_date') }} as age_at_period_end
    from periods
    inner join people
        on periods.la_code = people.la_code
    where
        people.eligibility_code in ('eligible', 'relevant', 'former_relevant')
        and people.birth_month is not null

),

assessed as (

    select
        candidates.*,
        latest_contact.in_touch_code as latest_in_touch_code,
        recent_support.has_recent_contact,
        latest_plan.plan_date as latest_plan_date,
        latest_plan.review_due_date as latest_plan_review_due_date
    from candidates
    left join lateral (
        select contacts.in_touch_code
        from contacts
        where
            contacts.la_code = candidates.la_code
            and contacts.child_key = candidates.child_key
            and contacts.contact_date <= candidates.period_end_date
        order by contacts.contact_date desc, contacts.source_row_number desc
        limit 1
    ) as latest_contact on true
    left join lateral (
        select true as has_recent_contact
        from contacts
        where
            contacts.la_code = candidates.la_code
            and contacts.child_key = candidates.child_key
            and contacts.in_touch_code = 'YES'
            and contacts.contact_date <= candidates.period_end_date
            and contacts.contact_date > (candidates.period_end_date - interval '12 months')
        order by contacts.contact_date desc
        limit 1
    ) as recent_support on true
    left join lateral (
        select
            pathway_plans.plan_date,
            pathway_plans.review_due_date
        from pathway_plans
        where
            pathway_plans.la_code = candidates.la_code
            and pathway_plans.child_key = candidates.child_key
            and pathway_plans.plan_date <= candidates.period_end_date
        order by pathway_plans.plan_date desc, pathway_plans.source_row_number desc
        limit 1
    ) as latest_plan on true

),

final as (

    select
        la_code,
        period_type,
        period_label,
        period_end_date,
        child_key,
        eligibility_code,
        age_at_period_end,
        latest_plan_date,
        latest_plan_review_due_date,
        coalesce(latest_plan_review_due_date >= period_end_date, false)
            as is_pathway_plan_in_date,
        coalesce(personal_adviser_id is not null and pa_allocated_date <= period_end_date, false)
            as has_personal_adviser
    from assessed
    where
        age_at_period_end between 16 and 24
        and coalesce(latest_in_touch_code not in ('DIED', 'RHOM'), true)
        and (age_at_period_end < 21 or coalesce(has_recent_contact, false))

)

select * from final
