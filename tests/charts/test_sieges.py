"""tid/charts/sieges.py: seats are grouped by commune, moved overseas, bounded when crowded."""

from __future__ import annotations

import pandas as pd

from tid import charts
from tid.charts import geo
from tid.charts.sieges import LAUREATS_PAR_SURVOL, TAILLE_SIEGE_MAX


def _trace(fig, nom):
    traces = [t for t in fig.data if t.name == nom]
    assert len(traces) == 1, [t.name for t in fig.data]
    return traces[0]


def test_seats_are_grouped_and_the_martinique_seat_is_moved(regions, laureats):
    fig = charts.carte(regions, "region", "nombre", "Titre", laureats=laureats)
    sieges = _trace(fig, charts.LIBELLE_SIEGES)
    assert len(sieges.lon) == 23  # 25 laureates, Lyon and Toulouse hold two each
    assert sorted(sieges.marker.size).count(13) == 2
    martinique = next(i for i, texte in enumerate(sieges.customdata) if "Fort-de-France" in texte)
    ouest, sud, est, nord = geo.emprise("region", "02")
    assert ouest <= sieges.lon[martinique] <= est and sud <= sieges.lat[martinique] <= nord
    noms = _trace(fig, "Noms des outre-mer")
    assert list(noms.text) == ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]
    assert all(lon < -8.6 for lon in noms.lon)  # left of the moved territories


def test_a_crowded_seat_keeps_a_bounded_marker_and_tooltip(regions, laureats):
    """500 laureates at one seat (a synthetic base): 25 px, 10 names then the count."""
    lyon = laureats[laureats["commune_siege"] == "Lyon"].iloc[[0]]
    foule = pd.concat([lyon] * 500, ignore_index=True).assign(
        porteur=[f"Porteur {i}" for i in range(500)], nb_projets_meme_siege=500
    )
    fig = charts.carte(regions, "region", "nombre", "Titre", laureats=foule)
    sieges = _trace(fig, charts.LIBELLE_SIEGES)
    assert list(sieges.marker.size) == [TAILLE_SIEGE_MAX]
    survol = sieges.customdata[0]
    assert survol.count("Porteur ") == LAUREATS_PAR_SURVOL
    assert survol.endswith("… et 490 autres lauréats")
