"""Sentences of « Axes et thèmes »: totals, per-bar counts with French plurals."""

from __future__ import annotations

import pandas as pd

from tid import db
from tid.filtres import aucun
from tid.textes import axes_themes as t


def test_the_total_follows_the_measure(con_seed):
    kpi = db.run(con_seed, "kpi", **aucun()).iloc[0]
    assert t.total(kpi, "nb_projets") == "25 lauréats"
    assert t.total(kpi, "montant_attribue_eur").endswith("attribués publiés")
    assert (
        t.titre_barres(kpi, "nb_projets", "axe")
        == "Nombre de lauréats par axe – total : 25 lauréats"
    )


def test_bar_details_take_the_singular_for_one_project():
    frame = pd.DataFrame({"nb_projets": [1, 3], "nb_projets_attribution_publiee": [0, 2]})
    assert t.details(frame, "montant_attribue_eur") == [
        "1 projet, montant publié pour 0",
        "3 projets, montant publié pour 2",
    ]
    assert t.details(frame, "nb_projets") == ["0 avec montant publié", "2 avec montant publié"]
