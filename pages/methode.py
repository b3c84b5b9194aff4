"""Méthode et sources: definitions, reading guide, coverage, sources, licences, imports."""

import logging

import streamlit as st

from tid import db, documentation, textes
from tid.filtres import aucun
from tid.textes import methode as t
from tid.ui import blocs, cadre, completer


def passage(texte: str | None) -> None:
    """A passage of data/README.md, or a warning that it could not be read."""
    if texte:
        st.markdown(texte)
    else:
        st.warning(t.DOC_ABSENTE)


with cadre.page("Méthode et sources") as filtres:
    info = db.fetch("base_info", lot_initial=db.SEED_IMPORT_ID).iloc[0]
    base = db.fetch("kpi", **aucun(), au=filtres["au"]).iloc[0]
    totaux = db.fetch("rapprochement_totaux_publies", au=filtres["au"])

    # data/README.md is the one reference for definitions and licences (R14): read, never copied.
    try:
        readme = documentation.README_DONNEES.read_text(encoding="utf-8")
        glossaire = documentation.tableau(documentation.section(readme, "Glossaire"))
        types_territoire = documentation.tableau(
            documentation.section(readme, "Types de territoire"), intro=True
        )
        fichiers = documentation.tableau(
            documentation.section(readme, "Fichiers, sources et licences")
        )
        attribution = documentation.paragraphe(
            readme, "Attribution à afficher pour les données géographiques :"
        )
    except (OSError, documentation.SectionIntrouvable):
        logging.getLogger("tid").exception("data/README.md illisible pour la page Méthode")
        glossaire = types_territoire = fichiers = attribution = None

    st.title("Méthode et sources")
    st.markdown(t.INTRODUCTION)
    st.info(t.FILTRES_IGNORES, icon=":material/filter_alt_off:")

    st.header("Date des données")
    st.markdown(t.date_des_donnees(blocs.date_donnees(), info))

    st.header("Comment lire les chiffres")
    st.markdown(t.lecture(base, totaux))

    st.header("Glossaire")
    passage(glossaire)
    st.header("Types de territoire : table de règles")
    passage(types_territoire)

    st.header("Couverture : lauréats sans montant attribué publié")
    perimetre = db.fetch("kpi", **filtres).iloc[0]
    nb_projets = int(perimetre["nb_projets"])
    nb_sans_montant = int(perimetre["nb_projets_sans_attribution_publiee"])
    sans_montant = db.fetch("projets_sans_montant", **filtres, limite=t.LIGNES_SANS_MONTANT)
    st.caption(blocs.legende_filtres(filtres))
    if nb_projets == 0:
        st.info(textes.AUCUN_LAUREAT)
    elif nb_sans_montant == 0:
        st.success(t.tous_publies(nb_projets))
    else:
        st.markdown(t.sans_montant(perimetre))
        if nb_sans_montant > len(sans_montant):
            st.caption(t.premiers_seulement(len(sans_montant)))
        blocs.tableau(t.avec_convention(sans_montant), t.COLONNES_SANS_MONTANT)
        if note := t.note_convention(sans_montant):
            st.caption(note)
        completer.boutons(filtres, "methode")

    st.header("Totaux publiés et sommes par projet")
    if totaux.empty:
        st.caption(textes.AUCUN_TOTAL_PUBLIE)
    else:
        blocs.tableau(t.avec_nature(totaux), t.COLONNES_TOTAUX)
        st.caption(t.sources_des_totaux(totaux))

    st.header("Sources")
    sources = db.fetch("sources")
    if sources.empty:
        st.info(t.AUCUNE_SOURCE)
    else:
        st.markdown(t.resume_sources(sources.iloc[0]))
        st.caption(t.sources_par_table(sources))
        for titre, adresses in t.sources_par_domaine(sources):
            with st.expander(titre):
                st.markdown(adresses)

    st.header("Licences et attribution")
    passage(attribution and t.attribution(attribution))
    with st.expander("Fichiers de données, sources et licences"):
        passage(fichiers)

    st.header("Historique des imports")
    blocs.tableau(textes.statuts_lisibles(db.fetch("historique_imports")), t.COLONNES_IMPORTS)
    st.caption(t.REGISTRE_AJOUT_SEUL)
