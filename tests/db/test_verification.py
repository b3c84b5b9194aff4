"""tid/db/verification.py: a damaged, foreign or older base is refused in French, logged,
and never rewritten; readers never get a trace."""

from __future__ import annotations

import logging
import os
import shutil

import duckdb
import pytest

from tid import __main__ as cli_tid
from tid import db

from .outils import (
    DOMMAGES,
    cli,
    copies_de_cote,
    journal_tid,
    lancer,
    marquer_ancien_schema,
    nb_lots,
    page,
    retirer_base_meta,
)


def test_a_damaged_base_is_refused_logged_and_never_rewritten(base_abimee, monkeypatch, caplog):
    monkeypatch.setenv(db.DB_ENV_VAR, str(base_abimee))
    avant = base_abimee.read_bytes()
    for _ in range(2):  # a refusal is not remembered as a success
        with pytest.raises(db.BaseIllisible, match="illisible ou incomplète") as refus:
            db.ensure_base()
    assert base_abimee.read_bytes() == avant
    assert sorted(base_abimee.parent.iterdir()) == [base_abimee]
    message = str(refus.value)
    assert "tid restore" in message and "tid build" not in message
    assert str(base_abimee) not in message  # server paths stay in the log
    assert any(str(base_abimee) in ligne for ligne in journal_tid(caplog, logging.ERROR))


def test_check_on_a_damaged_base_fails_in_french_without_a_trace(base_abimee):
    avant = base_abimee.read_bytes()
    resultat = lancer("check", base=base_abimee)
    assert resultat.returncode == cli_tid.EXIT_INPUT
    assert "Erreur : La base de données (tid.duckdb) est illisible" in resultat.stderr
    assert "Traceback" not in resultat.stderr + resultat.stdout
    assert base_abimee.read_bytes() == avant


def test_check_with_db_reads_every_table(base_avec_import, tmp_path, capsys):
    """Garbage in a table no rule reads would pass the rules: check reads every table."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    path.write_bytes(DOMMAGES["dechets_dans_mouvement"](path))
    code, _, erreur = cli(capsys, "check", "--db", path)
    assert code == cli_tid.EXIT_INPUT
    assert "illisible" in erreur


def test_export_with_db_on_a_damaged_base_says_so(base_avec_import, tmp_path, capsys):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    path.write_bytes(DOMMAGES["texte"](path))
    code, _, erreur = cli(
        capsys, "export", "--format", "csv", "-o", tmp_path / "x.csv", "--db", path
    )
    assert code == cli_tid.EXIT_INPUT
    assert "illisible ou incomplète" in erreur
    assert not (tmp_path / "x.csv").exists()


def test_the_app_shows_the_damaged_base_message(base_abimee, app_sur):
    avant = base_abimee.read_bytes()
    at = page(base_abimee, app_sur)
    assert not at.exception, [e.value for e in at.exception]
    erreurs = [e.value for e in at.error]
    assert len(erreurs) == 1 and "illisible ou incomplète" in erreurs[0], erreurs
    assert str(base_abimee.parent) not in erreurs[0]
    assert base_abimee.read_bytes() == avant


def test_a_refusal_is_not_cached_a_finished_copy_is_read(base_avec_import, tmp_path, monkeypatch):
    """A copy in progress is refused; once it ends, even with the same size and mtime, the
    base is read (the refusal was not remembered)."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    saine = path.read_bytes()
    with open(path, "r+b") as fichier:  # in place: same inode, same size
        fichier.write(DOMMAGES["dechets_dans_mouvement"](path))
    etat = path.stat()
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    with pytest.raises(db.BaseIllisible):
        db.ensure_base()
    with open(path, "r+b") as fichier:
        fichier.write(saine)
    os.utime(path, ns=(etat.st_atime_ns, etat.st_mtime_ns))
    assert db.ensure_base() == path
    assert nb_lots(path) == 2


def test_a_base_with_imports_from_an_older_schema_is_refused(tmp_path, monkeypatch, base_seed):
    path = tmp_path / "avec_imports.duckdb"
    shutil.copy(base_seed, path)
    with db.writer(path) as con:
        con.execute(
            "INSERT INTO import_lot VALUES (2, now(), 'f.csv', repeat('a', 64), 1, 'x', "
            "'applique', NULL, NULL)"
        )
    marquer_ancien_schema(path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    avant = path.read_bytes()
    with pytest.raises(db.SchemaPerime, match="contient 1 import"):
        db.ensure_base()
    assert path.read_bytes() == avant


def test_a_synthetic_base_from_an_older_schema_is_refused_not_replaced(tmp_path, monkeypatch):
    from tid import synth

    path = tmp_path / "fictive.duckdb"
    synth.generer(50, 200, 1, path)
    marquer_ancien_schema(path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    avant = path.read_bytes()
    with pytest.raises(db.SchemaPerime, match="base fictive"):
        db.ensure_base()
    assert path.read_bytes() == avant


def test_a_base_older_than_base_meta_holding_imports_is_refused(
    base_avec_import, tmp_path, monkeypatch
):
    """base_meta came after the import engine: its absence does not prove « seed only »."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    retirer_base_meta(path)
    avant = path.read_bytes()
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    with pytest.raises(db.SchemaPerime, match="contient 1 import"):
        db.ensure_base()
    assert path.read_bytes() == avant
    assert copies_de_cote(path) == []


def test_a_foreign_duckdb_file_is_refused_not_rebuilt(tmp_path, monkeypatch):
    """Readable, but without import_lot: nothing proves it holds no imports."""
    path = tmp_path / "autre.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT 1 AS x")
    con.close()
    avant = path.read_bytes()
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    with pytest.raises(db.SchemaPerime, match="ne sont pas celles"):
        db.ensure_base()
    assert path.read_bytes() == avant


def test_import_with_db_on_a_damaged_base_says_so(base_avec_import, tmp_path, capsys):
    """`tid import --db` reads the file named, not TID_DB: it is checked the same way."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    path.write_bytes(DOMMAGES["dechets_dans_mouvement"](path))
    avant = path.read_bytes()
    fichier = tmp_path / "convention.csv"
    fichier.write_text(
        "projet_id;nature;date_mouvement;montant_eur;source_url\n"
        "tid1-grandest;convention;17/05/2023;;https://example.org/c\n",
        encoding="utf-8",
    )
    code, _, erreur = cli(capsys, "import", fichier, "--dry-run", "--db", path)
    assert code == cli_tid.EXIT_INPUT
    assert "illisible" in erreur
    assert "Traceback" not in erreur
    assert path.read_bytes() == avant
