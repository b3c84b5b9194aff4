"""Small st.* blocks shared by several pages: sidebar filters bound to the URL, KPI row, notes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tid import db, fmt, texte_brut
from tid.filtres import FILTRES, aucun, description, elaguer, normaliser
from tid.ingest import extrait

_PROGRAMME_TOUS = ""
# Vue d'ensemble and Méthode, when the base holds no aggregate published total (a synthetic one)
AUCUN_TOTAL_PUBLIE = (
    "Aucun total agrégé publié (montant global annoncé pour plusieurs projets) dans cette base : "
    "rien à rapprocher des montants projet par projet."
)


def options_filtres() -> pd.DataFrame:
    """Every option of every shared filter (filtre, code, libelle, parent)."""
    return db.fetch("options_filtres")


def libelles_filtres() -> dict[tuple[str, str], str]:
    """(filter, code) -> French label, to describe the active filters."""
    options = options_filtres()
    return {(r.filtre, r.code): r.libelle for r in options.itertuples()}


def _reinitialiser() -> None:
    for filtre in FILTRES:
        st.session_state[filtre.cle] = _PROGRAMME_TOUS if filtre.cle == "programme" else []
    # only the filters' keys: clear() raises when a page binds a widget to the URL (the
    # search of « Projets »), and page controls are not filters
    for filtre in FILTRES:
        st.query_params.pop(filtre.cle, None)


def _seed(cle: str, valides: set[str], multiple: bool) -> None:
    """First run of a session: take the URL's values; later runs: drop values no longer offered."""
    if cle not in st.session_state:
        demandes = [v for v in st.query_params.get_all(cle) if v in valides]
        if multiple:
            st.session_state[cle] = elaguer(demandes, valides)
        else:
            st.session_state[cle] = demandes[0] if demandes else _PROGRAMME_TOUS
    elif multiple:
        st.session_state[cle] = elaguer(st.session_state[cle], valides)


def filtres_sidebar() -> dict[str, list[str]]:
    """Draw the shared filters in the sidebar, keep the URL in step, return the active filters."""
    options = options_filtres()
    choix: dict[str, object] = {}
    st.sidebar.header("Filtres")
    for filtre in FILTRES:
        lignes = options[options["filtre"] == filtre.cle]
        if filtre.parent and choix.get(filtre.parent):
            parents = choix[filtre.parent]
            parents = [parents] if isinstance(parents, str) else parents
            lignes = lignes[lignes["parent"].isin(parents)]
        libelles = dict(zip(lignes["code"], lignes["libelle"], strict=True))
        if filtre.cle == "programme":
            _seed(filtre.cle, set(libelles), multiple=False)
            valeur = st.sidebar.radio(
                filtre.libelle,
                [_PROGRAMME_TOUS, *libelles],
                format_func=lambda code, lib=libelles, f=filtre: lib.get(code, f.tous),
                key=filtre.cle,
            )
        else:
            _seed(filtre.cle, set(libelles), multiple=True)
            valeur = st.sidebar.multiselect(
                filtre.libelle,
                list(libelles),
                format_func=lambda code, lib=libelles: lib.get(code, code),
                key=filtre.cle,
                placeholder=filtre.tous,
            )
        choix[filtre.cle] = valeur
        if valeur:
            st.query_params[filtre.cle] = valeur
        else:
            # an empty list or "" drops the key: the URL only carries active filters
            st.query_params.pop(filtre.cle, None)
    st.sidebar.button("Réinitialiser les filtres", on_click=_reinitialiser, width="stretch")
    langue_francaise()
    return normaliser(choix)


# Streamlit serves every page as <html lang="en"> and has no setting for it; screen readers then
# read French with English rules (WCAG 3.1.1). A one-line inline script, nothing fetched.
_LANGUE_FR = "<script>document.documentElement.lang = 'fr';</script>"


def langue_francaise() -> None:
    """Declare the page French. Drawn in the sidebar, which every page has, at its very end."""
    st.sidebar.html(_LANGUE_FR, unsafe_allow_javascript=True)


def filtres_actifs() -> dict[str, list[str]]:
    """The filters chosen in the sidebar (drawn by dashboard.py before the page runs)."""
    if not any(f.cle in st.session_state for f in FILTRES):
        return aucun()
    return normaliser({f.cle: st.session_state.get(f.cle) for f in FILTRES})


def legende_filtres(filtres: dict[str, list[str]]) -> str:
    """« Filtres : … » sentence for a chart caption."""
    return f"Filtres : {description(filtres, libelles_filtres())}."


def bandeau_synthetique() -> None:
    """Warn on every page when the base holds synthetic (benchmark) data."""
    info = db.fetch("base_info")
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


def date_donnees() -> str:
    """The date of the data in use, for captions and the footer."""
    info = db.fetch("base_info")
    return fmt.date_longue(info["date_donnees"].iloc[0]) if len(info) else fmt.DATE_NON_PUBLIEE


ERREUR_INATTENDUE = (
    "Une erreur inattendue empêche d'afficher cette page. Les données enregistrées ne sont pas "
    "touchées ; réessayez, ou signalez-la à l'équipe du programme avec l'adresse de la page."
)


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


def liste_problemes(problemes) -> str:
    """Problems of an import file as a Markdown list, capped (the first ones by row, the others
    counted: ingest.extrait); their quoted cells shown as written."""
    return "\n".join(f"- {texte_brut.markdown(ligne)}" for ligne in extrait(problemes).lignes())


def tableau_accessible(df: pd.DataFrame, colonnes: dict[str, str], titre: str) -> None:
    """The data of a chart as a table, for screen readers and for reading exact values."""
    with st.expander(titre):
        st.dataframe(tableau_francais(df, colonnes), hide_index=True, width="stretch")
