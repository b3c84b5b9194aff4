"""tid/charts/cartes.py and the queries behind it: the maps hold the right areas and values."""

from __future__ import annotations

import pytest

from tests.golden import figures as golden
from tid import charts, db
from tid.charts import cartes, geo
from tid.filtres import aucun

REGIONS_SANS_LAUREAT = {"01", "03", "04", "06", "28", "32", "93"}
REGIONS_NON_PUBLIEES = {"02", "24", "52", "53", "75", "76", "94"}
MONTANTS_REGIONS = {"11": 3_100_000, "27": 2_300_000, "44": 2_600_000, "84": 3_580_000}


def _filtres(**choix):
    return {**aucun(), **choix}


def _trace(fig, nom):
    traces = [t for t in fig.data if t.name == nom]
    assert len(traces) == 1, [t.name for t in fig.data]
    return traces[0]


def _par_code(trace) -> dict:
    return dict(zip(trace.locations, trace.z, strict=True))


def test_repartition_by_region_has_all_18_regions_with_the_real_figures(regions):
    assert len(regions) == 18
    lignes = regions.set_index("code")
    assert int(lignes.loc["53", "nb_projets"]) == 3
    assert lignes.loc["53", "libelle"] == "Bretagne"
    # Grand Est: 2 600 000 € published for the Région; Metz has no published amount
    assert (
        int(lignes.loc["44", "nb_projets"]),
        int(lignes.loc["44", "nb_projets_attribution_publiee"]),
    ) == (2, 1)
    assert lignes.loc["44", "montant_attribue_eur"] == 2_600_000
    assert lignes.loc["44", "montant_par_habitant_eur"] == pytest.approx(2_600_000 / 5_563_378)
    assert lignes.loc["84", "part_max_projet_pct"] == pytest.approx(2_000_000 / 3_580_000)
    sans = set(regions.loc[regions["nb_projets"] == 0, "code"])
    assert sans == REGIONS_SANS_LAUREAT
    assert (lignes.loc[sorted(sans), "montant_attribue_eur"] == 0).all()
    non_publiees = regions["nb_projets"].gt(0) & regions["montant_attribue_eur"].isna()
    assert set(regions.loc[non_publiees, "code"]) == REGIONS_NON_PUBLIEES
    assert lignes.loc["06", "annee_population"] == 2017
    # French collation: Île-de-France among the I, not after Provence
    noms = list(regions["libelle"])
    assert noms.index("Hauts-de-France") < noms.index("Île-de-France") < noms.index("La Réunion")


def test_repartition_by_departement_has_all_101_departements(con_seed):
    deps = db.run(con_seed, "repartition", par="departement", **aucun())
    assert len(deps) == 101
    assert int((deps["nb_projets"] > 0).sum()) == 23
    lignes = deps.set_index("code")
    assert int(lignes.loc["69", "nb_projets"]) == 2  # Métropole de Lyon, TID and DIAT
    assert lignes.loc["67", "montant_attribue_eur"] == 2_600_000
    assert lignes.loc["976", "annee_population"] == 2017


@pytest.mark.parametrize(
    ("par", "attendu"),
    [
        (
            "type_territoire",
            {
                "metropole_grand_paris": (9, 1, 1_580_000),
                "agglomeration_ville_moyenne": (4, 1, 3_100_000),
                "petite_ville_rural": (2, 0, None),
                "echelle_departementale_regionale": (9, 3, 6_900_000),
                "outre_mer": (1, 0, None),
            },
        ),
        (
            "type_porteur",
            {
                "region": (4, 2, 4_900_000),
                "departement": (1, 1, 2_000_000),
                "metropole": (7, 1, 1_580_000),
                "epci": (4, 1, 3_100_000),
                "commune": (3, 0, None),
                "syndicat": (4, 0, None),
                "gip": (1, 0, None),
                "collectivite_outre_mer": (1, 0, None),
            },
        ),
    ],
)
def test_breakdowns_by_type(con_seed, par, attendu):
    df = db.run(con_seed, "repartition", par=par, **aucun())
    obtenu = {
        r.code: (
            int(r.nb_projets),
            int(r.nb_projets_attribution_publiee),
            None if r.montant_attribue_eur != r.montant_attribue_eur else r.montant_attribue_eur,
        )
        for r in df.itertuples()
    }
    assert obtenu == attendu
    assert list(df["code"]) == list(attendu)  # the reference table's order


