"""tid/charts/croisements.py: the sunburst counts each axis once, with or without project leaves."""

import pytest

from tests.golden import figures as golden
from tid import charts, db
from tid.filtres import aucun


def _racines(fig) -> dict:
    trace = fig.data[0]
    return {i: v for i, p, v in zip(trace.ids, trace.parents, trace.values, strict=True) if p == ""}


def test_soleil_without_project_leaves_sums_theme_counts(con_seed):
    agrege = db.run(con_seed, "axe_theme", **aucun(), avec_projets=False)
    detail = db.run(con_seed, "axe_theme", **aucun(), avec_projets=True)
    assert agrege["projet_id"].isna().all() and detail["projet_id"].notna().all()
    assert agrege["nb_projets"].sum() == len(detail)  # the same (project, theme) pairs
    fig_agrege, fig_detail = charts.soleil(agrege, "A"), charts.soleil(detail, "D")
    racines, racines_detail = _racines(fig_agrege), _racines(fig_detail)
    assert racines == racines_detail == {"Axe 1": 3, "Axe 2": 34, "Axe 3": 3, "Axe non publié": 4}
    assert len(fig_agrege.data[0].ids) < len(fig_detail.data[0].ids)


@pytest.mark.parametrize("nom", golden.noms("croisements"))
def test_figure_equals_its_golden_file(con_seed, nom):
    golden.verifier(con_seed, nom)
