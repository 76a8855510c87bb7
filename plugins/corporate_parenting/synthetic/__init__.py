"""Synthetic source data for the fictional estate (SSDA903 returns and reference files)."""

from corporate_parenting.synthetic.ssda903 import EstateSummary, generate_estate

__all__ = ["EstateSummary", "generate_estate"]
