"""Import templates (CSV for French Excel, or XLSX with an « Aide » sheet): the importer's own
columns, empty or pre-filled with the laureates whose attributed amount is to be completed."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tid.exports.cellules import neutraliser
from tid.exports.csv_excel import csv_excel_fr
from tid.ingest.colonnes import (
    AIDE_COLONNES,
    COLONNES_IMPORT_MOUVEMENTS,
    COLONNES_IMPORT_PROJETS,
    REQUISES_MOUVEMENT,
    REQUISES_PROJET,
)

# Rows of an XLSX template formatted as text, so that codes typed in stay text (« 01 », « 2A »).
LIGNES_EN_TEXTE = 500
_POUR_INFORMATION = ("non", "pour information : colonne ignorée à l'import")
_SI_REMPLIE = "oui, pour une ligne remplie"
# « Montants à compléter »: a ledger file (tid.ingest reads it as any other), one attribution row
# per laureate, what identifies it filled in, what the team knows left to type. Column -> (required,
# content) for the « Aide » sheet.
AIDE_A_COMPLETER = {
    "projet_id": ("oui", "identifiant du lauréat : ne pas modifier"),
    "programme_id": _POUR_INFORMATION,
    "vague_id": _POUR_INFORMATION,
    "porteur": _POUR_INFORMATION,
    "nom_projet": _POUR_INFORMATION,
    "nature": ("oui", "attribution (déjà rempli)"),
    "date_mouvement": (_SI_REMPLIE, "date de la décision d'attribution, JJ/MM/AAAA (15/03/2024)"),
    "montant_eur": (
        _SI_REMPLIE,
        "montant attribué en euros, virgule décimale acceptée (1 250 000,50) ; vide : encore "
        "non publié",
    ),
    "source_url": (
        _SI_REMPLIE,
        "adresse de la source publique du montant (communiqué, délibération, convention "
        "publiée) ; une ligne sans source est refusée",
    ),
    "notes": ("non", "précision libre (« montant arrondi par la source »…)"),
}
REGLE_LIGNES_VIDES = (
    "Une ligne laissée sans date, sans montant et sans source est ignorée : remplissez celles que "
    "vous connaissez. Un fichier sans aucune ligne remplie est refusé."
)


def modele(type_fichier: str, format_fichier: str) -> bytes:
    """An empty import template (header row, plus an « Aide » sheet in XLSX), documented in
    data/README.md: the importer's own columns, so nothing is lost on the way."""
    colonnes = list(
        COLONNES_IMPORT_PROJETS if type_fichier == "projets" else COLONNES_IMPORT_MOUVEMENTS
    )
    obligatoires = set(REQUISES_PROJET if type_fichier == "projets" else REQUISES_MOUVEMENT)
    aide = {c: ("oui" if c in obligatoires else "non", AIDE_COLONNES.get(c, "")) for c in colonnes}
    return _fichier(type_fichier.capitalize(), pd.DataFrame(columns=colonnes), aide, format_fichier)


def montants_a_completer(projets: pd.DataFrame, format_fichier: str) -> bytes:
    """The ledger template pre-filled with `projets` (queries/projets_sans_montant.sql): one
    attribution row each, date, amount and source to type in; imported back as it is."""
    lignes = pd.DataFrame({c: projets.get(c) for c in AIDE_A_COMPLETER}, dtype=object)
    lignes["nature"] = "attribution"
    return _fichier("Montants à compléter", lignes, AIDE_A_COMPLETER, format_fichier, True)


def _fichier(
    titre: str,
    lignes: pd.DataFrame,
    aide: dict[str, tuple[str, str]],
    format_fichier: str,
    regle_lignes_vides: bool = False,
) -> bytes:
    """The template's bytes: header = import column codes, then `lignes` (text, neutralised)."""
    colonnes = list(lignes.columns)
    if format_fichier == "csv":
        return csv_excel_fr(lignes, {c: c for c in colonnes})
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = titre
    feuille.append(colonnes)
    for ligne in lignes.itertuples(index=False):
        feuille.append([None if pd.isna(v) else neutraliser(str(v)) for v in ligne])
    derniere = max(LIGNES_EN_TEXTE, len(lignes)) + 1
    for indice, cellule in enumerate(feuille[1], start=1):
        cellule.font = Font(bold=True)
        largeur = max(len(colonnes[indice - 1]) + 4, 14)
        feuille.column_dimensions[get_column_letter(indice)].width = largeur
        for ligne in range(2, derniere + 1):
            feuille.cell(row=ligne, column=indice).number_format = "@"
    page_aide = classeur.create_sheet("Aide")
    page_aide.append(["Colonne", "Obligatoire", "Contenu"])
    for colonne in colonnes:
        page_aide.append([colonne, *aide[colonne]])
    if regle_lignes_vides:
        page_aide.append(["(lignes)", "", REGLE_LIGNES_VIDES])
    for cellule in page_aide[1]:
        cellule.font = Font(bold=True)
    page_aide.column_dimensions["A"].width = 28
    page_aide.column_dimensions["C"].width = 100
    classeur.properties.created = datetime(2026, 1, 1)
    classeur.properties.modified = datetime(2026, 1, 1)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
