"""Readers' journeys in Chromium: filter, map, export; a shared link; keyboard only; an import."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from PIL import Image

from . import a11y
from .conftest import (
    MOT_DE_PASSE_MAINTENEUR,
    guarded_context,
    open_via_nav,
    url_path,
    wait_for_app,
)
from .ui import (
    SIDEBAR,
    chart_titles,
    choose_in_sidebar,
    euros,
    grid_rows,
    metric_captions,
    metrics,
    read_csv_excel_fr,
    segmented_choices,
    sidebar_state,
)

pytestmark = pytest.mark.e2e

NBSP = "\xa0"
# Seed figures (data/seed/), checked by hand: Bretagne (53) has 3 laureates, none with a
# published amount; Auvergne-Rhône-Alpes (84) has 5, two published (2 000 000 + 1 580 000).
PROJETS_53_84 = {
    "tid1-sdef29", "tid2-lorient", "tid2-rennes",  # Bretagne
    "tid1-siea01", "tid2-loire", "tid2-lyon", "diat2-lyon", "diat2-sgeb",  # Auvergne-Rhône-Alpes
}  # fmt: skip
PROJETS_53 = {"tid1-sdef29", "tid2-lorient", "tid2-rennes"}
TOTAL_53_84_EUR = 3_580_000.0
CSV_PROJETS = "Projets (CSV pour Excel)"


def _timed(label: str, started: float) -> None:
    print(f"  {label}: {time.monotonic() - started:.1f} s")


def _download_projects_csv(page, press_enter: bool = False) -> tuple[list[str], list[dict]]:
    """Click (or press Enter on) « Projets (CSV pour Excel) »; the file's header and rows."""
    with page.expect_download() as telechargement:
        if press_enter:
            page.keyboard.press("Enter")
        else:
            page.get_by_role("button", name=CSV_PROJETS).click()
    fichier = telechargement.value
    assert fichier.suggested_filename.endswith(".csv"), fichier.suggested_filename
    with open(fichier.path(), "rb") as f:
        return read_csv_excel_fr(f.read())


def _map_is_drawn(page, tmp_path) -> None:
    """The map's own canvas (not its SVG legend) holds blue areas and orange seats."""
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    canvas = chart.locator("canvas.maplibregl-canvas")
    assert canvas.count() == 1, "the map has no MapLibre canvas"
    box = canvas.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300, box
    shot = tmp_path / "carte.png"
    # MapLibre paints its layers after the canvas appears (software rendering, a loaded
    # machine): look again for up to 15 s before judging what it drew
    for _ in range(30):
        canvas.screenshot(path=str(shot))
        couleurs = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 24)
        bleus = sum(n for n, (r, g, b) in couleurs if b > r + 40 and b >= g)  # the blue ramp
        oranges = sum(n for n, (r, g, b) in couleurs if r > 150 and r > g + 60 and b < 60)
        if bleus > 500 and oranges > 20:
            break
        page.wait_for_timeout(500)
    assert bleus > 500, f"no coloured area on the map ({bleus} blue pixels)"
    assert oranges > 20, f"no laureate seat on the map ({oranges} orange pixels)"