COMBINAISONS = [
    {},
    {"programme": ["TID"]},
    {"programme": ["DIAT"], "vague": ["DIAT-2"]},
    {"region": ["11", "84"]},
    {"departement": ["69"]},
    {"type_territoire": ["metropole_grand_paris"]},
    {"axe": ["2"], "theme": ["energie", "eau"]},
    {"region": ["28"]},
]


@pytest.mark.parametrize("choix", COMBINAISONS, ids=lambda c: str(c) or "aucun")
def test_every_breakdown_reconciles_with_the_kpi(con_seed, choix):
    """R9: régions, départements, types and points add up to the KPI row, filter by filter."""
    filtres = _filtres(**choix)
    kpi = db.run(con_seed, "kpi", **filtres).iloc[0]
    attribue = kpi["montant_attribue_eur"]
    attribue = 0.0 if attribue != attribue else float(attribue)
    for par in ("region", "departement", "type_territoire", "type_porteur"):
        df = db.run(con_seed, "repartition", par=par, **filtres)
        assert float(df["montant_attribue_eur"].fillna(0).sum()) == attribue, par
        assert int(df["nb_projets"].sum()) == int(kpi["nb_projets"]), par
        assert int(df["nb_projets_attribution_publiee"].sum()) == int(
            kpi["nb_projets_attribution_publiee"]
        ), par
    assert len(db.run(con_seed, "laureats_points", **filtres, limite=None)) == int(
        kpi["nb_projets"]
    )


def test_montant_map_colours_published_areas_and_sets_the_others_apart(regions, laureats):
    titre = charts.titre_carte("montant", "region", regions)
    assert titre == (
        "Montant attribué publié par région – total : 11\u202f580\u202f000\u00a0€, "
        "montant publié pour 5 projets sur 25"
    )
    fig = charts.carte(regions, "region", "montant", titre, "Filtres : aucun filtre.", laureats)
    assert set(_trace(fig, charts.LIBELLE_SANS_LAUREAT).locations) == REGIONS_SANS_LAUREAT
    assert set(_trace(fig, charts.LIBELLE_NON_PUBLIE).locations) == REGIONS_NON_PUBLIEES
    valeurs = _trace(fig, "Montant attribué publié")
    assert _par_code(valeurs) == MONTANTS_REGIONS
    assert sum(valeurs.z) == 11_580_000
    # each trace carries only its own contours, so the figure holds one copy of the GeoJSON
    for trace in (t for t in fig.data if t.type == "choroplethmap"):
        assert [f["properties"]["code"] for f in trace.geojson["features"]] == sorted(
            trace.locations, key=geo.codes("region").index
        )
    assert fig.layout.separators == ",\u00a0"
    assert fig.layout.title.text == (
        "Montant attribué publié par région<br>total : 11\u00a0580\u00a0000\u00a0€, "
        "montant publié pour 5 projets sur 25"
    )
    assert fig.layout.title.subtitle.text == "Filtres : aucun filtre."


def test_count_map_shows_every_area_with_a_laureate(regions):
    fig = charts.carte(regions, "region", "nombre", charts.titre_carte("nombre", "region", regions))
    valeurs = _par_code(_trace(fig, "Nombre de lauréats"))
    assert valeurs["53"] == 3 and valeurs["44"] == 2 and valeurs["02"] == 1
    assert sum(valeurs.values()) == 25
    assert set(valeurs) == set(regions["region_code"]) - REGIONS_SANS_LAUREAT
    assert set(_trace(fig, charts.LIBELLE_SANS_LAUREAT).locations) == REGIONS_SANS_LAUREAT
    assert not [t for t in fig.data if t.name == charts.LIBELLE_NON_PUBLIE]
    assert fig.layout.title.text == "Nombre de lauréats par région – total : 25 lauréats"


