"""CSV for French Excel and XLSX (data + « Lisez-moi ») from a DataFrame and its provenance."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tid.entetes import ENTETES_EXPORT_MOUVEMENTS, ENTETES_EXPORT_PROJETS
from tid.filtres import CLES
from tid.ingest.colonnes import (
    AIDE_COLONNES,
    COLONNES_IMPORT_MOUVEMENTS,
    COLONNES_IMPORT_PROJETS,
    REQUISES_MOUVEMENT,
    REQUISES_PROJET,
)

# A cell starting with one of these is read as a formula by spreadsheets (CSV/formula injection).
_DEBUT_FORMULE = ("=", "+", "-", "@", "\t", "\r")
URL_ENV_VAR = "TID_URL_PUBLIQUE"
URL_PAR_DEFAUT = "http://127.0.0.1:8501"
FORMAT_EUROS_XLSX = '#,##0.00 "€"'
# The CSV writer below matches pandas' to_csv byte for byte (tests/test_exports_identite.py):
# the same characters as _DEBUT_FORMULE, and what csv.writer (QUOTE_MINIMAL) puts in quotes.
_MOTIF_FORMULE = "^[=+\\-@\t\r]"
_MOTIF_GUILLEMETS = '[;"\r\n]'
_MOTIF_A_TRAITER = f"{_MOTIF_FORMULE}|{_MOTIF_GUILLEMETS}"

GLOSSAIRE = (
    ("Attribué", "aide décidée pour un lauréat (mouvements « attribution », moins annulations)."),
    ("Conventionné", "montant engagé par une convention de financement signée."),
    ("Versé", "montant effectivement payé au lauréat."),
    ("Cellule vide", "montant ou date non publié : jamais zéro, jamais estimé."),
    ("Couverture", "part des projets dont le montant est publié."),
)


@dataclass
class Provenance:
    """What the « Lisez-moi » sheet says about an extract: scope, date, sources, link."""

    titre: str
    filtres: Mapping[str, list[str]]
    description_filtres: str
    date_donnees: str
    page: str
    recherche: str | None = None
    sources: Sequence[str] = field(default_factory=tuple)


def neutraliser(valeur: object) -> object:
    """Prefix text a spreadsheet would run as a formula with « ' » (OWASP advice)."""
    if isinstance(valeur, str) and valeur.startswith(_DEBUT_FORMULE):
        return "'" + valeur
    return valeur


def _preparer(df: pd.DataFrame, colonnes: Mapping[str, str]) -> pd.DataFrame:
    """Keep and rename the export columns; text neutralised, booleans and dates readable."""
    sortie = pd.DataFrame(index=df.index)
    for colonne, titre in colonnes.items():
        valeurs = df[colonne]
        if colonne.startswith("date_"):
            sortie[titre] = pd.to_datetime(valeurs)
        elif colonne.endswith("_eur"):
            sortie[titre] = pd.to_numeric(valeurs, errors="coerce")
        elif colonne.endswith("_id") and pd.api.types.is_numeric_dtype(valeurs):
            sortie[titre] = valeurs.astype("Int64")
        else:
            # column-wise: a Python call per cell took seconds at 100 000 rows (bench/)
            texte = valeurs.astype("string")
            formule = texte.str.startswith(_DEBUT_FORMULE).fillna(False)
            texte = texte.mask(formule, "'" + texte)
            sortie[titre] = texte.astype(object).where(texte.notna(), None)
    return sortie.reset_index(drop=True)


def csv_excel_fr(df: pd.DataFrame, colonnes: Mapping[str, str]) -> bytes:
    """UTF-8 with BOM, « ; », decimal comma, dates dd/mm/yyyy: what French Excel opens right."""
    try:
        return _csv_par_colonnes(df, colonnes)
    except _HorsCheminRapide:
        return _csv_pandas(df, colonnes)


def _csv_pandas(df: pd.DataFrame, colonnes: Mapping[str, str]) -> bytes:
    """The reference writer (3.5 s at 100 000 rows), kept for inputs the fast one does not cover."""
    table = _preparer(df, colonnes)
    texte = table.to_csv(
        sep=";",
        decimal=",",
        index=False,
        float_format="%.2f",
        date_format="%d/%m/%Y",
        lineterminator="\r\n",
    )
    return texte.encode("utf-8-sig")


class _HorsCheminRapide(Exception):
    """A column type or shape the column-wise writer does not reproduce: pandas writes it."""


