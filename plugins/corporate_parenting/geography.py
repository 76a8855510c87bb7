"""Placement distance and locality, derived exactly as DfE does (domain spec §1.2).

Computed at load time from full postcodes, before postcodes are reduced to districts, so
full postcodes never leave the restricted raw schema.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

NOT_KNOWN_DISTANCE = 999.9


def normalise_postcode(postcode: str | None) -> str:
    return " ".join((postcode or "").upper().split())


def postcode_district(postcode: str | None) -> str | None:
    """Outward code (e.g. `HF4` of `HF4 7QD`): the degraded form allowed outside raw."""
    pc = normalise_postcode(postcode)
    return pc.split(" ")[0] if pc else None


@dataclass(frozen=True)
class Location:
    easting: float
    northing: float
    utla: str


class PostcodeDirectory:
    def __init__(self, locations: dict[str, Location]):
        self._locations = locations

    @classmethod
    def from_csv(cls, path: Path) -> PostcodeDirectory:
        locations: dict[str, Location] = {}
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                try:
                    locations[normalise_postcode(row["pcds"])] = Location(
                        float(row["oseast1m"]), float(row["osnrth1m"]), row["utla"].strip()
                    )
                except (KeyError, ValueError):
                    continue  # a reference row without coordinates cannot place anyone
        return cls(locations)

    def lookup(self, postcode: str | None) -> Location | None:
        return self._locations.get(normalise_postcode(postcode))

    def placement_distance(self, home_post: str | None, pl_post: str | None) -> float:
        """Miles between home and placement; 999.9 when either is missing or unknown."""
        home, placement = self.lookup(home_post), self.lookup(pl_post)
        if home is None or placement is None or not _in_england(home) or not _in_england(placement):
            return NOT_KNOWN_DISTANCE
        # "This formula is taken straight from the guidance" (DfE): metres -> km -> miles.
        metres = math.sqrt(
            (home.easting - placement.easting) ** 2 + (home.northing - placement.northing) ** 2
        )
        return round(metres / 1000 / 1.6093, 1)

    def placement_la(self, pl_post: str | None) -> str | None:
        placement = self.lookup(pl_post)
        if placement is None:
            return None
        if placement.utla.startswith("W"):
            return "WAL"
        if placement.utla.startswith("S"):
            return "SCO"
        if placement.utla.startswith("N"):
            return "NIR"
        return placement.utla

    def placement_location(self, pl_post: str | None, responsible_la: str) -> str | None:
        placement_la = self.placement_la(pl_post)
        if placement_la is None:
            return None
        return "IN" if placement_la == responsible_la else "OUT"


def _in_england(location: Location) -> bool:
    return location.utla.startswith("E")
