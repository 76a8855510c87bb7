with

source as (

    {{ select_from_raw(source('leaving_care', 'leaving_care_pathway_plans')) }}

),

renamed as (

    select
        _la_code as la_code,
        _period as extract_period,
        _loaded_at as snapshot_loaded_at,
        child_key,
        {{ text_value('plan_id') }} as plan_id,
        {{ dd_mm_yyyy('plan_date') }} as plan_date,
        {{ dd_mm_yyyy('review_due_date') }} as review_due_date,
        _batch_id as batch_id,
        _source_file as source_file,
        _row_number as source_row_number

    from source

)

select * from renamed
