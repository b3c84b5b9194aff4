"""tid/db/copie.py: a base copied onto another machine replaces the one there whole, or nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading

import pytest

from tid import db, synth
from tid.db.copie import CopieRefusee, copier_base

from .outils import DOMMAGES, marquer_ancien_schema, nb_lots, processus_lecteur


def _total_attribue(path) -> float:
    con = db.connect(path)
    try:
        return con.execute(
            "SELECT coalesce(sum(montant_eur), 0) FROM mouvement WHERE nature = 'attribution'"
        ).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def en_place(base_seed, tmp_path):
    """The base this machine's readers read before any copy: the seed's."""
    cible = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, cible)
    return cible


def _restes(dossier) -> list[str]:
    return sorted(p.name for p in dossier.iterdir() if p.name.startswith("."))


def test_a_copy_publishes_the_source_whole_then_leaves_identical_bytes_alone(
    base_avec_import, base_seed, tmp_path
):
    cible = tmp_path / "machine" / "tid.duckdb"
    cible.parent.mkdir()
    shutil.copyfile(base_seed, cible)
    inode_avant = cible.stat().st_ino
    copie = copier_base(base_avec_import, cible)
    assert copie.publiee and copie.octets == base_avec_import.stat().st_size
    assert cible.read_bytes() == base_avec_import.read_bytes()
    assert cible.stat().st_ino != inode_avant  # a new file renamed in, not rewritten in place
    assert nb_lots(cible) == 2
    encore = copier_base(base_avec_import, cible)
    assert not encore.publiee
    assert cible.stat().st_ino == os.stat(copie.cible).st_ino
    assert _restes(cible.parent) == [".tid.duckdb.verrou"]


@pytest.mark.parametrize("dommage", sorted(DOMMAGES))
def test_a_damaged_source_replaces_nothing(dommage, base_avec_import, en_place, tmp_path):
    source = tmp_path / "partage.duckdb"
    shutil.copyfile(base_avec_import, source)
    source.write_bytes(DOMMAGES[dommage](source))
    cible = en_place
    avant, inode = cible.read_bytes(), cible.stat().st_ino
    with pytest.raises(CopieRefusee) as refus:
        copier_base(source, cible)
    assert "n'a pas été publiée" in str(refus.value)
    assert "La base en place n'a pas été modifiée" in str(refus.value)
    assert cible.read_bytes() == avant and cible.stat().st_ino == inode
    assert [n for n in _restes(tmp_path) if ".tmp" in n] == []


def test_a_base_of_another_schema_is_refused(base_avec_import, en_place, tmp_path):
    source = tmp_path / "ancienne.duckdb"
    shutil.copyfile(base_avec_import, source)
    marquer_ancien_schema(source)
    cible = en_place
    avant = cible.read_bytes()
    with pytest.raises(CopieRefusee, match="version antérieure du schéma"):
        copier_base(source, cible)
    assert cible.read_bytes() == avant


def test_a_parquet_backup_is_published_like_a_file(base_avec_import, tmp_path):
    sauvegarde = db.sauvegarder(tmp_path / "stockage-objet", base_avec_import)
    cible = tmp_path / "machine" / "tid.duckdb"
    copie = copier_base(sauvegarde, cible)
    assert copie.publiee
    assert nb_lots(cible) == 2
    assert _total_attribue(cible) == _total_attribue(base_avec_import) > 0
    assert db.verifier_base(cible) == cible
    assert _restes(cible.parent) == [".tid.duckdb.verrou"]


def test_a_folder_that_is_no_backup_is_refused_in_french(en_place, tmp_path):
    dossier = tmp_path / "pas-une-sauvegarde"
    dossier.mkdir()
    (dossier / "projet.parquet").write_bytes(b"PAR1 pas du parquet")
    cible = en_place
    avant = cible.read_bytes()
    with pytest.raises(CopieRefusee, match="pas une sauvegarde complète"):
        copier_base(dossier, cible)
    assert cible.read_bytes() == avant


def test_a_missing_source_is_said(tmp_path):
    with pytest.raises(CopieRefusee, match="Source introuvable"):
        copier_base(tmp_path / "absente.duckdb", tmp_path / "tid.duckdb")
    assert not (tmp_path / "tid.duckdb").exists()


def test_two_copiers_at_once_leave_one_whole_base(base_avec_import, base_seed, tmp_path):
    cible = tmp_path / "tid.duckdb"
    erreurs: list[BaseException] = []

    def copier(source):
        try:
            copier_base(source, cible)
        except BaseException as erreur:
            erreurs.append(erreur)

    fils = [threading.Thread(target=copier, args=(s,)) for s in (base_avec_import, base_seed)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=120)
    assert erreurs == []
    assert cible.read_bytes() in (base_avec_import.read_bytes(), base_seed.read_bytes())
    assert db.verifier_base(cible) == cible


COPIEUR = """
import sys, time
from pathlib import Path
from tid.db import copie, ecriture
copier = copie.shutil.copyfile
def lent(source, cible):
    copier(source, cible)
    print("copie écrite", flush=True)
    time.sleep(60)  # killed here: after the temporary file, before the rename
copie.shutil.copyfile = lent
copie.copier_base(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_copier_killed_mid_way_leaves_the_base_and_its_leftover_is_swept(
    base_avec_import, en_place, tmp_path
):
    cible = en_place
    avant = cible.read_bytes()
    processus = subprocess.Popen(
        [sys.executable, "-c", COPIEUR, str(base_avec_import), str(cible)],
        cwd=db.ROOT,
        env={**os.environ, "PYTHONPATH": str(db.ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert processus.stdout.readline().strip() == "copie écrite", processus.stderr.read()
        os.kill(processus.pid, signal.SIGKILL)
        processus.wait(timeout=30)
    finally:
        processus.kill()
    assert cible.read_bytes() == avant
    [atelier] = [n for n in _restes(tmp_path) if n.endswith(".tmp")]
    assert (tmp_path / atelier / "tid.duckdb").exists()  # what a kill -9 leaves
    assert copier_base(base_avec_import, cible).publiee
    assert _restes(tmp_path) == [".tid.duckdb.verrou"]
    assert nb_lots(cible) == 2


def test_a_reader_process_sees_the_copied_version_on_its_next_query(tmp_path):
    """How N machines share one base: each reads its local copy; a new version copied in is
    read at the reader's next query, with no restart and no error."""
    publiee = synth.generer(50, 200, 1, tmp_path / "partage" / "v1.duckdb")
    suivante = synth.generer(80, 300, 2, tmp_path / "partage" / "v2.duckdb")
    cible = tmp_path / "machine" / "tid.duckdb"
    copier_base(publiee, cible)
    with processus_lecteur(cible) as lire:
        assert lire() == 50
        assert copier_base(suivante, cible).publiee
        assert lire() == 80
