"""The project sheet of « Projets »: who and where, amounts, ledger, sources, uncertainties and
unconfirmed indications (shown, never summed)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tid import db, texte_brut, vocabulaire
from tid.textes import projets as t
from tid.ui import blocs

COLONNES_MOUVEMENTS = vocabulaire.libelles(
    "mouvement_id", "nature", "date_mouvement", "montant_eur", "statut_libelle", "notes"
)


def fiche_projet(projets: pd.DataFrame, projet_id: str, titre: str, au=None) -> None:
    """One project's sheet, from its row of queries/projets.sql and its ledger events."""
    fiche = projets.set_index("projet_id").loc[projet_id]
    st.markdown(f"### {texte_brut.markdown(titre)}")
    for colonne, liste in zip(st.columns(2), t.fiche(fiche), strict=True):
        colonne.markdown(liste)
    st.markdown("**Mouvements financiers (registre)**")
    # « Situation au »: the ledger rows known on that day (None = now)
    mouvements = db.fetch("projet_mouvements", projet_id=projet_id, au=au)
    if mouvements.empty:
        st.caption(t.AUCUN_MOUVEMENT)
    else:
        st.dataframe(
            blocs.tableau_francais(mouvements, COLONNES_MOUVEMENTS),
            hide_index=True,
            width="stretch",
        )
    st.markdown("**Sources**")
    st.markdown(t.liste_sources(fiche.source_url, *mouvements["source_url"]))
    if pd.notna(fiche.notes):
        st.markdown("**Ce qui reste incertain**")
        st.info(texte_brut.markdown(fiche.notes, lignes=True), icon=":material/help:")
    indications = db.fetch("indications_projet", projet_id=projet_id)
    if not indications.empty:
        st.markdown("**Indications non confirmées**")
        st.caption(t.INDICATIONS_JAMAIS_COMPTEES)
        for ligne in indications.itertuples():
            st.warning(t.indication(ligne), icon=":material/help_outline:")
