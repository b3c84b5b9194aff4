"""The Territoires page in AppTest: URL filters and controls, empty results, reconciliation (R9)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from tid import charts, db, texte_brut
from tid.filtres import normaliser
from tid.ui import garde

APP = str(db.ROOT / "dashboard.py")
PAGE = "pages/territoires.py"
MESSAGE_VIDE = "Aucun lauréat ne correspond à ces filtres"


def ouvrir(params: dict | None = None) -> AppTest:
    """Open the page as a shared link does: straight on /territoires with its query string."""
    at = AppTest.from_file(APP, default_timeout=60)
    for cle, valeur in (params or {}).items():
        at.query_params[cle] = valeur
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert garde.ERREUR_INATTENDUE not in [e.value for e in at.error]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def trace(figure: dict, nom: str) -> dict | None:
    return next((t for t in figure["data"] if t.get("name") == nom), None)


def valeurs_carte(at: AppTest, nom: str) -> dict[str, float]:
    t = trace(figures(at)[0], nom)
    return {} if t is None else dict(zip(t["locations"], t["z"], strict=True))


def textes(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.caption, *at.markdown, *at.info])


@pytest.fixture
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def test_default_view_is_the_published_amount_by_region(base):
    at = ouvrir({"programme": "tous"})
    carte, par_territoire, par_porteur = figures(at)
    assert carte["layout"]["title"]["text"].startswith("Montant attribué publié par région<br>")
    assert carte["layout"]["title"]["subtitle"]["text"] == "Filtres : Programme : TID et DIAT."
    assert valeurs_carte(at, "Montant attribué publié") == {
        "11": 3_100_000,
        "27": 2_300_000,
        "44": 2_600_000,
        "84": 3_580_000,
    }
    assert len(trace(carte, charts.LIBELLE_SIEGES)["lon"]) == 23
    assert "total : 25 lauréats" in par_territoire["layout"]["title"]["text"]
    assert "par type de porteur" in par_porteur["layout"]["title"]["text"]
    sans_laureat = texte_brut.markdown(
        "Guadeloupe, Guyane, Hauts-de-France, La Réunion, Mayotte, Normandie, "
        "Provence-Alpes-Côte d'Azur"
    )
    assert f"7 régions sur 18** n'ont aucun lauréat : {sans_laureat}." in textes(at)
    assert "78 départements sur 101** n'ont aucun lauréat." in textes(at)
    assert "publié pour 5 projets sur 25" in textes(at)
    assert "Mayotte : recensement 2017" in textes(at)
    # small numbers: the areas where one project makes more than half of the published amount
    assert texte_brut.markdown("Auvergne-Rhône-Alpes") + " (56\u00a0%)" in textes(at)


def test_the_table_beside_the_map_holds_the_same_figures(base):
    at = ouvrir()
    tableau = at.dataframe[0].value.set_index("Code")
    assert len(tableau) == 18
    assert tableau.loc["53", "Lauréats"] == "3"
    assert tableau.loc["53", "Attribué publié"] == "non publié"
    assert tableau.loc["44", "Attribué publié"] == "2\u202f600\u202f000\u00a0€"
    assert tableau.loc["44", "Dont montant publié"] == "1"
    assert tableau.loc["44", "€ par habitant"] == "0,47\u00a0€"
    assert tableau.loc["06", "Année de la population"] == "2017 (recensement ancien)"
    assert tableau.loc["28", "Lauréats"] == "0"


@pytest.mark.parametrize(
    ("params", "attendu"),
    [
        ({"region": "53"}, {"53": 3}),
        ({"programme": "TID", "metrique": "nombre"}, {"53": 3, "44": 1, "84": 3}),
        ({"departement": "69"}, {"84": 2}),
        ({"type_porteur": "region"}, {"24": 1, "27": 1, "44": 1, "76": 1}),
    ],
    ids=["bretagne", "tid", "rhone", "porteur-region"],
)
def test_url_filters_reach_the_count_map(base, con_seed, params, attendu):
    at = ouvrir({**params, "metrique": "nombre"})
    valeurs = valeurs_carte(at, "Nombre de lauréats")
    for code, nombre in attendu.items():
        assert valeurs[code] == nombre
    if "programme" not in params:
        assert valeurs == attendu
    assert sum(valeurs.values()) == int(
        db.run(con_seed, "kpi", **normaliser(params)).iloc[0]["nb_projets"]
    )


def test_url_chooses_level_and_metric(base):
    at = ouvrir({"niveau": "departement", "metrique": "par_habitant", "programme": "DIAT"})
    assert at.button_group(key="niveau").value == "departement"
    assert at.button_group(key="metrique").value == "par_habitant"
    valeurs = valeurs_carte(at, "Montant attribué publié par habitant")
    assert set(valeurs) == {"69", "91"}  # DIAT: Lyon 1,58 M€ and Paris-Saclay 3,1 M€
    assert valeurs["91"] == pytest.approx(3_100_000 / 1_338_485, rel=1e-3)
    assert at.query_params["metrique"] == "par_habitant"
    assert len(at.dataframe[0].value) == 101


def test_unknown_control_values_in_the_url_fall_back_to_defaults(base):
    at = ouvrir({"niveau": "commune", "metrique": "tout"})
    assert at.button_group(key="niveau").value == "region"
    assert at.button_group(key="metrique").value == "montant"
    assert "metrique" not in at.query_params


def test_the_metric_options_wrap_rather_than_scroll_on_a_phone(base):
    # in a column Streamlit scrolls the options sideways: « € par habitant » half hidden at 390 px
    at = ouvrir({"programme": "TID"})
    assert at.button_group(key="metrique").proto.wrap is True


def test_changing_the_metric_updates_the_url_and_reset_keeps_working(base):
    at = ouvrir({"region": "53"})
    at.button_group(key="metrique").set_value("nombre").run()
    assert at.query_params["metrique"] == "nombre"
    assert valeurs_carte(at, "Nombre de lauréats") == {"53": 3}
    at.sidebar.button[0].click().run()  # « Réinitialiser les filtres »
    assert not at.exception
    assert sum(valeurs_carte(at, "Nombre de lauréats").values()) == 13  # TID, the default


@pytest.mark.parametrize(
    "params",
    [{"region": "28"}, {"programme": "TID", "region": "11"}, {"departement": "976"}],
    ids=["normandie", "tid-ile-de-france", "mayotte"],
)
def test_no_laureate_gives_a_friendly_message(base, params):
    at = ouvrir(params)
    assert any(MESSAGE_VIDE in i.value for i in at.info)
    assert figures(at) == []


RAPPROCHEMENTS = [
    {},
    {"programme": "TID"},
    {"programme": "DIAT", "vague": "DIAT-2"},
    {"region": ["11", "84"]},
    {"type_territoire": "echelle_departementale_regionale"},
    {"axe": "2"},
]


@pytest.mark.parametrize("params", RAPPROCHEMENTS, ids=lambda p: str(p) or "aucun")
@pytest.mark.parametrize("niveau", ["region", "departement"])
def test_map_totals_equal_the_kpi(base, con_seed, params, niveau):
    """R9: what the map shows adds up to the KPI « Attribué (publié) » and « Lauréats »."""
    kpi = db.run(con_seed, "kpi", **normaliser(params)).iloc[0]
    attribue = kpi["montant_attribue_eur"]
    attribue = 0.0 if attribue != attribue else float(attribue)

    at = ouvrir({**params, "niveau": niveau})
    montants = valeurs_carte(at, "Montant attribué publié")
    assert sum(montants.values()) == attribue
    titre = figures(at)[0]["layout"]["title"]["text"]
    nb, nb_publies = int(kpi["nb_projets"]), int(kpi["nb_projets_attribution_publiee"])
    assert f"montant publié pour {nb_publies} projet" in titre and f"sur {nb}" in titre

    at = ouvrir({**params, "niveau": niveau, "metrique": "nombre"})
    assert sum(valeurs_carte(at, "Nombre de lauréats").values()) == nb
