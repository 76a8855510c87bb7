"""Reusable operators for the source-system DAGs."""

from __future__ import annotations

from collections.abc import Sequence

from airflow.sdk import Asset, BaseOperator


def raw_asset(source: str) -> Asset:
    """The Airflow asset a source's landing updates; downstream DAGs can be scheduled on it."""
    return Asset(name=f"raw_{source}")


class LandSourceOperator(BaseOperator):
    """Find a source system's deliveries and land them in `raw`.

    Every delivered row is loaded or quarantined with its reason; identical re-deliveries are
    skipped; corrected ones supersede the earlier delivery, whose rows go to raw_history. Fails
    (naming the file) when a delivery cannot be identified, and when rows are unaccounted for.
    """

    template_fields: Sequence[str] = ("source",)
    ui_color = "#d2e3fc"

    def __init__(self, *, source: str, **kwargs):
        kwargs.setdefault("outlets", [raw_asset(source)])
        super().__init__(**kwargs)
        self.source = source

    def execute(self, context) -> dict:
        from corporate_parenting.pipeline import land_sources  # noqa: PLC0415

        report = land_sources([self.source])[self.source]
        self.log.info("Landed %s: %s", self.source, report)
        return report
