"""Région and département contours with overseas moved near the mainland; same move for points."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

GEO_DIR = Path(__file__).resolve().parents[2] / "data" / "geo"
NIVEAUX = ("region", "departement")
FICHIERS = {
    "region": "regions-drom-rapproches.geojson",
    "departement": "departements-drom-rapproches.geojson",
}
# 3 decimals ≈ 100 m: finer than the 0.002° (≈ 200 m) simplification of the source, and it
# halves the GeoJSON that every map sends to the browser.
DECIMALES = 3


@dataclass(frozen=True)
class Drom:
    """How one overseas territory is moved and scaled next to the mainland (display only)."""

    departement_code: str
    region_code: str
    nom: str
    lon0: float
    lat0: float
    echelle: float
    lon_cible: float
    lat_cible: float


# The table « *-drom-rapproches.geojson » of data/geo/README.md: centre of the bounding box,
# scale factor and target point of each territory, as used to build the moved contours.
DROMS = (
    Drom("971", "01", "Guadeloupe", -61.406, 16.173, 1.27, -8.0, 49.90),
    Drom("972", "02", "Martinique", -61.019, 14.633, 2.03, -8.0, 48.65),
    Drom("973", "03", "Guyane", -53.110, 3.930, 0.27, -8.0, 47.40),
    Drom("974", "04", "La Réunion", 55.527, -21.131, 1.71, -8.0, 46.15),
    Drom("976", "06", "Mayotte", 45.159, -12.821, 2.70, -8.0, 44.90),
)
_PAR_CODE = {code: d for d in DROMS for code in (d.departement_code, d.region_code)}


def drom(code: str) -> Drom | None:
    """The overseas territory of a département or région code, None for the mainland."""
    return _PAR_CODE.get(code)


def rapprocher(lon: float, lat: float, code: str) -> tuple[float, float]:
    """(lon, lat) of a point of département or région `code`, moved like the overseas contours."""
    d = drom(code)
    if d is None:
        return lon, lat
    # Local kilometres around the centre (longitude shrunk by cos(lat0)), scaled, then back to
    # degrees around the target (stretched by 1 / cos(target lat)); the km factor cancels out.
    x_km = (lon - d.lon0) * math.cos(math.radians(d.lat0)) * d.echelle
    y_km = (lat - d.lat0) * d.echelle
    return d.lon_cible + x_km / math.cos(math.radians(d.lat_cible)), d.lat_cible + y_km


def _arrondir_anneau(anneau: list, decimales: int) -> np.ndarray | None:
    """Round a ring and drop repeated points; None when it collapses below a triangle.

    The ring is an (n, 2) float array, not nested lists: plotly deep-copies a trace's data at
    each step, and copying 50 000 points as lists cost ~1 s per départements map.
    """
    points = np.round(np.asarray(anneau, dtype=float), decimales)
    garde = np.ones(len(points), dtype=bool)
    garde[1:] = np.any(points[1:] != points[:-1], axis=1)
    points = points[garde]
    if not np.array_equal(points[0], points[-1]):
        points = np.vstack([points, points[:1]])
    return points if len(points) >= 4 else None


def _arrondir_polygone(polygone: list, decimales: int) -> list | None:
    anneaux = [_arrondir_anneau(a, decimales) for a in polygone]
    if anneaux[0] is None:
        return None
    return [a for a in anneaux if a is not None]


def _arrondir(geometrie: Mapping, decimales: int) -> dict:
    if geometrie["type"] == "Polygon":
        return {
            "type": "Polygon",
            "coordinates": _arrondir_polygone(geometrie["coordinates"], decimales),
        }
    parties = [_arrondir_polygone(p, decimales) for p in geometrie["coordinates"]]
    return {"type": "MultiPolygon", "coordinates": [p for p in parties if p is not None]}


@cache
def contours(niveau: str) -> dict:
    """The GeoJSON of `niveau` ('region' or 'departement'), rounded, rings as arrays; read once.

    Shared by every map of the process: do not mutate it.
    """
    if niveau not in FICHIERS:
        raise ValueError(f"niveau inconnu : {niveau!r} (attendu : {', '.join(NIVEAUX)})")
    brut = json.loads((GEO_DIR / FICHIERS[niveau]).read_text(encoding="utf-8"))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": f["properties"]["code"], "nom": f["properties"]["nom"]},
                "geometry": _arrondir(f["geometry"], DECIMALES),
            }
            for f in brut["features"]
        ],
    }


def selection(niveau: str, codes_retenus: Iterable[str]) -> dict:
    """The features of `niveau` whose code is in `codes_retenus`, as a new FeatureCollection.

    A map trace embeds its GeoJSON: giving each trace only its own features keeps a map with
    several traces (no laureate, unpublished, values) at the size of one copy of the contours.
    """
    retenus = set(codes_retenus)
    return {
        "type": "FeatureCollection",
        "features": [f for f in contours(niveau)["features"] if f["properties"]["code"] in retenus],
    }


def codes(niveau: str) -> list[str]:
    """The codes of the features of `niveau`, in file order."""
    return [f["properties"]["code"] for f in contours(niveau)["features"]]


def anneaux(geometrie: Mapping) -> list[np.ndarray]:
    """Every ring (exterior and holes) of a Polygon or MultiPolygon, as (n, 2) arrays."""
    polygones = (
        [geometrie["coordinates"]] if geometrie["type"] == "Polygon" else geometrie["coordinates"]
    )
    return [anneau for polygone in polygones for anneau in polygone]


def emprise(niveau: str, code: str) -> tuple[float, float, float, float]:
    """(lon_min, lat_min, lon_max, lat_max) of one feature of the moved contours."""
    for f in contours(niveau)["features"]:
        if f["properties"]["code"] == code:
            points = np.vstack(anneaux(f["geometry"]))
            (ouest, sud), (est, nord) = points.min(axis=0), points.max(axis=0)
            return float(ouest), float(sud), float(est), float(nord)
    raise KeyError(code)
