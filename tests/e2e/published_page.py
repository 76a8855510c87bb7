"""Read the figures a panel member sees in a published theme pack."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _TrendTables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.current: str | None = None
        self.figures: dict[str, dict[str, float]] = {}
        self.tiles: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "data-indicator-trend" in attributes:
            self.current = attributes["data-indicator-trend"]
            self.figures[self.current] = {}
        elif tag == "tr" and self.current and "data-value" in attributes:
            # A suppressed cell has no value to read (it shows "c").
            self.figures[self.current][attributes["data-period"]] = float(attributes["data-value"])
        elif tag == "article" and "data-indicator" in attributes:
            self.tiles[attributes["data-indicator"]] = attributes

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None


def read_published_figures(page: Path) -> tuple[dict[str, dict[str, float]], dict]:
    """({indicator: {collection year: value}}, {indicator: headline tile attributes}) from a
    pack's summary page (`page`, the headline tiles) and its measures page (trend tables)."""
    parser = _TrendTables()
    for name in (page.name, "measures.html"):
        parser.feed(page.with_name(name).read_text(encoding="utf-8"))
    return parser.figures, parser.tiles
