"""Every page runs in AppTest without an exception; the URL filters reach the KPIs."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tid import components, db

APP = str(db.ROOT / "dashboard.py")
PAGES = sorted(p.relative_to(db.ROOT).as_posix() for p in (db.ROOT / "vues").glob("*.py"))


def lancer(base, params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for cle, valeur in (params or {}).items():
        at.query_params[cle] = valeur
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def sans_erreur(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert components.ERREUR_INATTENDUE not in [e.value for e in at.error]


def metriques(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(base, page):
    sans_erreur(lancer(base, page=page))


def test_home_shows_the_real_figures(base):
    at = lancer(base)
    sans_erreur(at)
    m = metriques(at)
    assert m["Enveloppe"] == "70\u00a0M€"
    assert m["Attribué (publié)"] == "11,6\u00a0M€"
    assert m["Lauréats"] == "25"
    assert m["Couverture des montants"] == "20\u00a0%"
    assert m["Versé (publié)"] == "non publié"
    captions = " ".join(c.value for c in at.caption)
    assert "publié pour 5 projets sur 25" in captions


def test_a_region_in_the_url_filters_the_kpis(base):
    at = lancer(base, {"region": "53"})
    sans_erreur(at)
    m = metriques(at)
    assert m["Lauréats"] == "3"
    assert m["Attribué (publié)"] == "non publié"
    assert m["Reste à attribuer"] == "—"
    assert at.sidebar.multiselect(key="region").value == ["53"]
    assert "Région : Bretagne" in " ".join(c.value for c in at.caption)


def test_programme_in_the_url_sets_the_scope(base):
    at = lancer(base, {"programme": "TID"})
    sans_erreur(at)
    m = metriques(at)
    assert (m["Enveloppe"], m["Lauréats"], m["Attribué (publié)"]) == (
        "30\u00a0M€",
        "13",
        "6,9\u00a0M€",
    )
    assert m["Reste à attribuer (au plus)"] == "≤ 23,1\u00a0M€"


def test_changing_a_filter_updates_the_url(base):
    at = lancer(base)
    at.sidebar.multiselect(key="region").set_value(["11", "84"]).run()
    sans_erreur(at)
    assert at.query_params["region"] == ["11", "84"]
    assert metriques(at)["Lauréats"] == "10"


def test_unknown_codes_in_the_url_are_ignored(base):
    at = lancer(base, {"region": ["53", "ZZ"], "vague": "TID-9"})
    sans_erreur(at)
    assert metriques(at)["Lauréats"] == "3"


def test_filters_with_no_laureate_show_a_friendly_message(base):
    at = lancer(base, {"region": "28"})
    sans_erreur(at)
    assert any("Aucun lauréat ne correspond" in i.value for i in at.info)


def test_reset_clears_filters_and_url(base):
    at = lancer(base, {"region": "53", "programme": "TID"})
    at.sidebar.button[0].click().run()
    sans_erreur(at)
    assert metriques(at)["Lauréats"] == "25"
    assert "region" not in at.query_params


def test_wave_options_follow_the_programme(base):
    at = lancer(base, {"programme": "DIAT", "vague": ["TID-1", "DIAT-2"]})
    sans_erreur(at)
    assert at.sidebar.multiselect(key="vague").options == ["DIAT – vague 1", "DIAT – vague 2"]
    assert at.sidebar.multiselect(key="vague").value == ["DIAT-2"]


def test_no_legacy_pages_folder_next_to_the_entry_point():
    """A `pages/` folder beside dashboard.py switches Streamlit 1.67 to its legacy multipage mode
    for each process's first run: a page whose URL matched a file name ran without dashboard.py
    (no filters, no error guard), and a first deep link showed « Page not found »."""
    assert not (db.ROOT / "pages").exists()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_inside_the_frame(base, page):
    """Every page runs inside dashboard.py: the sidebar filters are there and apply."""
    at = lancer(base, {"region": "53"}, page=page)
    assert at.sidebar.multiselect(key="region").value == ["53"]


def test_vagues_names_the_undated_milestones_from_the_data(base):
    at = lancer(base, page="vues/vagues.py")
    sans_erreur(at)
    legende = next(c.value for c in at.caption if c.value.startswith("Dates publiées"))
    assert "DIAT – vague 1 (ouverture, clôture)" in legende
    assert "TID – vague 1" not in legende.split("non datés")[1].split(")")[0]
    at = lancer(base, {"programme": "TID"}, page="vues/vagues.py")
    legende = next(c.value for c in at.caption if c.value.startswith("Dates publiées"))
    assert "non datés" not in legende  # every TID milestone is dated
