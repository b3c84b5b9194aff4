"""The XLSX extract: a « Données » sheet (text stays text, money numeric) and « Lisez-moi »."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tid.exports import lisez_moi
from tid.exports.cellules import neutraliser, preparer
from tid.exports.lisez_moi import Provenance

FORMAT_EUROS_XLSX = '#,##0.00 "€"'


def _cellule(valeur: object) -> object:
    """A value openpyxl writes as itself: None for missing, a date for a timestamp."""
    if pd.isna(valeur):
        return None
    if isinstance(valeur, pd.Timestamp):
        return valeur.date()
    return valeur


def xlsx(
    df: pd.DataFrame,
    colonnes: Mapping[str, str],
    provenance: Provenance,
    maintenant: datetime | None = None,
) -> bytes:
    """A workbook with the data sheet (text stays text, money is numeric) and « Lisez-moi »."""
    table = preparer(df, colonnes)
    # streamed rows: 100 000 projects took 70 s cell by cell (issue 7); sheets are unchanged
    classeur = Workbook(write_only=True)
    _feuille_donnees(classeur.create_sheet("Données"), table)
    moment = (maintenant or datetime.now()).replace(microsecond=0)
    _feuille_lisez_moi(classeur.create_sheet("Lisez-moi"), provenance, len(table), moment)
    # Fixed document dates: two extracts of the same rows differ only by the extraction line.
    classeur.properties.created = moment
    classeur.properties.modified = moment
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def _etendue(feuille, nb_colonnes: int, nb_lignes: int) -> str:
    """« A1:Z101 », written as the sheet's dimension like a workbook built cell by cell."""
    etendue = f"A1:{get_column_letter(nb_colonnes)}{nb_lignes}"
    feuille.calculate_dimension = lambda: etendue  # a streamed sheet does not know it itself
    return etendue


def _cellule_stylee(feuille, valeur: object, **style) -> WriteOnlyCell:
    """A streamed cell with its style (font, number format, alignment), value first as before."""
    cellule = WriteOnlyCell(feuille, value=valeur)
    for nom, contenu in style.items():
        setattr(cellule, nom, contenu)
    return cellule


def _format_colonne(titre: str) -> str | None:
    """Money in euros, dates as JJ/MM/AAAA; other columns keep the General format."""
    if titre.endswith("(€)"):
        return FORMAT_EUROS_XLSX
    if titre.startswith("Date"):
        return "DD/MM/YYYY"
    return None


def _largeur(titre: str, valeurs: pd.Series) -> float:
    """The title or the longest of the first 200 values, between 10 and 60 characters."""
    largeur = max([len(str(titre)), *(len(str(v)) for v in valeurs.head(200))])
    return min(max(largeur + 2, 10), 60)


def _feuille_donnees(feuille, table: pd.DataFrame) -> None:
    """One row per line of `table`, bold frozen header with a filter, formats per column."""
    titres = list(table.columns)
    etendue = _etendue(feuille, len(titres), len(table) + 1)
    for indice, titre in enumerate(titres, start=1):
        feuille.column_dimensions[get_column_letter(indice)].width = _largeur(titre, table[titre])
    feuille.freeze_panes = "A2"
    feuille.auto_filter.ref = etendue
    feuille.append([_cellule_stylee(feuille, titre, font=Font(bold=True)) for titre in titres])
    formats = [_format_colonne(titre) for titre in titres]
    for ligne in table.itertuples(index=False):
        feuille.append(
            [
                _cellule(v) if f is None else _cellule_stylee(feuille, _cellule(v), number_format=f)
                for v, f in zip(ligne, formats, strict=True)
            ]
        )


def _feuille_lisez_moi(feuille, provenance: Provenance, nb_lignes: int, moment: datetime) -> None:
    """The rows of lisez_moi, keys bold, values wrapped in a wide second column."""
    lignes = lisez_moi.lignes(provenance, nb_lignes, moment)
    _etendue(feuille, 2, len(lignes))
    feuille.column_dimensions["A"].width = 24
    feuille.column_dimensions["B"].width = 110
    for cle, valeur in lignes:
        feuille.append(
            [
                _cellule_stylee(feuille, cle, font=Font(bold=True)),
                _cellule_stylee(
                    feuille,
                    neutraliser(valeur),
                    alignment=Alignment(wrap_text=True, vertical="top"),
                ),
            ]
        )
