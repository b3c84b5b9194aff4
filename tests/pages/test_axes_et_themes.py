"""Page « Axes et thèmes » in AppTest: its breakdowns add up to the KPI of the same filters."""

from __future__ import annotations

import pytest

from tests.appli import ouvrir, sans_erreur
from tid import vocabulaire

PAGE = "pages/axes-et-themes.py"
LAUREATS = vocabulaire.LIBELLES["nb_projets"]


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def _tableaux(at) -> list:
    return [d.value for d in at.dataframe]


@pytest.mark.parametrize("params", [{}, {"programme": "TID"}, {"region": ["11", "84"]}])
def test_the_axis_table_adds_up_to_the_laureates_of_the_same_filters(params):
    at = ouvrir(PAGE, params)
    sans_erreur(at)
    par_axe = _tableaux(at)[0]
    # « Lauréats » is the page's count under these filters, as on the home page's KPI
    total = sum(int(v.replace("\u202f", "")) for v in par_axe[LAUREATS])
    accueil = ouvrir(None, params)
    kpi = {m.label: m.value for m in accueil.metric}
    assert str(total) == kpi["Lauréats"].replace("\u202f", "")


def test_a_multi_theme_project_counts_in_each_theme_and_the_caption_says_so():
    at = ouvrir(PAGE, {"programme": "tous"})
    sans_erreur(at)
    legendes = " ".join(c.value for c in at.caption)
    assert "compte une fois dans chacun" in legendes
    assert "total : 25 lauréats" in legendes or "25 lauréats" in legendes
    assert [h.value for h in at.main.header] == [
        "Par axe de l'appel à projets",
        "Par thème",
        "Axe × type de territoire",
        "Axe → thème → projet",
    ]


def test_the_sunburst_table_lists_projects_under_300_laureates():
    at = ouvrir(PAGE)
    feuilles = next(t for t in _tableaux(at) if vocabulaire.LIBELLES["theme_libelle"] in t)
    assert vocabulaire.LIBELLES["projet_libelle"] in feuilles.columns
    assert len(feuilles) >= 25  # one row per (project, theme) pair
