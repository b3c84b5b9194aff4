"""tid/charts/geo.py: contours match the base, stay small; seats move like the overseas shapes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tid.charts import geo


def _dans(lon: float, lat: float, emprise: tuple[float, float, float, float]) -> bool:
    ouest, sud, est, nord = emprise
    return ouest <= lon <= est and sud <= lat <= nord


@pytest.mark.parametrize(("niveau", "nombre"), [("region", 18), ("departement", 101)])
def test_one_feature_per_area(niveau, nombre):
    assert len(geo.contours(niveau)["features"]) == nombre
    assert len(set(geo.codes(niveau))) == nombre


@pytest.mark.parametrize(
    ("niveau", "sql"),
    [
        ("region", "SELECT region_code FROM region"),
        ("departement", "SELECT departement_code FROM departement"),
    ],
)
def test_codes_match_the_base(con_seed, niveau, sql):
    base = {r[0] for r in con_seed.execute(sql).fetchall()}
    assert set(geo.codes(niveau)) == base


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="niveau inconnu"):
        geo.contours("commune")


@pytest.mark.parametrize(("niveau", "plafond"), [("region", 400_000), ("departement", 900_000)])
def test_coordinates_are_rounded_and_rings_closed(niveau, plafond):
    contours = geo.contours(niveau)
    for feature in contours["features"]:
        anneaux = geo.anneaux(feature["geometry"])
        assert anneaux, feature["properties"]["code"]
        for anneau in anneaux:
            assert anneau.shape[1] == 2 and len(anneau) >= 4
            assert (anneau[0] == anneau[-1]).all()
            assert (np.round(anneau, geo.DECIMALES) == anneau).all()
            # rounding must not leave a point repeated (it would only weigh on the payload)
            assert (np.diff(anneau, axis=0) != 0).any(axis=1).all()
    # the GeoJSON travels to the browser with every map: it must stay small
    texte = json.dumps(contours, separators=(",", ":"), default=lambda a: a.tolist())
    assert len(texte) < plafond


def test_selection_keeps_only_the_asked_features():
    assert [f["properties"]["code"] for f in geo.selection("region", ["53", "02"])["features"]] == [
        "02",
        "53",
    ]
    assert geo.selection("departement", [])["features"] == []


def test_the_drom_table_lands_on_the_moved_contours():
    """The centre of each territory goes to its target point, the centre of the moved shape."""
    for d in geo.DROMS:
        assert geo.rapprocher(d.lon0, d.lat0, d.departement_code) == (d.lon_cible, d.lat_cible)
        ouest, sud, est, nord = geo.emprise("region", d.region_code)
        assert (ouest + est) / 2 == pytest.approx(d.lon_cible, abs=0.01)
        assert (sud + nord) / 2 == pytest.approx(d.lat_cible, abs=0.01)


def test_the_martinique_seat_lands_on_the_moved_martinique(con_seed):
    lat, lon, dep, reg = con_seed.execute(
        "SELECT latitude, longitude, departement_code, region_code FROM projet "
        "WHERE projet_id = 'tid2-martinique'"
    ).fetchone()
    assert (dep, reg) == ("972", "02")
    lon_carte, lat_carte = geo.rapprocher(lon, lat, dep)
    assert _dans(lon_carte, lat_carte, geo.emprise("departement", "972"))
    assert _dans(lon_carte, lat_carte, geo.emprise("region", "02"))
    assert not _dans(lon_carte, lat_carte, geo.emprise("region", "01"))
    # Fort-de-France is on the west coast, just west and north of the island's centre
    assert lon_carte == pytest.approx(-8.1487, abs=1e-3)
    assert lat_carte == pytest.approx(48.6655, abs=1e-3)
    # the région code moves the point the same way
    assert geo.rapprocher(lon, lat, reg) == (lon_carte, lat_carte)


def test_mainland_points_do_not_move():
    assert geo.rapprocher(-1.68188, 48.11156, "35") == (-1.68188, 48.11156)
    assert geo.drom("53") is None
