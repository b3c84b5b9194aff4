"""Vue d'ensemble: where the envelope stands, wave by wave, and how much is published."""

import streamlit as st

from tid import charts, db, textes, vocabulaire
from tid.filtres import territoriaux_actifs
from tid.textes import enveloppe, indicateurs
from tid.textes import vue_ensemble as t
from tid.ui import blocs, cadre, explication

with cadre.page("Vue d'ensemble") as filtres:
    kpi = db.fetch("kpi", **filtres).iloc[0]
    legende = blocs.legende_filtres(filtres)
    territorial = territoriaux_actifs(filtres)

    st.title("Vue d'ensemble")
    st.caption(legende)
    blocs.arret_si_vide(int(kpi["nb_projets"]))

    # the product's first question, answered in words from the queries the charts read
    with st.container(border=True, key="reponse"):
        st.subheader(enveloppe.titre(kpi, territorial))
        st.markdown(
            enveloppe.reponse(
                kpi,
                db.fetch("chaine_par_vague", **filtres),
                db.fetch("calendrier_vagues", **filtres),
                db.fetch("repartition", par="type_territoire", **filtres),
                db.fetch("repartition", par="axe", **filtres),
                db.fetch("rapprochement_totaux_publies", **filtres),
                territorial,
            )
        )
    st.markdown(t.INTRODUCTION)

    tuiles = indicateurs.tuiles(kpi, territorial)
    for colonne, tuile in zip([*st.columns(4), *st.columns(4)], tuiles, strict=True):
        explication.tuile(colonne, tuile)

    st.header("La chaîne financière, vague par vague")
    titre, legende_chaine = t.titre_chaine(kpi), t.legende_chaine(kpi, legende)
    blocs.chaine_par_vague(filtres, titre, t.ALT_CHAINE, legende_chaine)
    explication.bouton("attribue", "chaine")

    st.header("Les attributions publiées au fil du temps")
    cumul = db.fetch("attributions_cumulees", **filtres)
    if cumul.empty:
        st.caption(t.AUCUNE_ATTRIBUTION_DATEE)
    else:
        jalons = db.fetch("calendrier_vagues", **filtres)
        enveloppe = None if territorial else kpi["enveloppe_eur"]
        figure = charts.cumul_attributions(cumul, enveloppe, jalons, t.titre_cumul(cumul))
        blocs.graphique(figure, t.ALT_CUMUL)
        st.caption(t.legende_cumul(cumul, territorial, legende))
        blocs.tableau_accessible(
            cumul,
            vocabulaire.libelles(
                "date_mouvement", "montant_jour_eur", "montant_cumule_eur", "nb_mouvements"
            ),
            "Attributions datées (tableau)",
        )
        explication.bouton("attribue", "cumul")

    st.header("Rapprochement avec les totaux publiés")
    totaux_publies = db.fetch("rapprochement_totaux_publies", **filtres)
    if totaux_publies.empty:
        st.caption(textes.AUCUN_TOTAL_PUBLIE)
    for total in totaux_publies.itertuples():
        st.info(textes.rapprochement(total), icon=":material/balance:")
