"""The home page (dashboard.py) and the shared filters it opens with: URL in, KPIs out."""

from __future__ import annotations

import pytest

from tests.appli import metriques, ouvrir, sans_erreur


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def test_home_shows_the_real_figures():
    at = ouvrir()
    sans_erreur(at)
    m = metriques(at)
    assert m["Enveloppe"] == "70\u00a0M€"
    assert m["Attribué (publié)"] == "11,6\u00a0M€"
    assert m["Lauréats"] == "25"
    assert m["Couverture des montants"] == "20\u00a0%"
    assert m["Versé (publié)"] == "non publié"
    captions = " ".join(c.value for c in at.caption)
    assert "publié pour 5 projets sur 25" in captions


def test_a_region_in_the_url_filters_the_kpis():
    at = ouvrir(params={"region": "53"})
    sans_erreur(at)
    m = metriques(at)
    assert m["Lauréats"] == "3"
    assert m["Attribué (publié)"] == "non publié"
    assert m["Reste à attribuer"] == "—"
    assert at.sidebar.multiselect(key="region").value == ["53"]
    assert "Région : Bretagne" in " ".join(c.value for c in at.caption)


def test_programme_in_the_url_sets_the_scope():
    at = ouvrir(params={"programme": "TID"})
    sans_erreur(at)
    m = metriques(at)
    assert (m["Enveloppe"], m["Lauréats"], m["Attribué (publié)"]) == (
        "30\u00a0M€",
        "13",
        "6,9\u00a0M€",
    )
    assert m["Reste à attribuer (au plus)"] == "≤ 23,1\u00a0M€"


def test_changing_a_filter_updates_the_url():
    at = ouvrir()
    at.sidebar.multiselect(key="region").set_value(["11", "84"]).run()
    sans_erreur(at)
    assert at.query_params["region"] == ["11", "84"]
    assert metriques(at)["Lauréats"] == "10"


def test_unknown_codes_in_the_url_are_ignored():
    at = ouvrir(params={"region": ["53", "ZZ"], "vague": "TID-9"})
    sans_erreur(at)
    assert metriques(at)["Lauréats"] == "3"


def test_filters_with_no_laureate_show_a_friendly_message():
    at = ouvrir(params={"region": "28"})
    sans_erreur(at)
    assert any("Aucun lauréat ne correspond" in i.value for i in at.info)


def test_reset_clears_filters_and_url():
    at = ouvrir(params={"region": "53", "programme": "TID"})
    at.sidebar.button[0].click().run()
    sans_erreur(at)
    assert metriques(at)["Lauréats"] == "25"
    assert "region" not in at.query_params


def test_wave_options_follow_the_programme():
    at = ouvrir(params={"programme": "DIAT", "vague": ["TID-1", "DIAT-2"]})
    sans_erreur(at)
    assert at.sidebar.multiselect(key="vague").options == ["DIAT – vague 1", "DIAT – vague 2"]
    assert at.sidebar.multiselect(key="vague").value == ["DIAT-2"]
