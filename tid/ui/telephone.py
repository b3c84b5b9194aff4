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
_STYLE = f"""<style>
@media (max-width: {LARGEUR_ETROITE_PX}px) {{
  [data-testid="stMarkdownContainer"] table {{ display: block; max-width: 100%; overflow-x: auto; }}
}}
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
  nommer();
  // React draws the « open » button again each time the sidebar closes
  new MutationObserver(nommer).observe(document.body, {{ subtree: true, childList: true }});
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
