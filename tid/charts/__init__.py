"""DataFrame in, plotly Figure out, maps included: pages call `charts.<figure>(...)`; no st.*."""

from tid.charts.batons import (
    ETAPES,
    barres,
    chaine_par_vague,
    entonnoir,
    repartition,
    titre_repartition,
)
from tid.charts.cartes import (
    HAUTEUR_CARTE,
    LIBELLE_NON_PUBLIE,
    METRIQUES,
    NIVEAUX,
    carte,
    population_ancienne,
    titre_carte,
)
from tid.charts.chronologie import calendrier, cumul_attributions
from tid.charts.croisements import carte_chaleur, soleil
from tid.charts.libelles import LIBELLE_SANS_LAUREAT, couverture_totale
from tid.charts.sieges import LIBELLE_SIEGES
from tid.charts.theme import CONFIG_PLOTLY, graduations_euros, palette

__all__ = [
    "CONFIG_PLOTLY",
    "ETAPES",
    "HAUTEUR_CARTE",
    "LIBELLE_NON_PUBLIE",
    "LIBELLE_SANS_LAUREAT",
    "LIBELLE_SIEGES",
    "METRIQUES",
    "NIVEAUX",
    "barres",
    "calendrier",
    "carte",
    "carte_chaleur",
    "chaine_par_vague",
    "couverture_totale",
    "cumul_attributions",
    "entonnoir",
    "graduations_euros",
    "palette",
    "population_ancienne",
    "repartition",
    "soleil",
    "titre_carte",
    "titre_repartition",
]