def _csv_par_colonnes(df: pd.DataFrame, colonnes: Mapping[str, str]) -> bytes:
    """The same bytes as _csv_pandas, each column formatted once in Arrow (issue 7: < 1 s)."""
    titres = list(colonnes.values())
    if (
        len(titres) < 2
        or len(set(titres)) < len(titres)
        or not all(isinstance(t, str) for t in titres)
    ):
        # one column: csv.writer quotes an empty row; duplicate titles: _preparer merges them
        raise _HorsCheminRapide
    champs = [_champs_colonne(df[colonne], colonne) for colonne in colonnes]
    entete = ";".join(_guillemeter(titre) for titre in titres) + "\r\n"
    return b"".join([b"\xef\xbb\xbf", entete.encode("utf-8"), _lignes(champs)])


def _champs_colonne(valeurs: pd.Series, colonne: str) -> pa.Array:
    """One column as its CSV fields, by the same rules (and conversions) as _preparer."""
    if not isinstance(valeurs, pd.Series):
        raise _HorsCheminRapide
    if colonne.startswith("date_"):
        return _dates(pd.to_datetime(valeurs))
    if colonne.endswith("_eur"):
        return _nombres(pd.to_numeric(valeurs, errors="coerce"))
    if colonne.endswith("_id") and pd.api.types.is_numeric_dtype(valeurs):
        return _entiers(valeurs.astype("Int64"))
    return _textes(valeurs.astype("string"))


def _chaine(valeur: str) -> pa.Scalar:
    """Arrow joins need every operand of the same string type."""
    return pa.scalar(valeur, pa.large_string())


def _guillemeter(texte: str) -> str:
    """csv.writer's QUOTE_MINIMAL: quotes around a field holding « ; », « " » or a line break."""
    if any(c in texte for c in ';"\r\n'):
        return '"' + texte.replace('"', '""') + '"'
    return texte


def _textes(texte: pd.Series) -> pa.Array:
    """Text neutralised (« ' » before a formula), quoted when needed; NULL is an empty field."""
    tableau = pa.array(texte.array, type=pa.large_string())
    if isinstance(tableau, pa.ChunkedArray):
        tableau = tableau.combine_chunks()
    tableau = pc.fill_null(tableau, _chaine(""))
    if not pc.any(pc.match_substring_regex(tableau, _MOTIF_A_TRAITER)).as_py():
        return tableau  # most columns: one scan, nothing to change
    if pc.any(pc.match_substring_regex(tableau, _MOTIF_FORMULE)).as_py():
        tableau = pc.replace_substring_regex(tableau, _MOTIF_FORMULE, "'\\0")
    a_guillemeter = pc.match_substring_regex(tableau, _MOTIF_GUILLEMETS)
    if pc.any(a_guillemeter).as_py():
        doubles = pc.replace_substring(tableau, '"', '""')
        entre = pc.binary_join_element_wise(_chaine('"'), doubles, _chaine('"'), _chaine(""))
        tableau = pc.if_else(a_guillemeter, entre, tableau)
    return tableau


def _dates(dates: pd.Series) -> pa.Array:
    """JJ/MM/AAAA of each distinct day (a few hundred), then spread to the rows."""
    if not (isinstance(dates.dtype, np.dtype) and dates.dtype.kind == "M"):
        raise _HorsCheminRapide  # time zone: pandas converts before formatting
    jours, rang = np.unique(dates.to_numpy().astype("datetime64[D]"), return_inverse=True)
    textes = pa.array([_jour(j) for j in jours.tolist()], pa.large_string())
    return pc.fill_null(textes.take(pa.array(rang.ravel())), _chaine(""))


def _jour(jour: date | int | None) -> str | None:
    """strftime's « %d/%m/%Y » for years with four digits; other years are left to pandas."""
    if jour is None:
        return None
    if not isinstance(jour, date) or not 1000 <= jour.year <= 9999:
        raise _HorsCheminRapide
    return f"{jour.day:02d}/{jour.month:02d}/{jour.year}"


def _nombres(nombres: pd.Series) -> pa.Array:
    """Amounts: « %.2f » with a decimal comma; integer columns as integers, like to_csv."""
    if isinstance(nombres.dtype, np.dtype) and nombres.dtype.kind == "f":
        return _decimaux(nombres.to_numpy(dtype=np.float64))
    return _entiers(nombres)


def _entiers(entiers: pd.Series) -> pa.Array:
    """Integers (numpy or nullable) as str() writes them; NULL is an empty field."""
    if not pd.api.types.is_integer_dtype(entiers.dtype) or isinstance(entiers.dtype, pd.ArrowDtype):
        raise _HorsCheminRapide
    tableau = pa.array(entiers.array).cast(pa.large_string())
    return pc.fill_null(tableau, _chaine(""))


