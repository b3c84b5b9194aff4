"""Extracts of the base as files: CSV for French Excel, XLSX with its « Lisez-moi », import
templates (« Montants à compléter » too); the same bytes for the page's download and
`python -m tid export`. The open-data Data Package is paquet.py (written whole by dossier.py)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime

import pandas as pd

from tid.entetes import ENTETES_EXPORT_MOUVEMENTS, ENTETES_EXPORT_PROJETS
from tid.exports.cellules import neutraliser
from tid.exports.classeur import FORMAT_EUROS_XLSX, xlsx
from tid.exports.csv_excel import csv_excel_fr
from tid.exports.lisez_moi import Provenance, permalien
from tid.exports.modele import modele, montants_a_completer
from tid.filtres import AU, CLES, date_iso

__all__ = [
    "ENTETES_EXPORT_MOUVEMENTS",
    "ENTETES_EXPORT_PROJETS",
    "FORMAT_EUROS_XLSX",
    "OBJETS",
    "Provenance",
    "csv_excel_fr",
    "fichier",
    "modele",
    "montants_a_completer",
    "neutraliser",
    "nom_fichier",
    "permalien",
    "provenance",
    "xlsx",
]


def _segment(valeurs: Sequence[str]) -> str:
    return "-".join(re.sub(r"[^0-9A-Za-z]+", "", v) for v in valeurs)


def nom_fichier(
    objet: str, filtres: Mapping[str, list[str]], extension: str, jour: date | None = None
) -> str:
    """« tid-projets_2026-11-29_programme-TID_region-53.csv »: the date and the main filters."""
    morceaux = [f"tid-{objet}", (jour or date.today()).isoformat()]
    for cle in ("programme", "vague", "region", "departement"):
        if filtres.get(cle):
            morceaux.append(f"{cle}-{_segment(filtres[cle])}")
    autres = [
        cle
        for cle in CLES
        if filtres.get(cle) and cle not in ("programme", "vague", "region", "departement")
    ]
    if autres:
        morceaux.append("autres-filtres")
    if filtres.get(AU):  # « Situation au »: the file holds that day's rows, its name says so
        morceaux.append(f"au-{date_iso(filtres[AU]).isoformat()}")
    return "_".join(morceaux) + f".{extension}"


OBJETS = {
    # objet -> (query, columns, title of the extract)
    "projets": ("projets", ENTETES_EXPORT_PROJETS, "Projets lauréats (une ligne par projet)"),
    "registre": ("mouvements", ENTETES_EXPORT_MOUVEMENTS, "Registre des mouvements financiers"),
}


def provenance(
    objet: str,
    frame: pd.DataFrame,
    filtres: Mapping[str, list[str]],
    description_filtres: str,
    date_donnees: str,
    recherche: str | None,
) -> Provenance:
    """The same provenance for the page's download and `python -m tid export`."""
    sources = sorted({u for cellule in frame["source_url"].dropna() for u in str(cellule).split()})
    return Provenance(
        titre=OBJETS[objet][2],
        filtres=filtres,
        description_filtres=description_filtres,
        date_donnees=date_donnees,
        page="projets",
        recherche=recherche or None,
        sources=sources,
    )


def fichier(
    objet: str,
    format_fichier: str,
    frame: pd.DataFrame,
    prov: Provenance,
    maintenant: datetime | None = None,
) -> bytes:
    """The bytes of an extract (CSV or XLSX) of `frame`, the rows the query returned."""
    colonnes = OBJETS[objet][1]
    if format_fichier == "csv":
        return csv_excel_fr(frame, colonnes)
    if format_fichier == "xlsx":
        return xlsx(frame, colonnes, prov, maintenant)
    raise ValueError(f"format inconnu : {format_fichier}")
