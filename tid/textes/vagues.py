"""Sentences of « Vagues »: calendar notes, selection rates, captions and text alternatives."""

from __future__ import annotations

import pandas as pd

from tid import fmt, texte_brut
from tid.textes.communs import NON_PUBLIE_JAMAIS_ZERO

TITRE_CALENDRIER = "Jalons de chaque vague (symbole creux : date annoncée)"
ALT_CALENDRIER = (
    "Frise des vagues : ouverture, clôture annoncée et effective, résultats et "
    "conventions. Le tableau « Calendrier » donne les mêmes dates."
)
ALT_ENTONNOIR = (
    "Barres groupées par vague : candidatures, lauréats et conventions signées "
    "connues. Le tableau « Entonnoir » donne les mêmes nombres."
)
ALT_MONTANTS = (
    "Barres groupées par vague : enveloppe de la vague, attribué, conventionné et "
    "versé publiés. Le tableau « Montants par vague » donne les mêmes valeurs."
)
# Which milestones the sources leave undated, read from the data (not written by hand).
JALONS = (
    ("ouverture", ("date_ouverture",)),
    ("clôture", ("date_cloture_annoncee", "date_cloture_effective")),
    ("résultats", ("date_resultats",)),
)


def _non_dates(vague) -> list[str]:
    return [nom for nom, colonnes in JALONS if all(pd.isna(getattr(vague, c)) for c in colonnes)]


def legende_calendrier(vagues, legende_filtres: str) -> str:
    """Undated milestones and postponed closings, from the data."""
    non_dates = [
        f"{v.vague_libelle} ({', '.join(_non_dates(v))})"
        for v in vagues.itertuples()
        if _non_dates(v)
    ]
    reports = [
        f"{v.vague_libelle} : clôture reportée de {fmt.nombre(v.report_cloture_jours)} jours "
        f"(annoncée le {fmt.date_longue(v.date_cloture_annoncee)}, effective le "
        f"{fmt.date_longue(v.date_cloture_effective)})"
        for v in vagues.itertuples()
        if pd.notna(v.report_cloture_jours) and v.report_cloture_jours > 0
    ]
    return (
        "Dates publiées seulement ; une date absente n'est pas publiée"
        + (f" (non datés dans les sources : {' ; '.join(non_dates)})" if non_dates else "")
        + ". "
        + (" ".join(reports) + ". " if reports else "")
        + legende_filtres
    )


def titre_entonnoir(kpi) -> str:
    return (
        "Candidatures, lauréats et conventions signées connues par vague – "
        f"{fmt.compte(kpi['nb_projets'], 'lauréat', 'lauréats')}"
    )


def legende_entonnoir(vagues, territorial: bool, legende_filtres: str) -> str:
    taux = [
        f"{v.vague_libelle} : {fmt.compte(v.nb_laureats_publie, 'lauréat', 'lauréats')} pour "
        f"{fmt.compte(v.nb_candidatures, 'candidature', 'candidatures')}, soit "
        f"{fmt.pourcent(v.taux_selection_pct)}"
        for v in vagues.itertuples()
        if pd.notna(v.taux_selection_pct)
    ]
    return (
        "« inconnu » : nombre non publié, jamais compté comme zéro. "
        + ("Taux de sélection – " + " ; ".join(taux) + ". " if taux else "")
        + (
            "Les candidatures ne sont publiées que par vague, pas par territoire ni par thème : "
            "elles restent affichées pour toute la vague. "
            if territorial
            else ""
        )
        + legende_filtres
    )


def titre_montants(kpi) -> str:
    total = fmt.euros(kpi["montant_attribue_eur"])
    return f"Montants publiés par vague – total attribué publié : {total}"


def legende_montants(kpi, legende_filtres: str) -> str:
    couverture = fmt.couverture(int(kpi["nb_projets_attribution_publiee"]), int(kpi["nb_projets"]))
    return f"Montant attribué {couverture}. {NON_PUBLIE_JAMAIS_ZERO} {legende_filtres}"


def notes_et_sources(vague) -> str:
    """One wave's notes and its sources as links (Markdown; imported text shown as text)."""
    liens = " ".join(
        texte_brut.lien(u, f"source {i}")
        for i, u in enumerate(texte_brut.sources(vague.source_url), 1)
    )
    return (
        f"**{texte_brut.markdown(vague.vague_libelle)}** – "
        f"{texte_brut.markdown(fmt.texte(vague.notes))} " + liens
    )
