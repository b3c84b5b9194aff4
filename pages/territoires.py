"""Territoires: laureates and published amounts by région and département, by type of territory."""

import streamlit as st

from tid import charts, db, fmt, texte_brut
from tid.filtres import actifs
from tid.ui import blocs, cadre

CONFIG_GRAPHIQUE = charts.CONFIG_PLOTLY
# Attribution texts of data/geo/README.md and data/README.md (Licence Ouverte asks for them).
SOURCE_GEO = (
    "Contours : IGN – Admin Express COG 2018 (Licence Ouverte), via gregoiredavid/france-geojson. "
    "Source : INSEE – Code officiel géographique ; Recensement de la population, populations de "
    "référence 2023 (Mayotte : recensement 2017) – Licence Ouverte. Sièges : centroïdes des "
    "communes calculés d'après IGN – Admin Express COG 2018."
)
NOTE_POPULATION = (
    "Population municipale INSEE, populations de référence 2023 ; Mayotte : recensement 2017, "
    "bien inférieur à sa population actuelle, donc € par habitant surestimés pour Mayotte."
)


def choix_dans_url(cle: str, options: list[str], defaut: str) -> None:
    """Seed a page control from the URL on first run, like the shared filters (R4).

    Not `bind="query-params"`: a bound parameter makes `st.query_params.clear()` (the
    « Réinitialiser les filtres » button) raise.
    """
    if st.session_state.get(cle) not in options:
        demande = st.query_params.get(cle)
        st.session_state[cle] = demande if demande in options else defaut


def choix_vers_url(cle: str, valeur: str, defaut: str) -> None:
    """Keep the URL in step: a non-default choice is written, the default one left out."""
    if valeur == defaut:
        st.query_params.pop(cle, None)
    else:
        st.query_params[cle] = valeur


