with

source as (

    {{ select_from_raw(source('benchmarks', 'benchmarks_ees_values')) }}

),

renamed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ text_value('time_period') }} as time_period,
        {{ text_value('time_identifier') }} as time_identifier,
        case {{ text_value('time_identifier') }}
            when 'Reporting year' then 'statutory_year'
            when 'Academic year' then 'academic_year'
        end as period_type,
        case
            when trim(time_period) ~ '^[0-9]{6}$'
                then left(trim(time_period), 4) || '-' || right(trim(time_period), 2)
        end as period_label,
        {{ text_value('geographic_level') }} as geographic_level,
        {{ text_value('country_code') }} as country_code,
        {{ text_value('new_la_code') }} as la_code,
        {{ text_value('old_la_code') }} as old_la_code,
        {{ text_value('la_name') }} as la_name,
        {{ text_value('indicator_id') }} as indicator_id,
        {{ safe_numeric('value') }} as value,
        case
            when {{ safe_numeric('value') }} is null then {{ text_value('value') }}
        end as value_symbol,
        {{ safe_numeric('numerator') }} as numerator,
        {{ safe_numeric('denominator') }} as denominator,
        {{ text_value('source_dataset') }} as source_dataset,
        case
            when trim(published_date) ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
                then trim(published_date)::date
            else {{ dd_mm_yyyy('published_date') }}
        end as published_date,
        _loaded_at as loaded_at

    from source

)

select * from renamed
