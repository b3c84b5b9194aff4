"""The frame every page opens: page config, French navigation, sidebar filters, guard, footer."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import NamedTuple

import streamlit as st

from tid import db
from tid.filtres import dans_url
from tid.ui import (
    blocs,
    explication,
    filtres,
    garde,
    situation,
    telechargements,
    telephone,
    televersement,
)


class Page(NamedTuple):
    """One entry of the French navigation: script, title, local Material icon."""

    script: str
    titre: str
    icone: str


# The scripts of pages/ are served at their file name (/vagues, /axes-et-themes); the order here
# is the menu's. pages/vue-ensemble.py only forwards old links to the home page: not listed.
PAGES = (
    Page("dashboard.py", "Vue d'ensemble", ":material/dashboard:"),
    Page("pages/quoi-de-neuf.py", "Quoi de neuf", ":material/update:"),
    Page("pages/vagues.py", "Vagues", ":material/waves:"),
    Page("pages/axes-et-themes.py", "Axes et thèmes", ":material/category:"),
    Page("pages/territoires.py", "Territoires", ":material/map:"),
    Page("pages/projets.py", "Projets", ":material/table_view:"),
    Page("pages/methode.py", "Méthode et sources", ":material/menu_book:"),
    Page("pages/donnees.py", "Données", ":material/upload_file:"),
)

BASE_IMPOSSIBLE = (
    "La base de données n'a pas pu être ouverte ni construite ; rien n'a été modifié. Le "
    "détail est dans le journal du serveur ; `python -m tid check` le montre aussi (pour "
    "un fichier de `data/seed/`, la ligne et la colonne en cause)."
)
# Two fixes Streamlit has no setting for, in one inline script (nothing fetched):
# - every page is served as <html lang="en">: screen readers would read French with English rules
#   (WCAG 3.1.1);
# - st.page_link writes the home page's href as a bare query string ("?region=53"), which a
#   browser resolves against the current page: « open in a new tab » on « Vue d'ensemble » opened
#   the page being read. The href is made to name the app's root (pages are one level below it);
#   a click still goes through Streamlit's own navigation.
_SCRIPT_PAGE = """<script>
document.documentElement.lang = 'fr';
if (!window.__tidLiensAccueil) {
  window.__tidLiensAccueil = true;
  const corriger = () => document
    .querySelectorAll('.st-key-navigation a[data-testid="stPageLink-NavLink"]')
    .forEach((a) => {
      const href = a.getAttribute('href') ?? '';
      if (href === '' || href.startsWith('?')) {
        a.setAttribute('href', new URL('.', document.baseURI).pathname + href);
      }
    });
  corriger();
  new MutationObserver(corriger).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['href'],
  });
}
</script>"""
# Written into every page's sidebar; the proxy's Content-Security-Policy allows its inline
# scripts by their hash (deploy/config.py), so an edit here changes the CSP that `make serve`
# and `python -m deploy config` write.
HTML_EN_LIGNE = _SCRIPT_PAGE + telephone.HTML


def _ouvrir_base() -> None:
    """Build the base from data/seed on the first visit, or stop with a French message."""
    try:
        db.ensure_base()
    except db.ErreurBase as refus:
        # illegible base, older schema, full disk: written for readers, tid.db logged the details
        st.error(str(refus))
        st.stop()
    except Exception:
        logging.getLogger("tid").exception("construction de la base impossible")
        st.error(BASE_IMPOSSIBLE)
        st.stop()


def _navigation(menu, actifs: dict[str, object]) -> None:
    """The French menu (Streamlit's own is hidden by client.showSidebarNavigation = false).

    Each link carries the active filters: a page opened from the menu, or its address copied,
    shows the same selection. Drawn after the filters (into a container above them) so that
    the links hold this run's choice, not the previous one.
    """
    # the programme always written (tid.filtres.dans_url), the « Situation au » date as ISO text
    parametres = dans_url({cle: v for cle, v in actifs.items() if cle != situation.AU})
    if actifs.get(situation.AU):
        parametres[situation.AU] = actifs[situation.AU].isoformat()
    with menu:
        for page in PAGES:
            st.page_link(page.script, label=page.titre, icon=page.icone, query_params=parametres)


def _pied_de_page() -> None:
    st.divider()
    st.caption(
        f"{blocs.date_donnees()} · sources publiques citées ligne à ligne "
        "(page « Méthode et sources ») · contours et populations : IGN, INSEE, Licence Ouverte."
    )


@contextlib.contextmanager
def page(titre: str) -> Iterator[dict[str, object]]:
    """Open the frame around a page's body and hand it the active filters, with `au` (the
    « Situation au » date, None = now), so that every db.fetch(**filtres) reads that day.

    An exception in the body is logged and shown as the French message, never as a trace;
    st.stop() and st.rerun() pass through.
    """
    st.set_page_config(
        page_title=f"{titre} · Suivi TID",
        # a local favicon: a Material icon here would be fetched from a Google host
        page_icon="static/favicon.png",
        layout="wide",
        # collapsed on arrival on a phone (up to 768 px), open on wider screens (tid.ui.telephone)
        initial_sidebar_state="auto",
    )
    # Set once in this server process by its first run: French messages for the errors outside
    # the script, no file held for a session that is not a logged-in maintainer's, and a clicked
    # download still there when the reader's browser asks for it.
    garde.installer()
    televersement.installer()
    telechargements.installer()
    _ouvrir_base()
    actifs = None
    with garde.message_francais("dans le cadre (navigation, filtres, bandeau)"):
        menu = st.sidebar.container(key="navigation")
        actifs = {**filtres.filtres_sidebar(), situation.AU: situation.date_sidebar()}
        _navigation(menu, actifs)
        st.sidebar.html(HTML_EN_LIGNE, unsafe_allow_javascript=True)
        blocs.bandeau_synthetique()
        situation.bandeau(actifs[situation.AU])
    if actifs is None:
        st.stop()
    with garde.message_francais(f"dans la page {titre}"):
        yield actifs
    with garde.message_francais("dans « D'où vient ce chiffre ? »"):
        explication.si_demandee(actifs)
    with garde.message_francais("dans le pied de page"):
        _pied_de_page()
