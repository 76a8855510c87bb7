"""Fixtures for the BI layer tests: one published warehouse, a browser, a screenshot folder."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import TEST_VAR, drop_warehouse_schemas


@pytest.fixture(scope="session")
def published_warehouse(warehouse, settings, golden_estate):
    """The test warehouse after one successful panel_refresh run on the golden estate.

    Shared by every BI test of the session: reporting_public is populated and the packs are
    published under the test publish folder. Other tests drop and rebuild the warehouse, so this
    fixture starts from an empty one rather than relying on what ran before.
    """
    from corporate_parenting.orchestration.run_dag import run_dag

    drop_warehouse_schemas(warehouse)
    if settings.landing_dir.exists():
        shutil.rmtree(settings.landing_dir)
    shutil.copytree(golden_estate, settings.landing_dir)
    outcome = run_dag("panel_refresh", settings)
    assert outcome.succeeded, outcome.report()
    return warehouse


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.bi.browser import Browser

    with sync_playwright() as playwright:
        chromium = Browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir():
    """Screenshots the tests take, kept after the run as artefacts for people to look at."""
    folder = TEST_VAR / "artefacts" / "screenshots"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder
