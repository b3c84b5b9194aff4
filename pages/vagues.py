"""Vagues: calendar (announced vs actual), funnel, and amounts against each wave's envelope."""

import pandas as pd
import streamlit as st

from tid import charts, db, fmt, texte_brut
from tid.filtres import territoriaux_actifs
from tid.ui import blocs, cadre

with cadre.page("Vagues") as filtres:
    legende = blocs.legende_filtres(filtres)
    vagues = db.fetch("vagues", **filtres)

    st.title("Vagues")
    st.caption(legende)

    if vagues.empty or int(vagues["nb_projets"].sum()) == 0:
        st.info(
            "Aucun lauréat ne correspond à ces filtres. Retirez un filtre ou utilisez "
            "« Réinitialiser les filtres » dans le panneau latéral."
        )
        st.stop()

    st.header("Calendrier : dates annoncées et dates effectives")
    calendrier = db.fetch("calendrier_vagues", **filtres)
    st.plotly_chart(
        charts.calendrier(calendrier, "Jalons de chaque vague (symbole creux : date annoncée)"),
        config=charts.CONFIG_PLOTLY,
        width="stretch",
        alt=(
            "Frise des vagues : ouverture, clôture annoncée et effective, résultats et "
            "conventions. Le tableau « Calendrier » donne les mêmes dates."
        ),
    )
    reports = [
        f"{r.libelle} : clôture reportée de {fmt.nombre(r.report_cloture_jours)} jours "
        f"(annoncée le {fmt.date_longue(r.date_cloture_annoncee)}, effective le "
        f"{fmt.date_longue(r.date_cloture_effective)})"
        for r in vagues.itertuples()
        if pd.notna(r.report_cloture_jours) and r.report_cloture_jours > 0
    ]
    # which milestones the sources leave undated, read from the data (not written by hand)
    JALONS = (
        ("ouverture", ("date_ouverture",)),
        ("clôture", ("date_cloture_annoncee", "date_cloture_effective")),
        ("résultats", ("date_resultats",)),
    )
    non_dates = [
        f"{r['libelle']} ({', '.join(nom for nom, cols in JALONS if r[list(cols)].isna().all())})"
        for _, r in vagues.iterrows()
        if any(r[list(cols)].isna().all() for _, cols in JALONS)
    ]
    st.caption(
        "Dates publiées seulement ; une date absente n'est pas publiée"
        + (f" (non datés dans les sources : {' ; '.join(non_dates)})" if non_dates else "")
        + ". "
        + (" ".join(reports) + ". " if reports else "")
        + legende
    )
    blocs.tableau_accessible(
        vagues,
        {
            "libelle": "Vague",
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
    territorial = territoriaux_actifs(filtres)
    st.plotly_chart(
        charts.entonnoir(
            vagues,
            f"Candidatures, lauréats et conventions signées connues par vague – "
            f"{fmt.nombre(vagues['nb_projets'].sum())} lauréats",
        ),
        config=charts.CONFIG_PLOTLY,
        width="stretch",
        alt=(
            "Barres groupées par vague : candidatures, lauréats et conventions signées "
            "connues. Le tableau « Entonnoir » donne les mêmes nombres."
        ),
    )
    taux = [
        f"{r.libelle} : {fmt.nombre(r.nb_laureats_publie)} lauréats pour "
        f"{fmt.nombre(r.nb_candidatures)} candidatures, soit {fmt.pourcent(r.taux_selection_pct)}"
        for r in vagues.itertuples()
        if pd.notna(r.taux_selection_pct)
    ]
    st.caption(
        "« inconnu » : nombre non publié, jamais compté comme zéro. "
        + ("Taux de sélection – " + " ; ".join(taux) + ". " if taux else "")
        + (
            "Les candidatures ne sont publiées que par vague, pas par territoire ni par thème : "
            "elles restent affichées pour toute la vague. "
            if territorial
            else ""
        )
        + legende
    )
    blocs.tableau_accessible(
        vagues,
        {
            "libelle": "Vague",
            "nb_candidatures": "Candidatures",
            "nb_projets": "Lauréats",
            "nb_projets_conventionnes": "Conventions signées connues",
            "taux_selection_pct": "Taux de sélection",
        },
        "Entonnoir (tableau)",
    )

    st.header("Montants par vague face à l'enveloppe de la vague")
    chaine = db.fetch("chaine_par_vague", **filtres)
    total = chaine["montant_attribue_eur"].sum(min_count=1)
    couverture = fmt.couverture(
        int(chaine["nb_projets_attribution_publiee"].sum()), int(chaine["nb_projets"].sum())
    )
    st.plotly_chart(
        charts.chaine_par_vague(
            chaine, f"Montants publiés par vague – total attribué publié : {fmt.euros(total)}"
        ),
        config=charts.CONFIG_PLOTLY,
        width="stretch",
        alt=(
            "Barres groupées par vague : enveloppe de la vague, attribué, conventionné et "
            "versé publiés. Le tableau « Montants par vague » donne les mêmes valeurs."
        ),
    )
    st.caption(f"Montant attribué {couverture}. « n. p. » : non publié, jamais zéro. " + legende)
    blocs.alerte_dominance(chaine, "libelle")
    blocs.tableau_accessible(
        chaine,
        {
            "libelle": "Vague",
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
        for r in vagues.itertuples():
            liens = " ".join(
                texte_brut.lien(u, f"source {i}")
                for i, u in enumerate(texte_brut.sources(r.source_url), 1)
            )
            st.markdown(
                f"**{texte_brut.markdown(r.libelle)}** – {texte_brut.markdown(fmt.texte(r.notes))} "
                + liens
            )
