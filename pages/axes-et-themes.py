"""Axes et thèmes: laureates and published amounts by axis, by theme, and axis × territory."""

import streamlit as st

from tid import charts, db, fmt
from tid.ui import blocs, cadre

with cadre.page("Axes et thèmes") as filtres:
    legende = blocs.legende_filtres(filtres)
    kpi = db.fetch("kpi", **filtres).iloc[0]
    nb_projets = int(kpi["nb_projets"])

    st.title("Axes et thèmes")
    st.caption(legende)

    if nb_projets == 0:
        st.info(
            "Aucun lauréat ne correspond à ces filtres. Retirez un filtre ou utilisez "
            "« Réinitialiser les filtres » dans le panneau latéral."
        )
        st.stop()

    metrique = st.segmented_control(
        "Mesure",
        ["nb_projets", "montant_attribue_eur"],
        format_func={
            "nb_projets": "Nombre de projets",
            "montant_attribue_eur": "Montant publié",
        }.get,
        default="nb_projets",
        key="metrique_axes",
    )
    metrique = metrique or "nb_projets"
    couverture = fmt.couverture(int(kpi["nb_projets_attribution_publiee"]), nb_projets)
    if metrique == "nb_projets":
        total_texte = f"{fmt.nombre(nb_projets)} lauréats"
    else:
        total_texte = f"{fmt.euros(kpi['montant_attribue_eur'])} attribués publiés"

    def details(df):
        """Counts beside amounts: « 19 projets, montant publié pour 4 »."""
        return [
            f"{fmt.nombre(r.nb_projets)} projet{'s' if r.nb_projets > 1 else ''}, montant publié "
            f"pour {fmt.nombre(r.nb_projets_attribution_publiee)}"
            if metrique == "montant_attribue_eur"
            else f"{fmt.nombre(r.nb_projets_attribution_publiee)} avec montant publié"
            for r in df.itertuples()
        ]

    colonnes_table = {
        "libelle": "Catégorie",
        "nb_projets": "Projets",
        "nb_projets_attribution_publiee": "Projets avec montant publié",
        "montant_attribue_eur": "Attribué publié",
    }

    mesure = "Nombre de lauréats" if metrique == "nb_projets" else "Montant attribué publié"

    def repartition(frame, par: str, note: str) -> None:
        """One breakdown: bars, a caption with its filters, the dominance note, the table."""
        st.plotly_chart(
            charts.barres(
                frame,
                "libelle",
                metrique,
                f"{mesure} par {par} – total : {total_texte}",
                details(frame),
            ),
            config=charts.CONFIG_PLOTLY,
            width="stretch",
            alt=f"Barres horizontales : {mesure.lower()} par {par}. Le tableau « Par {par} » donne "
            "les mêmes valeurs.",
        )
        st.caption(f"{note} Montant {couverture}. {legende}")
        if metrique == "montant_attribue_eur":
            blocs.alerte_dominance(frame, "libelle")
        blocs.tableau_accessible(frame, colonnes_table, f"Par {par} (tableau)")

    st.header("Par axe de l'appel à projets")
    repartition(
        db.fetch("par_axe", **filtres),
        "axe",
        "Chaque projet a un seul axe ; « Axe non publié » regroupe les lauréats dont l'axe n'est pas "
        "publié.",
    )

    st.header("Par thème")
    themes = db.fetch("par_theme", **filtres)
    repartition(
        themes[themes["nb_projets"] > 0],
        "thème",
        "Un projet à plusieurs thèmes (1 à 3) compte une fois dans chacun : la somme des barres "
        f"dépasse donc le total ({total_texte}). Thèmes lus dans la description publiée de chaque "
        "projet (`data/seed/projet_theme.csv`).",
    )

    st.header("Axe × type de territoire")
    croise = db.fetch("axe_type_territoire", **filtres)
    st.plotly_chart(
        charts.carte_chaleur(
            croise,
            "axe_libelle",
            "type_territoire_libelle",
            "nb_projets",
            f"Nombre de lauréats par axe et type de territoire – total : {fmt.nombre(nb_projets)}",
        ),
        config=charts.CONFIG_PLOTLY,
        width="stretch",
        alt=(
            "Tableau de chaleur : nombre de lauréats pour chaque axe et chaque type de territoire. "
            "Le tableau « Axe × type de territoire » donne les mêmes nombres."
        ),
    )
    st.caption(
        f"Nombre de lauréats ; type de territoire selon la table de règles de data/README.md. {legende}"
    )
    blocs.tableau_accessible(
        croise,
        {
            "axe_libelle": "Axe",
            "type_territoire_libelle": "Type de territoire",
            "nb_projets": "Projets",
            "nb_projets_attribution_publiee": "Projets avec montant publié",
            "montant_attribue_eur": "Attribué publié",
        },
        "Axe × type de territoire (tableau)",
    )

    # Beyond this many projects, leaves would be unreadable (and heavy): stop at the themes.
    PROJETS_MAX_FEUILLES = 300
    st.header("Axe → thème → projet")
    avec_projets = nb_projets <= PROJETS_MAX_FEUILLES
    feuilles = db.fetch("axe_theme_projet" if avec_projets else "axe_theme", **filtres)
    st.plotly_chart(
        charts.soleil(
            feuilles, f"Projets par axe puis par thème – {fmt.nombre(nb_projets)} lauréats"
        ),
        config=charts.CONFIG_PLOTLY,
        width="stretch",
        alt=(
            "Graphique en soleil : les axes au centre, leurs thèmes autour, puis les projets. "
            "Le tableau « Axe, thème, projet » donne la même liste."
        ),
    )
    st.caption(
        (
            "Chaque feuille vaut un projet ; "
            if avec_projets
            else f"Au-delà de {fmt.nombre(PROJETS_MAX_FEUILLES)} projets, le graphique s'arrête aux "
            "thèmes ; "
        )
        + "un projet à plusieurs thèmes apparaît sous chacun d'eux. "
        + legende
    )
    blocs.tableau_accessible(
        feuilles,
        {
            "axe_libelle": "Axe",
            "theme_libelle": "Thème",
            "projet_libelle": "Projet",
            "montant_attribue_eur": "Attribué publié",
        }
        if avec_projets
        else {"axe_libelle": "Axe", "theme_libelle": "Thème", "nb_projets": "Projets"},
        "Axe, thème, projet (tableau)",
    )
