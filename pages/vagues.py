"""Vagues: calendar (announced vs actual), funnel, and amounts against each wave's envelope."""

import streamlit as st

from tid import charts, db, vocabulaire
from tid.filtres import territoriaux_actifs
from tid.textes import vagues as t
from tid.ui import blocs, cadre, explication

with cadre.page("Vagues") as filtres:
    legende = blocs.legende_filtres(filtres)
    kpi = db.fetch("kpi", **filtres).iloc[0]
    vagues = db.fetch("vagues", **filtres)

    st.title("Vagues")
    st.caption(legende)
    blocs.arret_si_vide(int(kpi["nb_projets"]))

    st.header("Calendrier : dates annoncées et dates effectives")
    calendrier = db.fetch("calendrier_vagues", **filtres)
    blocs.graphique(charts.calendrier(calendrier, t.TITRE_CALENDRIER), t.ALT_CALENDRIER)
    st.caption(t.legende_calendrier(vagues, legende))
    blocs.tableau_accessible(
        vagues,
        vocabulaire.libelles(
            "vague_libelle",
            "date_ouverture",
            "date_cloture_annoncee",
            "date_cloture_effective",
            "date_resultats",
            "date_premiere_convention",
            "date_derniere_convention",
        ),
        "Calendrier (tableau)",
    )

    st.header("Des candidatures aux conventions")
    blocs.graphique(charts.entonnoir(vagues, t.titre_entonnoir(kpi)), t.ALT_ENTONNOIR)
    st.caption(t.legende_entonnoir(vagues, territoriaux_actifs(filtres), legende))
    explication.bouton_graphique("nb_projets", "entonnoir")
    blocs.tableau_accessible(
        vagues,
        vocabulaire.libelles(
            "vague_libelle",
            "nb_candidatures",
            "nb_projets",
            "nb_projets_conventionnes",
            "taux_selection_pct",
        ),
        "Entonnoir (tableau)",
    )

    st.header("Montants par vague face à l'enveloppe de la vague")
    titre, legende_montants = t.titre_montants(kpi), t.legende_montants(kpi, legende)
    blocs.chaine_par_vague(filtres, titre, t.ALT_MONTANTS, legende_montants)
    explication.bouton_graphique("montant_attribue_eur", "chaine")

    with st.expander("Notes et sources par vague"):
        for vague in vagues.itertuples():
            st.markdown(t.notes_et_sources(vague))
