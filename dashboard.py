"""Entry point: page frame, navigation, shared sidebar filters and footer. Nothing else."""

import logging

import streamlit as st

from tid import components, db, erreurs, televersement

st.set_page_config(
    page_title="Suivi TID",
    # a local favicon: a Material icon here would be fetched from a Google host
    page_icon="static/favicon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)
# Set once in this server process by its first run: French messages for the errors outside
# the script, and no file held for a session that is not a logged-in maintainer's.
erreurs.installer()
televersement.installer()

try:
    db.ensure_base()
except db.ErreurBase as refus:
    # illegible base, older schema, full disk: written for readers, tid.db logged the details
    st.error(str(refus))
    st.stop()
except Exception:
    logging.getLogger("tid").exception("construction de la base impossible")
    st.error(
        "La base de données n'a pas pu être ouverte ni construite ; rien n'a été modifié. Le "
        "détail est dans le journal du serveur ; `python -m tid check` le montre aussi (pour "
        "un fichier de `data/seed/`, la ligne et la colonne en cause)."
    )
    st.stop()

pages = None
# The frame runs for every page: an error in it must not show a traceback either.
with erreurs.message_francais("dans le cadre (navigation, filtres, bandeau)"):
    pages = st.navigation(
        [
            st.Page(
                "vues/vue_ensemble.py",
                title="Vue d'ensemble",
                url_path="vue-ensemble",
                icon=":material/dashboard:",
                default=True,
            ),
            st.Page("vues/vagues.py", title="Vagues", url_path="vagues", icon=":material/waves:"),
            st.Page(
                "vues/axes_themes.py",
                title="Axes et thèmes",
                url_path="axes-et-themes",
                icon=":material/category:",
            ),
            st.Page(
                "vues/territoires.py",
                title="Territoires",
                url_path="territoires",
                icon=":material/map:",
            ),
            st.Page(
                "vues/projets.py",
                title="Projets",
                url_path="projets",
                icon=":material/table_view:",
            ),
            st.Page(
                "vues/methode.py",
                title="Méthode et sources",
                url_path="methode",
                icon=":material/menu_book:",
            ),
            st.Page(
                "vues/donnees.py",
                title="Données",
                url_path="donnees",
                icon=":material/upload_file:",
            ),
        ]
    )
    components.filtres_sidebar()
    components.bandeau_synthetique()

if pages is not None:
    with erreurs.message_francais(f"dans la page {pages.title}"):
        pages.run()

with erreurs.message_francais("dans le pied de page"):
    st.divider()
    st.caption(
        f"Données du {components.date_donnees()} · sources publiques citées ligne à ligne "
        "(page « Méthode et sources ») · contours et populations : IGN, INSEE, Licence Ouverte."
    )
