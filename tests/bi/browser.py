"""Headless Chromium for the BI tests: what a panel member's browser shows.

Playwright drives the machine's Chromium (Debian's `chromium` package; `make test` installs it when
it is missing). Console errors and failed requests are collected so a test can assert a page
loaded cleanly; screenshots are kept as test artefacts.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling Google's hosts, which this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        raise RuntimeError(
            "Chromium is not installed: `make test` installs Debian's chromium package "
            "(apt-get install chromium); or set CHROMIUM to a Chromium binary."
        )
    return path


@dataclass
class PageLog:
    """What went wrong while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [*self.console_errors, *self.page_errors, *self.failed_requests]


class Browser:
    def __init__(self, playwright):
        self._browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS
        )

    @contextmanager
    def page(self, width: int = 1280, height: int = 900, **context_options) -> Iterator:
        """A fresh page (own cookies) whose `.log` collects console errors and failed requests."""
        context = self._browser.new_context(
            viewport={"width": width, "height": height}, **context_options
        )
        page = context.new_page()
        log = PageLog()
        page.on(
            "console",
            lambda message: (
                log.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: log.page_errors.append(str(error)))
        page.on(
            "requestfailed",
            lambda request: log.failed_requests.append(f"{request.url}: {request.failure}"),
        )
        page.log = log
        try:
            yield page
        finally:
            context.close()

    @staticmethod
    def screenshot(page, path) -> None:
        """The whole page, down to Chromium's largest capture (about 16,000 pixels)."""
        height = page.evaluate("document.documentElement.scrollHeight")
        width = page.viewport_size["width"]
        page.screenshot(
            path=path,
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": min(height, 15000)},
        )

    def close(self) -> None:
        self._browser.close()
