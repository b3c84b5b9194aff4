"""Tests de tid.fmt : chaînes exactes, espaces insécables compris."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tid import fmt

MANQUANTS = [None, float("nan"), np.nan, pd.NA, pd.NaT]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (2_600_000, 0, "2\u202f600\u202f000\u00a0€"),
        (2_600_000, 2, "2\u202f600\u202f000,00\u00a0€"),
        (1_234_567.5, 2, "1\u202f234\u202f567,50\u00a0€"),
        (1_234_567.4, 0, "1\u202f234\u202f567\u00a0€"),
        (950, 0, "950\u00a0€"),
        (0, 0, "0\u00a0€"),
        (0.0, 2, "0,00\u00a0€"),
        (-1500, 0, "-1\u202f500\u00a0€"),
        (-1500.25, 2, "-1\u202f500,25\u00a0€"),
        (np.int64(30_000_000), 0, "30\u202f000\u202f000\u00a0€"),
        (np.float64(30_000_000.0), 0, "30\u202f000\u202f000\u00a0€"),
    ],
)
def test_euros(value, decimals, expected):
    assert fmt.euros(value, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (30_000_000, "30\u00a0M€"),
        (30_000_000.0, "30\u00a0M€"),
        (11_580_000, "11,6\u00a0M€"),
        (1_580_000, "1,6\u00a0M€"),
        (1_000_000, "1\u00a0M€"),
        (2.5e9, "2,5\u00a0Md€"),
        (1_000_000_000, "1\u00a0Md€"),
        (2.5e12, "2\u202f500\u00a0Md€"),
        (600_000, "600\u00a0k€"),
        (612_345, "612,3\u00a0k€"),
        (1_000, "1\u00a0k€"),
        (1_500, "1,5\u00a0k€"),
        (999_949, "999,9\u00a0k€"),
        (999_960, "1\u00a0M€"),
        (999_999, "1\u00a0M€"),
        (999.96, "1\u00a0k€"),
        (950, "950\u00a0€"),
        (950.4, "950,4\u00a0€"),
        (999, "999\u00a0€"),
        (0, "0\u00a0€"),
        (0.0, "0\u00a0€"),
        (-0.04, "0\u00a0€"),
        (-950, "-950\u00a0€"),
        (-1_580_000, "-1,6\u00a0M€"),
        (-2.5e9, "-2,5\u00a0Md€"),
        (np.int64(11_580_000), "11,6\u00a0M€"),
        (np.float64(600_000.0), "600\u00a0k€"),
    ],
)
def test_euros_compact(value, expected):
    assert fmt.euros_compact(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (16, 0, "16"),
        (1_234_567, 0, "1\u202f234\u202f567"),
        (1_234_567.891, 2, "1\u202f234\u202f567,89"),
        (16.6, 0, "17"),
        (0, 0, "0"),
        (-1500, 0, "-1\u202f500"),
        (-2.5, 1, "-2,5"),
        (np.int64(42), 0, "42"),
    ],
)
def test_nombre(value, decimals, expected):
    assert fmt.nombre(value, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("ratio", "decimals", "expected"),
    [
        (0.38, 0, "38\u00a0%"),
        (0.387, 0, "39\u00a0%"),
        (0.387, 1, "38,7\u00a0%"),
        (1, 0, "100\u00a0%"),
        (12.5, 0, "1\u202f250\u00a0%"),
        (0, 0, "0\u00a0%"),
        (0.0, 1, "0,0\u00a0%"),
        (-0.05, 0, "-5\u00a0%"),
        (-0.125, 1, "-12,5\u00a0%"),
    ],
)
def test_pourcent(ratio, decimals, expected):
    assert fmt.pourcent(ratio, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1.92, 1, "1,9"),
        (2, 1, "2,0"),
        (1.92, 2, "1,92"),
        (0, 1, "0,0"),
        (-0.5, 1, "-0,5"),
    ],
)
def test_ratio(value, decimals, expected):
    assert fmt.ratio(value, decimals=decimals) == expected


def test_ratio_decimales_par_defaut():
    assert fmt.ratio(1.92) == "1,9"


@pytest.mark.parametrize(
    "fonction", [fmt.euros, fmt.euros_compact, fmt.nombre, fmt.pourcent, fmt.ratio]
)
@pytest.mark.parametrize("value", MANQUANTS, ids=repr)
def test_valeur_manquante(fonction, value):
    assert fonction(value) == "non publié"
    assert fonction(value) == fmt.NON_PUBLIE


@pytest.mark.parametrize(
    ("value", "court", "long"),
    [
        (dt.date(2022, 10, 25), "25 oct. 2022", "25 octobre 2022"),
        (dt.date(2022, 5, 5), "5 mai 2022", "5 mai 2022"),
        (dt.date(2023, 2, 1), "1 févr. 2023", "1 février 2023"),
        (dt.datetime(2022, 10, 25, 23, 59), "25 oct. 2022", "25 octobre 2022"),
        (pd.Timestamp("2022-10-25 08:30"), "25 oct. 2022", "25 octobre 2022"),
        (np.datetime64("2022-10-25"), "25 oct. 2022", "25 octobre 2022"),
        ("2022-10-25", "25 oct. 2022", "25 octobre 2022"),
        (" 2022-10-25 ", "25 oct. 2022", "25 octobre 2022"),
        ("2022-10-25T10:15:00", "25 oct. 2022", "25 octobre 2022"),
        ("2022-10-25 10:15:00+02:00", "25 oct. 2022", "25 octobre 2022"),
    ],
)
def test_dates(value, court, long):
    assert fmt.date_fr(value) == court
    assert fmt.date_longue(value) == long


@pytest.mark.parametrize("fonction", [fmt.date_fr, fmt.date_longue])
@pytest.mark.parametrize("value", [*MANQUANTS, np.datetime64("NaT"), "", "  "], ids=repr)
def test_date_manquante(fonction, value):
    assert fonction(value) == "date non publiée"


@pytest.mark.parametrize("fonction", [fmt.date_fr, fmt.date_longue])
def test_date_illisible(fonction):
    with pytest.raises(ValueError):
        fonction("25/10/2022")


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((5, 25), {}, "publié pour 5 projets sur 25"),
        ((1, 25), {}, "publié pour 1 projet sur 25"),
        ((0, 25), {}, "publié pour 0 projet sur 25"),
        ((25, 25), {}, "publié pour 25 projets sur 25"),
        ((1, 1), {}, "publié pour 1 projet sur 1"),
        ((1_200, 3_400), {}, "publié pour 1\u202f200 projets sur 3\u202f400"),
        ((0, 0), {}, "aucun projet"),
        ((3, 10), {"objet": "lauréats"}, "publié pour 3 lauréats sur 10"),
        ((1, 10), {"objet": "lauréats"}, "publié pour 1 lauréat sur 10"),
        ((0, 0), {"objet": "lauréats"}, "aucun lauréat"),
        ((2, 7), {"objet": "opérations", "feminin": True}, "publié pour 2 opérations sur 7"),
        ((0, 0), {"objet": "opérations", "feminin": True}, "aucune opération"),
    ],
)
def test_couverture(args, kwargs, expected):
    assert fmt.couverture(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2\u202f600\u202f000\u00a0€", "2\u00a0600\u00a0000\u00a0€"),
        ("30\u00a0M€", "30\u00a0M€"),
        ("sans espace", "sans espace"),
        ("", ""),
    ],
)
def test_pour_plotly(text, expected):
    assert fmt.pour_plotly(text) == expected


def test_pour_plotly_sur_sortie_babel():
    assert "\u202f" not in fmt.pour_plotly(fmt.euros(1_234_567, decimals=2))


@pytest.mark.parametrize(
    ("n", "attendu"), [(0, "0 lot"), (1, "1 lot"), (2, "2 lots"), (1500, "1\u202f500 lots")]
)
def test_compte(n, attendu):
    assert fmt.compte(n, "lot", "lots") == attendu


@pytest.mark.parametrize(("n", "attendu"), [(0, "n'a"), (1, "n'a"), (2, "n'ont"), (-3, "n'ont")])
def test_accord(n, attendu):
    assert fmt.accord(n, "n'a", "n'ont") == attendu


def test_date_heure_and_texte():
    assert fmt.date_heure(dt.datetime(2026, 11, 29, 6, 22, 5)) == "29 nov. 2026, 06:22"
    assert fmt.date_heure(None) == "date non publiée"
    assert fmt.texte(None) == "non publié"
    assert fmt.texte("  ") == "non publié"
    assert fmt.texte("Lyon") == "Lyon"


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [(dt.date(2022, 1, 1), "janv. 2022"), ("2023-07-01", "juil. 2023"), (None, "date non publiée")],
)
def test_mois(valeur, attendu):
    assert fmt.mois(valeur) == attendu
