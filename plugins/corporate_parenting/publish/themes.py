"""The panel's six meeting themes and the words used for them.

Theme codes are the ones in the indicator catalogue's `themes` column (domain spec §2.4); the
annual review (A) looks at every measure year on year. Plain-language names for young people
and the glossary live in `plain_language.yml` beside this module, so officers can edit the
wording without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PLAIN_LANGUAGE = Path(__file__).with_name("plain_language.yml")


@dataclass(frozen=True)
class Theme:
    code: str
    slug: str
    title: str
    purpose: str
    young_people_title: str
    headline: tuple[str, ...]
    qualitative_inserts: str

    def includes(self, indicator_themes: tuple[str, ...]) -> bool:
        return self.code == "A" or self.code in indicator_themes


THEMES: tuple[Theme, ...] = (
    Theme(
        "E",
        "education-employment-training",
        "Education, employment and training",
        "how well children in our care do at school and how many care leavers are in "
        "education, employment or training",
        "School, college and work",
        ("E02a", "E05", "E06b", "CL02"),
        "Virtual School Head's report",
    ),
    Theme(
        "H",
        "housing-and-placements",
        "Housing and placements",
        "where children in our care live, how stable their homes are, and whether care "
        "leavers have suitable homes",
        "Where you live",
        ("P01", "P06", "P10", "P13"),
        "Placement sufficiency narrative; Ofsted grades of providers",
    ),
    Theme(
        "He",
        "health-outcomes",
        "Health outcomes",
        "whether children in our care get their health checks, dental checks and "
        "immunisations, and how they are doing emotionally",
        "Health and feeling well",
        ("He01", "He02", "He03", "He07"),
        "Designated nurse and doctor's report",
    ),
    Theme(
        "CL",
        "care-leavers-transitions",
        "Care leavers' transitions",
        "how we support young people as they leave care: keeping in touch, education and "
        "work, and somewhere suitable to live",
        "Leaving care",
        ("CL01", "CL02", "CL04", "CL07a"),
        "Care leavers' forum feedback",
    ),
    Theme(
        "Q",
        "qualitative-feedback",
        "Qualitative feedback",
        "what children, care leavers and foster carers tell us, and what the independent "
        "reviewing officers found",
        "What you told us",
        ("Q01", "Q03a", "Q03b", "Q03c"),
        "Children in care council survey, IRO annual report, carers' feedback",
    ),
    Theme(
        "A",
        "annual-review",
        "Annual developmental progress review",
        "the whole year: every measure the panel follows, year on year, against England "
        "and our statistical neighbours",
        "Our year",
        ("P01", "P13", "He01", "CL02", "A01a"),
        "Annual report of the corporate parenting service",
    ),
)


def theme_by_code(code: str) -> Theme:
    for theme in THEMES:
        if theme.code == code:
            return theme
    raise KeyError(f"unknown theme code {code!r}; known: {', '.join(t.code for t in THEMES)}")


def theme_by_slug(slug: str) -> Theme:
    for theme in THEMES:
        if slug in (theme.slug, theme.code):
            return theme
    raise KeyError(f"unknown theme {slug!r}; known: {', '.join(t.slug for t in THEMES)}")


@cache
def plain_language() -> dict:
    """{'indicators': {id: young people's words}, 'glossary': [{term, meaning, themes}]}"""
    return yaml.safe_load(PLAIN_LANGUAGE.read_text(encoding="utf-8"))


def young_people_name(indicator_id: str, fallback: str) -> str:
    return plain_language()["indicators"].get(indicator_id, fallback)


def glossary_for(theme: Theme) -> list[dict]:
    terms = [
        entry
        for entry in plain_language()["glossary"]
        if theme.code == "A" or "all" in entry["themes"] or theme.code in entry["themes"]
    ]
    return sorted(terms, key=lambda entry: entry["term"].lower())
