"""tid/charts/batons.py: bars carry French labels, unknown amounts say so, long labels fit."""

import json

import pandas as pd
import pytest

from tests.golden import figures as golden
from tid import charts, db
from tid.filtres import aucun


def test_chaine_par_vague_marks_unpublished_amounts(con_seed):
    vagues = db.run(con_seed, "chaine_par_vague", **aucun())
    fig = charts.chaine_par_vague(vagues, "Titre")
    noms = [t.name for t in fig.data]
    assert noms == [nom for _, nom in charts.ETAPES]
    attribue = fig.data[1]
    assert list(attribue.text) == ["2,6\u00a0M€", "4,3\u00a0M€", "n. p.", "4,7\u00a0M€"]
    assert list(fig.data[3].text) == ["n. p."] * 4
    assert list(fig.data[3].customdata) == ["non publié"] * 4
    assert fig.layout.separators == ",\u00a0"
    assert "TID – vague 1<br>5 lauréats" in list(attribue.x)


def test_chaine_par_vague_with_no_wave_is_an_empty_figure():
    vide = pd.DataFrame(
        columns=["vague_libelle", "nb_projets", *[c for c, _ in charts.ETAPES]],
    )
    fig = charts.chaine_par_vague(vide, "Vide")
    assert all(len(t.x) == 0 for t in fig.data)


def test_bars_leave_room_for_long_labels():
    """35 % after the longest bar for the real labels; more for the long ones of a big base."""
    court = pd.DataFrame({"libelle": ["Axe 1", "Axe 2"], "nb_projets": [3, 34]})
    fig = charts.barres(court, "libelle", "nb_projets", "T", detail=["1 avec montant publié"] * 2)
    assert fig.layout.xaxis.range[1] == pytest.approx(34 * 1.35)
    long = pd.DataFrame({"libelle": ["Axe 1", "Axe 2"], "nb_projets": [7_943, 79_925]})
    detail = ["6 310 avec montant publié", "63 864 avec montant publié"]
    fig = charts.barres(long, "libelle", "nb_projets", "T", detail=detail)
    assert fig.layout.xaxis.range[1] > 79_925 * 1.45


def test_repartition_puts_counts_beside_published_amounts(con_seed):
    df = db.run(con_seed, "repartition", par="type_territoire", **aucun())
    titre = charts.titre_repartition("type de territoire", df)
    assert titre == (
        "Lauréats et montant attribué publié par type de territoire – total : 25 lauréats, "
        "11\u202f580\u202f000\u00a0€ attribués (publié pour 5 projets sur 25)"
    )
    fig = charts.repartition(df, titre)
    barres_nb, montants = fig.data
    # plotly draws the first category at the bottom: the lists are in reverse table order
    assert list(barres_nb.y)[::-1] == list(df["libelle"])
    assert list(barres_nb.x)[::-1] == [9, 4, 2, 9, 1]
    textes = dict(zip(montants.y, montants.text, strict=True))
    assert textes["Métropoles et Grand Paris"] == "1,6\u00a0M€ · publié pour 1 projet sur 9"
    assert textes["Petites villes et territoires ruraux"] == "non publié (2 lauréats)"
    assert textes["Échelle départementale ou régionale"] == (
        "6,9\u00a0M€ · publié pour 3 projets sur 9"
    )


def test_repartition_names_types_without_laureate(con_seed):
    df = db.run(con_seed, "repartition", par="type_porteur", **{**aucun(), "programme": ["TID"]})
    fig = charts.repartition(df, "Titre")
    textes = dict(zip(fig.data[1].y, fig.data[1].text, strict=True))
    assert textes["GIP"] == "aucun lauréat"
    assert json.loads(fig.to_json())["layout"]["separators"] == ",\u00a0"


@pytest.mark.parametrize("nom", golden.noms("batons"))
def test_figure_equals_its_golden_file(con_seed, nom):
    """Pins what the former make_subplots and update_* versions drew (now tests/golden/)."""
    golden.verifier(con_seed, nom)
