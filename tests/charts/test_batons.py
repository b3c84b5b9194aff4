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


def test_bars_write_their_counts_under_the_category_and_the_value_alone_after_the_bar():
    # after the bar, « 6 · 2 avec montant publié » ran past a phone's chart: the value stays
    # there, the counts go under the category's name
    court = pd.DataFrame({"libelle": ["Axe 1", "Axe <2>"], "nb_projets": [3, 34]})
    fig = charts.barres(court, "libelle", "nb_projets", "T", detail=["1 avec montant publié"] * 2)
    assert list(fig.data[0].text) == ["3", "34"]
    assert fig.data[0].y[1].startswith("Axe &lt;2&gt;<br><span style=")
    assert fig.data[0].y[1].endswith(">1 avec montant publié</span>")
    assert list(fig.data[0].customdata[1]) == ["Axe &lt;2&gt;", "34 · 1 avec montant publié"]
    assert fig.layout.xaxis.range[1] == pytest.approx(34 * 1.35)
    long = pd.DataFrame({"libelle": ["Axe 1", "Axe 2"], "nb_projets": [7_943, 79_925]})
    fig = charts.barres(
        long, "libelle", "nb_projets", "T", detail=["6 310 avec montant publié"] * 2
    )
    assert list(fig.data[0].text) == ["7\u00a0943", "79\u00a0925"]
    assert fig.layout.xaxis.range[1] == pytest.approx(79_925 * 1.35)


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
    assert list(barres_nb.customdata)[::-1] == list(df["libelle"])
    assert list(barres_nb.x)[::-1] == [9, 4, 2, 9, 1]
    # the value after the bar, the coverage under the category's name (a phone's chart)
    noms = [nom for nom, _ in montants.customdata]
    textes = dict(zip(noms, montants.text, strict=True))
    ticks = dict(zip(noms, montants.y, strict=True))
    assert textes["Métropoles et Grand Paris"] == "1,6\u00a0M€"
    assert ticks["Métropoles et Grand Paris"].endswith(">publié pour 1 projet sur 9</span>")
    assert textes["Petites villes et territoires ruraux"] == "non publié"
    assert ticks["Petites villes et territoires ruraux"].endswith(
        ">publié pour 0 projet sur 2</span>"
    )
    assert textes["Échelle départementale ou régionale"] == "6,9\u00a0M€"
    assert list(barres_nb.y) == list(montants.y)


def test_repartition_names_types_without_laureate(con_seed):
    df = db.run(con_seed, "repartition", par="type_porteur", **{**aucun(), "programme": ["TID"]})
    fig = charts.repartition(df, "Titre")
    textes = dict(zip(fig.data[1].y, fig.data[1].text, strict=True))
    # no coverage line under a category without laureate
    assert textes["GIP"] == "aucun lauréat"
    assert json.loads(fig.to_json())["layout"]["separators"] == ",\u00a0"


@pytest.mark.parametrize("nom", golden.noms("batons"))
def test_figure_equals_its_golden_file(con_seed, nom):
    """Pins what the former make_subplots and update_* versions drew (now tests/golden/)."""
    golden.verifier(con_seed, nom)
