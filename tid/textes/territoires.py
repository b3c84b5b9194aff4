"""Sentences of « Territoires »: map captions, the seats, the areas without a laureate, sources."""

from __future__ import annotations

import pandas as pd

from tid import fmt, texte_brut

INTRODUCTION = (
    "Où sont les lauréats, et quels montants attribués sont **publiés**, par région et par "
    "département. Les outre-mer sont dessinés à l'ouest de la Bretagne, agrandis ou réduits : "
    "leur position et leur taille sur la carte ne sont pas géographiques."
)
AUCUN_LAUREAT = (
    "Aucun lauréat ne correspond à ces filtres : il n'y a rien à placer sur la carte. "
    "Retirez un filtre ou utilisez « Réinitialiser les filtres » dans le panneau latéral."
)
# Attribution texts of data/geo/README.md and data/README.md (Licence Ouverte asks for them).
SOURCE_GEO = (
    "Contours : IGN – Admin Express COG 2018 (Licence Ouverte), via gregoiredavid/france-geojson. "
    "Source : INSEE – Code officiel géographique ; Recensement de la population, populations de "
    "référence 2023 (Mayotte : recensement 2017) – Licence Ouverte. Sièges : centroïdes des "
    "communes calculés d'après IGN – Admin Express COG 2018."
)
NOTE_POPULATION = (
    "Population municipale INSEE, populations de référence 2023 ; Mayotte : recensement 2017, "
    "bien inférieur à sa population actuelle, donc € par habitant surestimés pour Mayotte."
)
# ($par of the repartition query, what is counted, section title): the breakdowns under the map
REPARTITIONS = (
    ("type_territoire", "type de territoire", "Par type de territoire"),
    ("type_porteur", "type de porteur", "Par type de porteur"),
)


def aide_sieges(nb_projets: int, maximum: int) -> str | None:
    """Why the seats start hidden on a large base; nothing to say otherwise."""
    if nb_projets <= maximum:
        return None
    return (
        f"Masqués par défaut au-delà de {fmt.nombre(maximum)} lauréats : la carte serait lente "
        "à afficher."
    )


def entete_carte(metrique, niveau) -> str:
    """« Montant attribué publié par région », a comma before « par » for a per-head amount."""
    virgule = "," if metrique.cle == "par_habitant" else ""
    return f"{metrique.libelle}{virgule} par {niveau.nom}"


def alt_carte(metrique, niveau) -> str:
    return (
        f"Carte des {niveau.pluriel} de France colorées selon l'indicateur « {metrique.libelle} », "
        "outre-mer rapprochés à l'ouest de la Bretagne. Le tableau à côté donne les mêmes valeurs."
    )


def tableau_zones(tableau: pd.DataFrame, zones: pd.DataFrame, anciennes) -> pd.DataFrame:
    """The table beside the map, with the columns the suffix rule of tableau_francais does not
    cover (R6): € per head, population and its census year (`anciennes`: an older census)."""
    tableau = tableau.copy()
    tableau.insert(
        3, "€ par habitant", [fmt.euros(v, decimals=2) for v in zones["montant_par_habitant_eur"]]
    )
    tableau.insert(5, "Population", [fmt.nombre(v) for v in zones["population"]])
    tableau.insert(
        6,
        "Année de la population",
        [
            f"{a} (recensement ancien)" if ancienne else str(a)
            for a, ancienne in zip(zones["annee_population"], anciennes, strict=True)
        ],
    )
    return tableau


def _couverture(kpi) -> str:
    nb, nb_publies = int(kpi["nb_projets"]), int(kpi["nb_projets_attribution_publiee"])
    return f"Montant attribué publié : {fmt.euros(kpi['montant_attribue_eur'])}, " + (
        fmt.couverture(nb_publies, nb)
    )


def legende_carte(kpi, monetaire: bool, nb_sans_siege: int, legende_filtres: str) -> str:
    """What the colours and the points mean, what is missing, the population and map sources."""
    if monetaire:
        resume = (
            f"{_couverture(kpi)}. Gris très clair : aucun lauréat ; gris : lauréats dont aucun "
            "montant n'est publié (jamais compté comme zéro). "
        )
    else:
        resume = (
            f"{fmt.compte(kpi['nb_projets'], 'lauréat placé', 'lauréats placés')}. "
            "Gris très clair : aucun lauréat. "
        )
    points = "Points : commune siège de chaque lauréat (centroïde)"
    if nb_sans_siege:
        points += " ; " + fmt.compte(
            nb_sans_siege,
            "lauréat sans coordonnées de siège publiées, non placé",
            "lauréats sans coordonnées de siège publiées, non placés",
        )
    return f"{resume}{points}. {NOTE_POPULATION} {legende_filtres} {SOURCE_GEO}"


def titre_tableau_sieges(nb_projets: int, lignes_max: int) -> str:
    """The seats table's title says when it holds only the first rows, and where the rest is."""
    suite = (
        f", {fmt.nombre(lignes_max)} premiers ; tous dans les téléchargements de « Projets »)"
        if nb_projets > lignes_max
        else ")"
    )
    return f"Sièges des lauréats ({fmt.compte(nb_projets, 'lauréat', 'lauréats')}, tableau{suite}"


def regions_sans_laureat(regions: pd.DataFrame, avec_filtres: bool) -> str:
    """How many regions have no laureate, and which (Markdown: their names shown as written)."""
    precision = " avec ces filtres" if avec_filtres else ""
    sans = regions.loc[regions["nb_projets"] == 0, "libelle"]
    if sans.empty:
        return f"Toutes les régions ont au moins un lauréat{precision}."
    verbe = fmt.accord(len(sans), "n'a", "n'ont")
    return (
        f"**{fmt.compte(len(sans), 'région', 'régions')} sur {fmt.nombre(len(regions))}** "
        f"{verbe} aucun lauréat{precision} : {texte_brut.markdown(', '.join(sans))}."
    )


def departements_sans_laureat(departements: pd.DataFrame, avec_filtres: bool) -> str:
    """How many départements have no laureate (the table under it names them)."""
    precision = " avec ces filtres" if avec_filtres else ""
    nb_sans = int((departements["nb_projets"] == 0).sum())
    verbe = fmt.accord(nb_sans, "n'a", "n'ont")
    return (
        f"**{fmt.compte(nb_sans, 'département', 'départements')} sur "
        f"{fmt.nombre(len(departements))}** {verbe} aucun lauréat{precision}."
    )


def alt_repartition(objet: str) -> str:
    return f"Barres horizontales : lauréats et montant attribué publié par {objet}."


def legende_repartition(kpi, legende_filtres: str) -> str:
    return (
        f"{_couverture(kpi)}. Un montant non publié est affiché « non publié », jamais compté "
        f"comme zéro. {legende_filtres}"
    )
