"""Phones: the page first, the filters one tap away, nothing wider than the screen."""

from __future__ import annotations

import json

# With initial_sidebar_state="auto" (tid/ui/cadre.py) Streamlit 1.67 opens every page with the
# sidebar collapsed when the window is at most this wide (its theme's « md » breakpoint), open
# above; on a narrow screen an open sidebar covers the page (docs/telephone.md).
LARGEUR_ETROITE_PX = 768

# Streamlit names its sidebar and the two buttons that open and close it in English
# (« Expand sidebar »), read with French rules by a screen reader in this French page.
NOMS = {
    '[data-testid="stExpandSidebarButton"]': "Ouvrir le menu et les filtres",
    '[data-testid="stSidebarCollapseButton"] button': "Fermer le menu et les filtres",
    '[data-testid="stSidebar"]': "Menu et filtres",
}

_NOMS_JS = json.dumps(list(NOMS.items()), ensure_ascii=False)

# A markdown table (data/README.md's, on « Méthode et sources ») is as wide as its longest words
# (column codes): on a narrow screen it scrolls sideways inside itself, never the whole page.
# Breaking words instead (overflow-wrap: anywhere) cut « Conventionné » into four lines.
# A chart's title: plotly writes it on one line, whatever the chart's width, and the server does
# not know that width; at 390 px 9 titles of 12 ran past the chart's right edge. tid/ui/blocs
# .graphique also writes it as Streamlit text (which wraps), hidden unless the script below
# measures plotly's title past the chart's box: then plotly's is hidden instead. Plotly's title
# stays in the figure (in the PNG of the tool bar) and shows wherever it fits (1 400 px).
CLE_GRAPHIQUE = "graphique_"
CLE_TITRE = "titre_graphique_"
_GRAPHIQUE = f'[class*="st-key-{CLE_GRAPHIQUE}"]'
_COUPE = f'{_GRAPHIQUE}[data-titre-coupe="oui"]'
_STYLE = f"""<style>
@media (max-width: {LARGEUR_ETROITE_PX}px) {{
  [data-testid="stMarkdownContainer"] table {{ display: block; max-width: 100%; overflow-x: auto; }}
}}
{_GRAPHIQUE}:not([data-titre-coupe="oui"]) [class*="st-key-{CLE_TITRE}"] {{ display: none; }}
{_COUPE} [data-testid="stPlotlyChart"] :is(.gtitle, .gtitle-subtitle) {{ visibility: hidden; }}
</style>"""

# Streamlit's own navigation folds the sidebar after a tap on a narrow screen; the French menu
# (st.page_link) does not, so a tap on it presses Streamlit's « close » button, which also
# remembers the choice for the next page. Inline, nothing fetched.
_SCRIPT = f"""<script>
if (!window.__tidTelephone) {{
  window.__tidTelephone = true;
  const noms = {_NOMS_JS};
  const nommer = () => noms.forEach(([selecteur, nom]) => document
    .querySelectorAll(selecteur)
    .forEach((el) => el.getAttribute('aria-label') !== nom && el.setAttribute('aria-label', nom)));
  // plotly's title hidden (not removed: still measured) where it runs past its chart's box
  const mesurerTitres = () => document.querySelectorAll('{_GRAPHIQUE}').forEach((bloc) => {{
    const dessin = bloc.querySelector('[data-testid="stPlotlyChart"]');
    const boite = dessin && dessin.getBoundingClientRect();
    if (!boite || boite.width === 0) return;
    const coupe = [...dessin.querySelectorAll('.gtitle, .gtitle-subtitle')].some((titre) => {{
      const r = titre.getBoundingClientRect();
      return r.width > 0 && (r.right > boite.right + 0.5 || r.left < boite.left - 0.5);
    }});
    const valeur = coupe ? 'oui' : 'non';
    if (bloc.dataset.titreCoupe !== valeur) bloc.dataset.titreCoupe = valeur;
  }});
  let prevu = false;
  const apresRendu = () => {{
    nommer();
    if (prevu) return;
    prevu = true;
    requestAnimationFrame(() => {{ prevu = false; mesurerTitres(); }});
  }};
  apresRendu();
  // React draws the « open » button again each time the sidebar closes; plotly draws its title
  // again at each size change
  new MutationObserver(apresRendu).observe(document.body, {{ subtree: true, childList: true }});
  window.addEventListener('resize', apresRendu);
  // Runs after Streamlit's own handler: the page change is already under way.
  document.addEventListener('click', (ev) => {{
    const lien = ev.target.closest && ev.target.closest('.st-key-navigation a');
    const nouvelOnglet = ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey;
    if (!lien || nouvelOnglet || window.innerWidth > {LARGEUR_ETROITE_PX}) return;
    const fermer = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (fermer) fermer.click();
  }});
}}
</script>"""

# Drawn once per page by tid/ui/cadre.py, with its own inline script.
HTML = _STYLE + _SCRIPT
