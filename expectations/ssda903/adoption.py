"""Adoption: AD1 (children adopted in the year) and PlacedAdoption (decisions to place).

AD1's DATE_MATCH feeds the adoption timeliness figure A02b and the adoptive placement feeds
A02a; the decisions to place feed no figure, so their completeness rules are warnings.
A decision ceased in an earlier year is not
returned again (561/584 depend on that), so a child's PlacedAdoption rows are the decisions
open at some time in the year; "the latest decision" below is the one with the latest
DATE_PLACED. D2I compares every decision of the child where DfE's words are about the
decision that led to the adoption (523, 525, 558): we use the latest, so an earlier decision
that was reversed does not count against an adoption that followed a new one.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

ADOPTION_PLACES = "('A3', 'A4', 'A5', 'A6')"
AD1_FIELDS = ("date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr")
AD1_ANY = "(" + " or ".join(f"coalesce(t.{f}, '') <> ''" for f in AD1_FIELDS) + ")"
# Row p of {placed_for_adoption} is the child's latest decision to place.
LATEST_DECISION = (
    "p.child_key = t.child_key and p.date_placed_date is not null and not exists ("
    "select 1 from {placed_for_adoption} as q where q.child_key = p.child_key "
    "and q.date_placed_date > p.date_placed_date)"
)
CEASED = "(coalesce(p.date_placed_ceased, '') <> '' or coalesce(p.reason_placed_ceased, '') <> '')"


def _date_placed(alias: str) -> str:
    """DATE_PLACED to compare between years: the date, or the text when it is no date."""
    return f"coalesce({alias}.date_placed_date::text, trim({alias}.date_placed))"


def _invalid_date(table: str, column: str, code: str, message: str) -> Rule:
    return Rule(
        code=code,
        table=table,
        message=message,
        fields=(column.upper(),),
        affects=("A02b",) if column == "date_match" else (),
        sql=(
            f"select {{ids}}, t.{column} from {{this}} "
            f"where coalesce(t.{column}, '') <> '' and t.{column}_date is null"
        ),
    )


def _invalid_code(table: str, column: str, code: str, message: str, codes: str) -> Rule:
    return Rule(
        code=code,
        table=table,
        message=message,
        fields=(column.upper(),),
        sql=(
            f"select {{ids}}, t.{column} from {{this}} "
            f"where coalesce(t.{column}, '') <> '' and t.{column} not in {codes}"
        ),
    )


def _adopters(code: str, message: str, legal_status: str, sexes: str) -> Rule:
    """Legal status of the adopters `legal_status` needs SEX_ADOPTR among `sexes`."""
    return Rule(
        code=code,
        table="ad1",
        message=message,
        fields=("LS_ADOPTR", "SEX_ADOPTR"),
        sql=(
            "select {ids}, t.ls_adoptr, t.sex_adoptr from {this} "
            f"where t.ls_adoptr = '{legal_status}' "
            f"and coalesce(t.sex_adoptr, '') not in {sexes}"
        ),
    )


RULES = [
    _invalid_date(
        "ad1", "date_int", "112", "Date should be placed for adoption is not a valid date."
    ),
    _invalid_date(
        "ad1", "date_match", "113", "Date matching child and adopter(s) is not a valid date."
    ),
    _invalid_code(
        "ad1",
        "foster_care",
        "114",
        "Data entry to record the status of former carer(s) of an adopted child is invalid.",
        "('0', '1')",
    ),
    _invalid_date(
        "placed_for_adoption",
        "date_placed",
        "115",
        "Date of Local Authority's (LA) decision that a child should be placed for adoption is "
        "not a valid date.",
    ),
    _invalid_date(
        "placed_for_adoption",
        "date_placed_ceased",
        "116",
        "Date of Local Authority's (LA) decision that a child should no longer be placed for "
        "adoption is not a valid date.",
    ),
    # D2I compares with the DEC of the child's latest episode that is not X1 only when the
    # child has episodes; the end of the year applies to every decision.
    Rule(
        code="117",
        table="placed_for_adoption",
        message=(
            "Date of decision that a child should/should no longer be placed for adoption is "
            "beyond the current collection year or after the child ceased to be looked after."
        ),
        fields=("DATE_PLACED", "DATE_PLACED_CEASED", "DEC", "REC"),
        sql=(
            "select {ids}, t.date_placed, t.date_placed_ceased, e.dec from {this} "
            "left join lateral (select e.dec, e.dec_date from {episodes} as e "
            "where e.child_key = t.child_key and coalesce(e.rec, '') <> 'X1' "
            "and e.decom_date is not null order by e.decom_date desc limit 1) as e on true "
            "where t.date_placed_date > t.year_end or t.date_placed_ceased_date > t.year_end "
            "or t.date_placed_date > e.dec_date or t.date_placed_ceased_date > e.dec_date"
        ),
    ),
    Rule(
        code="118",
        table="placed_for_adoption",
        message=(
            "Date of decision that a child should no longer be placed for adoption is before "
            "the current collection year or before the date the child started to be looked "
            "after."
        ),
        fields=("DATE_PLACED_CEASED", "DECOM", "LS"),
        sql=(
            "select {ids}, t.date_placed_ceased from {this} "
            "where t.date_placed_ceased_date < t.year_start "
            "or t.date_placed_ceased_date < (select min(e.decom_date) from {episodes} as e "
            "where e.child_key = t.child_key and coalesce(e.ls, '') not in ('V3', 'V4'))"
        ),
    ),
    # Completeness of a field no panel figure uses.
    Rule(
        code="119",
        table="placed_for_adoption",
        message=(
            "If the decision is made that a child should no longer be placed for adoption, then "
            "the date of this decision and the reason why this decision was made must be "
            "completed."
        ),
        fields=("DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        severity=WARNING,
        sql=(
            "select {ids}, t.date_placed_ceased, t.reason_placed_ceased from {this} "
            "where (coalesce(t.date_placed_ceased, '') = '') "
            "<> (coalesce(t.reason_placed_ceased, '') = '')"
        ),
    ),
    _invalid_code(
        "placed_for_adoption",
        "reason_placed_ceased",
        "120",
        "The reason for the reversal of the decision that the child should be placed for "
        "adoption code is not valid.",
        "{codes[reasons_placed_for_adoption_ceased]}",
    ),
    # Completeness: a half-filled AD1 row of a child adopted this year is 601 (blocking).
    Rule(
        code="151",
        table="ad1",
        message="All data items relating to a childs adoption must be coded or left blank.",
        fields=("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
        severity=WARNING,
        sql=(
            "select {ids}, t.date_int, t.date_match from {this} where "
            + "("
            + " + ".join(f"(coalesce(t.{f}, '') <> '')::int" for f in AD1_FIELDS)
            + ") between 1 and 5"
        ),
    ),
    _invalid_code(
        "ad1",
        "nb_adoptr",
        "175",
        "The number of adopter(s) code is not a valid code.",
        "('1', '2')",
    ),
    _invalid_code(
        "ad1",
        "sex_adoptr",
        "176",
        "The gender of adopter(s) at the date of adoption code is not a valid code.",
        "{codes[adopter_sex]}",
    ),
    _invalid_code(
        "ad1",
        "ls_adoptr",
        "177",
        "The legal status of adopter(s) code is not a valid code.",
        "{codes[adopter_legal_status]}",
    ),
    Rule(
        code="184",
        table="placed_for_adoption",
        message=(
            "Date of decision that a child should be placed for adoption is before the child "
            "was born."
        ),
        fields=("DATE_PLACED", "DOB"),
        sql=(
            "select {ids}, t.date_placed, h.dob from {this} "
            "join {header} as h on h.child_key = t.child_key "
            "where t.date_placed_date < h.dob_date"
        ),
    ),
    Rule(
        code="331",
        table="ad1",
        message=(
            "Date of matching child and adopter(s) should be the same as, or prior to, the date "
            "of placement of adoption."
        ),
        fields=("DATE_MATCH", "DECOM", "REC"),
        affects=("A02b",),
        sql=(
            "select distinct {ids}, t.date_match, e.decom from {this} "
            "join {episodes} as e on e.child_key = t.child_key "
            "where e.rec in ('E11', 'E12') and t.date_match_date > e.decom_date"
        ),
    ),
    Rule(
        code="333",
        table="ad1",
        message=(
            "Date should be placed for adoption must be on or prior to the date of matching "
            "child with adopter(s)."
        ),
        fields=("DATE_INT", "DATE_MATCH"),
        affects=("A02b",),
        sql=(
            "select {ids}, t.date_int, t.date_match from {this} "
            "where t.date_match_date is not null "
            "and (t.date_int_date is null or t.date_int_date > t.date_match_date)"
        ),
    ),
    # Only this year's episodes, as D2I: a period of care that began earlier has no S episode
    # here and is not tested.
    Rule(
        code="334",
        table="ad1",
        message=(
            "Date child started to be looked after in latest period of care must be on or prior "
            "to the date should be placed for adoption. "
        ),
        fields=("DATE_INT", "DECOM", "RNE"),
        sql=(
            "select {ids}, t.date_int, s.started from {this} "
            "join (select e.child_key, max(e.decom_date) as started from {episodes} as e "
            "where e.rne = 'S' group by e.child_key) as s on s.child_key = t.child_key "
            "where t.date_int_date < s.started"
        ),
    ),
    Rule(
        code="335",
        table="ad1",
        message=(
            "The current foster value (0) suggests that child is not adopted by current foster "
            "carer, but last placement is A2, A3, or A5. Or the current foster value (1) "
            "suggests that child is adopted by current foster carer, but last placement is A1, "
            "A4 or A6."
        ),
        fields=("FOSTER_CARE", "PLACE"),
        sql=(
            "select distinct {ids}, t.foster_care, e.place from {this} "
            "join {episodes} as e on e.child_key = t.child_key "
            "where e.rec in ('E1', 'E11', 'E12') "
            "and ((e.place in ('A2', 'A3', 'A5') and t.foster_care = '0') "
            "or (e.place in ('A1', 'A4', 'A6') and t.foster_care = '1'))"
        ),
    ),
    # DfE's rule (quoted in D2I's comment) is about A3 and A5, placed for adoption with the
    # current foster carer; D2I's code tests A3 and A4. We test A3 and A5.
    Rule(
        code="336",
        table="episodes",
        message=(
            "Child does not have a foster placement immediately prior to being placed for adoption."
        ),
        fields=("PLACE",),
        sql=(
            "select {ids}, t.decom, t.place, p.place as previous_place from {this} "
            "join lateral (select o.place from {episodes} as o "
            "where o.child_key = t.child_key and o.decom_date < t.decom_date "
            "order by o.decom_date desc limit 1) as p on true "
            "where t.place in ('A3', 'A5') and coalesce(p.place, '') not in "
            "('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')"
        ),
    ),
    Rule(
        code="390",
        table="episodes",
        message=(
            "Reason episode ceased is adopted but child has not been previously placed for "
            "adoption."
        ),
        fields=("PLACE", "REC"),
        affects=("A02a",),
        sql=(
            "select {ids}, t.place, t.rec from {this} "
            f"where t.rec in ('E11', 'E12') and coalesce(t.place, '') not in {ADOPTION_PLACES}"
        ),
    ),
    Rule(
        code="511",
        table="ad1",
        message=(
            "If reporting that the number of person(s) adopting the looked after child is two "
            "adopters then the code should only be MM, FF or MF. MM = the adopting couple are "
            "both males; FF = the adopting couple are both females; MF = The adopting couple are "
            "male and female."
        ),
        fields=("NB_ADOPTR", "SEX_ADOPTR"),
        sql=(
            "select {ids}, t.nb_adoptr, t.sex_adoptr from {this} "
            "where t.nb_adoptr = '2' and t.sex_adoptr in ('M1', 'F1')"
        ),
    ),
    _adopters(
        "514",
        "Data entry on the legal status of adopters shows a single adopter but data entry for "
        "the numbers of adopters shows it as a couple.",
        "L0",
        "('M1', 'F1')",
    ),
    _adopters(
        "517",
        "If reporting legal status of adopters is L3 then the genders of adopters should be "
        "coded as MF. MF = the adopting couple are male and female.",
        "L3",
        "('MF')",
    ),
    _adopters(
        "518",
        "If reporting legal status of adopters is L4 then the genders of adopters should be "
        "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple "
        "are both females.",
        "L4",
        "('MM', 'FF')",
    ),
    _adopters(
        "519",
        "Data entered on the legal status of adopters shows civil partnership couple, but data "
        "entered on genders of adopters does not show it as a couple.",
        "L2",
        "('MM', 'FF', 'MF')",
    ),
    _adopters(
        "520",
        "Data entry on the legal status of adopters shows different gender married couple but "
        "data entry on genders of adopters shows it as a same gender couple.",
        "L11",
        "('MF')",
    ),
    _adopters(
        "524",
        "If reporting legal status of adopters is L12 then the genders of adopters should be "
        "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple "
        "are both females",
        "L12",
        "('MM', 'FF')",
    ),
    Rule(
        code="521",
        table="ad1",
        message=(
            "Date of local authority's decision (LA) that adoption is in the best interests of "
            "the child (date should be placed) must be on or prior to the date the child is "
            "placed for adoption."
        ),
        fields=("DATE_INT", "DECOM", "PLACE"),
        sql=(
            "select distinct {ids}, t.date_int, e.decom, e.place from {this} "
            "join {episodes} as e on e.child_key = t.child_key "
            f"where e.place in {ADOPTION_PLACES} and t.date_int_date > e.decom_date"
        ),
    ),
    Rule(
        code="522",
        table="placed_for_adoption",
        message=(
            "Date of decision that the child should be placed for adoption must be on or before "
            "the date that a child should no longer be placed for adoption."
        ),
        fields=("DATE_PLACED", "DATE_PLACED_CEASED"),
        sql=(
            "select {ids}, t.date_placed, t.date_placed_ceased from {this} "
            "where t.date_placed_ceased_date < t.date_placed_date"
        ),
    ),
    Rule(
        code="523",
        table="ad1",
        message=(
            "Date of decision that the child should be placed for adoption should be the same "
            "date as the decision that adoption is in the best interest (date should be placed)."
        ),
        fields=("DATE_INT", "DATE_PLACED"),
        sql=(
            "select {ids}, t.date_int, p.date_placed from {this} "
            "join {placed_for_adoption} as p on " + LATEST_DECISION + " "
            "where t.date_int_date <> p.date_placed_date"
        ),
    ),
    Rule(
        code="525",
        table="ad1",
        message=(
            "A child for whom the decision to be placed for adoption has been reversed cannot be "
            "adopted during the year."
        ),
        fields=("DATE_PLACED_CEASED", "DATE_INT", "DATE_MATCH"),
        sql=(
            "select {ids}, t.date_int, p.date_placed_ceased from {this} "
            "join {placed_for_adoption} as p on " + LATEST_DECISION + " "
            f"where p.date_placed_ceased_date is not null and {AD1_ANY}"
        ),
    ),
    # Completeness of the decisions (no panel figure uses them).
    Rule(
        code="551",
        table="episodes",
        message=(
            "Child has been placed for adoption but there is no date of the decision that the "
            "child should be placed for adoption."
        ),
        fields=("DATE_PLACED", "PLACE"),
        severity=WARNING,
        sql=(
            "select {ids}, t.decom, t.place from {this} "
            f"where t.place in {ADOPTION_PLACES} and not exists ("
            "select 1 from {placed_for_adoption} as p where p.child_key = t.child_key "
            "and coalesce(p.date_placed, '') <> '')"
        ),
    ),
    # D2I compares the first adoptive placement with the latest decision.
    Rule(
        code="552",
        table="placed_for_adoption",
        message=(
            "Date of Decision to place a child for adoption should be on or prior to the date "
            "that the child was placed for adoption."
        ),
        fields=("DATE_PLACED", "DECOM"),
        sql=(
            "select {ids}, t.date_placed, a.placed from {this} "
            "join (select e.child_key, min(e.decom_date) as placed from {episodes} as e "
            f"where e.place in {ADOPTION_PLACES} group by e.child_key) as a "
            "on a.child_key = t.child_key "
            "where a.placed < t.date_placed_date and not exists ("
            "select 1 from {placed_for_adoption} as q where q.child_key = t.child_key "
            "and q.date_placed_date > t.date_placed_date)"
        ),
    ),
    # Completeness of the decisions. D2I also reports any ceased decision of a child whose
    # placement order is open; we report it only when the latest decision is ceased.
    Rule(
        code="553",
        table="episodes",
        message=(
            "Placement order has been granted but there is no date of decision that the child "
            "should be placed for adoption."
        ),
        fields=("LS", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        severity=WARNING,
        sql=(
            "select {ids}, t.decom, t.ls from {this} where t.ls = 'E1' and ("
            "not exists (select 1 from {placed_for_adoption} as p "
            "where p.child_key = t.child_key) "
            "or (coalesce(t.dec, '') = '' and exists ("
            "select 1 from {placed_for_adoption} as p where "
            + LATEST_DECISION
            + f" and {CEASED})))"
        ),
    ),
    # D2I warns of false positives when the placement order predates this year's episodes.
    Rule(
        code="554",
        table="placed_for_adoption",
        message=(
            "Date of decision that the child should be placed for adoption should be on or "
            "prior to the date that the placement order was granted."
        ),
        fields=("DATE_PLACED", "DECOM", "LS"),
        severity=WARNING,
        sql=(
            "select {ids}, t.date_placed, o.granted from {this} "
            "join (select e.child_key, min(e.decom_date) as granted from {episodes} as e "
            "where e.ls = 'E1' group by e.child_key) as o on o.child_key = t.child_key "
            "where t.date_placed_date > o.granted"
        ),
    ),
    # Completeness of the decisions, as 553 for freeing orders.
    Rule(
        code="555",
        table="episodes",
        message=(
            "Freeing order has been granted but there is no date of decision that the child "
            "should be placed for adoption."
        ),
        fields=("LS", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        severity=WARNING,
        sql=(
            "select {ids}, t.decom, t.ls from {this} where t.ls = 'D1' and ("
            "not exists (select 1 from {placed_for_adoption} as p "
            "where p.child_key = t.child_key) "
            "or (coalesce(t.dec, '') = '' and exists ("
            "select 1 from {placed_for_adoption} as p where "
            + LATEST_DECISION
            + f" and {CEASED})))"
        ),
    ),
    Rule(
        code="556",
        table="episodes",
        message=(
            "Date of decision that the child should be placed for adoption should be on or "
            "prior to the date that the freeing order was granted."
        ),
        fields=("DATE_PLACED", "DECOM"),
        sql=(
            "select distinct {ids}, t.decom, p.date_placed from {this} "
            "join {placed_for_adoption} as p on p.child_key = t.child_key "
            "where t.ls = 'D1' and p.date_placed_date > t.decom_date"
        ),
    ),
    # Completeness of the decisions. Freeing orders (D1) count until 2023-24 (lac2024_25).
    Rule(
        code="557",
        table="episodes",
        message=(
            "Child for whom the decision was made that they should be placed for adoption has "
            "left care but was not adopted and information on the decision that they should no "
            "longer be placed for adoption items has not been completed."
        ),
        fields=("PLACE", "LS", "REC", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        severity=WARNING,
        sql=(
            "select {ids}, t.place, t.ls, t.rec from {this} "
            f"where (t.place in {ADOPTION_PLACES} or t.ls = 'E1' "
            "or (t.ls = 'D1' and {collection_year} < '2024-25')) "
            "and coalesce(t.rec, '') not in ('', 'X1', 'E11', 'E12') and ("
            "not exists (select 1 from {placed_for_adoption} as p "
            "where p.child_key = t.child_key) "
            "or exists (select 1 from {placed_for_adoption} as p "
            "where p.child_key = t.child_key and (coalesce(p.date_placed_ceased, '') = '' "
            "or coalesce(p.reason_placed_ceased, '') = '')))"
        ),
    ),
    Rule(
        code="558",
        table="episodes",
        message=(
            "If a child has been adopted, then the decision to place them for adoption has not "
            "been disrupted and the date of the decision that a child should no longer be placed "
            "for adoption should be left blank."
        ),
        fields=("DATE_PLACED_CEASED", "REC"),
        sql=(
            "select {ids}, t.rec, p.date_placed_ceased from {this} "
            "join {placed_for_adoption} as p on " + LATEST_DECISION + " "
            "where t.rec in ('E11', 'E12') and coalesce(p.date_placed_ceased, '') <> ''"
        ),
    ),
    # Completeness of last year's return.
    Rule(
        code="559",
        table="placed_for_adoption",
        message=(
            "Date of decision that a child should be placed for adoption was not in the current "
            "year but the date of the decision that the child should be placed for adoption was "
            "not completed in a previous return."
        ),
        fields=("DATE_PLACED",),
        severity=WARNING,
        needs_last_year=True,
        sql=(
            "select {ids}, t.date_placed from {this} "
            "where t.date_placed_date < t.year_start and not exists ("
            "select 1 from {placed_for_adoption_last} as l where l.child_key = t.child_key "
            "and coalesce(l.date_placed, '') <> '')"
        ),
    ),
    # D2I compares each decision this year with each open one of last year; a child with a
    # second decision would fail on it. We look for the open decision among this year's.
    Rule(
        code="560",
        table="placed_for_adoption",
        message=(
            "Date of decision that the child should be placed for adoption this year is "
            "different from that recorded last year but the decision to place the child for "
            "adoption did not change."
        ),
        fields=("DATE_PLACED", "DATE_PLACED_CEASED"),
        needs_last_year=True,
        sql=(
            "select distinct {ids}, t.date_placed, l.date_placed as last_date_placed from {this} "
            "join {placed_for_adoption_last} as l on l.child_key = t.child_key "
            "where coalesce(l.date_placed, '') <> '' "
            "and coalesce(l.date_placed_ceased, '') = '' "
            f"and {_date_placed('t')} <> {_date_placed('l')} "
            "and not exists (select 1 from {placed_for_adoption} as p "
            f"where p.child_key = t.child_key and {_date_placed('p')} = {_date_placed('l')})"
        ),
    ),
    Rule(
        code="561",
        table="placed_for_adoption",
        message=(
            "Date of the decision that the child should be placed for adoption this year is the "
            "same as that recorded last year but records show that the decision changed, and the "
            "child should no longer be placed for adoption last year."
        ),
        fields=("DATE_PLACED",),
        needs_last_year=True,
        sql=(
            "select distinct {ids}, t.date_placed, l.date_placed_ceased from {this} "
            "join {placed_for_adoption_last} as l on l.child_key = t.child_key "
            f"where {_date_placed('t')} = {_date_placed('l')} "
            "and (coalesce(l.date_placed_ceased, '') <> '' "
            "or coalesce(l.reason_placed_ceased, '') <> '')"
        ),
    ),
    # Completeness of a field no panel figure uses.
    Rule(
        code="563",
        table="placed_for_adoption",
        message=(
            "The child should no longer be placed for adoption but the date of the decision "
            "that the child should be placed for adoption is blank"
        ),
        fields=("DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
        severity=WARNING,
        sql=(
            "select {ids}, t.date_placed, t.date_placed_ceased from {this} "
            "where coalesce(t.date_placed, '') = '' and coalesce(t.date_placed_ceased, '') <> '' "
            "and coalesce(t.reason_placed_ceased, '') <> ''"
        ),
    ),
    Rule(
        code="579",
        table="placed_for_adoption",
        message=(
            "A new decision that the child should be placed for adoption this year cannot start "
            "when the previous decision is still open. Decisions to place the child for adoption "
            "should also not overlap. The date of any new decision to place the child for "
            "adoption must not be before the date placed ceased of previous decisions."
        ),
        fields=("DATE_PLACED", "DATE_PLACED_CEASED"),
        sql=(
            "select {ids}, t.date_placed, t.previous_ceased from ("
            "select t.*, lag(t._row_number) over w as previous_row, "
            "lag(t.date_placed_ceased) over w as previous_ceased, "
            "lag(t.date_placed_ceased_date) over w as previous_ceased_date from {this} "
            "window w as (partition by t.child_key "
            "order by t.date_placed_date nulls last, t._row_number)) as t "
            "where t.previous_row is not null and (coalesce(t.previous_ceased, '') = '' "
            "or t.date_placed_date < t.previous_ceased_date)"
        ),
    ),
    # A plausibility query: DfE expects matching before the adoption "in most circumstances".
    Rule(
        code="582",
        table="episodes",
        message=(
            "Child is showing as ceasing to be looked after due to adoption, but the date of "
            "adoption is the same as the date reported for being matched with adopters. In most "
            "circumstances we expect the date the child is matched with adopters to be before the "
            "date of adoption."
        ),
        fields=("DEC", "DATE_MATCH"),
        severity=WARNING,
        first_year="2022-23",
        sql=(
            "select distinct {ids}, t.dec, a.date_match from {this} "
            "join {ad1} as a on a.child_key = t.child_key "
            "where t.rec in ('E11', 'E12') and t.dec_date = a.date_match_date"
        ),
    ),
    # DfE asks to check both dates are needed: a query, and no panel figure uses decisions.
    Rule(
        code="583",
        table="placed_for_adoption",
        message=(
            "More than one date the child should be placed for adoption has been reported, but "
            "an earlier decision has not been revoked. Check that both dates are required and "
            "add in the date the earlier decision was revoked. Note this may be in a previous "
            "year."
        ),
        fields=("DATE_PLACED", "DATE_PLACED_CEASED"),
        severity=WARNING,
        first_year="2022-23",
        sql=(
            "select {ids}, t.date_placed from {this} "
            "where coalesce(t.date_placed_ceased, '') = '' and exists ("
            "select 1 from {placed_for_adoption} as o where o.child_key = t.child_key "
            "and o._row_number <> t._row_number and (coalesce(o.date_placed_ceased, '') = '' "
            "or o.date_placed_date > t.date_placed_date "
            "or (t.date_placed_date is null and o.date_placed_date is not null)))"
        ),
    ),
    Rule(
        code="584",
        table="placed_for_adoption",
        message=(
            "Date of decision that the child should be placed for adoption this year is "
            "different from that recorded last year, but the decision to placed the child for "
            "adoption changed and the child should no longer be placed for adoption."
        ),
        fields=("DATE_PLACED",),
        needs_last_year=True,
        sql=(
            "select distinct {ids}, t.date_placed, l.date_placed as last_date_placed from {this} "
            "join {placed_for_adoption_last} as l on l.child_key = t.child_key "
            "where (coalesce(l.date_placed_ceased, '') <> '' "
            "or coalesce(l.reason_placed_ceased, '') <> '') "
            "and (coalesce(t.date_placed, '') = '' or t.date_placed_date <= l.date_placed_date)"
        ),
    ),
    # D2I only checks AD1 rows that exist; a child adopted this year without any AD1 row is
    # missing from the adoption figures just the same, so it is reported here too.
    Rule(
        code="601",
        table="episodes",
        message=(
            "The additional fields relating to adoption have not been completed although the "
            "episode data shows that the child was adopted during the year."
        ),
        fields=("REC", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR"),
        affects=("A02b",),
        sql=(
            "select {ids}, t.dec, t.rec from {this} "
            "where t.rec in ('E11', 'E12') and t.dec_date between t.year_start and t.year_end "
            "and not exists (select 1 from {ad1} as a where a.child_key = t.child_key and "
            + " and ".join(f"coalesce(a.{f}, '') <> ''" for f in AD1_FIELDS)
            + ")"
        ),
    ),
    Rule(
        code="602",
        table="ad1",
        message=(
            "The episode data submitted for this child does not show that he/she was adopted "
            "during the year."
        ),
        fields=("CHILD",),
        sql=(
            f"select {{ids}} from {{this}} where {AD1_ANY} and not exists ("
            "select 1 from {episodes} as e where e.child_key = t.child_key "
            "and e.rec in ('E11', 'E12') and e.dec_date between t.year_start and t.year_end)"
        ),
    ),
    Rule(
        code="1003",
        table="placed_for_adoption",
        message=(
            "Date of LA's decision that a child should be placed for adoption is before the "
            "child started to be looked after."
        ),
        fields=("DATE_PLACED", "DECOM", "RNE"),
        sql=(
            "select {ids}, t.date_placed, s.started from {this} "
            "join (select e.child_key, min(e.decom_date) as started from {episodes} as e "
            "where e.rne = 'S' group by e.child_key) as s on s.child_key = t.child_key "
            "where t.date_placed_date < s.started"
        ),
    ),
    Rule(
        code="INT01",
        table="ad1",
        message="Data Integrity Check: Child in AD1 does not exist in Header.",
        fields=("CHILD",),
        sql=(
            "select {ids} from {this} where not exists ("
            "select 1 from {header} as h where h.child_key = t.child_key)"
        ),
    ),
    Rule(
        code="INT02",
        table="placed_for_adoption",
        message="Internal Check: Child in PlacedAdoption does not exist in Header.",
        fields=("CHILD",),
        sql=(
            "select {ids} from {this} where not exists ("
            "select 1 from {header} as h where h.child_key = t.child_key)"
        ),
    ),
    Rule(
        code="INT11",
        table="ad1",
        message="Internal Check: DOB in AD1 is different to DOB in Header.",
        fields=("DOB",),
        sql=(
            "select {ids}, t.dob, h.dob as header_dob from {this} "
            "join {header} as h on h.child_key = t.child_key where t.dob_date <> h.dob_date"
        ),
    ),
    Rule(
        code="INT12",
        table="placed_for_adoption",
        message="Internal Check: DOB in PlacedAdoption is different to DOB in Header.",
        fields=("DOB",),
        sql=(
            "select {ids}, t.dob, h.dob as header_dob from {this} "
            "join {header} as h on h.child_key = t.child_key where t.dob_date <> h.dob_date"
        ),
    ),
    Rule(
        code="INT31",
        table="ad1",
        message="Internal Check: Child should only exist once in AD1.",
        fields=("CHILD",),
        sql=(
            "select {ids} from {this} where exists (select 1 from {ad1} as a "
            "where a.child_key = t.child_key and a._row_number <> t._row_number)"
        ),
    ),
]
