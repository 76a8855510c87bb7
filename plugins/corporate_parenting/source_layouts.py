"""What the Virtual School, health, leaving-care, voice and reference sources deliver.

The one place these layouts live: the synthetic estate writes them, the extract checks every
delivery against them (a missing column quarantines the rows, an unexpected one is kept in
`_extra`), and the dbt sources describe them. Column names are as each system exports them:
upper case from the ePEP and health spreadsheets, lower case from the care-leaver database.

`Layout.child_id` names the column holding the case-management system's child ID (the same
CHILD as in the 903 return), which becomes `child_key` at the boundary; `upn` and `nhs_number`
go to the restricted linkage schema only. Voice data is anonymous and has no child column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    columns: tuple[str, ...]
    child_id: str | None = None
    upn: str | None = None
    nhs_number: str | None = None
    # Dates as each source writes them: dd/mm/yyyy in the CSV exports, real dates in the
    # workbook and the database (read back as dd/mm/yyyy).
    dates: tuple[str, ...] = ()
    # Free text: kept in raw (restricted), never passed on to staging.
    free_text: tuple[str, ...] = ()


def _cols(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --------------------------------------------------------------- Virtual School (ePEP export)
# <la>/virtual_school/<academic year>-T<1-3>/<table>.csv, one delivery per term: the records
# of that term (the pupil roll as at the term's census day).
VIRTUAL_SCHOOL = {
    "pupils": Layout(
        _cols(
            "CHILD_ID UPN CENSUS_DATE SCHOOL_URN NC_YEAR SEN_PROVISION EHCP_START_DATE "
            "SEN_PRIMARY_NEED"
        ),
        child_id="CHILD_ID",
        upn="UPN",
        dates=("CENSUS_DATE", "EHCP_START_DATE"),
    ),
    "peps": Layout(
        _cols("PEP_ID CHILD_ID UPN PEP_DATE QA_RATING QA_DATE"),
        child_id="CHILD_ID",
        upn="UPN",
        dates=("PEP_DATE", "QA_DATE"),
    ),
    "attendance": Layout(
        _cols(
            "CHILD_ID UPN SCHOOL_URN TERM_START TERM_END POSSIBLE_SESSIONS PRESENT_SESSIONS "
            "AUTHORISED_ABSENCE UNAUTHORISED_ABSENCE"
        ),
        child_id="CHILD_ID",
        upn="UPN",
        dates=("TERM_START", "TERM_END"),
    ),
    "exclusions": Layout(
        _cols("CHILD_ID UPN SCHOOL_URN CATEGORY START_DATE SESSIONS REASON"),
        child_id="CHILD_ID",
        upn="UPN",
        dates=("START_DATE",),
    ),
    "attainment": Layout(
        _cols(
            "CHILD_ID UPN ACADEMIC_YEAR KEY_STAGE READING_EXPECTED WRITING_EXPECTED "
            "MATHS_EXPECTED ATTAINMENT8 ENGLISH_GRADE MATHS_GRADE"
        ),
        child_id="CHILD_ID",
        upn="UPN",
    ),
    "school_moves": Layout(
        _cols("CHILD_ID UPN MOVE_DATE FROM_SCHOOL_URN TO_SCHOOL_URN MOVE_REASON"),
        child_id="CHILD_ID",
        upn="UPN",
        dates=("MOVE_DATE",),
    ),
    "post16": Layout(
        _cols("CHILD_ID UPN RECORDED_DATE NC_YEAR DESTINATION"),
        child_id="CHILD_ID",
        upn="UPN",
        dates=("RECORDED_DATE",),
    ),
}

# --------------------------------------------------------- Health (LAC health team workbook)
# <la>/health/<month>/lac_health_<month>.xlsx: the tracker of the financial year the month is
# in, year to date, one sheet per table. A later month's workbook supersedes the earlier one
# for its financial year.
HEALTH = {
    "health_assessments": Layout(
        _cols(
            "CHILD_ID NHS_NUMBER ASSESSMENT_TYPE REQUESTED_DATE DUE_DATE COMPLETED_DATE "
            "HEALTH_CHECK_UP_TO_DATE"
        ),
        child_id="CHILD_ID",
        nhs_number="NHS_NUMBER",
        dates=("REQUESTED_DATE", "DUE_DATE", "COMPLETED_DATE"),
    ),
    "dental_checks": Layout(
        _cols("CHILD_ID NHS_NUMBER CHECK_DATE"),
        child_id="CHILD_ID",
        nhs_number="NHS_NUMBER",
        dates=("CHECK_DATE",),
    ),
    "immunisations": Layout(
        _cols("CHILD_ID NHS_NUMBER REVIEW_DATE UP_TO_DATE"),
        child_id="CHILD_ID",
        nhs_number="NHS_NUMBER",
        dates=("REVIEW_DATE",),
    ),
    "sdq": Layout(
        _cols("CHILD_ID NHS_NUMBER SDQ_DATE INFORMANT TOTAL_SCORE"),
        child_id="CHILD_ID",
        nhs_number="NHS_NUMBER",
        dates=("SDQ_DATE",),
    ),
    "camhs_referrals": Layout(
        _cols("CHILD_ID NHS_NUMBER REFERRAL_DATE OUTCOME FIRST_APPOINTMENT_DATE"),
        child_id="CHILD_ID",
        nhs_number="NHS_NUMBER",
        dates=("REFERRAL_DATE", "FIRST_APPOINTMENT_DATE"),
    ),
}

# ------------------------------------------------- Leaving care (care-leaver service database)
# One database per LA, queried whole: each extraction is a snapshot that supersedes the last.
LEAVING_CARE = {
    "young_people": Layout(
        _cols(
            "person_id date_of_birth eligibility left_care_date personal_adviser_id "
            "pa_allocated_date"
        ),
        child_id="person_id",
        dates=("date_of_birth", "left_care_date", "pa_allocated_date"),
    ),
    "pathway_plans": Layout(
        _cols("plan_id person_id plan_date review_due_date"),
        child_id="person_id",
        dates=("plan_date", "review_due_date"),
    ),
    "contacts": Layout(
        _cols("contact_id person_id contact_date in_touch"),
        child_id="person_id",
        dates=("contact_date",),
    ),
    "accommodation": Layout(
        _cols("accommodation_id person_id start_date end_date accommodation_type suitable"),
        child_id="person_id",
        dates=("start_date", "end_date"),
    ),
    "activity": Layout(
        _cols("activity_id person_id start_date end_date activity_code"),
        child_id="person_id",
        dates=("start_date", "end_date"),
    ),
    "staying_put": Layout(
        _cols("arrangement_id person_id start_date end_date"),
        child_id="person_id",
        dates=("start_date", "end_date"),
    ),
}

# -------------------------------------------------------------------------------- Voice
# <la>/voice/<kind>/<kind>_<year>.csv: survey-tool exports (anonymous) and the IRO annual
# report's figures. Likert answers are the survey tool's labels.
LIKERT = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
CICC_QUESTIONS = _cols(
    "Q_FEEL_SAFE Q_TRUSTED_ADULT Q_SETTLED Q_VIEWS_LISTENED_TO Q_SEE_FAMILY Q_KNOW_SOCIAL_WORKER"
)
CARE_LEAVER_QUESTIONS = _cols(
    "Q_FEEL_SAFE_AT_HOME Q_PA_HELPFUL Q_MANAGE_MONEY Q_READY_FOR_INDEPENDENCE Q_KNOW_ENTITLEMENTS"
)
CARER_QUESTIONS = _cols(
    "Q_FEEL_SUPPORTED Q_TRAINING_USEFUL Q_GET_INFORMATION_NEEDED Q_SOCIAL_WORKER_CONTACT "
    "Q_WOULD_RECOMMEND"
)
IRO_MEASURES = _cols(
    "reviews_held reviews_in_timescale children_reviewed children_participated "
    "average_iro_caseload dispute_resolutions_raised dispute_resolutions_resolved_informally "
    "midway_checks_completed"
)
VOICE = {
    "cicc_survey": Layout(
        ("RESPONSE_ID", "SUBMITTED_DATE", "AGE_BAND", "PLACEMENT_TYPE", *CICC_QUESTIONS, "COMMENT"),
        dates=("SUBMITTED_DATE",),
        free_text=("COMMENT",),
    ),
    "care_leaver_survey": Layout(
        ("RESPONSE_ID", "SUBMITTED_DATE", "AGE_BAND", *CARE_LEAVER_QUESTIONS, "COMMENT"),
        dates=("SUBMITTED_DATE",),
        free_text=("COMMENT",),
    ),
    "carer_feedback": Layout(
        ("RESPONSE_ID", "SUBMITTED_DATE", "CARER_TYPE", *CARER_QUESTIONS, "COMMENT"),
        dates=("SUBMITTED_DATE",),
        free_text=("COMMENT",),
    ),
    "iro_report": Layout(_cols("REPORT_YEAR MEASURE VALUE")),
}

# ------------------------------------------------------------------------------ Reference
REFERENCE = {
    "local_authorities": Layout(_cols("LA_CODE LA_NUMBER LA_NAME REGION POPULATION_0_17")),
    "postcodes": Layout(_cols("PCDS OSEAST1M OSNRTH1M LAUA UTLA")),
    "ofsted_providers": Layout(
        _cols(
            "URN PROVIDER_TYPE SETTING_NAME POSTCODE LA_CODE OVERALL_EFFECTIVENESS INSPECTION_DATE"
        ),
        dates=("INSPECTION_DATE",),
    ),
    "population": Layout(_cols("LA_CODE YEAR POPULATION_0_17")),
}

DOMAIN_LAYOUTS = {
    "virtual_school": VIRTUAL_SCHOOL,
    "health": HEALTH,
    "leaving_care": LEAVING_CARE,
    "voice": VOICE,
}