def test_per_inhabitant_map_divides_by_the_population(regions):
    fig = charts.carte(
        regions, "region", "par_habitant", charts.titre_carte("par_habitant", "region", regions)
    )
    valeurs = _par_code(_trace(fig, "Montant attribué publié par habitant"))
    assert valeurs["44"] == pytest.approx(2_600_000 / 5_563_378)
    assert valeurs["11"] == pytest.approx(3_100_000 / 12_463_067)
    assert set(valeurs) == set(MONTANTS_REGIONS)
    barre = _trace(fig, "Montant attribué publié par habitant").colorbar
    assert barre.ticktext[1] == "0,20\u00a0€"


def test_hover_flags_mayotte_old_census(regions):
    fig = charts.carte(regions, "region", "montant", "Titre")
    survols = _par_code_survol(_trace(fig, charts.LIBELLE_SANS_LAUREAT))
    assert "256\u00a0518 habitants (2017, recensement ancien" in survols["06"]
    assert "(2023)" in survols["28"]
    grand_est = _par_code_survol(_trace(fig, "Montant attribué publié"))["44"]
    assert "Attribué publié : 2\u00a0600\u00a0000\u00a0€ (publié pour 1 projet sur 2)" in grand_est
    assert "Par habitant : 0,47\u00a0€" in grand_est


def _par_code_survol(trace) -> dict:
    return dict(zip(trace.locations, trace.customdata, strict=True))


def test_map_fetches_nothing_and_has_no_narrow_space(con_seed, laureats):
    deps = db.run(con_seed, "repartition", par="departement", **aucun())
    fig = charts.carte(deps, "departement", "montant", "Titre", laureats=laureats)
    style = fig.layout.map.style
    assert "glyphs" not in style and "sprite" not in style
    # sources inline only: no url, no tiles, data given as an object (nothing to fetch)
    assert all(
        source["type"] == "geojson"
        and isinstance(source["data"], dict)
        and source.keys() == {"type", "data"}
        for source in style["sources"].values()
    )
    texte = fig.to_json()
    # escaped by the json engine, written as is by orjson (the engine plotly picks when present)
    assert "http" not in texte and "\\u202f" not in texte.lower() and "\u202f" not in texte


def _objets_vides(valeur, chemin="style") -> list[str]:
    if isinstance(valeur, dict):
        vides = [chemin] if not valeur else []
        for cle, sous in valeur.items():
            vides += _objets_vides(sous, f"{chemin}.{cle}")
        return vides
    if isinstance(valeur, list):
        return [v for i, sous in enumerate(valeur) for v in _objets_vides(sous, f"{chemin}[{i}]")]
    return []


def test_map_style_survives_a_plotly_redraw():
    # plotly.js (relinkPrivateKeys) deletes an empty object of the layout on Plotly.react:
    # `"sources": {}` vanished and MapLibre rejected the style (« Map error. » in the browser)
    style = cartes.STYLE_HORS_LIGNE
    assert _objets_vides(style) == []
    assert style["sources"] and style["layers"]


def test_departement_map_uses_departement_codes(con_seed, laureats):
    deps = db.run(con_seed, "repartition", par="departement", **aucun())
    fig = charts.carte(deps, "departement", "montant", "Titre", laureats=laureats)
    assert _par_code(_trace(fig, "Montant attribué publié")) == {
        "25": 2_300_000,
        "42": 2_000_000,
        "67": 2_600_000,
        "69": 1_580_000,
        "91": 3_100_000,
    }
    locations = [loc for t in fig.data if t.type == "choroplethmap" for loc in t.locations]
    assert sorted(locations) == sorted(geo.codes("departement"))


@pytest.mark.parametrize("nom", golden.noms("cartes"))
def test_figure_equals_its_golden_file(con_seed, nom):
    golden.verifier(con_seed, nom)
