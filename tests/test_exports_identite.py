"""Issue 7: the fast CSV writer gives, byte for byte, the file the former pandas writer gave."""

from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from tid import db, exports, synth
from tid.filtres import aucun

# --- The former implementation, frozen here as the reference (tid/exports.py before issue 7) ---
_DEBUT_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _preparer_reference(df: pd.DataFrame, colonnes) -> pd.DataFrame:
    sortie = pd.DataFrame(index=df.index)
    for colonne, titre in colonnes.items():
        valeurs = df[colonne]
        if colonne.startswith("date_"):
            sortie[titre] = pd.to_datetime(valeurs)
        elif colonne.endswith("_eur"):
            sortie[titre] = pd.to_numeric(valeurs, errors="coerce")
        elif colonne.endswith("_id") and pd.api.types.is_numeric_dtype(valeurs):
            sortie[titre] = valeurs.astype("Int64")
        else:
            texte = valeurs.astype("string")
            formule = texte.str.startswith(_DEBUT_FORMULE).fillna(False)
            texte = texte.mask(formule, "'" + texte)
            sortie[titre] = texte.astype(object).where(texte.notna(), None)
    return sortie.reset_index(drop=True)


def csv_reference(df: pd.DataFrame, colonnes) -> bytes:
    table = _preparer_reference(df, colonnes)
    texte = table.to_csv(
        sep=";",
        decimal=",",
        index=False,
        float_format="%.2f",
        date_format="%d/%m/%Y",
        lineterminator="\r\n",
    )
    return texte.encode("utf-8-sig")


# --- Helpers ---


def _identiques(df: pd.DataFrame, colonnes, rapide: bool = True) -> None:
    """Same bytes; `rapide`: by the column-wise writer itself, not its pandas fallback."""
    attendu = csv_reference(df, colonnes)
    if rapide:
        obtenu = exports._csv_par_colonnes(df, colonnes)
    else:
        with pytest.raises(exports._HorsCheminRapide):
            exports._csv_par_colonnes(df, colonnes)
        obtenu = exports.csv_excel_fr(df, colonnes)
    if obtenu != attendu:
        paires = zip(attendu.split(b"\r\n"), obtenu.split(b"\r\n"), strict=False)
        a, o = next(((a, o) for a, o in paires if a != o), (attendu[-80:], obtenu[-80:]))
        pytest.fail(f"octets différents :\nattendu {a!r}\nobtenu  {o!r}")
    assert exports.csv_excel_fr(df, colonnes) == attendu


TEXTES_PIEGES = [
    "Lyon",
    "",
    "a;b",
    'il dit "oui"',
    '"',
    ";",
    "ligne 1\nligne 2",
    "retour\r chariot",
    "fin de ligne\r\n",
    "=SUM(A1)",
    "+33 1 23",
    "-2",
    "@cmd",
    "\tx",
    "\rx",
    "\nx",
    " =pas en tête",
    "a=b",
    "'=déjà",
    '="a;b"',
    "-",
    "Île-de-France, Côte-d'Or, Œuvre, ß, 日本, emoji 😀",
    "nul\x00dedans",
    "tab\tdedans",
    "\u2028séparateur",
    "  espaces  ",
    "None",
    "nan",
    "NaT",
]
MONTANTS_PIEGES = [
    0.0,
    -0.0,
    0.005,
    0.015,
    0.025,
    1.005,
    2.675,
    0.125,
    0.375,
    -0.125,
    -0.005,
    -0.001,
    99.995,
    -99.995,
    342291.97,
    -1234567.89,
    1e15 + 0.125,
    2.0**53,
    1e20,
    -1e20,
    1.7976931348623157e308,
    5e-324,
    math.inf,
    -math.inf,
    math.nan,
    None,
]
MONTANTS_FLOAT32 = [
    m for m in MONTANTS_PIEGES if m is None or not abs(m) < math.inf or abs(m) < 1e38
]


