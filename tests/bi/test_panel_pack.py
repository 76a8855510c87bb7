"""The panel packs as panel members and the children in care council get them: the HTML site in
a real browser, the PDF, the words against the indicator table, the archive."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, date, datetime

import pytest

from corporate_parenting.publish.figures import format_value
from corporate_parenting.publish.pack import PAGES, PDFS, PackExists, build_pack, current_batches
from corporate_parenting.publish.themes import THEMES, theme_by_code

pytestmark = pytest.mark.e2e

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
A4_POINTS = (595.28, 841.89)


def _current(settings, theme):
    return settings.publish_dir / theme.slug


def _manifest(settings, theme) -> dict:
    return json.loads((_current(settings, theme) / "manifest.json").read_text())


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.slug)
def test_every_page_loads_cleanly_and_draws_its_charts(
    theme, published_warehouse, settings, browser, screenshot_dir
):
    folder = _current(settings, theme)
    for page_name, _ in PAGES:
        with browser.page() as page:
            page.goto((folder / page_name).as_uri())
            charts = page.locator(".chart[data-spec-id]")
            if charts.count():
                page.wait_for_selector("body[data-charts-rendered]", timeout=20_000)
                assert page.locator('.chart[data-rendered="true"]').count() == charts.count()
                # Each chart drew its lines: an SVG with at least one line per series shown.
                for i in range(charts.count()):
                    assert charts.nth(i).locator("svg path").count() > 0, page_name
            browser.screenshot(page, screenshot_dir / f"pack-{theme.slug}-{page_name}.png")
            assert page.log.problems == [], f"{theme.slug}/{page_name}: {page.log.problems}"
    if theme.code != "A":
        measures = (folder / "measures.html").read_text()
        # Every measure has its chart, or says why it has none.
        drawn = measures.count('class="chart"') + measures.count('class="no-chart"')
        assert drawn == len(_manifest(settings, theme)["figures"])


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.slug)
def test_the_html_pack_passes_wcag_2_1_aa(theme, published_warehouse, settings, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    folder = _current(settings, theme)
    found = {}
    for page_name, _ in [*PAGES, ("../index.html", "home")]:
        with browser.page() as page:
            page.goto((folder / page_name).resolve().as_uri())
            if page.locator(".chart[data-spec-id]").count():
                page.wait_for_selector("body[data-charts-rendered]", timeout=20_000)
            result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
            violations = result.response["violations"]
            if violations:
                found[page_name] = [
                    (v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations
                ]
    assert found == {}


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.slug)
def test_the_pdfs_are_tagged_a4_render_to_png_and_keep_all_their_text(
    theme, published_warehouse, settings, screenshot_dir
):
    import pypdf
    import pypdfium2

    folder = _current(settings, theme)
    manifest = _manifest(settings, theme)
    for _, pdf_name in PDFS:
        path = folder / pdf_name
        reader = pypdf.PdfReader(path)
        root = reader.trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"]), "tagged PDF"
        assert "/StructTreeRoot" in root and root["/Lang"] == "en-GB"
        title = theme.title if pdf_name == "pack.pdf" else theme.young_people_title
        assert title in reader.metadata.title
        document = pypdfium2.PdfDocument(path)
        text = []
        out = screenshot_dir / "pdf" / theme.slug
        out.mkdir(parents=True, exist_ok=True)
        for number in range(len(document)):
            page = document[number]
            width, height = page.get_size()
            assert (round(width, 1), round(height, 1)) == (
                round(A4_POINTS[0], 1),
                round(A4_POINTS[1], 1),
            )
            image = page.render(scale=1).to_pil()
            image.save(out / f"{path.stem}-{number + 1:02d}.png")
            assert image.getextrema() != ((255, 255), (255, 255), (255, 255)), "blank page"
            textpage = page.get_textpage()
            # Not clipped: every character is drawn inside the page.
            for index in range(textpage.count_chars()):
                left, bottom, right, top = textpage.get_charbox(index)
                if right - left <= 0:
                    continue
                assert left >= 0 and right <= width and bottom >= 0 and top <= height, (
                    f"{pdf_name} page {number + 1}: character {index} drawn outside the page"
                )
            text.append(textpage.get_text_range())
        flat = " ".join(" ".join(text).split())
        if pdf_name == "pack.pdf":
            for sentence in manifest["executive_summary"]:
                assert " ".join(sentence["text"].split()) in flat, sentence["text"]
            for rec in manifest["recommendations"]:
                assert " ".join(rec["text"].split()) in flat, rec["text"]


def _headline_rows(db) -> dict[tuple[str, str], dict]:
    with db.cursor() as cur:
        cur.execute(
            "select indicator_id, period_label, value, england_value, england_period_label, unit "
            "from reporting_public.rpt_indicators where breakdown_type = 'all' "
            "and period_type <> 'rolling_12_months'"
        )
        return {
            (i, p): {"value": v, "england": e, "england_period": ep, "unit": u}
            for i, p, v, e, ep, u in cur.fetchall()
        }


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.slug)
def test_the_executive_summary_states_the_figures_of_the_indicator_table(
    theme, published_warehouse, settings, db
):
    table = _headline_rows(db)
    manifest = _manifest(settings, theme)
    page = (_current(settings, theme) / "index.html").read_text()
    checked = 0
    for sentence in manifest["executive_summary"]:
        assert sentence["text"].replace("'", "&#39;") in page
        indicator = sentence["indicator_id"]
        if not indicator:
            continue
        for label, stated in sentence["figures"].items():
            # The figure in the table, in the words the pack uses for it, is in the sentence.
            if label.startswith("England "):
                period = label.removeprefix("England ")
                rows = [
                    r
                    for (i, _), r in table.items()
                    if i == indicator and r["england_period"] == period and r["england"] is not None
                ]
                assert {float(r["england"]) for r in rows} == {stated}, sentence["text"]
                shown = format_value(rows[0]["unit"], float(rows[0]["england"]), keep_whole=True)
            else:
                row = table[(indicator, label)]
                assert float(row["value"]) == pytest.approx(stated), sentence["text"]
                shown = format_value(row["unit"], float(row["value"]))
            assert shown in sentence["text"], (shown, sentence["text"])
            checked += 1
    assert checked, "the summary states figures"


def test_a_changed_figure_changes_the_executive_summary(published_warehouse, db):
    from corporate_parenting.publish import narrative
    from corporate_parenting.publish.figures import read_indicators
    from corporate_parenting.publish.pack import theme_indicators

    theme = theme_by_code("H")

    def summary():
        _, name, indicators = read_indicators(db)
        return narrative.executive_summary(theme, name, theme_indicators(theme, indicators))

    before = summary()
    first = before.improved[0]
    latest = max(first.figures)
    # Better still: the measure stays the biggest improvement, with a new figure.
    _, _, indicators = read_indicators(db)
    measure = next(i for i in indicators if i.indicator_id == first.indicator_id)
    direction = measure.direction_of_good
    step = 2.3 if direction == "higher_is_better" else -2.3
    with db.cursor() as cur:
        cur.execute(
            "update reporting_public.rpt_indicators set value = value + %s "
            "where indicator_id = %s and period_label = %s and breakdown_type = 'all' "
            "and period_type <> 'rolling_12_months'",
            (step, first.indicator_id, latest),
        )
    after = summary()
    db.rollback()
    assert after.improved[0].indicator_id == first.indicator_id
    assert after.improved[0].text != first.text
    assert after.improved[0].figures[latest] == pytest.approx(first.figures[latest] + step)
    assert format_value(measure.unit, first.figures[latest] + step) in after.improved[0].text


def test_suppressed_cells_are_shown_as_c_and_never_as_numbers(published_warehouse, settings, db):
    with db.cursor() as cur:
        cur.execute(
            "select indicator_id, period_label from reporting_public.rpt_indicators "
            "where breakdown_type = 'all' and suppression is not null "
            "and period_type in ('statutory_year', 'academic_year')"
        )
        hidden = cur.fetchall()
    assert hidden, "the golden estate has small numbers to hide"
    shown = 0
    for theme in THEMES:
        page = (_current(settings, theme) / "measures.html").read_text()
        for indicator, period in hidden:
            table = page.split(f'data-indicator-trend="{indicator}"', 1)
            if len(table) == 1:
                continue
            row = table[1].split(f'data-period="{period}"', 1)[1].split("</tr>", 1)[0]
            assert "data-value" not in row.split(">", 1)[0]
            cells = re.findall(r"<td>([^<]*)</td>", row)
            assert cells[0] == "c" and cells[1] == "" and cells[2] == "", (indicator, period, cells)
            shown += 1
    assert shown, "some pack shows a suppressed cell"


def test_packs_are_archived_per_meeting_and_never_overwritten(published_warehouse, settings, db):
    from corporate_parenting.calendar import next_meeting
    from corporate_parenting.publish.site import publish_site

    theme = theme_by_code("H")
    archive = settings.publish_dir / "packs"
    before = {
        p: hashlib.sha256(p.read_bytes()).hexdigest() for p in archive.rglob("*") if p.is_file()
    }
    builds_before = set(archive.glob("*/built-*"))

    site = publish_site(db, settings, run_id="rebuild", today=date(2026, 11, 25), themes=[theme])

    (build,) = site.builds
    assert build.folder not in builds_before and build.folder.parent.name.endswith(theme.slug)
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before} == before, (
        "an archived pack changed"
    )
    manifest = json.loads((build.folder / "manifest.json").read_text())
    assert {b["batch_id"] for b in manifest["source_batches"]} == {
        b["batch_id"] for b in current_batches(db)
    }
    assert manifest["meeting"]["papers_due"] < manifest["meeting"]["date"]
    assert _manifest(settings, theme) == manifest, "the theme's current pack is the new build"
    home = (settings.publish_dir / "index.html").read_text()
    assert build.folder.relative_to(settings.publish_dir).as_posix() in home
    with pytest.raises(PackExists):
        built_at = datetime.strptime(build.folder.name, "built-%Y%m%dT%H%M%S%fZ").replace(
            tzinfo=UTC
        )
        build_pack(
            db, theme, next_meeting(theme.code, date(2026, 11, 25)), settings, built_at=built_at
        )
