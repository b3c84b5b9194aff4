"""tid/exports/csv_excel.py: the fast CSV writer gives, byte for byte, the pandas writer's file
(issue 7); golden bytes."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from tests.golden import comparer
from tests.golden import exports as golden
from tests.golden.exports import COLONNES_PIEGE, TEXTES_PIEGES, piege
from tid import db, exports, synth
from tid.exports import cellules, csv_excel
from tid.filtres import aucun

# --- Helpers ---


def _identiques(df: pd.DataFrame, colonnes, golden_csv: str | None = None) -> None:
    """The column-wise writer gives the pandas writer's bytes (the former implementation, still
    shipped as its fallback), and those are the golden file's when the case has one."""
    attendu = csv_excel._csv_pandas(df, colonnes)
    obtenu = csv_excel._csv_par_colonnes(df, colonnes)
    if obtenu != attendu:
        paires = zip(attendu.split(b"\r\n"), obtenu.split(b"\r\n"), strict=False)
        a, o = next(((a, o) for a, o in paires if a != o), (attendu[-80:], obtenu[-80:]))
        pytest.fail(f"octets différents :\nattendu {a!r}\nobtenu  {o!r}")
    assert exports.csv_excel_fr(df, colonnes) == attendu
    if golden_csv is not None:
        comparer.octets_egaux_au_fichier(attendu, golden.DOSSIER / f"{golden_csv}.csv")


# --- (a) the real seed, (b) a synthetic base, (c) hand-made nasty values ---


@pytest.mark.parametrize("nom", list(golden.FILTRES))
def test_seed_projets_et_registre(con_seed, nom):
    filtres = {**aucun(), **golden.FILTRES[nom]}
    for objet in ("projets", "registre"):
        requete, colonnes, _ = exports.OBJETS[objet]
        frame = db.run(con_seed, requete, **filtres, recherche=None, limite=None)
        assert len(frame) > 0
        _identiques(frame, colonnes, f"seed.{objet}.{nom}")


def test_fixtures_avec_formule(con_fixtures):
    frame = db.run(con_fixtures, "projets", **aucun(), recherche=None, limite=None)
    assert frame["nom_projet"].str.startswith("=").any()
    _identiques(frame, exports.ENTETES_EXPORT_PROJETS, "fixtures.projets")


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
    _identiques(piege(), COLONNES_PIEGE, "piege")


def test_titres_pieges_et_index_quelconque():
    frame, titres = golden.titres_pieges()
    assert list(frame.index[:2]) == [7, 3] and "" in titres.values()
    assert set(titres.values()) >= set(TEXTES_PIEGES[1:14])
    _identiques(frame, titres, "titres_pieges")


def test_aucune_ligne():
    _identiques(piege().iloc[0:0], COLONNES_PIEGE, "aucune_ligne")


def test_stockage_python_des_chaines():
    with pd.option_context("mode.string_storage", "python"):
        _identiques(piege(), COLONNES_PIEGE, "piege")


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


@pytest.mark.parametrize("nom", list(golden.cas_pandas()))
def test_retombe_sur_pandas_quand_il_faut(nom):
    """One column, duplicate titles, a time zone, year 999, booleans, nullable floats."""
    frame, colonnes = golden.cas_pandas()[nom]
    with pytest.raises(csv_excel._HorsCheminRapide):
        csv_excel._csv_par_colonnes(frame, colonnes)
    obtenu = exports.csv_excel_fr(frame, colonnes)
    comparer.octets_egaux_au_fichier(obtenu, golden.DOSSIER / f"pandas.{nom}.csv")


# --- The two rules the Arrow code restates, checked against their Python originals ---


def test_motif_formule_egale_debut_formule():
    for code in range(0x3000):
        texte = chr(code) + "x"
        assert (re.match(csv_excel._MOTIF_FORMULE, texte) is not None) == texte.startswith(
            cellules.DEBUT_FORMULE
        ), repr(texte)


def test_guillemets_comme_csv_writer():
    for code in range(0x3000):
        texte = f"a{chr(code)}b"
        tampon = io.StringIO()
        csv.writer(tampon, delimiter=";", lineterminator="\r\n").writerow([texte, ""])
        assert tampon.getvalue() == csv_excel._guillemeter(texte) + ";\r\n", repr(texte)
        assert (re.search(csv_excel._MOTIF_GUILLEMETS, texte) is not None) == (
            csv_excel._guillemeter(texte) != texte
        )


def test_writer_pandas_sur_un_exemple_connu():
    """The pandas writer itself is pinned by hand, as the golden files pin it on larger cases."""
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
    assert csv_excel._csv_pandas(frame, colonnes) == attendu
    assert exports.csv_excel_fr(frame, colonnes) == attendu
