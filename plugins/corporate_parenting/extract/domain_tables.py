"""The raw tables of the Virtual School, health, leaving-care, voice and reference sources.

Built from the layouts in `source_layouts` (the one place they are declared): a delivery is
checked against its layout, so a missing column quarantines its rows and an unexpected one is
kept in `_extra`. Raw table names are `<source>_<table>` (`virtual_school_peps`,
`health_<sheet>`, `leaving_care_young_people`, `voice_<kind>`, `reference_<table>`). A layout
that names the child gets the derived `child_key`; its UPN and NHS number columns go to the
restricted linkage schema as well.
"""

from __future__ import annotations

from corporate_parenting import source_layouts
from corporate_parenting.extract.raw_loader import RawTable
from corporate_parenting.extract.sources import SOURCE_SYSTEMS, SourceTable, derived_columns_for

DOMAIN_SOURCES = tuple(source_layouts.DOMAIN_LAYOUTS)


def table_from_layout(raw_name: str, source: str, layout: source_layouts.Layout) -> SourceTable:
    return SourceTable(
        raw=RawTable(
            name=raw_name,
            source_system=SOURCE_SYSTEMS[source],
            columns=layout.columns,
            derived_columns=derived_columns_for(layout.child_id, None),
            date_columns=layout.dates,
        ),
        child_id_column=layout.child_id,
        upn_column=layout.upn,
        nhs_column=layout.nhs_number,
    )


def _tables(source: str, layouts: dict[str, source_layouts.Layout]) -> dict[str, SourceTable]:
    return {
        name: table_from_layout(f"{source}_{name}", source, layout)
        for name, layout in layouts.items()
    }


# Source -> table (CSV file stem, sheet name, database table or voice kind) -> raw table.
DOMAIN_TABLES: dict[str, dict[str, SourceTable]] = {
    source: _tables(source, layouts) for source, layouts in source_layouts.DOMAIN_LAYOUTS.items()
}
REFERENCE_TABLES: dict[str, SourceTable] = _tables("reference", source_layouts.REFERENCE)
