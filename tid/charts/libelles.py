"""Wording shared by maps and bars: totals with their published coverage, counted nouns."""

from __future__ import annotations

import pandas as pd

from tid import fmt

LIBELLE_SANS_LAUREAT = "Aucun lauréat"


def pluriel(n: int, mot: str) -> str:
    return f"{fmt.nombre(n)} {mot}{'s' if abs(n) >= 2 else ''}"


def couverture_totale(df: pd.DataFrame) -> tuple[float | None, str]:
    """(published total or None when nothing is published, « publié pour N projets sur M »)."""
    nb = int(df["nb_projets"].sum())
    nb_publies = int(df["nb_projets_attribution_publiee"].sum())
    total = float(df["montant_attribue_eur"].fillna(0).sum()) if nb_publies else None
    return total, fmt.couverture(nb_publies, nb)
