"""Build the panel pack for one meeting: an HTML site, a tagged A4 PDF, and the young people's
version of both.

A build is written to a temporary folder and renamed into the meeting's archive in one step
(`packs/<meeting>/<build>/`); an existing build is never written to again. Each build's
`manifest.json` records the figures, sentences, recommendations and the source batches (files,
checksums, load times) it was built from. The theme's current pack (`<theme slug>/`) and the
home page are then replaced in one step each, so readers never see half a pack.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from corporate_parenting.calendar import Meeting
from corporate_parenting.calendar.status import build_labels, deadline_status, first_builds
from corporate_parenting.publish import charts, narrative
from corporate_parenting.publish.figures import PERIOD_NAMES, Indicator, read_indicators
from corporate_parenting.publish.themes import (
    THEMES,
    Theme,
    glossary_for,
    theme_by_code,
    theme_by_slug,
    young_people_name,
)
from corporate_parenting.quality.notes import notes_by_indicator
from corporate_parenting.settings import Settings

log = logging.getLogger(__name__)

PAGES = (
    ("index.html", "Summary"),
    ("measures.html", "Measures"),
    ("quality.html", "Data quality"),
    ("glossary.html", "Glossary"),
    ("sources.html", "Sources"),
    ("young-people.html", "Young people's version"),
)
PDFS = (
    ("pack/print.html.j2", "pack.pdf"),
    ("pack/young-people-print.html.j2", "young-people.pdf"),
)
SOURCE_NAMES = {
    "ssda903": "SSDA903 children looked after return (case-management system)",
    "cms_monthly": "Monthly in-year extract (case-management system)",
    "virtual_school": "Virtual School ePEP export",
    "health": "Looked-after children health team workbook",
    "leaving_care": "Care-leaver service database",
    "voice": "Surveys and IRO annual report figures",
    "reference": "Reference data (LA codes, population, postcodes, Ofsted providers)",
    "benchmarks": "DfE published figures (Explore Education Statistics)",
}


class PackExists(RuntimeError):
    """A build folder is already there: archived packs are never overwritten."""


@dataclass
class PackBuild:
    theme: Theme
    meeting: Meeting
    folder: Path
    current: Path
    seconds: float

    def summary(self) -> dict:
        return {
            "theme": self.theme.title,
            "meeting": self.meeting.date.isoformat(),
            "folder": str(self.folder),
            "seconds": round(self.seconds, 2),
        }


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("corporate_parenting.publish", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = lambda d: f"{d.day} {d:%B %Y}" if d else ""
    env.filters["b64"] = lambda text: base64.b64encode(text.encode("utf-8")).decode("ascii")
    env.filters["thousands"] = lambda v: "" if v is None else f"{v:,.0f}"
    return env


def theme_indicators(theme: Theme, indicators: list[Indicator]) -> list[Indicator]:
    return [i for i in indicators if theme.includes(i.themes)]


def charted(theme: Theme, indicators: list[Indicator]) -> list[Indicator]:
    """The measures drawn as charts: all with a figure to draw, except in the annual review,
    which draws its own measures and the headline ones and puts the rest in its year-on-year
    table. A measure whose every figure is hidden has only its table."""
    drawable = [i for i in indicators if charts.chart_rows(i)]
    if theme.code != "A":
        return drawable
    return [i for i in drawable if "A" in i.themes or i.indicator_id in theme.headline]


def current_batches(conn) -> list[dict]:
    with conn.cursor() as cur:
        cur.execute(
            "select batch_id::text, source_system, table_name, la_code, period, source_file, "
            "checksum, rows_loaded, rows_quarantined, loaded_at from raw._load_batches "
            "where superseded_at is null and status = 'loaded' order by source_file"
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _source_summary(batches: list[dict]) -> list[dict]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for batch in batches:
        grouped[batch["source_system"]].append(batch)
    return [
        {
            "source": SOURCE_NAMES.get(system, system),
            "files": len(rows),
            "rows": sum(r["rows_loaded"] for r in rows),
            "periods": f"{min(r['period'] for r in rows)} to {max(r['period'] for r in rows)}",
            "last_loaded": max(r["loaded_at"] for r in rows),
        }
        for system, rows in sorted(grouped.items())
    ]


def _england_sources(conn, indicator_ids: list[str]) -> list[dict]:
    with conn.cursor() as cur:
        cur.execute(
            "select distinct source_dataset, published_date from marts.fct_england_benchmarks "
            "where indicator_id = any(%s) and source_dataset is not null "
            "order by published_date desc, source_dataset",
            (indicator_ids,),
        )
        return [{"dataset": d, "published": p} for d, p in cur.fetchall()]


def _indicator_definitions(conn, indicator_ids: list[str]) -> dict[str, dict]:
    with conn.cursor() as cur:
        cur.execute(
            "select indicator_id, numerator_definition, denominator_definition, source_tables "
            "from marts.dim_indicators where indicator_id = any(%s)",
            (indicator_ids,),
        )
        return {
            row[0]: {"numerator": row[1], "denominator": row[2], "sources": row[3]}
            for row in cur.fetchall()
        }


def _data_as_at(indicators: list[Indicator], batches: list[dict]) -> dict:
    latest_year = max((i.latest.period_label for i in indicators), default="")
    in_year = [i.in_year.period_label for i in indicators if i.in_year is not None]
    loaded = max((b["loaded_at"] for b in batches), default=None)
    return {
        "latest_year": latest_year,
        "in_year": max(in_year) if in_year else None,
        "loaded": loaded,
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _replace_folder(source: Path, target: Path) -> None:
    """Make `target` a copy of `source`, swapped in with renames (never half written)."""
    staging = target.with_name(f".{target.name}.{os.getpid()}.new")
    old = target.with_name(f".{target.name}.{os.getpid()}.old")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def build_pack(
    conn,
    theme: Theme,
    meeting: Meeting,
    settings: Settings | None = None,
    run_id: str | None = None,
    quality_notes: list | None = None,
    la_code: str | None = None,
    built_at: datetime | None = None,
) -> PackBuild:
    """Render one meeting's pack into the archive and make it the theme's current pack."""
    from weasyprint import HTML  # noqa: PLC0415 - heavy import, only when publishing

    started = time.perf_counter()
    settings = settings or Settings.from_env()
    built_at = built_at or datetime.now(UTC)
    la_code, la_name, every_indicator = read_indicators(conn, la_code)
    indicators = theme_indicators(theme, every_indicator)
    if not indicators:
        raise LookupError(f"no published figures for theme {theme.title} ({la_code})")
    notes = list(quality_notes or [])
    ids = [i.indicator_id for i in indicators]
    theme_notes = [n for n in notes if set(n.indicators) & set(ids) or not n.indicators]
    batches = current_batches(conn)
    summary = narrative.executive_summary(theme, la_name, indicators)
    recommendations = narrative.recommendations(indicators, theme_notes)
    specs = {i.indicator_id: charts.trend_spec(i) for i in charted(theme, indicators)}
    context = {
        "theme": theme,
        "meeting": meeting,
        "la_code": la_code,
        "la_name": la_name,
        "indicators": indicators,
        "headline": [i for i in indicators if i.indicator_id in theme.headline],
        "charted": specs,
        "descriptions": {i.indicator_id: charts.description(i) for i in indicators},
        "summary": summary,
        "recommendations": recommendations,
        "recommendation_rules": narrative.RECOMMENDATION_RULES,
        "young_people": narrative.young_people_lines(theme, indicators),
        "young_people_asks": narrative.young_people_asks(recommendations, indicators),
        "young_name": young_people_name,
        "neighbours": narrative.neighbours_comparison,
        "england_sentence": narrative.england_sentence,
        "latest_change": narrative.latest_change,
        "quality_notes": theme_notes,
        "notes_by_indicator": notes_by_indicator(theme_notes),
        "glossary": glossary_for(theme),
        "sources": _source_summary(batches),
        "batches": batches,
        "england_sources": _england_sources(conn, ids),
        "definitions": _indicator_definitions(conn, ids),
        "data_as_at": _data_as_at(indicators, batches),
        "period_names": PERIOD_NAMES,
        "built_at": built_at,
        "pages": PAGES,
        "run_id": run_id,
    }
    env = _environment()
    archive = settings.publish_dir / "packs" / meeting.meeting_id
    build_id = built_at.strftime("built-%Y%m%dT%H%M%S%fZ")
    folder = archive / build_id
    if folder.exists():
        raise PackExists(f"{folder} exists: archived packs are never overwritten")
    staging = archive / f".{build_id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "assets").mkdir(parents=True)
    (staging / "assets" / "vega.js").write_text(charts.vega_script_bundle(), encoding="utf-8")
    (staging / "assets" / "pack.css").write_text(
        env.get_template("pack/pack.css").render(), encoding="utf-8"
    )
    (staging / "assets" / "charts.js").write_text(
        env.get_template("pack/charts.js").render(), encoding="utf-8"
    )
    for page, _ in PAGES:
        html = env.get_template(f"pack/{page}.j2").render(**context, page=page)
        (staging / page).write_text(html, encoding="utf-8")
    svgs = {key: charts.trend_svg(spec) for key, spec in specs.items()}
    for template, pdf_name in PDFS:
        html = env.get_template(template).render(**context, svgs=svgs)
        HTML(string=html, base_url=str(staging)).write_pdf(
            staging / pdf_name, pdf_variant="pdf/ua-1", pdf_identifier=build_id.encode()
        )
    seconds = time.perf_counter() - started
    manifest = {
        "meeting": {
            "id": meeting.meeting_id,
            "date": meeting.date.isoformat(),
            "papers_due": meeting.papers_due.isoformat(),
            "children_in_care_council_due": meeting.children_in_care_council_due.isoformat(),
            # Whether this build was in time for each deadline (the archive shows it).
            **build_labels(meeting, built_at),
        },
        "theme": {"code": theme.code, "slug": theme.slug, "title": theme.title},
        "la_code": la_code,
        "la_name": la_name,
        "build_id": build_id,
        "built_at": built_at.isoformat(),
        "build_seconds": round(seconds, 2),
        "run_id": run_id,
        "figures": {
            i.indicator_id: {
                f.period_label: {
                    "value": f.value,
                    "display": f.display_value,
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "england": f.england_value,
                    "england_period": f.england_period_label,
                    "neighbours": f.neighbour_value,
                }
                for f in i.figures
            }
            for i in indicators
        },
        "executive_summary": [asdict(s) for s in summary.sentences],
        "recommendations": [asdict(r) for r in recommendations],
        "quality_notes": [
            {"rule_code": n.rule_code, "note": n.sentence, "indicators": sorted(n.indicators)}
            for n in theme_notes
        ],
        "source_batches": batches,
        "files": {},
    }
    manifest["files"] = {
        str(p.relative_to(staging)): _sha256(p) for p in sorted(staging.rglob("*")) if p.is_file()
    }
    (staging / "manifest.json").write_text(
        json.dumps(manifest, indent=2, default=str), encoding="utf-8"
    )
    os.rename(staging, folder)  # fails if a build of the same name appeared meanwhile
    current = settings.publish_dir / theme.slug
    _replace_folder(folder, current)
    return PackBuild(theme, meeting, folder, current, seconds)


def write_home_page(settings: Settings, builds: list[PackBuild], today: date) -> Path:
    """`published/index.html`: each theme's current pack, its meeting and the archive."""
    env = _environment()
    archive = []
    packs = settings.publish_dir / "packs"
    first_built = first_builds(settings.publish_dir)
    for manifest in sorted(packs.glob("*/built-*/manifest.json"), reverse=True):
        data = json.loads(manifest.read_text(encoding="utf-8"))
        archive.append(
            {
                "meeting": data["meeting"],
                "theme": data["theme"],
                "built_at": data["built_at"],
                "path": manifest.parent.relative_to(settings.publish_dir).as_posix(),
                "status": _meeting_deadline_status(data, first_built),
            }
        )
    current = {}
    for theme in THEMES:
        path = settings.publish_dir / theme.slug / "manifest.json"
        if path.exists():
            current[theme.code] = json.loads(path.read_text(encoding="utf-8"))
    html = env.get_template("pack/home.html.j2").render(
        themes=THEMES, current=current, archive=archive, today=today, builds=builds
    )
    target = settings.publish_dir / "index.html"
    write_atomically(target, html)
    return target


def write_atomically(target: Path, text: str) -> None:
    """Write beside the target and rename over it: readers never see half a page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


def _meeting_deadline_status(manifest: dict, first_built: dict) -> str:
    """The meeting's status against its earlier deadline, from its first archived build."""
    about = manifest["meeting"]
    meeting = Meeting(date.fromisoformat(about["date"]), manifest["theme"]["code"])
    due = about.get("first_deadline") or min(
        about["papers_due"], about["children_in_care_council_due"]
    )
    return deadline_status(
        meeting, first_built.get(about["id"]), date.fromisoformat(due), datetime.now(UTC)
    )


def theme_for(code_or_slug: str) -> Theme:
    try:
        return theme_by_code(code_or_slug)
    except KeyError:
        return theme_by_slug(code_or_slug)
