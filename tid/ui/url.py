"""A page control kept in the URL under its key (R4): read on a first view, written after."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import streamlit as st

from tid.filtres import elaguer


def choix_depuis_url(cle: str, options: Collection[str], defaut: str | None = None) -> None:
    """Seed a single-choice control: the URL's code on a session's first view, later the
    session's own choice while it is still offered, else the default.

    Not `bind="query-params"`: with a format_func, Streamlit 1.67 writes the label in the URL and
    reads no code, so a shared `?region=53` or `?niveau=departement` would be lost.
    """
    if cle not in st.session_state:
        demandes = elaguer(st.query_params.get_all(cle), set(options))
        st.session_state[cle] = demandes[0] if demandes else defaut
    else:
        # Assigned again even when unchanged: a value set by code for the previous page's
        # widget is otherwise dropped by the next page's widget, which then shows its default.
        garde = st.session_state[cle]
        st.session_state[cle] = garde if garde in options or garde == defaut else defaut


def vers_url(cle: str, valeur: object, defaut: object = None) -> None:
    """Keep the URL in step: a chosen value is written, an empty or default one left out."""
    if not valeur or valeur == defaut:
        st.query_params.pop(cle, None)
    else:
        st.query_params[cle] = valeur


def choix(widget, libelle: str, options: Mapping[str, str], cle: str, defaut=None, **reglages):
    """A single-choice widget (segmented control, selectbox…) showing labels over codes, its
    code kept in the URL: seeded from it, drawn, written back. `options`: code -> label."""
    choix_depuis_url(cle, options, defaut)
    valeur = widget(libelle, list(options), format_func=options.get, key=cle, **reglages)
    vers_url(cle, valeur, defaut)
    return valeur