def _piege(n: int = 200) -> pd.DataFrame:
    """Every kind of value the export columns can hold, the nasty ones repeated in turn."""

    def tour(valeurs):
        return [valeurs[i % len(valeurs)] for i in range(n)]

    dates = [
        pd.Timestamp("2022-10-25"),
        pd.NaT,
        pd.Timestamp("1969-12-31 23:59:59.999999"),
        pd.Timestamp("1900-02-28 12:00"),
        pd.Timestamp("2099-12-31 00:00:01"),
        pd.Timestamp("2024-02-29"),
        None,
    ]
    return pd.DataFrame(
        {
            "projet_id": pd.Series(tour([*TEXTES_PIEGES, None]), dtype="str"),
            "programme_id": pd.Series(tour([1, 2, None, 3]), dtype="Int64"),
            "vague_id": tour([np.nan, 1.0, 2.0]),
            "nom_projet": pd.Series(tour([*TEXTES_PIEGES, None, pd.NA]), dtype=object),
            "porteur": pd.Series(tour([*TEXTES_PIEGES, pd.NA]), dtype="string[python]"),
            "siren_porteur": tour([None, 200052264, -5, 1.5, True, "=1+1"]),
            "themes": pd.Series([None] * n, dtype=object),
            "date_annonce": pd.to_datetime(pd.Series(tour(dates))),
            "date_convention": tour(["2023-05-16", None, "1999-01-02", ""]),
            "montant_attribue_eur": tour(MONTANTS_PIEGES),
            "montant_verse_eur": pd.Series(tour(MONTANTS_FLOAT32), dtype="float32"),
            "cout_total_eur": tour([1, -2, 300_000, 0]),
            "montant_conventionne_eur": pd.Series(tour([1, None, -7]), dtype="Int64"),
            "notes": tour(["12,5", "abc", None, "-3.005", "1e3"]),
        }
    )


COLONNES_PIEGE = {colonne: f"Titre {colonne}" for colonne in _piege(1).columns}


# --- (a) the real seed, (b) a synthetic base, (c) hand-made nasty values ---


@pytest.mark.parametrize(
    "choix", [{}, {"region": ["53"]}, {"programme": ["TID"]}, {"theme": ["energie"]}], ids=str
)
def test_seed_projets_et_registre(con_seed, choix):
    filtres = {**aucun(), **choix}
    for objet in ("projets", "registre"):
        requete, colonnes, _ = exports.OBJETS[objet]
        frame = db.run(con_seed, requete, **filtres, recherche=None, limite=None)
        assert len(frame) > 0
        _identiques(frame, colonnes)


def test_fixtures_avec_formule(con_fixtures):
    frame = db.run(con_fixtures, "projets", **aucun(), recherche=None, limite=None)
    assert frame["nom_projet"].str.startswith("=").any()
    _identiques(frame, exports.ENTETES_EXPORT_PROJETS)


@pytest.fixture(scope="module")
def base_synthetique(tmp_path_factory):
    return synth.generer(3000, 12000, 7, tmp_path_factory.mktemp("synth") / "synth.duckdb")


def test_base_synthetique(base_synthetique):
    con = db.connect(base_synthetique, read_only=True)
    try:
        for objet in ("projets", "registre"):
            requete, colonnes, _ = exports.OBJETS[objet]
            frame = db.run(con, requete, **aucun(), recherche=None, limite=None)
            assert len(frame) > 1000
            _identiques(frame, colonnes)
    finally:
        con.close()


def test_valeurs_piegees():
    _identiques(_piege(), COLONNES_PIEGE)


def test_titres_pieges_et_index_quelconque():
    frame = _piege(50)
    frame.index = [7, 3] * 25
    titres = {c: t for c, t in zip(frame.columns, TEXTES_PIEGES[1:], strict=False)}
    titres["projet_id"] = ""
    _identiques(frame[list(titres)], titres)


def test_aucune_ligne():
    _identiques(_piege().iloc[0:0], COLONNES_PIEGE)


def test_stockage_python_des_chaines():
    with pd.option_context("mode.string_storage", "python"):
        _identiques(_piege(), COLONNES_PIEGE)