def test_decision_maker_filters_reads_the_map_and_exports(page, app_server, tmp_path):
    """Home → région filter → KPIs change → Territoires (map + table) → Projets → CSV export."""
    debut = time.monotonic()
    page.goto(app_server)
    wait_for_app(page)
    kpi = metrics(page)
    # the product's question first: the 30 M€ of TID
    assert (kpi["Enveloppe"], kpi["Lauréats"]) == (f"30{NBSP}M€", "13"), kpi
    assert kpi["Attribué (publié)"] == f"6,9{NBSP}M€", kpi
    assert parse_qs(urlparse(page.url).query) == {"programme": ["TID"]}, page.url

    etape = time.monotonic()
    page.locator('[data-testid="stSidebar"]').get_by_text("TID et DIAT", exact=True).click()
    wait_for_app(page)
    kpi = metrics(page)
    assert (kpi["Enveloppe"], kpi["Lauréats"]) == (f"70{NBSP}M€", "25"), kpi
    assert kpi["Attribué (publié)"] == f"11,6{NBSP}M€", kpi
    choose_in_sidebar(page, "Région", "Bretagne")
    assert parse_qs(urlparse(page.url).query) == {"programme": ["tous"], "region": ["53"]}
    kpi = metrics(page)
    assert kpi["Lauréats"] == "3", kpi
    assert kpi["Attribué (publié)"] == "non publié", kpi
    choose_in_sidebar(page, "Région", "Auvergne-Rhône-Alpes")
    assert parse_qs(urlparse(page.url).query) == {"programme": ["tous"], "region": ["53", "84"]}
    kpi = metrics(page)
    assert kpi["Lauréats"] == "8", kpi
    assert kpi["Attribué (publié)"] == f"3,6{NBSP}M€", kpi
    assert metric_captions(page)["Attribué (publié)"] == "montant publié pour 2 projets sur 8"
    _timed("two régions chosen, KPIs updated", etape)

    etape = time.monotonic()
    open_via_nav(page, f"{app_server}/territoires")
    assert sidebar_state(page)["Région"] == ["Bretagne", "Auvergne-Rhône-Alpes"]
    titre_carte = chart_titles(page)[0]
    assert titre_carte.startswith("Montant attribué publié par région"), titre_carte
    assert f"3{NBSP}580{NBSP}000{NBSP}€, montant publié pour 2 projets sur 8" in titre_carte
    _map_is_drawn(page, tmp_path)
    regions = {r["Région"]: r for r in grid_rows(page.locator('[data-testid="stDataFrame"]').first)}
    assert regions["Bretagne"]["Lauréats"] == "3"
    assert regions["Bretagne"]["Attribué publié"] == "non publié"
    assert regions["Auvergne-Rhône-Alpes"]["Lauréats"] == "5"
    assert euros(regions["Auvergne-Rhône-Alpes"]["Attribué publié"]) == TOTAL_53_84_EUR
    _timed("Territoires: map drawn, table beside it", etape)

    etape = time.monotonic()
    open_via_nav(page, f"{app_server}/projets")
    resume = page.locator('[data-testid="stMarkdownContainer"]', has_text="attribué publié :")
    assert resume.first.inner_text() == (
        f"8 projets · attribué publié : 3\u202f580\u202f000{NBSP}€ (publié pour 2 projets sur 8)"
    )
    tableau = grid_rows(page.locator('[data-testid="stDataFrame"]').first)
    assert len(tableau) == 8, tableau
    entete, lignes = _download_projects_csv(page)
    _timed("Projets: table read, CSV downloaded", etape)

    assert {"Identifiant", "Porteur", "Attribué publié (€)"} <= set(entete), entete
    assert {ligne["Identifiant"] for ligne in lignes} == PROJETS_53_84
    montants = [ligne["Attribué publié (€)"] for ligne in lignes if ligne["Attribué publié (€)"]]
    # decimal comma, two decimals, no thousands separator: what French Excel reads as a number
    assert montants and all(re.fullmatch(r"\d+,\d{2}", m) for m in montants), montants
    total_csv = sum(float(m.replace(",", ".")) for m in montants)
    assert total_csv == TOTAL_53_84_EUR

    # same rows as the table on screen: (porteur, amount) pairs, « non publié » read as None
    def montant_csv(m: str) -> float | None:
        return float(m.replace(",", ".")) if m else None

    assert sorted(
        ((ligne["Porteur"], montant_csv(ligne["Attribué publié (€)"])) for ligne in lignes),
        key=repr,
    ) == sorted(((r["Porteur"], euros(r["Attribué publié"])) for r in tableau), key=repr)
    assert page.external_requests == [], page.external_requests
    _timed("decision maker's journey", debut)


