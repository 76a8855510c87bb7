-- One row per care leaver in the OC3 return, per LA and collection year, for analysts.

with

care_leavers as (

    select * from {{ ref('int_care_leaver_years_classified') }}

),

children as (

    select * from {{ ref('dim_children') }}

),

final as (

    select
        care_leavers.la_code,
        care_leavers.collection_year,
        {{ collection_year_end('care_leavers.collection_year') }} as year_end_date,
        care_leavers.child_key,
        care_leavers.age_on_birthday as age,
        care_leavers.age_group,
        children.sex,
        {{ ethnicity_group('children.ethnicity_code') }} as ethnicity_group,
        care_leavers.in_touch_code,
        care_leavers.activity_code,
        care_leavers.accommodation_code,
        care_leavers.accommodation_type_code,
        care_leavers.is_accommodation_suitable as is_suitable,
        care_leavers.is_in_touch,
        care_leavers.is_died_or_returned_home,
        care_leavers.has_requested_and_received_support,
        care_leavers.is_eet,
        care_leavers.is_neet,
        care_leavers.is_in_higher_education,
        care_leavers.is_activity_not_known,
        care_leavers.is_in_suitable_accommodation,
        care_leavers.is_homeless_emergency_or_custody,
        care_leavers.is_with_former_foster_carers,
        care_leavers.is_accommodation_not_known,
        care_leavers.is_in_touch_cohort,
        care_leavers.is_outcome_cohort
    from care_leavers
    left join children
        on
            care_leavers.la_code = children.la_code
            and care_leavers.child_key = children.child_key

)

select * from final
