"""A tally of what a writer of synthetic source files wrote."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Written:
    files: int = 0
    rows: int = 0

    def add(self, rows: int, files: int = 1) -> Written:
        self.files += files
        self.rows += rows
        return self

    def __iadd__(self, other: Written) -> Written:
        self.files += other.files
        self.rows += other.rows
        return self
