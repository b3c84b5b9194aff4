"""Laureates' seats on the map: one marker per seat commune, its laureates listed on hover."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tid import fmt, texte_brut
from tid.charts import geo

COULEUR_SIEGE = "#D55E00"
LIBELLE_SIEGES = "Siège d'un lauréat"


def _couper(texte: str, largeur: int = 55) -> str:
    """Wrap a long name over several hover lines: plotly never wraps, the map is ~600 px wide."""
    if len(texte) <= largeur and texte.isprintable() and texte == texte.strip():
        # what textwrap returns for such a text, without its cost (100 000 laureates)
        return texte
    return "<br>".join(textwrap.wrap(texte, largeur)) or texte


def _lignes_laureats(laureats: pd.DataFrame) -> list[str]:
    """The hover lines of each laureate: carrier, project, wave and published amount."""
    # one Babel call per distinct amount, not per laureate (100 000 laureates: 10 s -> 0.1 s)
    montants: dict[object, str] = {}
    lignes = []
    for porteur, nom, vague, montant in zip(
        laureats["porteur"],
        laureats["nom_projet"],
        laureats["vague_libelle"],
        laureats["montant_attribue_eur"],
        strict=True,
    ):
        texte = montants.get(montant)
        if texte is None:
            texte = montants[montant] = fmt.euros(montant)
        # names escaped before _couper adds its <br>: plotly reads tags in any text
        morceaux = [_couper(texte_brut.plotly(porteur))]
        if isinstance(nom, str) and nom:
            morceaux.append(_couper(f"Projet : {texte_brut.plotly(nom)}"))
        morceaux.append(f"{texte_brut.plotly(vague)} · attribué publié : {texte}")
        lignes.append("<br>".join(morceaux))
    return lignes


# Seats: 9 px for one laureate, 4 px more per laureate sharing it, up to 25 px (5 laureates);
# a tooltip lists the first 10 laureates of a seat and counts the others.
TAILLE_SIEGE_MAX = 25
LAUREATS_PAR_SURVOL = 10


def _liste_siege(lignes: list[str]) -> str:
    """The hover lines of one seat: every laureate up to 10, then « … et N autres »."""
    if len(lignes) <= LAUREATS_PAR_SURVOL:
        return "<br>".join(lignes)
    reste = len(lignes) - LAUREATS_PAR_SURVOL
    pluriel = "s" if reste > 1 else ""
    autres = f"… et {fmt.nombre(reste)} autre{pluriel} lauréat{pluriel}"
    return "<br>".join([*lignes[:LAUREATS_PAR_SURVOL], autres])


def ajouter_sieges(fig: go.Figure, laureats: pd.DataFrame) -> None:
    """One marker per seat commune (two laureates may share one), overseas seats moved too."""
    if laureats.empty:
        return
    cles = ["latitude", "longitude"]
    # a laureate without a seat (coordinates not published) has no marker
    places = laureats.dropna(subset=cles)
    lignes = places[[*cles, "commune_siege", "departement_libelle", "departement_code"]].assign(
        ligne=_lignes_laureats(places)
    )
    # grouped once, in order of first appearance like the markers (sort=False); joined by hand:
    # groupby().agg("<br>".join) ran Python per group (25 000 seats: 2.9 s)
    groupes = lignes.groupby(cles, sort=False)
    numeros = groupes.ngroup().to_numpy()
    par_siege: list[list[str]] = [[] for _ in range(groupes.ngroups)]
    for numero, ligne in zip(numeros, lignes["ligne"], strict=True):
        par_siege[numero].append(ligne)
    premieres = groupes.head(1)
    lons, lats = [], []
    for lat, lon, code in zip(
        premieres["latitude"], premieres["longitude"], premieres["departement_code"], strict=True
    ):
        lon_carte, lat_carte = geo.rapprocher(lon, lat, code)
        lons.append(lon_carte)
        lats.append(lat_carte)
    survols = [
        fmt.pour_plotly(
            f"<b>{texte_brut.plotly(commune)}</b> ({texte_brut.plotly(departement)})<br>"
            + _liste_siege(siege)
        )
        for commune, departement, siege in zip(
            premieres["commune_siege"], premieres["departement_libelle"], par_siege, strict=True
        )
    ]
    # a seat of 500 synthetic laureates drew a disc over a whole région: the size stops growing
    tailles = [min(9 + 4 * (len(siege) - 1), TAILLE_SIEGE_MAX) for siege in par_siege]
    fig.add_trace(
        go.Scattermap(
            name=LIBELLE_SIEGES,
            lon=lons,
            lat=lats,
            mode="markers",
            marker={"size": tailles, "color": COULEUR_SIEGE, "opacity": 0.9},
            # an array, not a list: plotly checks a list element by element (1.8 s for 25 000)
            customdata=np.array(survols, dtype=object),
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
