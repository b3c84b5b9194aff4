"""« D'où vient ce chiffre ? » in Chromium: reached with the keyboard, bound to the URL, its
rows downloaded as the Excel-FR CSV, and « Où en sont les 30 M€ ? » on the first screen."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tid.textes.explication import BOUTON

from .conftest import wait_for_app
from .ui import euros, read_csv_excel_fr

pytestmark = pytest.mark.e2e

NBSP = "\u00a0"
CAPTURES = Path("artifacts") / "screenshots"
_FOCUS_TEXTE = "() => (document.activeElement.innerText || '').trim()"


def _parametres(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_the_answer_to_the_30_meur_is_on_the_first_screen(page, app_server):
    """At 1 400 × 900, « 30 M€ » and the answer by wave, territory type and axis need no scroll."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_server)
    wait_for_app(page)
    bloc = page.locator(".st-key-reponse")
    assert bloc.get_by_role("heading").first.inner_text() == f"Où en sont les 30{NBSP}M€ ?"
    for mot in ("Enveloppe", "Lauréats", "Par type de territoire", "Par axe"):
        ligne = bloc.locator("li", has_text=mot).first
        boite = ligne.bounding_box()
        assert boite and boite["y"] + boite["height"] <= 900, (mot, boite)
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURES / "accueil-1400x900-premier-ecran.png"))
    assert page.external_requests == [], page.external_requests


def test_keyboard_opens_the_explanation_and_the_link_reopens_it(page, app_server):
    page.goto(f"{app_server}/?programme=TID")
    wait_for_app(page)
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUS_TEXTE).endswith(BOUTON):
            break
    else:
        pytest.fail("no « D'où vient ce chiffre ? » button reached with Tab")
    page.keyboard.press("Enter")  # the first one sits under « Enveloppe »
    dialogue = page.get_by_role("dialog")
    dialogue.wait_for()
    wait_for_app(page)
    assert f"Enveloppe : 30{NBSP}M€" in dialogue.inner_text()
    assert _parametres(page)["explique"] == ["enveloppe"]
    lien = page.url

    page.keyboard.press("Escape")
    dialogue.wait_for(state="hidden")
    wait_for_app(page)
    assert "explique" not in _parametres(page), page.url

    page.goto(lien)  # a copied link opens the page with the explanation open
    wait_for_app(page)
    page.get_by_role("dialog").wait_for()
    assert f"Enveloppe : 30{NBSP}M€" in page.get_by_role("dialog").inner_text()
    assert page.external_requests == [], page.external_requests


def test_the_rows_behind_attribue_download_and_add_up(page, app_server):
    page.goto(f"{app_server}/?programme=TID&explique=attribue")
    wait_for_app(page)
    dialogue = page.get_by_role("dialog")
    dialogue.wait_for()
    assert f"Attribué (publié) : 6,9{NBSP}M€" in dialogue.inner_text()
    liens = dialogue.locator("a[href^='http']")
    assert liens.count() >= 3  # every source of the rows, as a link
    with page.expect_download() as telechargement:
        dialogue.get_by_role("button", name="Télécharger ces lignes (CSV pour Excel)").click()
    with open(telechargement.value.path(), "rb") as f:
        entete, lignes = read_csv_excel_fr(f.read())
    colonne = next(c for c in entete if "compté" in c.lower())
    assert sum(euros(ligne[colonne]) or 0 for ligne in lignes) == 6_900_000
    assert page.external_requests == [], page.external_requests
