"""On a phone (390 × 844) the page shows on arrival, fits the width, and the filters are one tap
away; on a desktop (1 400 × 900) the filters are open on arrival (tid/ui/telephone.py)."""

from __future__ import annotations

import pytest

from tid.ui import telephone

from .conftest import (
    NAV_LINKS,
    guarded_context,
    nav_links,
    open_via_nav,
    screenshot,
    url_path,
    wait_for_app,
)
from .ui import SIDEBAR

pytestmark = pytest.mark.e2e

# A phone as Playwright's device descriptors describe one (an iPhone 12-14's CSS size).
TELEPHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
BUREAU = {"viewport": {"width": 1400, "height": 900}}

OUVRIR = telephone.NOMS['[data-testid="stExpandSidebarButton"]']
FERMER = telephone.NOMS['[data-testid="stSidebarCollapseButton"] button']
# The first filter of the sidebar (whatever its kind), below the French menu.
PREMIER_FILTRE = (
    f"{SIDEBAR} :is([data-testid='stRadio'], [data-testid='stMultiSelect'], "
    "[data-testid='stSelectbox'])"
)

# What sticks out sideways: the document or the main area (the box that scrolls) wider than the
# window, or a visible element beyond its edges that no box of its own scrolls or clips (a table,
# a chart's drawing, a scrolled row of options keep their overflow to themselves).
_DEBORDEMENTS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const largeur = window.innerWidth;
  const dansUneBoite = (el) => {
    for (let a = el.parentElement; a && a !== main; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const depassent = [];
  for (const el of main.querySelectorAll('*')) {
    if (el.ownerSVGElement) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > largeur + 0.5 || r.left < -0.5) && !dansUneBoite(el)) {
      const nom = el.dataset.testid || el.tagName.toLowerCase();
      depassent.push(`${nom} [${Math.round(r.left)}, ${Math.round(r.right)}] `
        + (el.innerText || '').slice(0, 40));
    }
  }
  return {largeur, document: document.documentElement.scrollWidth,
          principal: main.scrollWidth, depassent: depassent.slice(0, 10)};
}"""

# Whether `selecteur`'s first element is inside the window and what a finger at its centre
# would touch is that element (not the sidebar drawn over it).
_VISIBLE_JS = """(selecteur) => {
  const el = document.querySelector(selecteur);
  if (!el) return 'absent';
  const r = el.getBoundingClientRect();
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
    return `hors de l'écran : [${Math.round(r.left)}, ${Math.round(r.top)}, `
      + `${Math.round(r.right)}, ${Math.round(r.bottom)}] pour ${innerWidth} × ${innerHeight}`;
  }
  const dessus = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return el.contains(dessus) ? 'visible' : `caché par ${dessus && dessus.closest('[data-testid]')
    ? dessus.closest('[data-testid]').dataset.testid : dessus}`;
}"""

# The sidebar at rest, open (its left edge on the window's) or closed (all of it left of it).
_BARRE_AU_REPOS_JS = """(ouverte) => {
  const barre = document.querySelector('[data-testid="stSidebar"]');
  const r = barre.getBoundingClientRect();
  return barre.dataset.collapsed === String(!ouverte)
    && (ouverte ? Math.abs(r.left) < 0.5 && r.width > 0 : r.right <= 0.5);
}"""

# Chart text past its chart's box: plotly writes titles and bar labels on one line, whatever the
# width, and its drawing is clipped at the box. Hidden text (plotly's title where Streamlit
# writes it) does not count. Per chart, whether each of its two titles (plotly's, Streamlit's)
# shows.
_TEXTES_GRAPHIQUES_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .map((dessin) => {
    const boite = dessin.getBoundingClientRect();
    const montre = (el) => el && el.getBoundingClientRect().width > 0
      && getComputedStyle(el).visibility === 'visible';
    const sortent = [...dessin.querySelectorAll('svg text')].filter(montre).filter((t) => {
      const r = t.getBoundingClientRect();
      return r.left < boite.left - 0.5 || r.right > boite.right + 0.5;
    }).map((t) => `${t.getAttribute('class') || 'text'} [${Math.round(t.getBoundingClientRect()
      .left - boite.left)}, ${Math.round(t.getBoundingClientRect().right - boite.left)}] pour `
      + `${Math.round(boite.width)} : ${t.textContent.slice(0, 50)}`);
    const bloc = dessin.closest('[class*="st-key-graphique_"]');
    const ecrit = bloc && bloc.querySelector('[class*="st-key-titre_graphique_"]');
    return {sortent, titre_plotly: montre(dessin.querySelector('.gtitle')),
            titre_ecrit: !!ecrit && ecrit.getBoundingClientRect().height > 0,
            texte_ecrit: ecrit ? ecrit.innerText : ''};
  })"""

