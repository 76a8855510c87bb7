"""Data-quality notes for published figures, from the gate's warnings.

A warning does not stop publishing; it must be visible where it matters. A warning names the
indicators it affects (a 903 rule's `affects`, or the indicator of a failing mart row); those
tiles carry the note, and every warning is listed in the page's data-quality section.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

STAGES = ("raw", "marts")
RECORDS_903 = {
    "header": "child records",
    "episodes": "episodes of care",
    "reviews": "review records",
    "uasc": "asylum-seeking status records",
    "oc2": "health and offending records",
    "oc3": "care leaver records",
    "ad1": "adoption records",
    "placed_for_adoption": "adoption decisions",
    "previous_permanence": "previous permanence records",
    "missing": "missing-from-placement records",
    "sw_episodes": "social worker records",
    "dolo": "deprivation of liberty records",
}
SOURCES = {
    "virtual_school_": "Virtual School records",
    "health_": "health records",
    "leaving_care_": "leaving-care records",
    "voice_": "survey records",
    "reference_": "reference data",
}


def plain_table(table: str) -> str:
    """What a panel member calls the table: 'episodes of care (903 return)'."""
    name = table.split(".", 1)[-1]
    for prefix, source in (("ssda903_", "903 return"), ("cms_monthly_", "in-year extract")):
        if name.startswith(prefix):
            return f"{RECORDS_903.get(name[len(prefix) :], name)} ({source})"
    for prefix, label in SOURCES.items():
        if name.startswith(prefix):
            return label
    return "the published figures" if table.startswith(("marts.", "reporting_")) else name


@dataclass
class QualityNote:
    rule_code: str
    message: str
    rows: int = 0
    tables: set[str] = field(default_factory=set)
    years: set[str] = field(default_factory=set)
    indicators: set[str] = field(default_factory=set)

    @property
    def sentence(self) -> str:
        where = ", ".join(sorted({plain_table(t) for t in self.tables}))
        ordered = sorted(self.years)
        years = ""
        if ordered:
            span = ordered[0] if len(ordered) == 1 else f"{ordered[0]} to {ordered[-1]}"
            years = f" ({span})"
        return (
            f"{self.rows:,} record{'s' if self.rows != 1 else ''} in {where}{years} "
            f"did not pass check {self.rule_code}: {self.message}"
        )


def read_notes(quality_dir: Path) -> list[QualityNote]:
    """Every warning of the latest gate runs, one note per rule."""
    notes: dict[tuple[str, str], QualityNote] = {}
    for stage in STAGES:
        path = quality_dir / f"gate_{stage}_latest.json"
        if not path.exists():
            continue
        for outcome in json.loads(path.read_text())["outcomes"]:
            if outcome["success"] or outcome["severity"] == "blocking":
                continue
            note = notes.setdefault(
                (outcome["rule_code"], outcome["message"]),
                QualityNote(outcome["rule_code"], outcome["message"]),
            )
            note.rows += outcome["failing_rows"]
            note.tables.add(outcome["table"])
            if outcome.get("collection_year"):
                note.years.add(outcome["collection_year"])
            note.indicators.update(outcome.get("affects") or [])
            note.indicators.update(
                e["indicator_id"] for e in outcome["examples"] if e.get("indicator_id")
            )
    return sorted(notes.values(), key=lambda n: (-n.rows, n.rule_code))


def notes_by_indicator(notes: list[QualityNote]) -> dict[str, list[QualityNote]]:
    found: dict[str, list[QualityNote]] = {}
    for note in notes:
        for indicator in note.indicators:
            found.setdefault(indicator, []).append(note)
    return found
