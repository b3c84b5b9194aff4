"""Golden figures: every kind of figure the pages draw, on the seed, as normalised plotly JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import plotly.graph_objects as go

from tests.golden import comparer
from tid import charts, db
from tid.filtres import aucun

DOSSIER = Path(__file__).resolve().parent / "figures"
FILTRES = {"aucun": aucun(), "tid": {**aucun(), "programme": ["TID"]}}
FILTRES_CUMUL = {**FILTRES, "diat": {**aucun(), "programme": ["DIAT"]}}
Fabrique = Callable[[object], go.Figure]


def _figures_filtrees(filtres: dict) -> dict[str, Fabrique]:
    """The figures of one filter set, as the pages call them; each takes the connection."""

    def lire(con, requete: str, **options):
        return db.run(con, requete, **filtres, **options)

    return {
        "batons.chaine_par_vague": lambda c: charts.chaine_par_vague(
            lire(c, "chaine_par_vague"), "Chaîne"
        ),
        "batons.entonnoir": lambda c: charts.entonnoir(lire(c, "vagues"), "Entonnoir"),
        "batons.barres": lambda c: charts.barres(
            lire(c, "repartition", par="axe"), "libelle", "nb_projets", "Axes"
        ),
        "batons.repartition_territoire": lambda c: charts.repartition(
            lire(c, "repartition", par="type_territoire"), "R", "Filtres"
        ),
        "batons.repartition_porteur": lambda c: charts.repartition(
            lire(c, "repartition", par="type_porteur"), "Titre – total", "Filtres"
        ),
        "chronologie.calendrier": lambda c: charts.calendrier(
            lire(c, "calendrier_vagues"), "Calendrier"
        ),
        "croisements.carte_chaleur": lambda c: charts.carte_chaleur(
            lire(c, "axe_type_territoire"),
            "axe_libelle",
            "type_territoire_libelle",
            "nb_projets",
            "Chaleur",
        ),
        "croisements.soleil": lambda c: charts.soleil(
            lire(c, "axe_theme", avec_projets=True), "Soleil"
        ),
        "cartes.carte_regions": lambda c: charts.carte(
            lire(c, "repartition", par="region"),
            "region",
            "montant",
            "Carte",
            "Filtres : aucun.",
            lire(c, "laureats_points", limite=None),
        ),
        "cartes.carte_departements": lambda c: charts.carte(
            lire(c, "repartition", par="departement"), "departement", "nombre", "D"
        ),
    }


def _cumul(filtres: dict, enveloppe: float | None) -> Fabrique:
    def fabrique(con) -> go.Figure:
        jalons = db.run(con, "calendrier_vagues", **filtres)
        resultats = jalons[jalons["jalon"] == "Résultats publiés"]
        cumul = db.run(con, "attributions_cumulees", **filtres)
        return charts.cumul_attributions(cumul, enveloppe, resultats, "Cumul")

    return fabrique


def cas() -> dict[str, Fabrique]:
    """Every golden figure by file name: « module.figure.filters »."""
    tous = {}
    for nom, filtres in FILTRES.items():
        tous |= {f"{cle}.{nom}": f for cle, f in _figures_filtrees(filtres).items()}
    for nom, filtres in FILTRES_CUMUL.items():
        for enveloppe, mot in ((70_000_000, "enveloppe"), (None, "sans_enveloppe")):
            tous[f"chronologie.cumul_attributions.{nom}.{mot}"] = _cumul(filtres, enveloppe)
    return tous


def _sans_contours(valeur):
    """The GeoJSON of a map trace as its codes and a digest: tests/charts/test_geo.py checks the
    contours, and 1 MB of coordinates per map would bury any diff."""
    if isinstance(valeur, dict):
        if valeur.get("type") == "FeatureCollection":
            texte = json.dumps(valeur, sort_keys=True, separators=(",", ":"))
            return {
                "codes": [f["properties"]["code"] for f in valeur["features"]],
                "sha256": hashlib.sha256(texte.encode()).hexdigest(),
            }
        return {cle: _sans_contours(sous) for cle, sous in valeur.items()}
    if isinstance(valeur, list):
        return [_sans_contours(sous) for sous in valeur]
    return valeur


def normaliser(fig: go.Figure) -> str:
    """The figure as Streamlit sends it (plotly's JSON), keys sorted, one value per line."""
    return comparer.json_lisible(_sans_contours(json.loads(fig.to_json())))


def noms(module: str) -> list[str]:
    """The golden figures drawn by one module of tid/charts (tests/charts/test_<module>.py)."""
    return [nom for nom in cas() if nom.startswith(f"{module}.")]


def verifier(con, nom: str) -> None:
    """Fail with a diff when today's figure `nom` differs from its golden file."""
    comparer.egal_au_fichier(normaliser(cas()[nom](con)), DOSSIER / f"{nom}.json")


def ecrire(con) -> list[Path]:
    """Write every golden figure from today's code (tests/golden/regenerer.py)."""
    DOSSIER.mkdir(exist_ok=True)
    ecrits = []
    for nom, fabrique in cas().items():
        chemin = DOSSIER / f"{nom}.json"
        chemin.write_text(normaliser(fabrique(con)), encoding="utf-8")
        ecrits.append(chemin)
    return ecrits
