with

source as (

    select * from {{ source('reference', 'reference_local_authorities') }}

),

renamed as (

    select
        la_code,
        la_number,
        la_name,
        region,
        nullif(population_0_17, '')::int as population_0_17

    from source

)

select * from renamed
