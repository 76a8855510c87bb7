"""Placeholder: the Virtual School, health, leaving-care and voice sources (being written)."""

from __future__ import annotations

from pathlib import Path

from corporate_parenting.synthetic.context import LaContext
from corporate_parenting.synthetic.written import Written


def write_domains(out_dir: Path, ctx: LaContext) -> Written:
    return Written()
