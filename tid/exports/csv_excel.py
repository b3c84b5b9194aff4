"""The CSV for French Excel: UTF-8 with BOM, « ; », decimal comma, dates dd/mm/yyyy."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tid.exports.cellules import COLONNES_CODES, preparer

# The writer below matches pandas' to_csv byte for byte (tests/exports/test_csv_excel.py): the
# same characters as cellules.DEBUT_FORMULE, and what csv.writer (QUOTE_MINIMAL) puts in quotes.
_MOTIF_FORMULE = "^[=+\\-@\t\r]"
_MOTIF_GUILLEMETS = '[;"\r\n]'
_MOTIF_A_TRAITER = f"{_MOTIF_FORMULE}|{_MOTIF_GUILLEMETS}"


def csv_excel_fr(df: pd.DataFrame, colonnes: Mapping[str, str]) -> bytes:
    """UTF-8 with BOM, « ; », decimal comma, dates dd/mm/yyyy: what French Excel opens right."""
    try:
        return _csv_par_colonnes(df, colonnes)
    except _HorsCheminRapide:
        return _csv_pandas(df, colonnes)


def _csv_pandas(df: pd.DataFrame, colonnes: Mapping[str, str]) -> bytes:
    """The reference writer (3.5 s at 100 000 rows), kept for inputs the fast one does not cover."""
    table = preparer(df, colonnes)
    for colonne, titre in colonnes.items():
        if colonne in COLONNES_CODES:
            codes = table[titre].astype("string")
            chiffres = codes.str.fullmatch("[0-9]+").fillna(False)
            table[titre] = codes.mask(chiffres, '="' + codes + '"').astype(object)
            table[titre] = table[titre].where(codes.notna(), None)
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
        # one column: csv.writer quotes an empty row; duplicate titles: preparer merges them
        raise _HorsCheminRapide
    champs = [_champs_colonne(df[colonne], colonne) for colonne in colonnes]
    entete = ";".join(_guillemeter(titre) for titre in titres) + "\r\n"
    return b"".join([b"\xef\xbb\xbf", entete.encode("utf-8"), _lignes(champs)])


def _champs_colonne(valeurs: pd.Series, colonne: str) -> pa.Array:
    """One column as its CSV fields, by the same rules (and conversions) as preparer."""
    if not isinstance(valeurs, pd.Series):
        raise _HorsCheminRapide
    if colonne.startswith("date_"):
        return _dates(pd.to_datetime(valeurs))
    if colonne.endswith("_eur"):
        return _nombres(pd.to_numeric(valeurs, errors="coerce"))
    if colonne.endswith("_id") and pd.api.types.is_numeric_dtype(valeurs):
        return _entiers(valeurs.astype("Int64"))
    if colonne in COLONNES_CODES:
        return _codes(valeurs.astype("string"))
    return _textes(valeurs.astype("string"))


def _codes(texte: pd.Series) -> pa.Array:
    """Digit-only codes as ="01" (quoted, its quotes doubled): Excel and Calc read the text
    01, not the number 1; other codes (« 2A ») as any text."""
    chiffres = texte.str.fullmatch("[0-9]+").fillna(False).to_numpy(dtype=bool)
    if not chiffres.any():
        return _textes(texte)
    autres = _textes(texte.mask(chiffres))
    tableau = pc.fill_null(pa.array(texte.array, type=pa.large_string()), _chaine(""))
    if isinstance(tableau, pa.ChunkedArray):
        tableau = tableau.combine_chunks()
    entoures = pc.binary_join_element_wise(_chaine('"=""'), tableau, _chaine('"""'), _chaine(""))
    return pc.if_else(pa.array(chiffres), entoures, autres)


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