with cadre.page("Territoires") as filtres:
    legende = blocs.legende_filtres(filtres)
    avec_filtres = bool(actifs(filtres))

    st.title("Territoires")
    st.markdown(
        "Où sont les lauréats, et quels montants attribués sont **publiés**, par région et par "
        "département. Les outre-mer sont dessinés à l'ouest de la Bretagne, agrandis ou réduits : "
        "leur position et leur taille sur la carte ne sont pas géographiques."
    )
    st.caption(legende)

    regions = db.fetch("par_region", **filtres)
    departements = db.fetch("par_departement", **filtres)
    nb_projets = int(regions["nb_projets"].sum())

    if nb_projets == 0:
        st.info(
            "Aucun lauréat ne correspond à ces filtres : il n'y a rien à placer sur la carte. "
            "Retirez un filtre ou utilisez « Réinitialiser les filtres » dans le panneau latéral."
        )
        st.stop()

    # ---- Carte et tableau -------------------------------------------------------------------------
    choix_dans_url("niveau", list(charts.NIVEAUX), "region")
    choix_dans_url("metrique", list(charts.METRIQUES), "montant")
    choix = st.columns([1, 2, 1], vertical_alignment="bottom")
    niveau = choix[0].segmented_control(
        "Échelle",
        list(charts.NIVEAUX),
        format_func=lambda cle: charts.NIVEAUX[cle].pluriel.capitalize(),
        required=True,
        key="niveau",
    )
    metrique = choix[1].segmented_control(
        "Indicateur",
        list(charts.METRIQUES),
        format_func=lambda cle: charts.METRIQUES[cle].bouton,
        required=True,
        key="metrique",
    )
    choix_vers_url("niveau", niveau, "region")
    choix_vers_url("metrique", metrique, "montant")
    # Beyond this many laureates the seats make a figure of several MB (19 MB and 10 s at 100 000,
    # BENCHMARKS.md): they start hidden and the reader may still show them.
    SIEGES_PAR_DEFAUT_MAX = 2_000
    avec_sieges = choix[2].toggle(
        "Sièges des lauréats",
        value=nb_projets <= SIEGES_PAR_DEFAUT_MAX,
        key="sieges",
        help=None
        if nb_projets <= SIEGES_PAR_DEFAUT_MAX
        else f"Masqués par défaut au-delà de {fmt.nombre(SIEGES_PAR_DEFAUT_MAX)} lauréats : la "
        "carte serait lente à afficher.",
    )

    n = charts.NIVEAUX[niveau]
    m = charts.METRIQUES[metrique]
    zones = regions if niveau == "region" else departements
    # Beyond this many laureates the seats table shows the first ones (formatting 100 000 rows took
    # 12-20 s, bench/analyse.md; the « Projets » downloads hold them all): without seats on the
    # map, only those rows are read.
    LIGNES_TABLEAU = 1_000
    laureats = db.fetch(
        "laureats_points", **filtres, limite=None if avec_sieges else LIGNES_TABLEAU
    )
    total, couverture = charts.couverture_totale(zones)

    st.header(f"{m.libelle}{',' if metrique == 'par_habitant' else ''} par {n.nom}")
    # two thirds for the map: below ~500 px its overseas names and Corsica would be cut
    col_carte, col_tableau = st.columns([2, 1])
    with col_carte:
        st.plotly_chart(
            charts.carte(
                zones,
                niveau,
                metrique,
                charts.titre_carte(metrique, niveau, zones),
                legende,
                laureats if avec_sieges else None,
            ),
            config=CONFIG_GRAPHIQUE,
            width="stretch",
            alt=(
                f"Carte des {n.pluriel} de France colorées selon l'indicateur « {m.libelle} », "
                "outre-mer rapprochés à l'ouest de la Bretagne. Le tableau à côté donne les mêmes "
                "valeurs."
            ),
        )
    with col_tableau:
        tableau = blocs.tableau_francais(
            zones,
            {
                "nom": n.nom.capitalize(),
                "nb_projets": "Lauréats",
                "montant_attribue_eur": "Attribué publié",
                "nb_projets_attribution_publiee": "Dont montant publié",
                n.colonne_code: "Code",
            },
        )
        # columns the suffix rule of tableau_francais does not cover (R6), formatted by tid.fmt
        tableau.insert(
            3, "€ par habitant", [fmt.euros(v, decimals=2) for v in zones["eur_par_habitant"]]
        )
        tableau.insert(5, "Population", [fmt.nombre(v) for v in zones["population"]])
        tableau.insert(
            6,
            "Année de la population",
            [
                f"{a} (recensement ancien)" if ancienne else str(a)
                for a, ancienne in zip(
                    zones["annee_population"], charts.population_ancienne(zones), strict=True
                )
            ],
        )
        st.dataframe(tableau, hide_index=True, width="stretch", height=charts.HAUTEUR_CARTE)

    if m.monetaire:
        resume = (
            f"Montant attribué publié : {fmt.euros(total)}, {couverture}. Gris très clair : aucun "
            "lauréat ; gris : lauréats dont aucun montant n'est publié (jamais compté comme zéro). "
        )
    else:
        resume = f"{fmt.nombre(nb_projets)} lauréats placés. Gris très clair : aucun lauréat. "
    # a base may lack seat coordinates (a synthetic one has none): say why points are missing
    sans_siege = (
        int(laureats[["latitude", "longitude"]].isna().any(axis=1).sum()) if avec_sieges else 0
    )
    points = "Points : commune siège de chaque lauréat (centroïde)"
    if sans_siege:
        points += (
            f" ; {fmt.compte(sans_siege, 'lauréat', 'lauréats')} sans coordonnées de siège "
            "publiées, non placé" + ("s" if sans_siege > 1 else "")
        )
    st.caption(resume + f"{points}. {NOTE_POPULATION} {legende} " + SOURCE_GEO)
    if m.monetaire:
        blocs.alerte_dominance(zones, "nom")

    blocs.tableau_accessible(
        laureats.head(LIGNES_TABLEAU),
        {
            "porteur": "Porteur",
            "nom_projet": "Projet",
            "vague_libelle": "Vague",
            "commune_siege": "Commune siège",
            "departement_nom": "Département",
            "region_nom": "Région",
            "type_territoire_libelle": "Type de territoire",
            "montant_attribue_eur": "Attribué publié",
        },
        f"Sièges des lauréats ({fmt.nombre(nb_projets)} lauréats, tableau"
        + (
            f", {fmt.nombre(LIGNES_TABLEAU)} premiers ; tous dans les téléchargements de « Projets »)"
            if nb_projets > LIGNES_TABLEAU
            else ")"
        ),
    )

    # ---- Sans lauréat -----------------------------------------------------------------------------
    st.header("Régions et départements sans lauréat")
    precision = " avec ces filtres" if avec_filtres else ""
    regions_sans = regions[regions["nb_projets"] == 0]
    departements_sans = departements[departements["nb_projets"] == 0]
    if regions_sans.empty:
        st.markdown(f"Toutes les régions ont au moins un lauréat{precision}.")
    elif len(regions_sans) == 1:
        st.markdown(
            f"**1 région sur {fmt.nombre(len(regions))}** n'a aucun lauréat{precision} : "
            f"{texte_brut.markdown(regions_sans['nom'].iloc[0])}."
        )
    else:
        st.markdown(
            f"**{fmt.nombre(len(regions_sans))} régions sur {fmt.nombre(len(regions))}** n'ont aucun "
            f"lauréat{precision} : {texte_brut.markdown(', '.join(regions_sans['nom']))}."
        )
    st.markdown(
        f"**{fmt.nombre(len(departements_sans))} départements sur {fmt.nombre(len(departements))}** "
        f"n'ont aucun lauréat{precision}."
    )
    blocs.tableau_accessible(
        departements_sans,
        {"departement_code": "Code", "nom": "Département", "region_nom": "Région"},
        "Départements sans lauréat (tableau)",
    )

    # ---- Répartitions -----------------------------------------------------------------------------
    for requete, objet, titre_section in (
        ("par_type_territoire", "type de territoire", "Par type de territoire"),
        ("par_type_porteur", "type de porteur", "Par type de porteur"),
    ):
        st.header(titre_section)
        repartition = db.fetch(requete, **filtres)
        total_type, couverture_type = charts.couverture_totale(repartition)
        st.plotly_chart(
            charts.repartition(repartition, charts.titre_repartition(objet, repartition), legende),
            config=CONFIG_GRAPHIQUE,
            width="stretch",
            alt=f"Barres horizontales : lauréats et montant attribué publié par {objet}.",
        )
        st.caption(
            f"Montant attribué publié : {fmt.euros(total_type)}, {couverture_type}. Un montant non "
            f"publié est affiché « non publié », jamais compté comme zéro. {legende}"
        )
        blocs.alerte_dominance(repartition, "libelle")
        blocs.tableau_accessible(
            repartition,
            {
                "libelle": objet.capitalize(),
                "nb_projets": "Lauréats",
                "nb_projets_attribution_publiee": "Dont montant publié",
                "montant_attribue_eur": "Attribué publié",
            },
            f"Données du graphique par {objet} (tableau)",
        )
