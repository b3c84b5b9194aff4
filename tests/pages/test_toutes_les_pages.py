"""Every script of pages/ is a page of the menu, and runs inside the frame without an exception."""

from __future__ import annotations

import pytest

from tests.appli import SCRIPTS, ouvrir, sans_erreur
from tid import db

# The alias that forwards links shared before pages/ came (/vue-ensemble) to the home page.
ALIAS = {"pages/vue-ensemble.py": "Vue d'ensemble"}


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def test_pages_holds_the_menu_and_nothing_else():
    """Streamlit serves every file of pages/ as a page: no helper module may sit there."""
    dans_pages = sorted(p.relative_to(db.ROOT).as_posix() for p in (db.ROOT / "pages").iterdir())
    assert dans_pages == sorted([*SCRIPTS[1:], *ALIAS])
    assert not (db.ROOT / "vues").exists()


@pytest.mark.parametrize("page", SCRIPTS)
def test_every_page_runs_inside_the_frame(page):
    """Each page: no exception, its title, the sidebar filters there and applied."""
    at = ouvrir(page, {"region": "53"})
    sans_erreur(at)
    assert at.sidebar.multiselect(key="region").value == ["53"]
    assert len(at.title) == 1
