"""Vagues: calendar (announced vs actual), funnel, and amounts against each wave's envelope."""

import streamlit as st

from tid import charts, db
from tid.filtres import territoriaux_actifs
from tid.textes import vagues as t
from tid.ui import blocs, cadre

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
        {
            "vague_libelle": "Vague",
            "date_ouverture": "Ouverture",
            "date_cloture_annoncee": "Clôture annoncée",
            "date_cloture_effective": "Clôture effective",
            "date_resultats": "Résultats publiés",
            "date_premiere_convention": "Première convention connue",
            "date_derniere_convention": "Dernière convention connue",
        },
        "Calendrier (tableau)",
    )

    st.header("Des candidatures aux conventions")
    blocs.graphique(charts.entonnoir(vagues, t.titre_entonnoir(kpi)), t.ALT_ENTONNOIR)
    st.caption(t.legende_entonnoir(vagues, territoriaux_actifs(filtres), legende))
    blocs.tableau_accessible(
        vagues,
        {
            "vague_libelle": "Vague",
            "nb_candidatures": "Candidatures",
            "nb_projets": "Lauréats",
            "nb_projets_conventionnes": "Conventions signées connues",
            "taux_selection_pct": "Taux de sélection",
        },
        "Entonnoir (tableau)",
    )

    st.header("Montants par vague face à l'enveloppe de la vague")
    chaine = db.fetch("chaine_par_vague", **filtres)
    blocs.graphique(charts.chaine_par_vague(chaine, t.titre_montants(kpi)), t.ALT_MONTANTS)
    st.caption(t.legende_montants(kpi, legende))
    blocs.alerte_dominance(chaine, "vague_libelle")
    blocs.tableau_accessible(
        chaine,
        {
            "vague_libelle": "Vague",
            "enveloppe_eur": "Enveloppe de la vague",
            "nb_projets": "Lauréats",
            "nb_projets_attribution_publiee": "Lauréats avec montant publié",
            "montant_attribue_eur": "Attribué publié",
            "montant_conventionne_eur": "Conventionné publié",
            "montant_verse_eur": "Versé publié",
        },
        "Montants par vague (tableau)",
    )

    with st.expander("Notes et sources par vague"):
        for vague in vagues.itertuples():
            st.markdown(t.notes_et_sources(vague))
