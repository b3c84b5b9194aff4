"""tid/synth.py and `python -m tid synth`: counts, « fictif » flag, refusal of the real base,
reproducibility, integrity; and a reader process seeing a version another process published."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from tid import check, db, synth
from tid.__main__ import main
from tid.filtres import aucun

from .db.outils import processus_lecteur

NB_PROJETS, NB_MOUVEMENTS = 300, 1_500


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m tid ...` in a fresh process, as a maintainer types it."""
    return subprocess.run(
        [sys.executable, "-m", "tid", *args],
        cwd=db.ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def base_fictive(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "fictive.duckdb"
    resultat = cli(
        "synth",
        "--projects",
        str(NB_PROJETS),
        "--events",
        str(NB_MOUVEMENTS),
        "--seed",
        "7",
        "--db",
        str(path),
    )
    assert resultat.returncode == 0, resultat.stderr
    assert "Base fictive écrite" in resultat.stdout
    return path


@pytest.fixture
def con_fictive(base_fictive):
    con = db.connect(base_fictive)
    yield con
    con.close()


def _propre(ligne: dict) -> dict:
    """NaN is not equal to itself: missing values become None so that dicts compare."""
    return {cle: None if pd.isna(valeur) else valeur for cle, valeur in ligne.items()}


def chiffres(path) -> dict:
    """The figures a reader sees: KPI row and one row per wave, filters off."""
    con = db.connect(path)
    try:
        kpi = _propre(db.run(con, "kpi", **aucun()).iloc[0].to_dict())
        vagues = [_propre(v) for v in db.run(con, "chaine_par_vague", **aucun()).to_dict("records")]
        compte = con.table("mouvement").count("*").fetchall()[0][0]
    finally:
        con.close()
    return {"kpi": kpi, "vagues": vagues, "nb_mouvements": compte}


def test_counts_are_the_requested_ones(con_fictive):
    kpi = db.run(con_fictive, "kpi", **aucun()).iloc[0]
    assert kpi["nb_projets"] == NB_PROJETS
    assert con_fictive.table("projet").count("*").fetchall()[0][0] == NB_PROJETS
    assert con_fictive.table("mouvement").count("*").fetchall()[0][0] == NB_MOUVEMENTS


def test_every_programme_row_is_flagged_synthetic(con_fictive):
    programmes = con_fictive.table("programme").df()
    assert len(programmes) > 0
    assert programmes["est_synthetique"].astype(bool).all()
    assert bool(db.run(con_fictive, "base_info", lot_initial=1)["est_synthetique"].iloc[0])


def test_the_real_base_is_not_flagged_synthetic(con_seed):
    assert not bool(db.run(con_seed, "base_info", lot_initial=1)["est_synthetique"].iloc[0])


@pytest.mark.parametrize("cible", ["defaut", "env"])
def test_it_refuses_the_real_base_path(cible, tmp_path, monkeypatch, capsys):
    """Neither data/tid.duckdb nor the base named by $TID_DB may be overwritten."""
    if cible == "defaut":
        path = db.DEFAULT_DB
    else:
        path = tmp_path / "reelle.duckdb"
        monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    avant = path.stat().st_mtime_ns if path.exists() else None
    with pytest.raises(synth.CibleInterdite):
        synth.generer(10, 50, 1, path)
    code = main(["synth", "--projects", "10", "--events", "50", "--db", str(path)])
    assert code == 2
    assert "base réelle" in capsys.readouterr().err
    assert (path.stat().st_mtime_ns if path.exists() else None) == avant


def test_the_cli_refuses_the_real_base_in_a_fresh_process():
    resultat = cli("synth", "--projects", "10", "--events", "50", "--db", str(db.DEFAULT_DB))
    assert resultat.returncode == 2
    assert "base réelle" in resultat.stderr
    assert "Traceback" not in resultat.stderr


def test_it_never_overwrites_a_copy_of_the_real_base_but_replaces_a_synthetic_one(
    base_seed, tmp_path
):
    """Any path but the real one was accepted: a copy of the real base (or one holding
    imports) under another name was erased; a synthetic base may be regenerated."""
    copie = tmp_path / "copie.duckdb"
    shutil.copyfile(base_seed, copie)
    avant = copie.read_bytes()
    with pytest.raises(synth.CibleInterdite, match="n'est pas une base fictive"):
        synth.generer(10, 50, 1, copie)
    assert copie.read_bytes() == avant
    fictive = synth.generer(10, 50, 1, tmp_path / "fictive.duckdb")
    assert synth.generer(12, 60, 1, fictive) == fictive


def test_same_seed_gives_the_same_figures(tmp_path):
    a = synth.generer(120, 600, 42, tmp_path / "a.duckdb")
    b = synth.generer(120, 600, 42, tmp_path / "b.duckdb")
    c = synth.generer(120, 600, 43, tmp_path / "c.duckdb")
    assert chiffres(a) == chiffres(b)
    assert chiffres(a)["kpi"] != chiffres(c)["kpi"]


def test_check_passes_on_a_synthetic_base(base_fictive):
    assert check.controler(base_fictive).ok
    resultat = cli("check", "--db", str(base_fictive))
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr


# A reader process that keeps the app's cached connection open and answers « fetch » requests.
def test_a_reader_process_sees_the_version_another_process_publishes(tmp_path):
    """The scale-out story of the README: app processes read a published base; a writer in
    another process publishes a new version (os.replace); each reader sees it on its next
    fetch, through a new inode-named link, with no restart and no error."""
    path = synth.generer(50, 200, 1, tmp_path / "publiee.duckdb")
    env = {**os.environ, db.DB_ENV_VAR: str(path), "PYTHONPATH": str(db.ROOT)}
    with processus_lecteur(path) as lire:
        assert lire() == 50
        assert lire() == 50  # cached, same version
        # another process writes a new version of the same file while the reader holds it open
        # (its own $TID_DB elsewhere: synth refuses to overwrite the base in use)
        ecrivain = cli(
            *("synth", "--projects", "80", "--events", "300", "--db", str(path)),
            env={**env, db.DB_ENV_VAR: str(tmp_path / "autre.duckdb")},
        )
        assert ecrivain.returncode == 0, ecrivain.stderr
        assert lire() == 80
        # the reader's link to the old version is gone once it opened the new one
        liens = list(tmp_path.glob(".publiee.duckdb.lecture-*"))
        assert len(liens) == 1
        assert liens[0].samefile(path)
