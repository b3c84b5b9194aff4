"""Sentences of the home page: introduction, chart captions and text alternatives."""

from __future__ import annotations

from tid import fmt
from tid.textes.communs import NON_PUBLIE_JAMAIS_ZERO

INTRODUCTION = (
    "Appel à projets France 2030 « Territoires intelligents et durables » (TID, 30 M€) et son "
    "volet IA « Démonstrateurs d'IA frugale » (DIAT, 40 M€), opérés par la Banque des "
    "Territoires. Seuls les montants **publiés** sont comptés : aucun montant n'est estimé."
)
ALT_CHAINE = (
    "Barres groupées par vague : enveloppe, attribué, conventionné et versé publiés. "
    "Le tableau « Montants par vague » donne les mêmes valeurs."
)
ALT_CUMUL = (
    "Courbe en escalier : montant attribué publié cumulé, par date de décision. "
    "Le tableau « Attributions datées » donne les mêmes valeurs."
)
AUCUNE_ATTRIBUTION_DATEE = "Aucune attribution datée et publiée pour ces filtres."


def titre_chaine(kpi) -> str:
    return (
        "Enveloppe, attribué, conventionné et versé publiés par vague – total attribué publié : "
        f"{fmt.euros(kpi['montant_attribue_eur'])}"
    )


def legende_chaine(kpi, legende_filtres: str) -> str:
    couverture = fmt.couverture(int(kpi["nb_projets_attribution_publiee"]), int(kpi["nb_projets"]))
    return (
        f"Montant attribué publié : {fmt.euros(kpi['montant_attribue_eur'])}, {couverture}. "
        f"{NON_PUBLIE_JAMAIS_ZERO} {legende_filtres}"
    )


def titre_cumul(cumul) -> str:
    dates = fmt.euros(cumul["montant_cumule_eur"].iloc[-1])
    return f"Attribué publié cumulé, par date de décision – {dates} datés"


def legende_cumul(cumul, territorial: bool, legende_filtres: str) -> str:
    sans_date = float(cumul["montant_sans_date_eur"].iloc[0])
    return (
        "Chaque marche est une décision d'attribution publiée ; traits pointillés verticaux : "
        "publication des lauréats de chaque vague"
        + ("" if territorial else " ; tirets : l'enveloppe")
        + ". "
        + (
            f"{fmt.euros(sans_date)} attribués sans date de décision publiée (DIAT vague 2) "
            "ne sont pas sur la courbe. "
            if sans_date
            else ""
        )
        + legende_filtres
    )
