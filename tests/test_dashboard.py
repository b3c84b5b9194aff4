"""The home page (dashboard.py) and the shared filters it opens with: URL in, KPIs out."""

from __future__ import annotations

import pytest

from tests.appli import metriques, ouvrir, sans_erreur


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def test_home_opens_on_the_30_meur_of_tid():
    at = ouvrir()
    sans_erreur(at)
    m = metriques(at)
    assert m["Enveloppe"] == "30\u00a0M€"
    assert m["Attribué (publié)"] == "6,9\u00a0M€"
    assert m["Lauréats"] == "13"
    assert m["Couverture des montants"] == "23\u00a0%"
    assert m["Versé (publié)"] == "non publié"
    captions = " ".join(c.value for c in at.caption)
    assert "publié pour 3 projets sur 13" in captions
    assert at.sidebar.radio(key="programme").value == "TID"
    # written in the URL, so that a link copied from this page never reads as an old one
    assert at.query_params["programme"] == "TID"


def test_both_programmes_are_one_url_parameter_away():
    at = ouvrir(params={"programme": "tous"})
    sans_erreur(at)
    m = metriques(at)
    assert (m["Enveloppe"], m["Lauréats"], m["Attribué (publié)"]) == (
        "70\u00a0M€",
        "25",
        "11,6\u00a0M€",
    )
    assert m["Couverture des montants"] == "20\u00a0%"
    assert "publié pour 5 projets sur 25" in " ".join(c.value for c in at.caption)
    assert "Programme : TID et DIAT" in " ".join(c.value for c in at.caption)


def test_a_region_in_the_url_filters_the_kpis():
    at = ouvrir(params={"region": "53"})
    sans_erreur(at)
    m = metriques(at)
    assert m["Lauréats"] == "3"
    assert m["Attribué (publié)"] == "non publié"
    assert m["Reste à attribuer"] == "—"
    assert at.sidebar.multiselect(key="region").value == ["53"]
    assert "Région : Bretagne" in " ".join(c.value for c in at.caption)
    # a link made before TID became the default (no programme): it showed both, it still does
    assert at.sidebar.radio(key="programme").value == "tous"
    assert at.query_params["programme"] == "tous"


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
    assert at.query_params["programme"] == "TID"
    assert metriques(at)["Lauréats"] == "3"
    at.sidebar.radio(key="programme").set_value("tous").run()
    assert at.query_params["programme"] == "tous"
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
    at = ouvrir(params={"region": "53", "programme": "DIAT"})
    at.sidebar.button[0].click().run()
    sans_erreur(at)
    # back to the default scope: TID, nothing else
    assert metriques(at)["Lauréats"] == "13"
    assert "region" not in at.query_params
    assert at.query_params["programme"] == "TID"


def test_wave_options_follow_the_programme():
    at = ouvrir(params={"programme": "DIAT", "vague": ["TID-1", "DIAT-2"]})
    sans_erreur(at)
    assert at.sidebar.multiselect(key="vague").options == ["DIAT – vague 1", "DIAT – vague 2"]
    assert at.sidebar.multiselect(key="vague").value == ["DIAT-2"]


@pytest.mark.parametrize("programme", ["TID", "DIAT", "tous"])
def test_the_answer_comes_first_and_agrees_with_the_tiles(programme):
    """« Où en sont les 30 M€ ? » heads the page and quotes the KPI tiles' own figures."""
    at = ouvrir(params={"programme": programme})
    sans_erreur(at)
    m = metriques(at)
    assert at.subheader[0].value == f"Où en sont les {m['Enveloppe']} ?"
    reponse = at.markdown[0].value
    assert reponse.startswith(f"- **Enveloppe** : {m['Enveloppe']} en ")
    assert f"**Lauréats** : {m['Lauréats']}, dont " in reponse
    assert f"attribué {m['Attribué (publié)']}, " in reponse
    assert f"au plus {m['Reste à attribuer (au plus)'].removeprefix('≤ ')} à attribuer" in reponse
