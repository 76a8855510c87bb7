"""Episodes: valid codes for the year and the structure of a child's episodes.

The structural rules the guidance implies (DEC after DECOM, no overlaps, at most one open
episode, X1 chains continue the same day, episodes after birth) are DfE rules 356, 501, 142,
388 and 302. Rules 141/147 also run at load, where an unreadable date is quarantined; here
they catch a value that reached raw some other way.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

# Another episode of the same child in the same return.
OTHER = "join {episodes} as o on o.child_key = t.child_key and o._row_number <> t._row_number"

RULES = [
    Rule(
        code="141",
        table="episodes",
        message="Date episode began is not a valid date.",
        fields=("DECOM",),
        sql="select {ids}, t.decom from {this} where t.decom_date is null",
    ),
    Rule(
        code="147",
        table="episodes",
        message="Date episode ceased is not a valid date.",
        fields=("DEC",),
        sql=(
            "select {ids}, t.dec from {this} where coalesce(t.dec, '') <> '' and t.dec_date is null"
        ),
    ),
    Rule(
        code="143",
        table="episodes",
        message="The reason for new episode code is not a valid code.",
        fields=("RNE",),
        sql=(
            "select {ids}, t.rne from {this} "
            "where coalesce(t.rne, '') = '' or t.rne not in {codes[reasons_new_episode]}"
        ),
    ),
    Rule(
        code="144",
        table="episodes",
        message="The legal status code is not a valid code.",
        fields=("LS",),
        sql=(
            "select {ids}, t.ls from {this} "
            "where coalesce(t.ls, '') = '' or t.ls not in {codes[legal_statuses]}"
        ),
    ),
    Rule(
        code="145",
        table="episodes",
        message="Category of need code is not a valid code.",
        fields=("CIN",),
        sql=(
            "select {ids}, t.cin from {this} "
            "where coalesce(t.cin, '') = '' or t.cin not in {codes[categories_of_need]}"
        ),
    ),
    Rule(
        code="146",
        table="episodes",
        message="Placement type code is not a valid code.",
        fields=("PLACE",),
        sql=(
            "select {ids}, t.place from {this} "
            "where coalesce(t.place, '') = '' or t.place not in {codes[placement_types]}"
        ),
    ),
    Rule(
        code="149",
        table="episodes",
        message="Reason episode ceased code is not valid.",
        fields=("REC",),
        sql=(
            "select {ids}, t.rec from {this} "
            "where coalesce(t.rec, '') <> '' and t.rec not in {codes[reasons_episode_ceased]}"
        ),
    ),
    Rule(
        code="356",
        table="episodes",
        message="The date the episode ceased is before the date the same episode started.",
        fields=("DECOM", "DEC"),
        sql="select {ids}, t.decom, t.dec from {this} where t.dec_date < t.decom_date",
    ),
    # A plausibility query, not an error: a same-day episode is usually a recording slip that
    # changes no panel figure.
    Rule(
        code="355",
        table="episodes",
        message="Episode appears to have lasted for less than 24 hours",
        fields=("DECOM", "DEC"),
        severity=WARNING,
        sql="select {ids}, t.decom, t.dec from {this} where t.dec_date = t.decom_date",
    ),
    Rule(
        code="501",
        table="episodes",
        message="A new episode has started before the end date of the previous episode.",
        fields=("DECOM", "DEC"),
        sql=(
            "select distinct {ids}, t.decom, t.dec from {this} " + OTHER + " "
            "where o.decom_date > t.decom_date "
            "and o.decom_date < coalesce(t.dec_date, 'infinity'::date)"
        ),
    ),
    Rule(
        code="142",
        table="episodes",
        message="A new episode has started, but the previous episode has not ended.",
        fields=("DEC", "REC"),
        sql=(
            "select distinct {ids}, t.decom, t.dec from {this} " + OTHER + " "
            "where t.dec_date is null and coalesce(t.dec, '') = '' "
            "and o.decom_date > t.decom_date"
        ),
    ),
    Rule(
        code="388",
        table="episodes",
        message=(
            "Reason episode ceased is coded new episode begins, but there is no "
            "continuation episode."
        ),
        fields=("REC",),
        # An X1 episode that ends on the last day of the year continues in next year's return.
        sql=(
            "select {ids}, t.dec, t.rec from {this} where t.rec = 'X1' "
            "and t.dec_date < t.year_end and not exists ("
            "select 1 from {episodes} as o where o.child_key = t.child_key "
            "and o.decom_date = t.dec_date)"
        ),
    ),
    Rule(
        code="302",
        table="episodes",
        message="First episode starts before child was born.",
        fields=("DECOM", "DOB"),
        sql=(
            "select {ids}, t.decom, h.dob from {this} join {header} as h "
            "on h.child_key = t.child_key where t.decom_date < h.dob_date"
        ),
    ),
]
