"""The shared sidebar filters, drawn on every page, kept across pages and written in the URL.

Not `bind="query-params"`: for a widget showing labels over codes (format_func), Streamlit 1.67
writes the label in the URL (`?region=Bretagne`) and reads no code, so every link shared with
`?region=53` would lose its filter and the URL would no longer name the SQL parameter (R4).
So the choice lives under the filter's key in the session, is seeded from the URL on a session's
first view, and is written back to the URL and into every menu link (tid.ui.cadre).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tid import db
from tid.filtres import (
    FILTRES,
    PROGRAMME_DEFAUT,
    TOUS_PROGRAMMES,
    elaguer,
    normaliser,
    programme_du_lien,
)
from tid.ui.url import choix_depuis_url, vers_url


def options_filtres() -> pd.DataFrame:
    """Every option of every shared filter (filtre, code, libelle, parent)."""
    return db.fetch("options_filtres")


def libelles_filtres() -> dict[tuple[str, str], str]:
    """(filter, code) -> French label, to describe the active filters."""
    options = options_filtres()
    return {(r.filtre, r.code): r.libelle for r in options.itertuples()}


def _reinitialiser() -> None:
    # a callback runs before the widgets; the URL follows when they are drawn
    for filtre in FILTRES:
        st.session_state[filtre.cle] = PROGRAMME_DEFAUT if filtre.cle == "programme" else []


def _programme_depuis_url(valides: set[str]) -> None:
    """The radio's first value: the link's programme, TID for a bare link, both for a link
    written before TID became the default (tid.filtres.programme_du_lien)."""
    if "programme" not in st.session_state:
        demande = programme_du_lien(st.query_params.to_dict())
        valide = demande in valides or demande == TOUS_PROGRAMMES
        st.session_state["programme"] = demande if valide else PROGRAMME_DEFAUT
    choix_depuis_url("programme", [*valides, TOUS_PROGRAMMES], PROGRAMME_DEFAUT)


def _depuis_url(cle: str, valides: set[str], multiple: bool) -> None:
    """A session's first view: the URL's codes; later views: drop codes no longer offered."""
    if not multiple:
        _programme_depuis_url(valides)
    elif cle not in st.session_state:
        st.session_state[cle] = elaguer(st.query_params.get_all(cle), valides)
    else:
        st.session_state[cle] = elaguer(st.session_state[cle], valides)


def _offertes(options: pd.DataFrame, filtre, choix: dict[str, object]) -> dict[str, str]:
    """Code -> label of a filter's options, narrowed by its parent's choice (région → dép.)."""
    lignes = options[options["filtre"] == filtre.cle]
    parents = choix.get(filtre.parent) if filtre.parent else None
    if parents and parents != TOUS_PROGRAMMES:
        parents = [parents] if isinstance(parents, str) else parents
        lignes = lignes[lignes["parent"].isin(parents)]
    return dict(zip(lignes["code"], lignes["libelle"], strict=True))


def _dessiner(filtre, libelles: dict[str, str]) -> object:
    """One filter widget, seeded from the URL or from the session's previous page."""
    _depuis_url(filtre.cle, set(libelles), multiple=filtre.cle != "programme")
    if filtre.cle == "programme":
        return st.sidebar.radio(
            filtre.libelle,
            [*libelles, TOUS_PROGRAMMES],
            format_func=lambda code, lib=libelles, f=filtre: lib.get(code, f.tous),
            key=filtre.cle,
        )
    return st.sidebar.multiselect(
        filtre.libelle,
        list(libelles),
        format_func=lambda code, lib=libelles: lib.get(code, code),
        key=filtre.cle,
        placeholder=filtre.tous,
    )


def filtres_sidebar() -> dict[str, list[str]]:
    """Draw the shared filters in the sidebar, keep the URL in step, return the active ones."""
    options = options_filtres()
    choix: dict[str, object] = {}
    st.sidebar.header("Filtres")
    for filtre in FILTRES:
        choix[filtre.cle] = _dessiner(filtre, _offertes(options, filtre, choix))
        # the programme is always written, so that no link the app makes reads as an old one
        vers_url(filtre.cle, choix[filtre.cle])
    st.sidebar.button("Réinitialiser les filtres", on_click=_reinitialiser, width="stretch")
    return normaliser(choix)
