"""tid/db/cycle.py: the base built atomically, a seed-only older one rebuilt (kept aside),
`python -m tid build` never erasing imports unless told."""

from __future__ import annotations

import logging
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest

from tid import __main__ as cli_tid
from tid import db, ingest
from tid.db import cycle
from tid.filtres import aucun

from .outils import (
    DOMMAGES,
    cli,
    copies_de_cote,
    empreinte_de,
    journal_tid,
    marquer_ancien_schema,
    nb_lots,
    nb_projets,
    page,
    retirer_base_meta,
    temporaires,
)


def test_build_is_atomic_when_a_seed_file_is_broken(tmp_path, base_fixtures):
    """A failed rebuild leaves the previous base intact and no temporary file behind."""
    cible = tmp_path / "base.duckdb"
    shutil.copy(base_fixtures, cible)
    graine = tmp_path / "graine"
    shutil.copytree(db.ROOT / "tests" / "fixtures" / "seed", graine)
    projets = (graine / "projet.csv").read_text(encoding="utf-8")
    (graine / "projet.csv").write_text(projets.replace(",29,53,", ",29,99,"), encoding="utf-8")
    avant = cible.read_bytes()
    with pytest.raises(duckdb.Error):
        db.build_base(cible, seed_dir=graine)
    assert cible.read_bytes() == avant
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".wal"))] == []


def test_a_seed_only_base_from_an_older_schema_is_rebuilt(tmp_path, monkeypatch, base_fixtures):
    path = tmp_path / "ancienne.duckdb"
    shutil.copy(base_fixtures, path)
    marquer_ancien_schema(path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    db.ensure_base()
    con = db.connect(path)
    try:
        assert db.run(con, "base_schema").iloc[0]["schema_sha256"] == db.empreinte_schema()
        assert len(db.run(con, "kpi", **aucun())) == 1  # rebuilt from data/seed: 25 projects
        assert int(db.run(con, "kpi", **aucun())["nb_projets"].iloc[0]) == 25
    finally:
        con.close()


def test_simultaneous_first_runs_rebuild_a_stale_base_once(tmp_path, monkeypatch, base_fixtures):
    path = tmp_path / "ancienne.duckdb"
    shutil.copy(base_fixtures, path)
    marquer_ancien_schema(path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    constructions = []
    construire = cycle.build_base

    def build_base_lent(*args, **kwargs):
        constructions.append(1)
        time.sleep(0.2)  # a window for the other sessions to arrive meanwhile
        return construire(*args, **kwargs)

    monkeypatch.setattr(cycle, "build_base", build_base_lent)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _: db.ensure_base(), range(6)))
    assert len(constructions) == 1


@pytest.mark.parametrize("anciennete", [marquer_ancien_schema, retirer_base_meta])
def test_a_seed_only_base_of_an_older_schema_is_kept_aside_then_rebuilt(
    anciennete, base_fixtures, tmp_path, monkeypatch, caplog
):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_fixtures, path)
    anciennete(path)
    avant = path.read_bytes()
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    db.ensure_base()
    assert empreinte_de(path) == db.empreinte_schema()
    assert nb_projets(path) == 25  # rebuilt from data/seed
    [copie] = copies_de_cote(path)
    assert copie.read_bytes() == avant
    assert any(copie.name in ligne for ligne in journal_tid(caplog, logging.WARNING))
    assert temporaires(path) == []


def test_build_refuses_a_base_holding_imports(base_avec_import, tmp_path, capsys):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    avant = path.read_bytes()
    code, _, erreur = cli(capsys, "build", "--db", path)
    assert code == cli_tid.EXIT_INPUT
    assert "contient 1 import(s)" in erreur and "--ecraser-imports" in erreur
    assert path.read_bytes() == avant
    assert copies_de_cote(path) == []


def test_build_with_ecraser_imports_keeps_a_copy_then_rebuilds(base_avec_import, tmp_path, capsys):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    avant = path.read_bytes()
    code, sortie, _ = cli(capsys, "build", "--db", path, "--ecraser-imports")
    assert code == 0
    [copie] = copies_de_cote(path)
    assert copie.read_bytes() == avant
    assert copie.name in sortie
    assert nb_lots(path) == 1


def test_build_refuses_a_base_it_cannot_read_unless_told(base_avec_import, tmp_path, capsys):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    path.write_bytes(DOMMAGES["tronquee_a_moitie"](path))
    avant = path.read_bytes()
    code, _, erreur = cli(capsys, "build", "--db", path)
    assert code == cli_tid.EXIT_INPUT
    assert "illisible" in erreur and "--ecraser-imports" in erreur
    assert path.read_bytes() == avant
    assert cli(capsys, "build", "--db", path, "--ecraser-imports")[0] == 0
    [copie] = copies_de_cote(path)
    assert copie.read_bytes() == avant
    assert nb_lots(path) == 1


def test_build_on_a_seed_only_base_needs_no_flag_and_keeps_no_copy(base_seed, tmp_path, capsys):
    """Nothing but data/seed is replaced: no copy piles up at each `make build`."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    assert cli(capsys, "build", "--db", path)[0] == 0
    assert copies_de_cote(path) == []


def test_the_page_never_tells_to_run_build_when_the_base_cannot_be_made(
    tmp_path, app_sur, monkeypatch
):
    def graines_cassees(*args, **kwargs):
        raise duckdb.ConversionException("Conversion Error: ligne 3, colonne montant_eur")

    monkeypatch.setattr(cycle, "build_base", graines_cassees)
    at = page(tmp_path / "absente.duckdb", app_sur)
    assert not at.exception
    [erreur] = [e.value for e in at.error]
    assert "tid build" not in erreur and "tid check" in erreur


def test_reverting_the_seed_batch_does_not_advise_a_rebuild(base_seed, tmp_path):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    with pytest.raises(ingest.ImportRefuse) as refus:
        ingest.annuler(db.SEED_IMPORT_ID, "test", path)
    texte = " ".join(p.texte() for p in refus.value.problemes)
    assert "lot 1" in texte and "tid build" not in texte
