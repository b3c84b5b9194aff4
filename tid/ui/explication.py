"""« D'où vient ce chiffre ? »: a button under each KPI and chart total, a dialog bound to the URL.

The button writes `?explique=<code>` in the URL; the frame opens the dialog whenever the URL
holds a known code, so a copied link reopens the page with that explanation open. Closing the
dialog removes the code. Every figure and row comes from the queries the tiles read.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tid import db, exports, textes, vocabulaire
from tid.filtres import description, territoriaux_actifs
from tid.textes import explication as t
from tid.textes import indicateurs
from tid.textes.enveloppe import concerne
from tid.ui import blocs
from tid.ui.filtres import libelles_filtres

CLE_URL = "explique"
# Rows shown in the dialog; the download always holds every one
LIGNES_AFFICHEES = 1_000
# Columns of each kind of row, shown in the dialog (the download holds the export's columns)
COLONNES = {
    "mouvements": (
        "mouvement_id",
        "projet_id",
        "porteur",
        "nature",
        "date_mouvement",
        "montant_signe_eur",
        "annule_mouvement_id",
    ),
    "projets": ("projet_id", "vague_id", "porteur", "montant_attribue_eur", "statut"),
    "levier": ("projet_id", "porteur", "cout_total_eur", "montant_attribue_eur"),
    "enveloppes": ("niveau_enveloppe", "enveloppe_libelle", "enveloppe_eur"),
}
# The enveloppes rows have no export of their own: their columns in the downloaded CSV
ENTETES_ENVELOPPES = {
    **vocabulaire.libelles("niveau_enveloppe", "enveloppe_libelle"),
    "enveloppe_eur": "Enveloppe (€)",
    "source_url": "Sources",
}


def _ouvrir(code: str) -> None:
    st.query_params[CLE_URL] = code


def _fermer() -> None:
    st.query_params.pop(CLE_URL, None)


def bouton(code: str, ou: str, colonne=None) -> None:
    """The « D'où vient ce chiffre ? » button of one indicator (a real button: Tab + Enter);
    `ou` names its place (tile, chart) so that two buttons of one indicator have two keys."""
    (colonne or st).button(
        t.BOUTON,
        key=f"explique_{code}_{ou}",
        type="tertiary",
        icon=":material/help:",
        help=t.AIDE_BOUTON,
        on_click=_ouvrir,
        args=(code,),
    )


def bouton_graphique(colonne_tracee: str, ou: str) -> None:
    """The button under a chart: it explains the chart's total (the column it draws)."""
    bouton(t.PAR_COLONNE[colonne_tracee], ou)


def tuile(colonne, tuile: indicateurs.Tuile) -> None:
    """A KPI tile with its « D'où vient ce chiffre ? » button under it."""
    blocs.kpi(colonne, *tuile)
    bouton(t.CODES_DES_TUILES[tuile.titre], "tuile", colonne)


def lignes(indicateur: t.Indicateur, filtres: dict[str, list[str]]) -> pd.DataFrame:
    """Exactly the rows that make up the indicator under these filters."""
    if indicateur.lignes == "enveloppes":
        frame = db.fetch("explication_enveloppe", **filtres)
        return frame[frame["enveloppe_eur"].notna()]
    requete = "mouvements" if indicateur.lignes == "mouvements" else "projets"
    frame = db.fetch(requete, **filtres, recherche=None, limite=None)
    return t.selection(indicateur, frame)


def nom_fichier(indicateur: t.Indicateur, filtres: dict) -> str:
    """« tid-registre-attribution_2026-12-02_programme-TID.csv »: the rows, and the scope."""
    if indicateur.lignes == "enveloppes":
        return exports.nom_fichier("enveloppes", filtres, "csv")
    objet = "registre" if indicateur.lignes == "mouvements" else "projets"
    return exports.nom_fichier(f"{objet}-{indicateur.etape or indicateur.lignes}", filtres, "csv")


def fichier(indicateur: t.Indicateur, frame: pd.DataFrame, filtres: dict) -> tuple[bytes, str]:
    """The rows as the Excel-FR CSV every other download writes, and the file's name."""
    if indicateur.lignes == "enveloppes":
        return exports.csv_excel_fr(frame, ENTETES_ENVELOPPES), nom_fichier(indicateur, filtres)
    objet = "registre" if indicateur.lignes == "mouvements" else "projets"
    prov = exports.provenance(
        objet,
        frame,
        filtres,
        description(filtres, libelles_filtres()),
        blocs.date_donnees(),
        None,
    )
    return exports.fichier(objet, "csv", frame, prov), nom_fichier(indicateur, filtres)


def _contenu(code: str, filtres: dict[str, list[str]]) -> None:
    indicateur = t.INDICATEURS[code]
    kpi = db.fetch("kpi", **filtres).iloc[0]
    tuiles = indicateurs.tuiles(kpi, territoriaux_actifs(filtres))
    tuile = next(u for u in tuiles if t.CODES_DES_TUILES[u.titre] == code)
    st.subheader(f"{tuile.titre} : {tuile.valeur}")
    if tuile.detail:
        st.caption(tuile.detail)
    st.markdown(vocabulaire.aide(indicateur.aide))
    st.caption(blocs.legende_filtres(filtres))
    frame = lignes(indicateur, filtres)
    st.markdown("**Ce qui le compose**")
    st.markdown(t.composition(indicateur, kpi, frame))
    if frame.empty:
        st.info(t.aucune_ligne(indicateur))
    else:
        # a large base: the first rows on screen, every row in the file (built on click)
        blocs.tableau(
            frame.head(LIGNES_AFFICHEES), vocabulaire.libelles(*COLONNES[indicateur.lignes])
        )
        if len(frame) > LIGNES_AFFICHEES:
            st.caption(t.premieres_lignes(LIGNES_AFFICHEES, len(frame)))
        st.download_button(
            "Télécharger ces lignes (CSV pour Excel)",
            data=lambda: fichier(indicateur, frame, filtres)[0],
            file_name=nom_fichier(indicateur, filtres),
            mime="text/csv",
            icon=":material/download:",
            key=f"explique_csv_{code}",
        )
    if indicateur.lignes in ("mouvements", "enveloppes"):
        vagues = set(db.fetch("chaine_par_vague", **filtres)["vague_libelle"])
        totaux = db.fetch("rapprochement_totaux_publies", **filtres).itertuples()
        comparables = [u for u in totaux if concerne(u, vagues)]
        if comparables:
            st.markdown("**Chiffres publiés auxquels il se compare**")
            for total in comparables:
                st.markdown(textes.rapprochement(total))
    st.markdown("**Sources**")
    st.markdown(t.sources(frame))


def si_demandee(filtres: dict[str, list[str]]) -> None:
    """Open the dialog when the URL asks for a known indicator (a link, or the button)."""
    code = st.query_params.get(CLE_URL)
    if code not in t.INDICATEURS:
        return

    @st.dialog(t.BOUTON, width="large", on_dismiss=_fermer)
    def _dialogue() -> None:
        _contenu(code, filtres)

    _dialogue()