def _territoires_view(page) -> dict:
    """What a reader of « Territoires » sees: filters, map settings, chart titles, map table."""
    lignes = grid_rows(page.locator('[data-testid="stDataFrame"]').first)
    return {
        "path": url_path(page.url),
        "filtres": sidebar_state(page),
        "choix": segmented_choices(page),
        "titre": page.locator('[data-testid="stHeading"] h2').first.inner_text(),
        "graphiques": chart_titles(page),
        "tableau": [r for r in lignes if r["Lauréats"] != "0"],
    }


def test_a_copied_link_reopens_the_same_view(page, browser, app_server):
    """Filters and map settings chosen by hand travel in the URL to a fresh browser context."""
    debut = time.monotonic()
    # filters chosen on a light page, then the map page: each map rerun costs seconds here
    page.goto(f"{app_server}/projets")
    wait_for_app(page)
    page.locator(SIDEBAR).locator('[data-testid="stRadioOption"]').filter(
        has_text="TID – Territoires intelligents et durables"
    ).click()
    wait_for_app(page)
    choose_in_sidebar(page, "Région", "Auvergne-Rhône-Alpes")
    open_via_nav(page, f"{app_server}/territoires")
    page.locator('[data-testid="stMain"]').get_by_role("radio", name="Nombre de lauréats").click()
    wait_for_app(page)
    _timed("view built by hand", debut)
    vue = _territoires_view(page)
    lien = page.url
    assert parse_qs(urlparse(lien).query) == {
        "programme": ["TID"],
        "region": ["84"],
        "metrique": ["nombre"],
    }, lien
    assert vue["filtres"]["Programme"] == "TID – Territoires intelligents et durables"
    assert vue["filtres"]["Région"] == ["Auvergne-Rhône-Alpes"]
    assert vue["choix"]["Indicateur"] == ["Nombre de lauréats"]
    assert vue["graphiques"][0] == "Nombre de lauréats par région – total : 3 lauréats"
    assert [(r["Région"], r["Lauréats"]) for r in vue["tableau"]] == [("Auvergne-Rhône-Alpes", "3")]

    autre = guarded_context(browser)  # no cookie, no storage, no session: only the URL
    try:
        etape = time.monotonic()
        lecteur = autre.new_page()
        lecteur.goto(lien)
        wait_for_app(lecteur)
        _timed("link opened in a fresh context", etape)
        assert _territoires_view(lecteur) == vue
        assert autre.external_requests == [], autre.external_requests
    finally:
        autre.close()
    _timed("shared link journey", debut)


# Keys of the keyboard journey (docs/accessibility.md lists them for readers).
TOUCHES_FILTRE = ("Bretagne", "ArrowDown", "Enter", "Escape")
TABULATIONS_MAX = 80


_FOCUS_JS = """() => {
  const e = document.activeElement;
  const active = e.getAttribute('aria-activedescendant');
  return {
    tag: e.tagName,
    label: e.getAttribute('aria-label') || '',
    text: (e.innerText || '').trim(),
    option: active ? document.getElementById(active)?.innerText : null,
  };
}"""


def _focus(page) -> dict:
    """The focused element: tag, aria-label, text, and the option highlighted in a list box."""
    return page.evaluate(_FOCUS_JS)


def _tab_to(page, trouve, quoi: str) -> int:
    """Press Tab until `trouve(focus)` holds; the number of presses."""
    for n in range(1, TABULATIONS_MAX + 1):
        page.keyboard.press("Tab")
        if trouve(_focus(page)):
            return n
    pytest.fail(f"{quoi} never reached with Tab ({TABULATIONS_MAX} presses)")


