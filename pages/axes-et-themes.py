"""Axes et thèmes: laureates and published amounts by axis, by theme, and axis × territory."""

import streamlit as st

from tid import charts, db, vocabulaire
from tid.textes import axes_themes as t
from tid.ui import blocs, cadre, explication

# Beyond this many projects, leaves would be unreadable (and heavy): stop at the themes.
PROJETS_MAX_FEUILLES = 300
COLONNES_REPARTITION = {
    "libelle": "Catégorie",
    **vocabulaire.libelles("nb_projets", "nb_projets_attribution_publiee", "montant_attribue_eur"),
}

with cadre.page("Axes et thèmes") as filtres:
    legende = blocs.legende_filtres(filtres)
    kpi = db.fetch("kpi", **filtres).iloc[0]

    st.title("Axes et thèmes")
    st.caption(legende)
    blocs.arret_si_vide(int(kpi["nb_projets"]))

    metrique = st.segmented_control(
        "Mesure",
        list(t.MESURES),
        format_func=t.MESURES.get,
        default="nb_projets",
        key="metrique_axes",
    )
    metrique = metrique or "nb_projets"

    def repartition(frame, par: str, note: str) -> None:
        """One breakdown: bars, a caption with its filters, the dominance note, the table."""
        titre = t.titre_barres(kpi, metrique, par)
        figure = charts.barres(frame, "libelle", metrique, titre, t.details(frame, metrique))
        blocs.graphique(figure, t.alt_barres(metrique, par))
        st.caption(t.legende_barres(kpi, note, legende))
        explication.bouton_graphique(metrique, par)
        if metrique == "montant_attribue_eur":
            blocs.alerte_dominance(frame, "libelle")
        blocs.tableau_accessible(frame, COLONNES_REPARTITION, f"Par {par} (tableau)")

    st.header("Par axe de l'appel à projets")
    repartition(db.fetch("repartition", par="axe", **filtres), "axe", t.NOTE_AXE)

    st.header("Par thème")
    themes = db.fetch("repartition", par="theme", **filtres)
    repartition(themes[themes["nb_projets"] > 0], "thème", t.note_themes(kpi, metrique))

    st.header("Axe × type de territoire")
    croise = db.fetch("axe_type_territoire", **filtres)
    figure = charts.carte_chaleur(
        croise, "axe_libelle", "type_territoire_libelle", "nb_projets", t.titre_chaleur(kpi)
    )
    blocs.graphique(figure, t.ALT_CHALEUR)
    st.caption(f"{t.LEGENDE_CHALEUR} {legende}")
    explication.bouton_graphique("nb_projets", "chaleur")
    blocs.tableau_accessible(
        croise,
        vocabulaire.libelles(
            "axe_libelle",
            "type_territoire_libelle",
            "nb_projets",
            "nb_projets_attribution_publiee",
            "montant_attribue_eur",
        ),
        "Axe × type de territoire (tableau)",
    )

    st.header("Axe → thème → projet")
    avec_projets = int(kpi["nb_projets"]) <= PROJETS_MAX_FEUILLES
    feuilles = db.fetch("axe_theme", **filtres, avec_projets=avec_projets)
    blocs.graphique(charts.soleil(feuilles, t.titre_soleil(kpi)), t.ALT_SOLEIL)
    st.caption(t.legende_soleil(avec_projets, PROJETS_MAX_FEUILLES, legende))
    blocs.tableau_accessible(
        feuilles,
        vocabulaire.libelles(
            "axe_libelle", "theme_libelle", "projet_libelle", "montant_attribue_eur"
        )
        if avec_projets
        else {"axe_libelle": "Axe", "theme_libelle": "Thème", "nb_projets": "Projets"},
        "Axe, thème, projet (tableau)",
    )
