"""Seats for synthetic laureates: commune-like points, so the map draws as many markers as
real data of that size would (tid.synth leaves latitude and longitude empty)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tid import synth
from tid.charts import geo

# About the number of communes of a French département: ~3 laureates per seat at 100 000.
COMMUNES_PAR_DEPARTEMENT = 300
# Points drawn in the middle of the département's bounding box (most fall inside it).
MARGE = 0.2


def coordonnees(departements: pd.Series, graine: int) -> tuple[np.ndarray, np.ndarray]:
    """(latitude, longitude) of one pseudo-commune of its département for each project."""
    rng = np.random.default_rng(graine)
    latitudes = np.full(len(departements), np.nan)
    longitudes = np.full(len(departements), np.nan)
    codes = departements.to_numpy()
    for code in sorted(set(codes)):
        lignes = np.flatnonzero(codes == code)
        outre_mer = geo.drom(code)
        if outre_mer is not None:
            # real coordinates: the map moves overseas seats itself (geo.rapprocher)
            ouest, est = outre_mer.lon0 - 0.15, outre_mer.lon0 + 0.15
            sud, nord = outre_mer.lat0 - 0.15, outre_mer.lat0 + 0.15
        else:
            ouest, sud, est, nord = geo.emprise("departement", code)
            dx, dy = (est - ouest) * MARGE, (nord - sud) * MARGE
            ouest, est, sud, nord = ouest + dx, est - dx, sud + dy, nord - dy
        communes_lon = rng.uniform(ouest, est, COMMUNES_PAR_DEPARTEMENT)
        communes_lat = rng.uniform(sud, nord, COMMUNES_PAR_DEPARTEMENT)
        choix = rng.integers(0, COMMUNES_PAR_DEPARTEMENT, len(lignes))
        latitudes[lignes] = np.round(communes_lat[choix], 5)
        longitudes[lignes] = np.round(communes_lon[choix], 5)
    return latitudes, longitudes


def installer(graine: int) -> None:
    """Make tid.synth write seats; its own random stream is untouched (same figures)."""
    original = synth._projets

    def _projets(rng, n, departements):
        frame = original(rng, n, departements)
        frame["latitude"], frame["longitude"] = coordonnees(frame["departement_code"], graine)
        return frame

    synth._projets = _projets