def test_keyboard_only_filter_and_download(page, app_server):
    """No mouse: Tab to the Région filter, type, arrow, Enter; Tab to the CSV button, Enter."""
    debut = time.monotonic()
    page.goto(f"{app_server}/projets")
    wait_for_app(page)
    vers_filtre = _tab_to(page, lambda f: f["label"] == "Région", "the Région filter")
    nom, *touches = TOUCHES_FILTRE
    page.keyboard.type(nom)
    page.keyboard.press(touches[0])  # ArrowDown: the first option under what was typed
    assert _focus(page)["option"] == "Bretagne", _focus(page)
    for touche in touches[1:]:  # Enter picks it, Escape closes the list
        page.keyboard.press(touche)
    wait_for_app(page)
    assert parse_qs(urlparse(page.url).query) == {"programme": ["TID"], "region": ["53"]}
    assert page.get_by_text("3 projets · attribué publié").count() == 1

    vers_bouton = _tab_to(
        page,
        lambda f: f["tag"] == "BUTTON" and CSV_PROJETS in f["text"],
        "the CSV download button",
    )
    _, lignes = _download_projects_csv(page, press_enter=True)
    assert {ligne["Identifiant"] for ligne in lignes} == PROJETS_53
    print(
        f"  keys: Tab ×{vers_filtre}, type « {nom} », {', '.join(touches)}, "
        f"Tab ×{vers_bouton}, Enter"
    )
    _timed("keyboard journey", debut)


# cp1252 (what French Excel writes), « ; », decimal comma, no-break space thousands, CRLF.
VERSEMENTS = (
    "projet_id;nature;date_mouvement;montant_eur;source_url;notes\r\n"
    "tid1-grandest;versement;15/06/2023;1\u00a0000\u00a0000,00;https://example.org/essai;"
    "Premier versement – État\r\n"
    "tid1-toulouse;versement;20/09/2023;300 000,00;https://example.org/essai;Acompte\r\n"
).encode("cp1252")


def test_maintainer_imports_payments_and_sees_them_published(page, maintainer_server):
    """Wrong password refused; right one: upload, preview, apply, « Versé » moves on the home."""
    debut = time.monotonic()
    page.goto(maintainer_server)
    wait_for_app(page)
    assert metrics(page)["Versé (publié)"] == "non publié"
    donnees = f"{maintainer_server}/donnees"
    open_via_nav(page, donnees)

    nom = page.get_by_label("Nom (pour l'historique des imports)")
    mot_de_passe = page.get_by_label("Mot de passe", exact=True)
    nom.fill("Camille Martin")
    mot_de_passe.fill("pas le bon mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    wait_for_app(page)
    assert page.get_by_text("Mot de passe incorrect.").count() == 1
    assert page.get_by_role("button", name="Se déconnecter").count() == 0

    mot_de_passe.fill(MOT_DE_PASSE_MAINTENEUR)
    page.get_by_role("button", name="Se connecter").click()
    wait_for_app(page)
    assert page.get_by_text("Connexion : Camille Martin").count() == 1
    assert page.get_by_text("Mot de passe incorrect.").count() == 0

    etape = time.monotonic()
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "versements.csv", "mimeType": "text/csv", "buffer": VERSEMENTS}
    )
    wait_for_app(page)
    page.get_by_role("heading", name="3. Vérifier l'aperçu").wait_for()
    apercu = page.locator('[data-testid="stMarkdownContainer"]', has_text="versements.csv").first
    texte = apercu.inner_text()
    assert "fichier de mouvements, 2 lignes" in texte, texte
    assert "séparateur « ; »" in texte and "À ajouter : 2" in texte, texte
    tableaux = [grid_rows(g) for g in page.locator('[data-testid="stDataFrame"]').all()]
    # « Enveloppes après l'import »: one row per programme, before and after
    enveloppes = next({r["Programme"]: r for r in t} for t in tableaux if "Versé après" in t[0])
    assert euros(enveloppes["TID"]["Versé après"]) == 1_300_000.0, enveloppes
    a11y.check_page(page, "Données, aperçu d'un import")
    _timed("logged in, file previewed (axe included)", etape)

    page.get_by_role("button", name="Appliquer l'import").click()
    wait_for_app(page)
    succes = page.locator('[data-testid="stAlertContentSuccess"]')
    assert re.search(r"Import appliqué : lot n° \d+ \(", succes.inner_text()), succes.inner_text()

    open_via_nav(page, maintainer_server + "/")
    assert metrics(page)["Versé (publié)"] == f"1,3{NBSP}M€"
    assert metric_captions(page)["Versé (publié)"] == "montant publié pour 2 projets sur 13"
    assert page.external_requests == [], page.external_requests
    _timed("maintainer's journey", debut)
