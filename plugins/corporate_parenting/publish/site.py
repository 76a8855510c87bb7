"""Publish the panel's site: every theme's pack for its next meeting, the home page, the data
dictionary, and the live dashboards when Superset is configured.

Runs only after both quality gates passed (the publish task). A pack that cannot be built
fails the task; packs already archived stay as they were.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from corporate_parenting.calendar import Meeting
from corporate_parenting.publish.themes import THEMES, Theme, theme_by_code
from corporate_parenting.settings import Settings

log = logging.getLogger(__name__)

HOME_THEME = "housing-and-placements"


@dataclass
class PublishedSite:
    home: Path
    builds: list = field(default_factory=list)
    dashboards: dict | None = None

    def report(self) -> str:
        lines = [f"Published: {self.home}"]
        lines += [
            f"  {b.theme.title} pack for {b.meeting.date:%d %B %Y}: {b.seconds:.1f} s ({b.folder})"
            for b in self.builds
        ]
        if self.dashboards:
            lines.append(f"  Dashboards refreshed: {self.dashboards}")
        return "\n".join(lines)


def selected_themes(env: dict[str, str] | None = None) -> list[Theme]:
    """PANEL_THEMES=H,He builds only those themes' packs (default: all six)."""
    from corporate_parenting.publish.pack import theme_for  # noqa: PLC0415

    wanted = (env or os.environ).get("PANEL_THEMES", "").strip()
    if not wanted:
        return list(THEMES)
    return [theme_for(code.strip()) for code in wanted.split(",") if code.strip()]


def publish_site(
    conn,
    settings: Settings | None = None,
    run_id: str | None = None,
    today: date | None = None,
    themes: list[Theme] | None = None,
    meeting: Meeting | None = None,
) -> PublishedSite:
    """Build each selected theme's pack for its next meeting as at `today`; or, given a
    `meeting` (a scheduled run, or a run for a named meeting), only that meeting's pack."""
    from corporate_parenting.calendar import next_meeting  # noqa: PLC0415
    from corporate_parenting.dashboards.publish import refresh_dashboards  # noqa: PLC0415
    from corporate_parenting.publish.pack import build_pack, write_home_page  # noqa: PLC0415
    from corporate_parenting.quality.notes import read_notes  # noqa: PLC0415
    from corporate_parenting.quality.published import record_published  # noqa: PLC0415

    settings = settings or Settings.from_env()
    today = today or date.today()
    notes = read_notes(settings.quality_dir)
    builds = []
    if meeting is not None:
        wanted = [(theme_by_code(meeting.theme_code), meeting)]
    else:
        wanted = [(t, next_meeting(t.code, today)) for t in themes or selected_themes()]
    for theme, for_meeting in wanted:
        build = build_pack(conn, theme, for_meeting, settings, run_id=run_id, quality_notes=notes)
        log.info("Built the %s pack in %.1f s: %s", theme.title, build.seconds, build.folder)
        builds.append(build)
    publish_data_dictionary(settings)
    home = write_home_page(settings, builds, today)
    record_published(conn, run_id)
    # Last, so a Superset outage cannot stop the papers; it still fails the task (and alerts).
    dashboards = refresh_dashboards(settings)
    return PublishedSite(home, builds, dashboards)


def publish_data_dictionary(settings: Settings) -> Path | None:
    """dbt's static docs site (models, columns, lineage) beside the pages it documents."""
    built = settings.var_dir / "dbt" / "target" / "static_index.html"
    if not built.exists():
        return None
    from corporate_parenting.publish.pack import write_atomically  # noqa: PLC0415

    target = settings.publish_dir / "data-dictionary" / "index.html"
    write_atomically(target, built.read_text(encoding="utf-8"))
    return target
