"""« D'où vient ce chiffre ? »: which rows make up each indicator, and the sentences that say so."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from tid import fmt, texte_brut

BOUTON = "D'où vient ce chiffre ?"
AIDE_BOUTON = (
    "Définition, filtres, lignes du registre ou lauréats qui le composent, sources, "
    "téléchargement de ces lignes ; l'adresse de la page garde l'explication ouverte."
)


class Indicateur(NamedTuple):
    """An indicator the reader can question: its tile title, glossary help, rows behind it."""

    titre: str
    aide: str  # key of tid.vocabulaire.AIDES
    lignes: str  # "mouvements" (one money stage), "projets", "levier" or "enveloppes"
    etape: str | None = None  # the ledger stage (mouvement_net.etape) of a money indicator


# URL code (`?explique=attribue`) -> indicator; the tile titles are tid.textes.indicateurs'.
INDICATEURS = {
    "enveloppe": Indicateur("Enveloppe", "enveloppe_eur", "enveloppes"),
    "attribue": Indicateur(
        "Attribué (publié)", "montant_attribue_eur", "mouvements", "attribution"
    ),
    "conventionne": Indicateur(
        "Conventionné (publié)", "montant_conventionne_eur", "mouvements", "convention"
    ),
    "verse": Indicateur("Versé (publié)", "montant_verse_eur", "mouvements", "versement"),
    "reste": Indicateur(
        "Reste à attribuer (au plus)", "reste_a_attribuer_max_eur", "mouvements", "attribution"
    ),
    "laureats": Indicateur("Lauréats", "nb_projets", "projets"),
    "couverture": Indicateur("Couverture des montants", "couverture", "projets"),
    "levier": Indicateur("Effet de levier", "effet_levier", "levier"),
}
# Which code each tile title opens, read from INDICATEURS; the « Reste à attribuer » tile drops
# « (au plus) » under a territorial filter.
CODES_DES_TUILES = {
    **{indicateur.titre: code for code, indicateur in INDICATEURS.items()},
    "Reste à attribuer": "reste",
}


# The indicator behind a chart's total, by the column the chart draws (bars, maps, funnels).
PAR_COLONNE = {
    "montant_attribue_eur": "attribue",
    "montant_par_habitant_eur": "attribue",
    "nb_projets": "laureats",
}


def selection(indicateur: Indicateur, lignes: pd.DataFrame) -> pd.DataFrame:
    """The rows of a query that make up the indicator: the ledger rows of its stage, or the
    projects where both cost and aid are published for the leverage (as queries/kpi.sql)."""
    if indicateur.lignes == "mouvements":
        return lignes[lignes["etape"] == indicateur.etape]
    if indicateur.lignes == "levier":
        couts = pd.to_numeric(lignes["cout_total_eur"], errors="coerce")
        aides = pd.to_numeric(lignes["montant_attribue_eur"], errors="coerce")
        return lignes[(couts > 0) & (aides > 0)]
    return lignes


def composition(indicateur: Indicateur, kpi, lignes: pd.DataFrame) -> str:
    """What the rows shown are, and how they give the figure."""
    n = len(lignes)
    if indicateur.lignes == "enveloppes":
        enveloppes = fmt.compte(n, "enveloppe publiée", "enveloppes publiées")
        return (
            f"Somme des enveloppes ci-dessous ({enveloppes} : programmes, ou vagues "
            "choisies). Une enveloppe non publiée rend le total « non publié » : aucune somme "
            "partielle n'est montrée comme le tout."
        )
    if indicateur.lignes == "mouvements":
        projets = lignes["projet_id"].nunique()
        debut = (
            "Enveloppe moins la somme signée"
            if indicateur.aide.startswith("reste")
            else "Somme signée"
        )
        return (
            f"{debut} des {fmt.compte(n, 'mouvement', 'mouvements')} « {indicateur.etape} » du "
            f"registre ci-dessous ({fmt.compte(projets, 'lauréat', 'lauréats')}) ; une correction "
            "ou une annulation compte en négatif. Montant "
            f"{fmt.couverture(int(kpi[_publies(indicateur)]), int(kpi['nb_projets']))} ; un "
            "montant non publié n'est jamais compté comme zéro."
        )
    if indicateur.lignes == "levier":
        return (
            "Coût total ÷ aide attribuée, calculé sur "
            f"{fmt.compte(n, 'projet', 'projets')} (ci-dessous) où les deux sont publiés."
        )
    publies = int(kpi["nb_projets_attribution_publiee"])
    return (
        f"{fmt.compte(n, 'lauréat', 'lauréats')} pour ces filtres, ci-dessous ; "
        f"{fmt.compte(publies, 'a', 'ont')} un montant attribué publié (colonne « Statut »)."
    )


def _publies(indicateur: Indicateur) -> str:
    return {
        "attribution": "nb_projets_attribution_publiee",
        "convention": "nb_projets_convention_publiee",
        "versement": "nb_projets_versement_publie",
    }[indicateur.etape]


def sources(lignes: pd.DataFrame) -> str:
    """Every source of the rows, once each: a link for an http(s) URL, plain text otherwise."""
    references = texte_brut.sources(*lignes["source_url"].tolist()) if len(lignes) else []
    if not references:
        return "Aucune source : aucune ligne."
    return "\n".join(f"- {texte_brut.lien(r, r)}" for r in references)


def premieres_lignes(affichees: int, total: int) -> str:
    return (
        f"Les {fmt.nombre(affichees)} premières lignes sur {fmt.nombre(total)} ; le "
        "téléchargement les contient toutes."
    )


def aucune_ligne(indicateur: Indicateur) -> str:
    if indicateur.lignes == "mouvements":
        return f"Aucun mouvement « {indicateur.etape} » publié pour ces filtres."
    return "Aucune ligne pour ces filtres."
