"""tid/db/ecriture.py: a full disk or a read-only folder during a write changes nothing,
leaves no copy behind and is said in French."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tid import __main__ as cli_tid
from tid import db, mots_de_passe
from tid.db import cycle
from tid.ui import garde

from .outils import APP, VERSEMENTS, cli, copies_de_cote, marquer_ancien_schema, temporaires


def copie_qui_remplit_le_disque(vraie):
    """shutil.copyfile that writes a few KiB of a working copy, then finds the disk full."""

    def copyfile(src, dst, *args, **kwargs):
        if Path(dst).name.endswith(".tmp"):
            Path(dst).write_bytes(Path(src).read_bytes()[:8192])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return vraie(src, dst, *args, **kwargs)

    return copyfile


def duckdb_qui_remplit_le_disque(con):
    # DuckDB's own words on a full tmpfs (checked by hand): an IOException from its writer
    raise duckdb.IOException('IO Error: Could not write file "x.tmp": No space left on device')


@pytest.mark.parametrize(
    ("ecriture", "panne"),
    [
        ("import", "copie"),
        ("import", "duckdb"),
        ("build", "duckdb"),
        ("restore", "copie"),
        ("restore", "duckdb"),
    ],
)
def test_a_full_disk_during_a_write_changes_nothing(
    ecriture, panne, base_seed, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    dossier = tmp_path / "sauvegarde"
    db.sauvegarder(dossier, path)
    avant = path.read_bytes()
    if panne == "copie":
        monkeypatch.setattr(shutil, "copyfile", copie_qui_remplit_le_disque(shutil.copyfile))
    else:
        monkeypatch.setattr(cycle, "rafraichir_derives", duckdb_qui_remplit_le_disque)
    arguments = {
        "import": ("import", VERSEMENTS, "--db", path),
        "build": ("build", "--db", path),
        "restore": ("restore", dossier, "--db", path),
    }[ecriture]
    code, _, erreur = cli(capsys, *arguments)
    assert code == cli_tid.EXIT_INPUT
    assert "Disque plein" in erreur and "rien n'a été modifié" in erreur
    assert "La base publiée n'a pas changé" in erreur
    assert "Traceback" not in erreur
    assert path.read_bytes() == avant
    assert temporaires(path) == []
    restes = sorted(p.name for p in tmp_path.iterdir() if p.name != ".tid.duckdb.verrou")
    assert restes == ["sauvegarde", "tid.duckdb"]  # no copy kept aside of an unchanged base


def test_a_full_disk_while_keeping_the_old_base_aside_rebuilds_nothing(
    base_fixtures, tmp_path, monkeypatch
):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_fixtures, path)
    marquer_ancien_schema(path)
    avant = path.read_bytes()
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    monkeypatch.setattr(shutil, "copyfile", copie_qui_remplit_le_disque(shutil.copyfile))
    with pytest.raises(db.DisquePlein, match="rien n'a été modifié"):
        db.ensure_base()
    assert path.read_bytes() == avant
    assert copies_de_cote(path) == [] and temporaires(path) == []


def test_an_import_on_a_full_disk_says_so_on_the_page(base_seed, tmp_path, app_sur, monkeypatch):
    """The « Données » page shows the disk-full sentence, not the generic error."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    avant = path.read_bytes()
    monkeypatch.setenv(
        mots_de_passe.VARIABLE_ENV, mots_de_passe.hacher("mot de passe d'essai", n=2**10)
    )
    app_sur(path)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/donnees.py").run()
    at.text_input(key="tid_connexion_nom").input("Camille Martin")
    at.text_input(key="tid_connexion_mot_de_passe").input("mot de passe d'essai")
    at.button[0].click().run()
    at.file_uploader[0].upload(VERSEMENTS.name, VERSEMENTS.read_bytes(), "text/csv").run()
    monkeypatch.setattr(cycle, "rafraichir_derives", duckdb_qui_remplit_le_disque)
    next(b for b in at.button if b.label == "Appliquer l'import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    erreurs = [e.value for e in at.error]
    assert any(e.startswith("Disque plein") for e in erreurs), erreurs
    assert garde.ERREUR_INATTENDUE not in erreurs
    assert path.read_bytes() == avant
    assert temporaires(path) == []


def test_an_import_in_a_read_only_folder_says_so_in_french(
    base_avec_import, tmp_path, capsys, monkeypatch
):
    """The copy a write starts with cannot be made (read-only folder or disk): a French line,
    no trace, the base unchanged."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    avant = path.read_bytes()
    fichier = tmp_path / "convention.csv"
    fichier.write_text(
        "projet_id;nature;date_mouvement;montant_eur;source_url\n"
        "tid1-grandest;convention;17/05/2023;;https://example.org/c\n",
        encoding="utf-8",
    )

    def refuse(source, cible, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(cible))

    monkeypatch.setattr(shutil, "copyfile", refuse)
    code, _, erreur = cli(capsys, "import", fichier, "--db", path, "--accepter-avertissements")
    assert code == cli_tid.EXIT_INPUT
    assert "écriture refusée par le système" in erreur
    assert "rien n'a été modifié" in erreur
    assert "Permission denied" not in erreur
    assert path.read_bytes() == avant
