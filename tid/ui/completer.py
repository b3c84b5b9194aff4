"""« Montants à compléter »: download buttons for the import template pre-filled with the
laureates whose attributed amount is not published. A download only: nothing is uploaded."""

from __future__ import annotations

import functools

import streamlit as st

from tid import db, exports
from tid.textes import montants_a_completer as t

MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def octets(filtres: dict[str, list[str]], format_fichier: str) -> bytes:
    """The file the button gives: every laureate of the scope without a published amount."""
    projets = db.fetch("projets_sans_montant", **filtres, limite=None)
    return exports.montants_a_completer(projets, format_fichier)


def boutons(filtres: dict[str, list[str]], cle: str) -> None:
    """CSV and XLSX buttons, built on click (deferred), and what to do with the file."""
    for colonne, format_fichier in zip(st.columns(2), ("csv", "xlsx"), strict=True):
        colonne.download_button(
            t.libelle(format_fichier),
            data=functools.partial(octets, filtres, format_fichier),
            file_name=exports.nom_fichier("montants-a-completer", filtres, format_fichier),
            mime=MIME[format_fichier],
            icon=":material/edit_note:",
            key=f"{cle}_montants_a_completer_{format_fichier}",
            width="stretch",
        )
    st.caption(t.LEGENDE)
