"""The home page's KPI tiles as words: title, value, caption, and help read from the glossary."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from tid import fmt, vocabulaire


class Tuile(NamedTuple):
    """One KPI tile, every text already French and every number formatted (R7)."""

    titre: str
    valeur: str
    aide: str
    detail: str | None = None


def _montant_de(kpi, nb_publies: str) -> str:
    return f"montant {fmt.couverture(int(kpi[nb_publies]), int(kpi['nb_projets']))}"


def _reste(kpi, territorial: bool) -> Tuile:
    if territorial:
        return Tuile(
            "Reste à attribuer",
            "—",
            vocabulaire.aide("reste_a_attribuer_max_eur"),
            "sans objet avec ces filtres",
        )
    return Tuile(
        "Reste à attribuer (au plus)",
        "≤ " + fmt.euros_compact(kpi["reste_a_attribuer_max_eur"])
        if pd.notna(kpi["enveloppe_eur"])
        else fmt.NON_PUBLIE,
        vocabulaire.aide("reste_a_attribuer_max_eur"),
        "borne haute : " + _montant_de(kpi, "nb_projets_attribution_publiee"),
    )


def tuiles(kpi, territorial: bool) -> list[Tuile]:
    """The eight tiles of « Vue d'ensemble », in reading order (two rows of four)."""
    verses = int(kpi["nb_projets_verses"])
    return [
        Tuile(
            "Enveloppe",
            fmt.euros_compact(kpi["enveloppe_eur"]),
            vocabulaire.aide("enveloppe_eur"),
            "nationale : non répartie par territoire" if territorial else None,
        ),
        Tuile(
            "Attribué (publié)",
            fmt.euros_compact(kpi["montant_attribue_eur"]),
            vocabulaire.aide("montant_attribue_eur"),
            _montant_de(kpi, "nb_projets_attribution_publiee"),
        ),
        Tuile(
            "Conventionné (publié)",
            fmt.euros_compact(kpi["montant_conventionne_eur"]),
            vocabulaire.aide("montant_conventionne_eur"),
            fmt.compte(
                kpi["nb_projets_conventionnes"],
                "convention signée connue",
                "conventions signées connues",
            )
            + ", "
            + _montant_de(kpi, "nb_projets_convention_publiee"),
        ),
        Tuile(
            "Versé (publié)",
            fmt.euros_compact(kpi["montant_verse_eur"]),
            vocabulaire.aide("montant_verse_eur"),
            _montant_de(kpi, "nb_projets_versement_publie") if verses else "aucun versement publié",
        ),
        _reste(kpi, territorial),
        Tuile(
            "Lauréats",
            fmt.nombre(kpi["nb_projets"]),
            vocabulaire.aide("nb_projets"),
        ),
        Tuile(
            "Couverture des montants",
            fmt.pourcent(kpi["couverture_attribution_pct"]),
            vocabulaire.aide("couverture"),
            fmt.couverture(int(kpi["nb_projets_attribution_publiee"]), int(kpi["nb_projets"])),
        ),
        Tuile(
            "Effet de levier",
            fmt.ratio(kpi["effet_levier"]),
            vocabulaire.aide("effet_levier"),
            "sur "
            + fmt.compte(
                kpi["nb_projets_levier"],
                "projet où coût et aide sont publiés",
                "projets où coût et aide sont publiés",
            ),
        ),
    ]
