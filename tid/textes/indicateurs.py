"""The home page's KPI tiles as words: title, value, help and caption, from the KPI row."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from tid import fmt


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
            "L'enveloppe n'est pas répartie par territoire, thème ou type de porteur : le reste à "
            "attribuer ne se calcule qu'au niveau d'un programme ou d'une vague.",
            "sans objet avec ces filtres",
        )
    return Tuile(
        "Reste à attribuer (au plus)",
        "≤ " + fmt.euros_compact(kpi["reste_a_attribuer_max_eur"])
        if pd.notna(kpi["enveloppe_eur"])
        else fmt.NON_PUBLIE,
        "Enveloppe moins les montants attribués publiés. Tant que des montants manquent, c'est "
        "une borne haute, pas le reste réel.",
        "borne haute : " + _montant_de(kpi, "nb_projets_attribution_publiee"),
    )


def tuiles(kpi, territorial: bool) -> list[Tuile]:
    """The eight tiles of « Vue d'ensemble », in reading order (two rows of four)."""
    verses = int(kpi["nb_projets_verses"])
    return [
        Tuile(
            "Enveloppe",
            fmt.euros_compact(kpi["enveloppe_eur"]),
            "Enveloppe annoncée des programmes ou des vagues retenus (TID : 30 M€ en deux vagues "
            "de 15 M€ ; DIAT : 40 M€, enveloppes de vague non publiées).",
            "nationale : non répartie par territoire" if territorial else None,
        ),
        Tuile(
            "Attribué (publié)",
            fmt.euros_compact(kpi["montant_attribue_eur"]),
            "Somme des aides décidées pour les lauréats, quand leur montant est publié.",
            _montant_de(kpi, "nb_projets_attribution_publiee"),
        ),
        Tuile(
            "Conventionné (publié)",
            fmt.euros_compact(kpi["montant_conventionne_eur"]),
            "Montant des conventions de financement signées (engagement juridique), quand il est "
            "publié.",
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
            "Montant effectivement payé aux lauréats, quand il est publié.",
            _montant_de(kpi, "nb_projets_versement_publie") if verses else "aucun versement publié",
        ),
        _reste(kpi, territorial),
        Tuile(
            "Lauréats",
            fmt.nombre(kpi["nb_projets"]),
            "Projets lauréats publiés dans le périmètre filtré.",
        ),
        Tuile(
            "Couverture des montants",
            fmt.pourcent(kpi["couverture_attribution_pct"]),
            "Part des lauréats dont le montant attribué est publié.",
            fmt.couverture(int(kpi["nb_projets_attribution_publiee"]), int(kpi["nb_projets"])),
        ),
        Tuile(
            "Effet de levier",
            fmt.ratio(kpi["effet_levier"]),
            "Coût total des projets divisé par l'aide, sur les projets où les deux sont publiés.",
            "sur "
            + fmt.compte(
                kpi["nb_projets_levier"],
                "projet où coût et aide sont publiés",
                "projets où coût et aide sont publiés",
            ),
        ),
    ]
