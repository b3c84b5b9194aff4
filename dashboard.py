"""Vue d'ensemble: where the envelope stands, wave by wave, and how much is published."""

import pandas as pd
import streamlit as st

from tid import charts, db, fmt, texte_brut
from tid.filtres import territoriaux_actifs
from tid.ui import blocs, cadre

with cadre.page("Vue d'ensemble") as filtres:
    kpi = db.fetch("kpi", **filtres).iloc[0]
    nb_projets = int(kpi["nb_projets"])

    st.title("Vue d'ensemble")
    st.markdown(
        "Appel à projets France 2030 « Territoires intelligents et durables » (TID, 30 M€) et son "
        "volet IA « Démonstrateurs d'IA frugale » (DIAT, 40 M€), opérés par la Banque des "
        "Territoires. Seuls les montants **publiés** sont comptés : aucun montant n'est estimé."
    )
    st.caption(blocs.legende_filtres(filtres))

    if nb_projets == 0:
        st.info(
            "Aucun lauréat ne correspond à ces filtres. Retirez un filtre ou utilisez "
            "« Réinitialiser les filtres » dans le panneau latéral."
        )
        st.stop()

    couverture = fmt.couverture(int(kpi["nb_projets_attribution_publiee"]), nb_projets)
    legende_cumul = blocs.legende_filtres(filtres)
    territorial = territoriaux_actifs(filtres)

    ligne1 = st.columns(4)
    blocs.kpi(
        ligne1[0],
        "Enveloppe",
        fmt.euros_compact(kpi["enveloppe_eur"]),
        "Enveloppe annoncée des programmes ou des vagues retenus (TID : 30 M€ en deux vagues de "
        "15 M€ ; DIAT : 40 M€, enveloppes de vague non publiées).",
        "nationale : non répartie par territoire" if territorial else None,
    )
    blocs.kpi(
        ligne1[1],
        "Attribué (publié)",
        fmt.euros_compact(kpi["montant_attribue_eur"]),
        "Somme des aides décidées pour les lauréats, quand leur montant est publié.",
        f"montant {couverture}",
    )
    blocs.kpi(
        ligne1[2],
        "Conventionné (publié)",
        fmt.euros_compact(kpi["montant_conventionne_eur"]),
        "Montant des conventions de financement signées (engagement juridique), quand il est publié.",
        f"{fmt.nombre(kpi['nb_projets_conventionnes'])} convention(s) signée(s) connue(s), "
        f"montant {fmt.couverture(int(kpi['nb_projets_convention_publiee']), nb_projets)}",
    )
    blocs.kpi(
        ligne1[3],
        "Versé (publié)",
        fmt.euros_compact(kpi["montant_verse_eur"]),
        "Montant effectivement payé aux lauréats, quand il est publié.",
        "aucun versement publié"
        if int(kpi["nb_projets_verses"]) == 0
        else f"montant {fmt.couverture(int(kpi['nb_projets_versement_publie']), nb_projets)}",
    )

    ligne2 = st.columns(4)
    if territorial:
        blocs.kpi(
            ligne2[0],
            "Reste à attribuer",
            "—",
            "L'enveloppe n'est pas répartie par territoire, thème ou type de porteur : le reste à "
            "attribuer ne se calcule qu'au niveau d'un programme ou d'une vague.",
            "sans objet avec ces filtres",
        )
    else:
        blocs.kpi(
            ligne2[0],
            "Reste à attribuer (au plus)",
            "≤ " + fmt.euros_compact(kpi["reste_a_attribuer_max_eur"])
            if pd.notna(kpi["enveloppe_eur"])
            else fmt.NON_PUBLIE,
            "Enveloppe moins les montants attribués publiés. Tant que des montants manquent, c'est "
            "une borne haute, pas le reste réel.",
            f"borne haute : montant {couverture}",
        )
    blocs.kpi(
        ligne2[1],
        "Lauréats",
        fmt.nombre(nb_projets),
        "Projets lauréats publiés dans le périmètre filtré.",
    )
    blocs.kpi(
        ligne2[2],
        "Couverture des montants",
        fmt.pourcent(kpi["nb_projets_attribution_publiee"] / nb_projets),
        "Part des lauréats dont le montant attribué est publié.",
        couverture,
    )
    blocs.kpi(
        ligne2[3],
        "Effet de levier",
        fmt.ratio(kpi["effet_levier"]),
        "Coût total des projets divisé par l'aide, sur les projets où les deux sont publiés.",
        f"sur {fmt.nombre(kpi['nb_projets_levier'])} projet(s) où coût et aide sont publiés",
    )

    st.header("La chaîne financière, vague par vague")
    vagues = db.fetch("chaine_par_vague", **filtres)
    titre = (
        f"Enveloppe, attribué, conventionné et versé publiés par vague – total attribué publié : "
        f"{fmt.euros(kpi['montant_attribue_eur'])}"
    )
    st.plotly_chart(
        charts.chaine_par_vague(vagues, titre),
        config=charts.CONFIG_PLOTLY,
        width="stretch",
        alt=(
            "Barres groupées par vague : enveloppe, attribué, conventionné et versé publiés. "
            "Le tableau « Données du graphique » donne les mêmes valeurs."
        ),
    )
    st.caption(
        f"Montant attribué publié : {fmt.euros(kpi['montant_attribue_eur'])}, {couverture}. "
        "« n. p. » : montant non publié, jamais compté comme zéro. "
        + blocs.legende_filtres(filtres)
    )
    blocs.alerte_dominance(vagues, "libelle")

    with st.expander("Données du graphique (tableau)"):
        st.dataframe(
            blocs.tableau_francais(
                vagues,
                {
                    "libelle": "Vague",
                    "enveloppe_eur": "Enveloppe",
                    "nb_projets": "Lauréats",
                    "nb_projets_attribution_publiee": "Lauréats avec montant publié",
                    "montant_attribue_eur": "Attribué publié",
                    "nb_projets_conventionnes": "Conventions signées connues",
                    "montant_conventionne_eur": "Conventionné publié",
                    "montant_verse_eur": "Versé publié",
                },
            ),
            hide_index=True,
            width="stretch",
        )

    st.header("Les attributions publiées au fil du temps")
    cumul = db.fetch("attributions_cumulees", **filtres)
    if cumul.empty:
        st.caption("Aucune attribution datée et publiée pour ces filtres.")
    else:
        resultats = db.fetch("calendrier_vagues", **filtres)
        resultats = resultats[resultats["jalon"] == "Résultats publiés"]
        sans_date = float(cumul["montant_sans_date_eur"].iloc[0])
        st.plotly_chart(
            charts.cumul_attributions(
                cumul,
                None if territorial else kpi["enveloppe_eur"],
                resultats,
                "Attribué publié cumulé, par date de décision – "
                f"{fmt.euros(cumul['montant_cumule_eur'].iloc[-1])} datés",
            ),
            config=charts.CONFIG_PLOTLY,
            width="stretch",
            alt=(
                "Courbe en escalier : montant attribué publié cumulé, par date de décision. "
                "Le tableau « Attributions datées » donne les mêmes valeurs."
            ),
        )
        st.caption(
            "Chaque marche est une décision d'attribution publiée ; traits pointillés verticaux : "
            "publication des lauréats de chaque vague"
            + ("" if territorial else " ; tirets : l'enveloppe")
            + ". "
            + (
                f"{fmt.euros(sans_date)} attribués sans date de décision publiée (DIAT vague 2) "
                "ne sont pas sur la courbe. "
                if sans_date
                else ""
            )
            + legende_cumul
        )
        blocs.tableau_accessible(
            cumul,
            {
                "date_mouvement": "Date",
                "montant_jour_eur": "Attribué ce jour",
                "montant_cumule_eur": "Cumul",
                "nb_mouvements": "Décisions",
            },
            "Attributions datées (tableau)",
        )

    st.header("Rapprochement avec les totaux publiés")
    totaux_publies = db.fetch("rapprochement_totaux_publies")
    if totaux_publies.empty:
        st.caption(blocs.AUCUN_TOTAL_PUBLIE)
    for total in totaux_publies.itertuples():
        prefixe = "plus de " if total.est_minimum else ""
        liens = ", ".join(
            texte_brut.lien(u, "source") for u in texte_brut.sources(total.source_url)
        )
        sources = f" ({liens})" if liens else ""
        st.info(
            f"**{texte_brut.markdown(total.libelle)}** ({texte_brut.markdown(total.vagues)}) : "
            f"{prefixe}{fmt.euros(total.montant_publie_eur)} "
            f"pour {fmt.nombre(total.nb_projets_annonces)} projets, publié le "
            f"{fmt.date_longue(total.date_publication)}{sources}. "
            f"Somme des montants publiés projet par projet sur ces vagues : "
            f"{fmt.euros(total.somme_projets_eur)} "
            f"({fmt.couverture(total.nb_projets_montant_publie, total.nb_projets_base)}). "
            "L'écart vient des montants non publiés, pas d'une erreur de calcul.",
            icon=":material/balance:",
        )
