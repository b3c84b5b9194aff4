"""Territoires: laureates and published amounts by région and département, by type of territory."""

import streamlit as st

from tid import charts, db, vocabulaire
from tid.filtres import actifs
from tid.textes import territoires as t
from tid.ui import blocs, cadre, explication, url

ECHELLES = {cle: niveau.pluriel.capitalize() for cle, niveau in charts.NIVEAUX.items()}
INDICATEURS = {cle: metrique.bouton for cle, metrique in charts.METRIQUES.items()}
# Beyond this many laureates the seats make a figure of several MB (19 MB and 10 s at 100 000,
# BENCHMARKS.md): they start hidden and the reader may still show them.
SIEGES_PAR_DEFAUT_MAX = 2_000
# Beyond this many laureates the seats table shows the first ones (formatting 100 000 rows took
# 12-20 s, bench/analyse.md; the « Projets » downloads hold them all): without seats on the
# map, only those rows are read.
LIGNES_TABLEAU = 1_000

with cadre.page("Territoires") as filtres:
    legende = blocs.legende_filtres(filtres)
    kpi = db.fetch("kpi", **filtres).iloc[0]
    nb_projets = int(kpi["nb_projets"])

    st.title("Territoires")
    st.markdown(t.INTRODUCTION)
    st.caption(legende)
    blocs.arret_si_vide(nb_projets, t.AUCUN_LAUREAT)
    regions = db.fetch("repartition", par="region", **filtres)
    departements = db.fetch("repartition", par="departement", **filtres)

    choix = st.columns([1, 2, 1], vertical_alignment="bottom")
    niveau = url.choix(
        choix[0].segmented_control, "Échelle", ECHELLES, "niveau", "region", required=True
    )
    # wrap: in a column Streamlit would scroll the options sideways, « € par habitant » half hidden
    # on a phone (390 px); wrapped, all three show there, one row on a desktop
    metrique = url.choix(
        choix[1].segmented_control,
        "Indicateur",
        INDICATEURS,
        "metrique",
        "montant",
        required=True,
        wrap=True,
    )
    avec_sieges = choix[2].toggle(
        "Sièges des lauréats",
        value=nb_projets <= SIEGES_PAR_DEFAUT_MAX,
        key="sieges",
        help=t.aide_sieges(nb_projets, SIEGES_PAR_DEFAUT_MAX),
    )
    n, m = charts.NIVEAUX[niveau], charts.METRIQUES[metrique]
    zones = regions if niveau == "region" else departements
    laureats = db.fetch(
        "laureats_points", **filtres, limite=None if avec_sieges else LIGNES_TABLEAU
    )

    st.header(t.entete_carte(m, n))
    # two thirds for the map: below ~500 px its overseas names and Corsica would be cut
    col_carte, col_tableau = st.columns([2, 1])
    with col_carte:
        titre = charts.titre_carte(metrique, niveau, zones)
        sieges = laureats if avec_sieges else None
        carte = charts.carte(zones, niveau, metrique, titre, legende, sieges)
        blocs.graphique(carte, t.alt_carte(m, n))
        explication.bouton_graphique(m.colonne, "carte")
    with col_tableau:
        tableau = blocs.tableau_francais(
            zones,
            {
                "libelle": n.nom.capitalize(),
                "nb_projets": "Lauréats",
                "montant_attribue_eur": "Attribué publié",
                "nb_projets_attribution_publiee": "Dont montant publié",
                n.colonne_code: "Code",
            },
        )
        tableau = t.tableau_zones(tableau, zones, charts.population_ancienne(zones))
        st.dataframe(tableau, hide_index=True, width="stretch", height=charts.HAUTEUR_CARTE)

    sans_siege = int(laureats["nb_projets_sans_siege"].iloc[0]) if avec_sieges else 0
    st.caption(t.legende_carte(kpi, m.monetaire, sans_siege, legende))
    if m.monetaire:
        blocs.alerte_dominance(zones, "libelle")
    blocs.tableau_accessible(
        laureats.head(LIGNES_TABLEAU),
        vocabulaire.libelles(
            "porteur",
            "nom_projet",
            "vague_libelle",
            "commune_siege",
            "departement_libelle",
            "region_libelle",
            "type_territoire_libelle",
            "montant_attribue_eur",
        ),
        t.titre_tableau_sieges(nb_projets, LIGNES_TABLEAU),
    )

    st.header("Régions et départements sans lauréat")
    st.markdown(t.regions_sans_laureat(regions, bool(actifs(filtres))))
    st.markdown(t.departements_sans_laureat(departements, bool(actifs(filtres))))
    blocs.tableau_accessible(
        departements[departements["nb_projets"] == 0],
        {"code": "Code", "libelle": "Département", "region_libelle": "Région"},
        "Départements sans lauréat (tableau)",
    )

    for par, objet, titre_section in t.REPARTITIONS:
        st.header(titre_section)
        repartition = db.fetch("repartition", par=par, **filtres)
        titre = charts.titre_repartition(objet, repartition)
        blocs.graphique(charts.repartition(repartition, titre, legende), t.alt_repartition(objet))
        st.caption(t.legende_repartition(kpi, legende))
        explication.bouton_graphique("montant_attribue_eur", par)
        blocs.alerte_dominance(repartition, "libelle")
        blocs.tableau_accessible(
            repartition,
            {
                "libelle": objet.capitalize(),
                **vocabulaire.libelles(
                    "nb_projets", "nb_projets_attribution_publiee", "montant_attribue_eur"
                ),
            },
            f"Données du graphique par {objet} (tableau)",
        )
