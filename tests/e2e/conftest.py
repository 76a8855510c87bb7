"""The whole-DAG tests check figures, gates and the housing pack; building the other five
themes' packs on every run would only add time (tests/bi builds and checks all six)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="module")
def only_the_housing_pack():
    patch = pytest.MonkeyPatch()
    patch.setenv("PANEL_THEMES", "H")
    yield
    patch.undo()
