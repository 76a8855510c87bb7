"""What the last published pack showed, for the gate's change check.

Publish records the figures it put in front of the panel (`quality.published_figures`, one
snapshot per publication); the change check compares the marts with the latest snapshot.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

DDL = """
create schema if not exists quality;
create table if not exists quality.published_figures (
  published_at timestamptz not null,
  run_id text,
  la_code text not null,
  indicator_id text not null,
  period_type text not null,
  period_label text not null,
  period_end_date date,
  unit text not null,
  value numeric
);
create index if not exists published_figures_at on quality.published_figures (published_at);
"""


@dataclass(frozen=True)
class ChangeThresholds:
    percentage_points: float
    relative_change: float
    minimum_absolute_change: float

    @classmethod
    def load(cls, expectations_dir: Path) -> ChangeThresholds:
        config = yaml.safe_load((expectations_dir / "quality_config.yml").read_text())
        values = config["change_check"]
        return cls(
            percentage_points=float(
                os.environ.get("QUALITY_CHANGE_PERCENTAGE_POINTS", values["percentage_points"])
            ),
            relative_change=float(
                os.environ.get("QUALITY_CHANGE_RELATIVE", values["relative_change"])
            ),
            minimum_absolute_change=float(values["minimum_absolute_change"]),
        )


def record_published(conn, run_id: str | None) -> int:
    """Snapshot the headline ('all') figures now in the marts as what was published."""
    with conn.cursor() as cur:
        cur.execute(DDL)
        cur.execute(
            "insert into quality.published_figures "
            "select now(), %s, la_code, indicator_id, period_type, period_label, "
            "period_end_date, unit, value from marts.fct_indicators "
            "where breakdown_type = 'all' and value is not null",
            (run_id,),
        )
        count = cur.rowcount
    conn.commit()
    return count
