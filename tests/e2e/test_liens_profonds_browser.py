"""Links shared before pages/ came keep working: each page as a fresh server's very first run,
and the filters following the reader from page to page through the French menu."""

from __future__ import annotations

import shutil

import pytest

from .conftest import (
    NAV_LINKS,
    SERVER_LOG_NAME,
    _app_entry,
    open_via_nav,
    serve,
    url_path,
    wait_for_app,
)
from .ui import sidebar_state

pytestmark = pytest.mark.e2e

# (address as shared, title of the page that must open, path the browser must show)
LIENS = [
    ("/?programme=TID&region=53", "Vue d'ensemble", "/"),
    ("/vue-ensemble?programme=TID&region=53", "Vue d'ensemble", "/"),
    ("/quoi-de-neuf?programme=TID&region=53", "Quoi de neuf", "/quoi-de-neuf"),
    ("/vagues?programme=TID&region=53", "Vagues", "/vagues"),
    ("/axes-et-themes?programme=TID&region=53", "Axes et thèmes", "/axes-et-themes"),
    ("/territoires?programme=TID&region=53", "Territoires", "/territoires"),
    ("/projets?programme=TID&region=53", "Projets", "/projets"),
    ("/methode?programme=TID&region=53", "Méthode et sources", "/methode"),
    ("/donnees?programme=TID&region=53", "Données", "/donnees"),
]


@pytest.mark.parametrize(("lien", "titre", "chemin"), LIENS, ids=[lien for lien, _, _ in LIENS])
def test_a_shared_link_is_the_first_page_a_fresh_server_runs(
    browser, base_seed, tmp_path, lien, titre, chemin
):
    # Streamlit picks its multipage mode on a process's first run: the link must be that run.
    shutil.copyfile(base_seed, tmp_path / "tid.duckdb")
    env = {"TID_DB": str(tmp_path / "tid.duckdb"), "TID_MOT_DE_PASSE_HASH": ""}
    with serve(_app_entry(), tmp_path / SERVER_LOG_NAME, env=env) as adresse:
        contexte = browser.new_context(locale="fr-FR")
        page = contexte.new_page()
        page.goto(adresse + lien)
        wait_for_app(page)
        assert page.locator("h1").first.inner_text() == titre
        assert "Page not found" not in page.content()
        assert url_path(page.url) == chemin
        # the sidebar filters are there and took the link's values
        filtres = sidebar_state(page)
        assert filtres["Programme"].startswith("TID –"), filtres
        assert filtres["Région"] == ["Bretagne"], filtres
        assert "region=53" in page.url and "programme=TID" in page.url
        # the French menu, every page of it; each link names its page (open in a new tab works)
        liens = [
            (a.inner_text().split("\n")[-1], a.evaluate("a => a.href"))
            for a in page.locator(NAV_LINKS).all()
        ]
        assert [titre for titre, _ in liens][:2] == ["Vue d'ensemble", "Quoi de neuf"], liens
        assert url_path(liens[0][1]) == "/" and url_path(liens[1][1]) == "/quoi-de-neuf", liens
        assert all("region=53" in href for _, href in liens), liens
        contexte.close()


def test_filters_follow_the_reader_through_the_menu_and_back(page, app_server):
    page.goto(app_server + "/vagues?programme=TID&region=53")
    wait_for_app(page)
    for chemin in ("/territoires", "/projets", "/", "/axes-et-themes"):
        open_via_nav(page, app_server + chemin)
        filtres = sidebar_state(page)
        assert filtres["Programme"].startswith("TID –"), chemin
        assert filtres["Région"] == ["Bretagne"], chemin
        assert "region=53" in page.url and "programme=TID" in page.url, page.url
    page.go_back()
    wait_for_app(page)
    assert url_path(page.url) == "/"
    assert sidebar_state(page)["Région"] == ["Bretagne"]
    # a reload of the address as it stands gives the same page and filters
    page.reload()
    wait_for_app(page)
    assert sidebar_state(page)["Région"] == ["Bretagne"]
