"""Sentences of « Axes et thèmes »: chart titles, notes, captions and text alternatives."""

from __future__ import annotations

from tid import fmt

MESURES = {"nb_projets": "Nombre de projets", "montant_attribue_eur": "Montant publié"}
NOTE_AXE = (
    "Chaque projet a un seul axe ; « Axe non publié » regroupe les lauréats dont l'axe n'est pas "
    "publié."
)
ALT_CHALEUR = (
    "Tableau de chaleur : nombre de lauréats pour chaque axe et chaque type de territoire. "
    "Le tableau « Axe × type de territoire » donne les mêmes nombres."
)
ALT_SOLEIL = (
    "Graphique en soleil : les axes au centre, leurs thèmes autour, puis les projets. "
    "Le tableau « Axe, thème, projet » donne la même liste."
)
LEGENDE_CHALEUR = (
    "Nombre de lauréats ; type de territoire selon la table de règles de data/README.md."
)


def total(kpi, metrique: str) -> str:
    """The filtered total the breakdown is read against: laureates or published amount."""
    if metrique == "nb_projets":
        return fmt.compte(kpi["nb_projets"], "lauréat", "lauréats")
    return f"{fmt.euros(kpi['montant_attribue_eur'])} attribués publiés"


def mesure(metrique: str) -> str:
    return "Nombre de lauréats" if metrique == "nb_projets" else "Montant attribué publié"


def titre_barres(kpi, metrique: str, par: str) -> str:
    return f"{mesure(metrique)} par {par} – total : {total(kpi, metrique)}"


def alt_barres(metrique: str, par: str) -> str:
    return (
        f"Barres horizontales : {mesure(metrique).lower()} par {par}. Le tableau « Par {par} » "
        "donne les mêmes valeurs."
    )


def details(frame, metrique: str) -> list[str]:
    """Counts beside each bar: « 19 projets, montant publié pour 4 »."""
    if metrique == "montant_attribue_eur":
        return [
            f"{fmt.compte(r.nb_projets, 'projet', 'projets')}, montant publié "
            f"pour {fmt.nombre(r.nb_projets_attribution_publiee)}"
            for r in frame.itertuples()
        ]
    return [
        f"{fmt.nombre(r.nb_projets_attribution_publiee)} avec montant publié"
        for r in frame.itertuples()
    ]


def legende_barres(kpi, note: str, legende_filtres: str) -> str:
    couverture = fmt.couverture(int(kpi["nb_projets_attribution_publiee"]), int(kpi["nb_projets"]))
    return f"{note} Montant {couverture}. {legende_filtres}"


def note_themes(kpi, metrique: str) -> str:
    return (
        "Un projet à plusieurs thèmes (1 à 3) compte une fois dans chacun : la somme des barres "
        f"dépasse donc le total ({total(kpi, metrique)}). Thèmes lus dans la description publiée "
        "de chaque projet (`data/seed/projet_theme.csv`)."
    )


def titre_chaleur(kpi) -> str:
    return (
        "Nombre de lauréats par axe et type de territoire – total : "
        f"{fmt.nombre(kpi['nb_projets'])}"
    )


def titre_soleil(kpi) -> str:
    return (
        f"Projets par axe puis par thème – {fmt.compte(kpi['nb_projets'], 'lauréat', 'lauréats')}"
    )


def legende_soleil(avec_projets: bool, projets_max: int, legende_filtres: str) -> str:
    debut = (
        "Chaque feuille vaut un projet ; "
        if avec_projets
        else f"Au-delà de {fmt.nombre(projets_max)} projets, le graphique s'arrête aux thèmes ; "
    )
    return debut + "un projet à plusieurs thèmes apparaît sous chacun d'eux. " + legende_filtres
