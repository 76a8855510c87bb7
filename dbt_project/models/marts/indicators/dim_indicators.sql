with

catalogue as (

    select * from {{ ref('indicator_catalogue') }}

),

final as (

    select
        indicator_id,
        indicator_group,
        indicator_name,
        themes,
        unit,
        direction_of_good,
        numerator_definition,
        denominator_definition,
        source_tables,
        coalesce(lower(dfe_comparator::text) in ('yes', 'true'), false) as has_dfe_comparator
    from catalogue

)

select * from final
