"""A maintainer imports hostile texts; in Chromium every page shows them as data, never markup."""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import urlparse

import pytest

from tid import charts

from .conftest import (
    connecter_et_deposer,
    serve_for_maintainers,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

PROJET = "tid2-bfc"
# Markdown, HTML and URLs a file may carry as plain data (a name may hold *, # or <)
HOSTILE = {
    "projet_id": PROJET,
    "nom_projet": "# Titre injecté <a href='https://tiers.example/s'>soleil</a>",
    "porteur": "![x](https://tiers.example/pixel.png) **Gras** :streamlit:",
    "partenaires": "[clic](https://tiers.example) www.tiers.example contact@tiers.example "
    ":red[rouge] $x^2$",
    "commune_siege": "<b>Ville</b> <img src=https://tiers.example/c.png> & Cie",
    "notes": "# Note titre <img src=https://tiers.example/a.png> [n](javascript:alert(1))",
    "source_url": "javascript:alert(1) https://www.banquedesterritoires.fr/ok",
}
NOM_FICHIER = "![f](https:tiers.example).csv"
LIEN_AUTORISE = "https://www.banquedesterritoires.fr/ok"

# Links, images and headings of the page; the word joiner texte_brut adds is invisible
_DOM_JS = """() => ({
  liens: [...document.querySelectorAll('a[href]')].map((a) => [a.getAttribute('href'), a.href]),
  liensSvg: [...document.querySelectorAll('svg a')].map((a) => a.outerHTML),
  images: [...document.querySelectorAll('img, svg image')].map(
    (i) => [i.getAttribute('src') || i.getAttribute('href') || '', i.getAttribute('alt') || '']),
  titres: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => h.innerText),
  texte: document.querySelector('[data-testid="stMain"]').innerText.replaceAll('\\u2060', ''),
})"""


def _fichier_hostile() -> bytes:
    sortie = io.StringIO()
    ecrivain = csv.DictWriter(sortie, list(HOSTILE), delimiter=";", lineterminator="\r\n")
    ecrivain.writeheader()
    ecrivain.writerow(HOSTILE)
    return sortie.getvalue().encode()


def _inerte(page, origine: str) -> str:
    """No foreign or script link, no injected image or heading; the page's text."""
    dom = page.evaluate(_DOM_JS)
    for attribut, absolu in dom["liens"]:
        cible = urlparse(absolu)
        assert cible.scheme in ("http", "https"), attribut
        assert "tiers.example" not in absolu, attribut
        assert absolu.startswith(origine) or attribut.startswith("http"), attribut
    assert dom["liensSvg"] == []
    for source, alternative in dom["images"]:
        assert source.startswith(("data:", "/", origine)) or not source, source
        assert "tiers.example" not in source and alternative != "Streamlit logo", source
    injectes = [t for t in dom["titres"] if t.strip().startswith(("Titre injecté", "Note titre"))]
    assert injectes == [], injectes
    return dom["texte"]


def _survol(page, point: dict) -> str:
    """Move the mouse to a point of a chart and return the tooltip plotly draws there."""
    page.mouse.move(point["x"], point["y"])
    infobulle = page.locator(".hoverlayer .hovertext").first
    infobulle.wait_for(timeout=10_000)
    assert infobulle.locator("a").count() == 0
    return infobulle.text_content()


# The seat of a laureate on the map, in page pixels (MapLibre projects its longitude/latitude)
_SIEGE_JS = """([nom, texte]) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find((g) => g._fullLayout.map);
  const trace = gd.data.find((t) => t.name === nom);
  const i = [...trace.customdata].findIndex((c) => c.includes(texte));
  const carte = gd._fullLayout.map._subplot.map;
  const p = carte.project([trace.lon[i], trace.lat[i]]);
  const cadre = carte.getCanvas().getBoundingClientRect();
  return {x: cadre.left + p.x, y: cadre.top + p.y};
}"""
# A point inside a sunburst leaf (the first of a 9 × 9 grid over its box that is in its fill)
_FEUILLE_JS = """(fin) => {
  const tranche = [...document.querySelectorAll('g.slice')].find(
    (g) => String(g.__data__?.data?.data?.id ?? '').endsWith(fin));
  const chemin = tranche.querySelector('path.surface');
  const boite = chemin.getBBox();
  for (let i = 1; i < 10; i++) {
    for (let j = 1; j < 10; j++) {
      const p = new DOMPoint(boite.x + boite.width * i / 10, boite.y + boite.height * j / 10);
      if (chemin.isPointInFill(p)) {
        const ecran = p.matrixTransform(chemin.getScreenCTM());
        return {x: ecran.x, y: ecran.y};
      }
    }
  }
  return null;
}"""


@pytest.fixture(scope="module")
def serveur(tmp_path_factory):
    """Its own server and base: the import below rewrites a laureate's texts."""
    with serve_for_maintainers(tmp_path_factory.mktemp("tid_texte_importe")) as base_url:
        yield base_url


def test_imported_markup_stays_text_on_every_page(page, serveur):
    debut = time.monotonic()
    page.goto(serveur)
    wait_for_app(page)
    connecter_et_deposer(page, serveur, NOM_FICHIER, _fichier_hostile())
    page.get_by_role("heading", name="3. Vérifier l'aperçu").wait_for()
    assert NOM_FICHIER in _inerte(page, serveur)
    page.get_by_role("button", name="Appliquer l'import").click()
    wait_for_app(page)
    assert "Import appliqué" in page.locator('[data-testid="stAlertContentSuccess"]').inner_text()
    # the batch to revert names the file as written
    lot = page.get_by_role("combobox", name="Lot à annuler").input_value()
    assert lot.startswith(f"Lot 2 – {NOM_FICHIER} ("), lot
    _inerte(page, serveur)

    page.goto(f"{serveur}/projets?projet={PROJET}")
    wait_for_app(page)
    texte = _inerte(page, serveur)
    for colonne in ("nom_projet", "porteur", "partenaires", "commune_siege", "notes"):
        assert HOSTILE[colonne] in texte, colonne
    assert page.locator(f'a[href="{LIEN_AUTORISE}"]').count() == 1
    assert "javascript:alert(1)" in texte

    page.goto(f"{serveur}/territoires")
    wait_for_app(page)
    carte = page.locator('[data-testid="stPlotlyChart"]').first
    carte.scroll_into_view_if_needed()
    survol = _survol(page, page.evaluate(_SIEGE_JS, [charts.LIBELLE_SIEGES, "Ville"]))
    # long names are wrapped over several lines of the tooltip: compare the first words
    assert HOSTILE["commune_siege"] in survol, survol
    assert "![x](https://tiers.example/pixel.png) **Gras**" in survol, survol
    _inerte(page, serveur)

    page.goto(f"{serveur}/axes-et-themes")
    wait_for_app(page)
    soleil = page.locator('[data-testid="stPlotlyChart"]').last
    soleil.scroll_into_view_if_needed()
    survol = _survol(page, page.evaluate(_FEUILLE_JS, f"/{PROJET}"))
    assert HOSTILE["nom_projet"] in survol, survol
    _inerte(page, serveur)

    page.goto(f"{serveur}/methode")
    wait_for_app(page)
    page.locator('[data-testid="stExpander"] summary', has_text="javascript").click()
    page.locator('[data-testid="stExpander"] summary', has_text="banquedesterritoires.fr ·").filter(
        has_not_text="numerique360"
    ).click()
    wait_for_app(page)
    assert "javascript:alert(1) (référence hors web)" in _inerte(page, serveur)
    assert page.locator(f'a[href="{LIEN_AUTORISE}"]').count() == 1

    assert page.external_requests == [], page.external_requests
    print(f"  hostile import journey: {time.monotonic() - debut:.1f} s")
