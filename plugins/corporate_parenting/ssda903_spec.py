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

# The 903 tables the warehouse reads so far, by file stem (D2I fixture names).
TABLE_COLUMNS = {"header": HEADER_COLUMNS, "episodes": EPISODE_COLUMNS}
