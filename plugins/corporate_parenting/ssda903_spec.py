"""The SSDA903 file layouts: DfE's canonical CSV column names (domain spec §1.2).

The one place these lists live; the extract identifies delivered files by them and the
synthetic estate writes them.
"""

HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = (
    "CHILD",
    "DECOM",
    "RNE",
    "LS",
    "CIN",
    "PLACE",
    "PLACE_PROVIDER",
    "DEC",
    "REC",
    "REASON_PLACE_CHANGE",
    "HOME_POST",
    "PL_POST",
    "URN",
)
REVIEW_COLUMNS = ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")
UASC_COLUMNS = ("CHILD", "SEX", "DOB", "DUC")
OC2_COLUMNS = (
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
OC3_COLUMNS = ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")
AD1_COLUMNS = (
    "CHILD",
    "DOB",
    "DATE_INT",
    "DATE_MATCH",
    "FOSTER_CARE",
    "NB_ADOPTR",
    "SEX_ADOPTR",
    "LS_ADOPTR",
)
PLACED_FOR_ADOPTION_COLUMNS = (
    "CHILD",
    "DOB",
    "DATE_PLACED",
    "DATE_PLACED_CEASED",
    "REASON_PLACED_CEASED",
)
PREVIOUS_PERMANENCE_COLUMNS = ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")
MISSING_COLUMNS = ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")
SW_EPISODE_COLUMNS = ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON")
DOLO_COLUMNS = ("CHILD", "DOB", "DOLO_START", "DOLO_END")  # deprivation of liberty orders

# Every 903 table, by file stem (D2I fixture names), in the order the return lists them.
TABLE_COLUMNS = {
    "header": HEADER_COLUMNS,
    "episodes": EPISODE_COLUMNS,
    "reviews": REVIEW_COLUMNS,
    "uasc": UASC_COLUMNS,
    "oc2": OC2_COLUMNS,
    "oc3": OC3_COLUMNS,
    "ad1": AD1_COLUMNS,
    "placed_for_adoption": PLACED_FOR_ADOPTION_COLUMNS,
    "previous_permanence": PREVIOUS_PERMANENCE_COLUMNS,
    "missing": MISSING_COLUMNS,
    "sw_episodes": SW_EPISODE_COLUMNS,
    "dolo": DOLO_COLUMNS,
}

# Tables that exist only from a collection year on (the year's end, e.g. 2024 = 2023-24).
FIRST_YEAR_END = {"sw_episodes": 2024, "dolo": 2027}


def tables_for_year(year_end: int) -> dict[str, tuple[str, ...]]:
    """The tables a return for the collection year ending 31 March `year_end` holds."""
    return {t: c for t, c in TABLE_COLUMNS.items() if year_end >= FIRST_YEAR_END.get(t, 0)}
