"""What a value becomes in an exported file: columns kept and renamed, formulas neutralised."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

# A cell starting with one of these is read as a formula by spreadsheets (CSV/formula injection).
DEBUT_FORMULE = ("=", "+", "-", "@", "\t", "\r")
# Codes written with digits (« 01 », « 976 », « 01053 », a SIREN): a CSV carries no types and
# Excel, like Calc, reads « 01 » as the number 1. The CSV writes them ="01", the form both
# read as the text 01 (the XLSX types its cells as text instead).
COLONNES_CODES = ("code_commune_siege", "departement_code", "region_code", "siren_porteur")


def neutraliser(valeur: object) -> object:
    """Prefix text a spreadsheet would run as a formula with « ' » (OWASP advice)."""
    if isinstance(valeur, str) and valeur.startswith(DEBUT_FORMULE):
        return "'" + valeur
    return valeur


def preparer(df: pd.DataFrame, colonnes: Mapping[str, str]) -> pd.DataFrame:
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
            formule = texte.str.startswith(DEBUT_FORMULE).fillna(False)
            texte = texte.mask(formule, "'" + texte)
            sortie[titre] = texte.astype(object).where(texte.notna(), None)
    return sortie.reset_index(drop=True)
