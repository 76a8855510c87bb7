-- OC3 care leavers per LA and collection year, with the DfE cohorts and outcome classes
-- (domain spec §1.4.13-15, §1.5 rule 9; choices in the docs).

with

oc3 as (

    select * from {{ ref('stg_ssda903__oc3_care_leavers') }}

),

-- One row per child and return: a duplicated row in a delivery keeps its first occurrence.
deduplicated as (

    select
        *,
        row_number() over (
            partition by la_code, collection_year, child_key
            order by source_row_number, batch_id
        ) as occurrence
    from oc3

),

aged as (

    select
        la_code,
        collection_year,
        child_key,
        birth_month,
        in_touch_code,
        activity_code,
        accommodation_code,
        accommodation_type_code,
        is_accommodation_suitable,
        -- Age on the birthday that falls in the collection year (1 April to 31 March) equals
        -- the age on 31 March; a birth month is enough because 31 March ends its month.
        {{ age_on('birth_month', collection_year_end('collection_year')) }} as age_on_birthday
    from deduplicated
    where occurrence = 1

),

classified as (

    select
        la_code,
        collection_year,
        child_key,
        age_on_birthday,
        case
            when age_on_birthday between 17 and 18 then '17-18'
            when age_on_birthday between 19 and 21 then '19-21'
            when age_on_birthday between 22 and 25 then '22-25'
        end as age_group,
        in_touch_code,
        activity_code,
        accommodation_code,
        accommodation_type_code,
        is_accommodation_suitable,
        in_touch_code in ('DIED', 'RHOM') as is_died_or_returned_home,
        in_touch_code = 'YES' as is_in_touch,
        coalesce(in_touch_code = 'YES' and age_on_birthday >= 22, false)
            as has_requested_and_received_support,
        coalesce(activity_code in ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'), false)
            as is_eet,
        coalesce(activity_code in ('G4', 'G5', 'G6'), false) as is_neet,
        coalesce(activity_code in ('F1', 'P1'), false) as is_in_higher_education,
        activity_code is null as is_activity_not_known,
        coalesce(is_accommodation_suitable, false) as is_in_suitable_accommodation,
        coalesce(accommodation_type_code in ('S', 'V', 'W', 'X'), false)
            as is_homeless_emergency_or_custody,
        coalesce(accommodation_type_code = 'Z', false) as is_with_former_foster_carers,
        accommodation_code is null as is_accommodation_not_known
    from aged

),

final as (

    select
        la_code,
        collection_year,
        child_key,
        age_on_birthday,
        age_group,
        in_touch_code,
        activity_code,
        accommodation_code,
        accommodation_type_code,
        is_accommodation_suitable,
        is_died_or_returned_home,
        is_in_touch,
        has_requested_and_received_support,
        is_eet,
        is_neet,
        is_in_higher_education,
        is_activity_not_known,
        is_in_suitable_accommodation,
        is_homeless_emergency_or_custody,
        is_with_former_foster_carers,
        is_accommodation_not_known,
        -- In-touch cohort (CL01): everyone but those who died or returned home.
        coalesce(not is_died_or_returned_home, true) as is_in_touch_cohort,
        -- Activity and accommodation cohort (CL02-CL06b, CL09): aged 17-21, everyone in the
        -- return including not known; aged 22-25, only those who requested and received
        -- support, the only ones whose status is collected.
        case
            when age_group in ('17-18', '19-21') then true
            when age_group = '22-25' then has_requested_and_received_support
            else false
        end as is_outcome_cohort
    from classified

)

select * from final
