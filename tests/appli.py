"""The app in AppTest as a reader opens it: from the home page, at an address with parameters."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tid import db
from tid.ui import garde
from tid.ui.cadre import PAGES

APP = str(db.ROOT / "dashboard.py")
# Every script of the menu, the home page first (AppTest must start there: a run from a pages/
# script cannot resolve the menu's link to dashboard.py).
SCRIPTS = [page.script for page in PAGES]


def ouvrir(page: str | None = None, params: dict | None = None, timeout: int = 60) -> AppTest:
    """Open `page` (a pages/ script; None or dashboard.py: the home page) with URL `params`."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for cle, valeur in (params or {}).items():
        at.query_params[cle] = valeur
    at.run()
    if page and page != "dashboard.py":
        at.switch_page(page).run()
    return at


def sans_erreur(at: AppTest) -> None:
    """No Streamlit exception and no French « erreur inattendue » box."""
    assert not at.exception, [e.value for e in at.exception]
    assert garde.ERREUR_INATTENDUE not in [e.value for e in at.error]


def metriques(at: AppTest) -> dict[str, str]:
    """KPI tiles as {label: value as displayed}."""
    return {m.label: m.value for m in at.metric}
