"""Small st.* blocks shared by several pages: KPI tile, French tables, notes, banners."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from tid import charts, db, fmt, texte_brut, textes, vocabulaire
from tid.filtres import description
from tid.ui import telephone
from tid.ui.filtres import libelles_filtres


def bandeau_synthetique() -> None:
    """Warn on every page when the base holds synthetic (benchmark) data."""
    info = db.fetch("base_info", lot_initial=db.SEED_IMPORT_ID)
    if len(info) and bool(info["est_synthetique"].iloc[0]):
        st.warning(
            "**Données fictives** : cette base est synthétique (tests de performance). "
            "Aucun chiffre affiché ne décrit le programme réel.",
            icon=":material/science:",
        )


def kpi(colonne, titre: str, valeur: str, aide: str, detail: str | None = None) -> None:
    """One KPI tile: value already formatted by tid.fmt, a help text, a small caption."""
    colonne.metric(titre, valeur, help=aide)
    if detail:
        colonne.caption(detail)


def graphique(figure, alt: str) -> None:
    """A plotly figure at full width, French tool bar, and its text alternative (WCAG 1.1.1)."""
    # a key per chart of the page: its title and its text alternative tell them apart
    empreinte = hashlib.sha1(f"{figure.layout.title.text}\n{alt}".encode()).hexdigest()[:12]
    with st.container(key=f"{telephone.CLE_GRAPHIQUE}{empreinte}"):
        titre_ecrit(figure, empreinte)
        st.plotly_chart(figure, config=charts.CONFIG_PLOTLY, width="stretch", alt=alt)


def titre_ecrit(figure, empreinte: str) -> None:
    """The title as Streamlit text, which wraps, for when plotly's runs past the chart's edge."""
    titre = figure.layout.title
    if not titre.text:
        return
    with st.container(key=f"{telephone.CLE_TITRE}{empreinte}"):
        st.markdown(f"**{texte_brut.markdown(texte_brut.depuis_plotly(titre.text))}**")
        if titre.subtitle.text:
            st.caption(texte_brut.markdown(texte_brut.depuis_plotly(titre.subtitle.text)))


# The wave-by-wave money chain, same columns on « Vue d'ensemble » and « Vagues ».
COLONNES_CHAINE = (
    "vague_libelle",
    "enveloppe_eur",
    "nb_projets",
    "nb_projets_attribution_publiee",
    "montant_attribue_eur",
    "nb_projets_conventionnes",
    "montant_conventionne_eur",
    "montant_verse_eur",
)


def chaine_par_vague(filtres: dict, titre: str, alt: str, legende: str) -> None:
    """The money chain by wave under `filtres`: bars, caption, one-project warning, table."""
    chaine = db.fetch("chaine_par_vague", **filtres)
    graphique(charts.chaine_par_vague(chaine, titre), alt)
    st.caption(legende)
    alerte_dominance(chaine, "vague_libelle")
    tableau_accessible(
        chaine, vocabulaire.libelles(*COLONNES_CHAINE), "Montants par vague (tableau)"
    )


def arret_si_vide(nb: int, message: str = textes.AUCUN_LAUREAT) -> None:
    """Nothing matches: say what to do instead of drawing empty charts, and stop the page."""
    if nb == 0:
        st.info(message)
        st.stop()


def date_donnees() -> str:
    """The data's dates in words (sources read on…, last import on…), for captions, the footer
    and the extracts' « Lisez-moi »: never the day the base file was built."""
    info = db.fetch("base_info", lot_initial=db.SEED_IMPORT_ID)
    if not len(info):
        return fmt.DATE_NON_PUBLIEE
    return textes.dates_des_donnees(info.iloc[0], vocabulaire.date_extraction())


def tableau_francais(df: pd.DataFrame, colonnes: dict[str, str]) -> pd.DataFrame:
    """Columns renamed for readers and numbers formatted by tid.fmt by their suffix (R6)."""
    sortie = pd.DataFrame()
    for colonne, titre in colonnes.items():
        valeurs = df[colonne]
        if colonne.endswith("_eur"):
            sortie[titre] = [fmt.euros(v) for v in valeurs]
        elif colonne.endswith("_pct"):
            sortie[titre] = [fmt.pourcent(v) for v in valeurs]
        elif colonne.startswith("nb_"):
            sortie[titre] = [fmt.nombre(v) for v in valeurs]
        elif colonne.startswith("date_"):
            sortie[titre] = [fmt.date_fr(v) for v in valeurs]
        elif colonne.startswith("horodatage_"):
            sortie[titre] = [fmt.date_heure(v) for v in valeurs]
        else:
            textes = valeurs.astype("string").fillna(fmt.NON_PUBLIE)
            sortie[titre] = [texte_brut.nettoyer(t) for t in textes]
    return sortie


def alerte_dominance(df: pd.DataFrame, libelle: str) -> None:
    """Say so when one project makes more than half of a bar's published amount (small numbers)."""
    lignes = df[pd.to_numeric(df["part_max_projet_pct"], errors="coerce") > 0.5]
    if lignes.empty:
        return
    morceaux = [
        f"{texte_brut.markdown(r[libelle])} ({fmt.pourcent(r['part_max_projet_pct'])})"
        for _, r in lignes.iterrows()
    ]
    st.caption(
        ":material/info: Un seul projet fait plus de la moitié du montant publié de : "
        + " ; ".join(morceaux)
        + "."
    )


def tableau(df: pd.DataFrame, colonnes: dict[str, str]) -> None:
    """A table at full width, its columns in French and its numbers formatted (tableau_francais)."""
    st.dataframe(tableau_francais(df, colonnes), hide_index=True, width="stretch")


def tableau_accessible(df: pd.DataFrame, colonnes: dict[str, str], titre: str) -> None:
    """The data of a chart as a table, for screen readers and for reading exact values."""
    with st.expander(titre):
        tableau(df, colonnes)


def legende_filtres(filtres: dict[str, list[str]]) -> str:
    """« Filtres : … » sentence for a chart caption."""
    return f"Filtres : {description(filtres, libelles_filtres())}."