@pytest.mark.parametrize("graine", range(5))
def test_montants_et_textes_au_hasard(graine):
    rng = np.random.default_rng(graine)
    n = 20_000
    alphabet = list('ab;"\r\n=+-@\t é€,.0')
    montants = np.concatenate(
        [
            rng.uniform(-1e7, 1e7, n // 4),
            np.round(rng.uniform(-1e6, 1e6, n // 4), 2),
            (rng.integers(-(10**8), 10**8, n // 4) + 0.5) / 100,  # half cents
            rng.integers(0, 2**64, n // 4, dtype=np.uint64).view(np.float64),  # any bits
        ]
    )
    frame = pd.DataFrame(
        {
            "nom_projet": ["".join(rng.choice(alphabet, rng.integers(0, 6))) for _ in range(n)],
            "montant_eur": montants,
            "date_mouvement": pd.to_datetime(rng.integers(-(10**9), 4 * 10**9, n), unit="s"),
        }
    )
    _identiques(frame, {"nom_projet": "Projet", "montant_eur": "M", "date_mouvement": "D"})


# --- Inputs left to the pandas writer: same bytes, by the fallback ---


def test_retombe_sur_pandas_quand_il_faut():
    frame = _piege(30)
    _identiques(frame, {"porteur": "Porteur"}, rapide=False)  # one column
    _identiques(frame, {"porteur": "X", "notes": "X"}, rapide=False)  # duplicate titles
    paris = pd.DataFrame(
        {
            "date_annonce": pd.to_datetime(["2022-10-25 23:30"] * 3).tz_localize("Europe/Paris"),
            "porteur": ["a", "b", "c"],
        }
    )
    _identiques(paris, {"date_annonce": "D", "porteur": "P"}, rapide=False)
    an_mil = pd.DataFrame(
        {
            "date_annonce": pd.Series([datetime(999, 1, 2), datetime(2022, 1, 1)], dtype="M8[s]"),
            "p": ["a", "b"],
        }
    )
    _identiques(an_mil, {"date_annonce": "D", "p": "P"}, rapide=False)
    booleens = pd.DataFrame({"montant_eur": [True, False], "p": ["a", "b"]})
    _identiques(booleens, {"montant_eur": "M", "p": "P"}, rapide=False)
    nullables = pd.DataFrame({"montant_eur": pd.array([1.5, None], "Float64"), "p": ["a", "b"]})
    _identiques(nullables, {"montant_eur": "M", "p": "P"}, rapide=False)


# --- The two rules the Arrow code restates, checked against their Python originals ---


def test_motif_formule_egale_debut_formule():
    for code in range(0x3000):
        texte = chr(code) + "x"
        assert (re.match(exports._MOTIF_FORMULE, texte) is not None) == texte.startswith(
            exports._DEBUT_FORMULE
        ), repr(texte)


def test_guillemets_comme_csv_writer():
    for code in range(0x3000):
        texte = f"a{chr(code)}b"
        tampon = io.StringIO()
        csv.writer(tampon, delimiter=";", lineterminator="\r\n").writerow([texte, ""])
        assert tampon.getvalue() == exports._guillemeter(texte) + ";\r\n", repr(texte)
        assert (re.search(exports._MOTIF_GUILLEMETS, texte) is not None) == (
            exports._guillemeter(texte) != texte
        )


def test_reference_sur_un_exemple_connu():
    """The reference itself is pinned, so the comparisons above compare against the real thing."""
    frame = pd.DataFrame(
        {
            "nom_projet": ["=x", 'a;"b"', None],
            "montant_eur": [0.005, -0.0, None],
            "date_annonce": [datetime(2023, 5, 16, 13), None, date(1999, 1, 2)],
        }
    )
    attendu = (
        "\ufeffProjet;Montant (€);Date\r\n"
        "'=x;0,01;16/05/2023\r\n"
        '"a;""b""";-0,00;\r\n'
        ";;02/01/1999\r\n"
    ).encode()
    colonnes = {"nom_projet": "Projet", "montant_eur": "Montant (€)", "date_annonce": "Date"}
    assert csv_reference(frame, colonnes) == attendu
    assert exports.csv_excel_fr(frame, colonnes) == attendu