def _decimaux(valeurs: np.ndarray) -> pa.Array:
    """« %.2f » % v with a comma, from whole cents; values near a half cent go through Python."""
    with np.errstate(invalid="ignore", over="ignore"):
        centimes = np.rint(valeurs * 100)
        ecart = np.abs(valeurs * 100 - np.floor(valeurs * 100) - 0.5)
        # below 2**40 cents the product errs by < 2**-13: far from a half, rint(x*100) is exact
        sur = (np.abs(centimes) < 2.0**40) & (ecart > 2.0**-10)
    entiers = np.where(sur, np.abs(centimes), 0).astype(np.int64)
    signe = pc.if_else(pa.array(np.signbit(valeurs)), _chaine("-"), _chaine(""))
    unites = pa.array(entiers // 100).cast(pa.large_string())
    cents = pc.utf8_lpad(pa.array(entiers % 100).cast(pa.large_string()), 2, "0")
    textes = pc.binary_join_element_wise(signe, unites, _chaine(","), cents, _chaine(""))
    autres = ~sur & ~np.isnan(valeurs)
    if autres.any():
        # the very expression pandas applies (float_format % value, then the decimal comma)
        a_la_main = [("%.2f" % v).replace(".", ",", 1) for v in valeurs[autres].tolist()]  # noqa: UP031
        textes = pc.replace_with_mask(
            textes, pa.array(autres), pa.array(a_la_main, pa.large_string())
        )
    return pc.if_else(pa.array(np.isnan(valeurs)), _chaine(""), textes)


def _lignes(champs: list[pa.Array]) -> bytes | memoryview:
    """The rows joined in Arrow (« ; », CRLF after each): no Python string per cell."""
    lignes = pc.binary_join_element_wise(*champs, _chaine(";"))
    lignes = pc.binary_join_element_wise(lignes, _chaine("\r\n"), _chaine(""))
    if isinstance(lignes, pa.ChunkedArray):
        lignes = lignes.combine_chunks()
    _, positions, donnees = lignes.buffers()
    if donnees is None or len(lignes) == 0:
        return b""
    bornes = np.frombuffer(positions, dtype=np.int64)[
        lignes.offset : lignes.offset + len(lignes) + 1
    ]
    return memoryview(donnees)[bornes[0] : bornes[-1]]


def _cellule(valeur: object) -> object:
    """A value openpyxl writes as itself: None for missing, a date for a timestamp."""
    if pd.isna(valeur):
        return None
    if isinstance(valeur, pd.Timestamp):
        return valeur.date()
    return valeur


def permalien(page: str, filtres: Mapping[str, list[str]], recherche: str | None = None) -> str:
    """The link that reopens the same view (public base URL from $TID_URL_PUBLIQUE)."""
    base = os.environ.get(URL_ENV_VAR, URL_PAR_DEFAUT).rstrip("/")
    paires = [(cle, code) for cle in CLES for code in filtres.get(cle, [])]
    if recherche:
        paires.append(("recherche", recherche))
    requete = urlencode(paires)
    return f"{base}/{page}" + (f"?{requete}" if requete else "")


def xlsx(
    df: pd.DataFrame,
    colonnes: Mapping[str, str],
    provenance: Provenance,
    maintenant: datetime | None = None,
) -> bytes:
    """A workbook with the data sheet (text stays text, money is numeric) and « Lisez-moi »."""
    table = _preparer(df, colonnes)
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
    """Scope, filters, link, dates, glossary and sources of the extract, in French."""
    lignes = [
        ("Extrait", provenance.titre),
        ("Lignes", nb_lignes),
        ("Filtres actifs", provenance.description_filtres),
        ("Recherche", provenance.recherche or "aucune"),
        (
            "Lien vers la même vue",
            permalien(provenance.page, provenance.filtres, provenance.recherche),
        ),
        ("Date des données", provenance.date_donnees),
        ("Date de l'extraction", moment.strftime("%d/%m/%Y %H:%M")),
        ("", ""),
        ("Définitions", ""),
        *GLOSSAIRE,
        ("", ""),
        ("Sources", "chaque ligne de la feuille « Données » cite ses sources (colonne Sources)."),
        *(("", neutraliser(source)) for source in provenance.sources),
        (
            "Licence",
            "faits publics cités ; données géographiques INSEE / IGN sous Licence Ouverte.",
        ),
    ]
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
