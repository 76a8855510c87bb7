"""Reviews: review dates, participation codes and who may have reviews at all.

The participation figure (Q01: reviews coded PN1-PN6 out of PN1-PN7, PN0 for under-4s left
out) reads REVIEW and REVIEW_CODE, so invalid dates and codes, a PN0 for a child of 4 or more
(or a PN1-PN7 for a younger child) and reviews of short-break (V3/V4) children are blocking.
Blank is '' or NULL alike.
"""

from corporate_parenting.quality.checks import WARNING
from corporate_parenting.quality.rules import Rule

RULES = [
    Rule(
        code="166",
        table="reviews",
        message="Date of review is invalid or blank.",
        fields=("REVIEW",),
        affects=("Q01",),
        sql="select {ids}, t.review from {this} where t.review_date is null",
    ),
    Rule(
        code="167",
        table="reviews",
        message="Data entry for participation is invalid or blank.",
        fields=("REVIEW_CODE",),
        affects=("Q01",),
        # Valid: a review with a valid code, or (a row with) neither review nor code.
        sql=(
            "select {ids}, t.review, t.review_code from {this} where not ("
            "(coalesce(t.review, '') <> '' "
            "and coalesce(t.review_code, '') in {codes[review_participation]}) "
            "or (coalesce(t.review, '') = '' and coalesce(t.review_code, '') = ''))"
        ),
    ),
    # D2I also reports the header (MOTHER) and episode rows; this rule has the review rows.
    Rule(
        code="399",
        table="reviews",
        message=(
            "Mother field, review field or participation field are completed but child is looked "
            "after under legal status V3 or V4."
        ),
        fields=("LS", "REVIEW", "REVIEW_CODE"),
        affects=("Q01",),
        # Only a child all of whose episodes are V3/V4 short breaks.
        sql=(
            "select {ids}, t.review, t.review_code from {this} "
            "where (coalesce(t.review, '') <> '' or coalesce(t.review_code, '') <> '') "
            "and exists (select 1 from {episodes} as e where e.child_key = t.child_key) "
            "and not exists (select 1 from {episodes} as e where e.child_key = t.child_key "
            "and coalesce(e.ls, '') not in ('V3', 'V4'))"
        ),
    ),
    Rule(
        code="440",
        table="reviews",
        message=(
            "Participation method indicates child was under 4 years old at the time of the "
            "review, but date of birth and review date indicates the child was 4 years old or "
            "over."
        ),
        fields=("DOB", "REVIEW", "REVIEW_CODE"),
        affects=("Q01",),
        sql=(
            "select {ids}, t.dob, t.review, t.review_code from {this} "
            "where t.review_code = 'PN0' and t.review_date > t.dob_date + interval '4 years'"
        ),
    ),
    Rule(
        code="441",
        table="reviews",
        message=(
            "Participation method indicates child was 4 years old or over at the time of the "
            "review, but the date of birth and review date indicates the child was under 4 years "
            "old."
        ),
        fields=("DOB", "REVIEW", "REVIEW_CODE"),
        affects=("Q01",),
        sql=(
            "select {ids}, t.dob, t.review, t.review_code from {this} "
            "where t.review_code in ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7') "
            "and t.review_date < t.dob_date + interval '4 years'"
        ),
    ),
    Rule(
        code="INT08",
        table="reviews",
        message="Internal Check: Child in Reviews does not exist in Header.",
        fields=("CHILD",),
        affects=("Q01",),
        sql=(
            "select {ids} from {this} where not exists (select 1 from {header} as h "
            "where h.child_key = t.child_key)"
        ),
    ),
    # why warning: no figure reads the DOB on the reviews file except 440/441, which flag it.
    Rule(
        code="INT17",
        table="reviews",
        message="Internal Check: DOB in Reviews is different to DOB in Header.",
        fields=("DOB",),
        severity=WARNING,
        sql=(
            "select {ids}, t.dob, h.dob as header_dob from {this} join {header} as h "
            "on h.child_key = t.child_key where t.dob_date <> h.dob_date"
        ),
    ),
]
