"""Empty import templates (CSV, or XLSX with an « Aide » sheet): the importer's own columns."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tid.ingest.colonnes import (
    AIDE_COLONNES,
    COLONNES_IMPORT_MOUVEMENTS,
    COLONNES_IMPORT_PROJETS,
    REQUISES_MOUVEMENT,
    REQUISES_PROJET,
)


def modele(type_fichier: str, format_fichier: str) -> bytes:
    """An empty import template (header row, plus an « Aide » sheet in XLSX), documented in
    data/README.md: the importer's own columns, so nothing is lost on the way."""
    colonnes = list(
        COLONNES_IMPORT_PROJETS if type_fichier == "projets" else COLONNES_IMPORT_MOUVEMENTS
    )
    obligatoires = set(REQUISES_PROJET if type_fichier == "projets" else REQUISES_MOUVEMENT)
    if format_fichier == "csv":
        return (";".join(colonnes) + "\r\n").encode("utf-8-sig")
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = type_fichier.capitalize()
    feuille.append(colonnes)
    for indice, cellule in enumerate(feuille[1], start=1):
        cellule.font = Font(bold=True)
        feuille.column_dimensions[get_column_letter(indice)].width = max(
            len(colonnes[indice - 1]) + 4, 14
        )
        # codes typed in this sheet stay text (« 01 », « 2A »)
        for ligne in range(2, 502):
            feuille.cell(row=ligne, column=indice).number_format = "@"
    aide = classeur.create_sheet("Aide")
    aide.append(["Colonne", "Obligatoire", "Contenu"])
    for colonne in colonnes:
        aide.append(
            [
                colonne,
                "oui" if colonne in obligatoires else "non",
                AIDE_COLONNES.get(colonne, ""),
            ]
        )
    for cellule in aide[1]:
        cellule.font = Font(bold=True)
    aide.column_dimensions["A"].width = 28
    aide.column_dimensions["C"].width = 100
    classeur.properties.created = datetime(2026, 1, 1)
    classeur.properties.modified = datetime(2026, 1, 1)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