TITRE = '[data-testid="stMain"] h1'
# the home page's first content: « Où en sont les 30 M€ ? », above the KPI tiles
REPONSE = '[data-testid="stMain"] .st-key-reponse h3'
PREMIER_KPI = '[data-testid="stMain"] [data-testid="stMetric"]'


def debordements(page) -> dict:
    return page.evaluate(_DEBORDEMENTS_JS)


def assert_sans_debordement(page, ou: str) -> None:
    mesure = debordements(page)
    assert mesure["document"] <= mesure["largeur"], f"{ou} : {mesure}"
    assert mesure["principal"] <= mesure["largeur"], f"{ou} : {mesure}"
    assert mesure["depassent"] == [], f"{ou} : {mesure}"


def textes_graphiques(page) -> list[dict]:
    return page.evaluate(_TEXTES_GRAPHIQUES_JS)


def assert_textes_dans_les_graphiques(page, ou: str) -> None:
    """No chart text past its chart's box, and each title shown once (plotly's or Streamlit's)."""
    for i, graphique in enumerate(textes_graphiques(page)):
        assert graphique["sortent"] == [], f"{ou}, graphique {i + 1} : {graphique}"
        # every chart of the app has a title
        assert graphique["titre_plotly"] != graphique["titre_ecrit"], f"{ou} : {graphique}"


def visible(page, selecteur: str) -> str:
    return page.evaluate(_VISIBLE_JS, selecteur)


def barre_au_repos(page, ouverte: bool) -> None:
    """Wait for the sidebar's slide (300 ms in Streamlit) to end, open or closed."""
    page.wait_for_function(_BARRE_AU_REPOS_JS, arg=ouverte, polling=50, timeout=10_000)


@pytest.fixture
def telephone_page(browser):
    ctx = guarded_context(browser, **TELEPHONE)
    page = ctx.new_page()
    page.external_requests = ctx.external_requests
    yield page
    ctx.close()


def test_on_a_phone_the_page_shows_first_and_the_filters_are_one_tap_away(
    telephone_page, app_server
):
    page = telephone_page
    page.goto(app_server)
    wait_for_app(page)
    screenshot(page, "telephone-390x844-accueil", full_height=False)
    # on arrival: the title and the answer in the first screen, nothing drawn over them
    barre_au_repos(page, ouverte=False)
    assert visible(page, TITRE) == "visible"
    assert visible(page, REPONSE) == "visible"
    assert_sans_debordement(page, "accueil")
    # one tap on a control named in French opens the menu and the filters
    bouton = page.get_by_role("button", name=OUVRIR, exact=True)
    assert bouton.is_visible()
    bouton.tap()
    barre_au_repos(page, ouverte=True)
    assert visible(page, PREMIER_FILTRE) == "visible"
    assert page.get_by_role("button", name=FERMER, exact=True).is_visible()
    assert page.locator(SIDEBAR).get_attribute("aria-label") == "Menu et filtres"
    assert_sans_debordement(page, "accueil, filtres ouverts")
    screenshot(page, "telephone-390x844-filtres", full_height=False)
    # a page picked in the menu shows itself, the menu folded away
    _, href = nav_links(page)[1]
    page.locator(NAV_LINKS).nth(1).tap()
    page.wait_for_url(lambda adresse: url_path(adresse) == url_path(href))
    wait_for_app(page)
    barre_au_repos(page, ouverte=False)
    assert visible(page, TITRE) == "visible"
    assert page.external_requests == [], "\n".join(page.external_requests)


def test_every_page_fits_a_phone_width(telephone_page, app_server, subtests):
    page = telephone_page
    page.goto(app_server)
    wait_for_app(page)
    liens = nav_links(page)
    assert len(liens) > 1, liens
    for titre, href in liens:
        with subtests.test(msg=titre):
            if url_path(href) != url_path(page.url):
                page.goto(href)
                wait_for_app(page)
            barre_au_repos(page, ouverte=False)
            assert visible(page, TITRE) == "visible", titre
            assert_sans_debordement(page, titre)
            assert_textes_dans_les_graphiques(page, titre)
            # the home page's first screen is the previous test's; here all of it
            nom = url_path(href).strip("/") or "accueil-entiere"
            screenshot(page, f"telephone-390x844-{nom}", full_height=nom == "accueil-entiere")
    assert page.external_requests == [], "\n".join(page.external_requests)


