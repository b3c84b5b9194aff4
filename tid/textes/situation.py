"""Sentences of « Situation au … »: the sidebar date, the banner on every page."""

from __future__ import annotations

from tid import fmt

LIBELLE_DATE = "Situation au"
AIDE_DATE = (
    "Vide : la situation actuelle. Une date passée montre les données telles qu'elles étaient "
    "ce jour-là : lauréats annoncés, mouvements datés et imports faits jusqu'à cette date, "
    "annulations comprises."
)
REVENIR = "Revenir à la situation actuelle"


def bandeau(au) -> str:
    """The banner of a page shown as it stood on a past day."""
    return (
        f"**Situation au {fmt.date_longue(au)}** — les données telles qu'elles étaient connues "
        "ce jour-là : lauréats annoncés, conventions, versements et montants datés de ce jour ou "
        "avant, imports et annulations faits jusqu'à cette date. Indicateurs, graphiques, "
        "tableaux et téléchargements de la page suivent cette date."
    )
