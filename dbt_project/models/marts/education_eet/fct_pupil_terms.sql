-- Children on the Virtual School roll at each term's census, one row per LA, term and child,
-- with whether a personal education plan (PEP) meeting was held in the term (catalogue E01).

with

pupils as (

    select * from {{ ref('stg_virtual_school__pupils') }}

),

pep_rows as (

    select * from {{ ref('stg_virtual_school__personal_education_plans') }}

),

children as (

    select * from {{ ref('dim_children') }}

),

-- A PEP can be exported more than once: one row per ePEP record, the latest export winning.
peps as (

    select distinct on (la_code, coalesce(pep_id, child_key || pep_date::text)) *
    from pep_rows
    where pep_date is not null
    order by la_code asc, coalesce(pep_id, child_key || pep_date::text), academic_term desc

),

-- The census roll of each term (a row delivered twice is counted once).
roll as (

    select distinct on (la_code, academic_term, child_key)
        la_code,
        academic_term,
        academic_year,
        child_key,
        census_date,
        national_curriculum_year,
        right(academic_term, 2) as term_code,
        left(academic_term, 4)::int as start_year
    from pupils
    where academic_term ~ '^[0-9]{4}-[0-9]{2}-T[123]$'
    order by la_code, academic_term, child_key, source_row_number

),

-- The ePEP system's terms: autumn 1 September to 31 December, spring 1 January to 31 March,
-- summer 1 April to 31 July.
termed as (

    select
        roll.*,
        case roll.term_code
            when 'T1' then make_date(roll.start_year, 9, 1)
            when 'T2' then make_date(roll.start_year + 1, 1, 1)
            else make_date(roll.start_year + 1, 4, 1)
        end as term_start_date,
        case roll.term_code
            when 'T1' then make_date(roll.start_year, 12, 31)
            when 'T2' then make_date(roll.start_year + 1, 3, 31)
            else make_date(roll.start_year + 1, 7, 31)
        end as term_end_date
    from roll

),

peps_in_term as (

    select
        termed.la_code,
        termed.academic_term,
        termed.child_key,
        count(*) as peps_in_term,
        max(peps.pep_date) as latest_pep_date
    from termed
    inner join peps
        on
            termed.la_code = peps.la_code
            and termed.child_key = peps.child_key
            and peps.pep_date between termed.term_start_date and termed.term_end_date
    group by termed.la_code, termed.academic_term, termed.child_key

),

final as (

    select
        termed.la_code,
        termed.academic_term,
        termed.child_key,
        termed.academic_year,
        termed.academic_year || ' ' || termed.term_code as term_label,
        termed.term_start_date,
        termed.term_end_date,
        termed.census_date,
        termed.national_curriculum_year,
        case
            when children.birth_month is null then 'Not known'
            else {{ dfe_age_band(age_on('children.birth_month', 'termed.term_end_date')) }}
        end as age_band,
        coalesce(children.sex, 'Not known') as sex,
        {{ ethnicity_group('children.ethnicity_code') }} as ethnicity_group,
        coalesce(peps_in_term.peps_in_term, 0) as peps_in_term,
        peps_in_term.latest_pep_date,
        peps_in_term.child_key is not null as has_pep_in_term
    from termed
    left join peps_in_term
        on
            termed.la_code = peps_in_term.la_code
            and termed.academic_term = peps_in_term.academic_term
            and termed.child_key = peps_in_term.child_key
    left join children
        on
            termed.la_code = children.la_code
            and termed.child_key = children.child_key

)

select * from final