def test_on_a_desktop_the_filters_are_open_on_arrival(browser, app_server):
    ctx = guarded_context(browser, **BUREAU)
    try:
        page = ctx.new_page()
        page.goto(app_server)
        wait_for_app(page)
        barre_au_repos(page, ouverte=True)
        # the filters beside the page, not over it
        assert visible(page, PREMIER_FILTRE) == "visible"
        assert visible(page, TITRE) == "visible"
        assert visible(page, PREMIER_KPI) == "visible"
        assert_sans_debordement(page, "accueil, bureau")
        screenshot(page, "bureau-1400x900-accueil", full_height=False)
        # a click in the menu keeps the filters open on a desktop
        _, href = nav_links(page)[1]
        open_via_nav(page, href)
        barre_au_repos(page, ouverte=True)
        assert ctx.external_requests == [], "\n".join(ctx.external_requests)
    finally:
        ctx.close()


def test_the_overflow_check_can_fail(telephone_page, app_server):
    # The check above is shown to catch a block wider than the phone, on the real home page.
    page = telephone_page
    page.goto(app_server)
    wait_for_app(page)
    assert debordements(page)["depassent"] == []
    page.evaluate(
        """() => {
          const bloc = document.createElement('div');
          bloc.textContent = 'trop large';
          bloc.style.width = '600px';
          document.querySelector('[data-testid="stMain"] h1').after(bloc);
        }"""
    )
    mesure = debordements(page)
    assert mesure["principal"] > mesure["largeur"], mesure
    assert any("trop large" in ligne for ligne in mesure["depassent"]), mesure


def test_on_a_desktop_chart_titles_are_plotlys_as_before(browser, app_server, subtests):
    ctx = guarded_context(browser, **BUREAU)
    try:
        page = ctx.new_page()
        page.goto(app_server)
        wait_for_app(page)
        for titre, href in nav_links(page):
            with subtests.test(msg=titre):
                if url_path(href) != url_path(page.url):
                    page.goto(href)
                    wait_for_app(page)
                graphiques = textes_graphiques(page)
                assert [g["titre_plotly"] for g in graphiques] == [True] * len(graphiques)
                assert_textes_dans_les_graphiques(page, f"{titre}, bureau")
    finally:
        ctx.close()


def test_on_a_phone_the_downloaded_image_keeps_the_chart_title(telephone_page, app_server):
    page = telephone_page
    page.goto(app_server)
    wait_for_app(page)
    premier = textes_graphiques(page)[0]
    # the first chart's title is too long for a phone: Streamlit writes it, plotly's is hidden
    assert premier["titre_ecrit"] and not premier["titre_plotly"], premier
    image = page.evaluate(
        """async () => decodeURIComponent(await window.Plotly.toImage(
          document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot'),
          {format: 'svg'}))"""
    )
    debut = premier["texte_ecrit"].split(" – ")[0]
    assert f">{debut}" in image.replace("\u00a0", " "), debut


def test_the_chart_text_check_can_fail(telephone_page, app_server):
    # Shown to catch plotly's title past the chart (were it not hidden) and a long bar label.
    page = telephone_page
    page.goto(app_server)
    wait_for_app(page)
    assert_textes_dans_les_graphiques(page, "accueil")
    page.add_style_tag(content=".gtitle { visibility: visible !important; }")
    sortent = textes_graphiques(page)[0]["sortent"]
    assert any(ligne.startswith("gtitle") for ligne in sortent), sortent
    page.add_style_tag(content=".gtitle { visibility: hidden !important; }")
    assert textes_graphiques(page)[0]["sortent"] == []
    page.evaluate(
        """() => {
          const svg = document.querySelector('[data-testid="stPlotlyChart"] svg.main-svg');
          const texte = document.createElementNS('http://www.w3.org/2000/svg', 'text');
          texte.setAttribute('x', '300');
          texte.setAttribute('y', '200');
          texte.textContent = '1,6 M€ · publié pour 1 projet sur 9';
          svg.appendChild(texte);
        }"""
    )
    sortent = textes_graphiques(page)[0]["sortent"]
    assert any("publié pour 1 projet sur 9" in ligne for ligne in sortent), sortent
