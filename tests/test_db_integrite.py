"""tid/db.py when the base is damaged, of an older schema, on a full disk or in a read-only
folder: imports are never lost silently, readers get French and never a trace."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tid import __main__ as cli_tid
from tid import db, ingest, mots_de_passe
from tid.filtres import aucun
from tid.ui import garde

APP = str(db.ROOT / "dashboard.py")
VERSEMENTS = db.ROOT / "tests" / "fixtures" / "imports" / "versements_excel_fr.csv"
# DuckDB's file starts with 3 headers of 4 KiB, then blocks of `block_size` bytes
ENTETES_DUCKDB = 3 * 4096


# --- helpers -------------------------------------------------------------------------------


def ajouter_un_import(path: Path) -> None:
    """A second import batch, as `python -m tid import` leaves one (lot 1 is the seed)."""
    with db.writer(path) as con:
        con.execute(
            "INSERT INTO import_lot VALUES (2, now(), 'f.csv', repeat('a', 64), 1, 'x', "
            "'applique', NULL, NULL)"
        )


def marquer_ancien_schema(path: Path) -> None:
    with db.writer(path) as con:
        con.execute("UPDATE base_meta SET valeur = 'ancien' WHERE cle = 'schema_sha256'")


def retirer_base_meta(path: Path) -> None:
    """A base built before base_meta existed (the import engine came before it)."""
    with db.writer(path) as con:
        con.execute("DROP TABLE base_meta")


def nb_lots(path: Path) -> int:
    con = db.connect(path)
    try:
        return con.execute("SELECT count(*) FROM import_lot").fetchone()[0]
    finally:
        con.close()


def nb_projets(path: Path) -> int:
    con = db.connect(path)
    try:
        return int(db.run(con, "kpi", **aucun())["nb_projets"].iloc[0])
    finally:
        con.close()


def empreinte_de(path: Path) -> str | None:
    con = db.connect(path)
    try:
        return db.run(con, "base_schema").iloc[0]["schema_sha256"]
    finally:
        con.close()


def bloc_de(path: Path, table: str) -> tuple[int, int]:
    """Byte range of the first storage block that holds rows of `table`."""
    con = db.connect(path)
    try:
        bloc = con.execute(
            "SELECT min(block_id) FROM pragma_storage_info($t) WHERE block_id >= 0", {"t": table}
        ).fetchone()[0]
        taille = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
    finally:
        con.close()
    debut = ENTETES_DUCKDB + bloc * taille
    return debut, debut + taille


def dechets_dans(table: str):
    def abimer(path: Path) -> bytes:
        debut, fin = bloc_de(path, table)
        octets = path.read_bytes()
        return octets[:debut] + bytes([0xA5]) * (fin - debut) + octets[fin:]

    return abimer


# The ways a base file is found damaged: a copy cut short (in progress or interrupted), a
# disk that returned garbage, an empty or foreign file. The last two open in DuckDB and read
# their fingerprint fine: only reading the damaged table fails (« opens but cannot fully read »).
DOMMAGES = {
    "tronquee_a_moitie": lambda p: p.read_bytes()[: p.stat().st_size // 2],
    "tronquee_a_8_kio": lambda p: p.read_bytes()[:8192],
    "vide": lambda p: b"",
    "texte": lambda p: b"projet_id;montant\ntid1-x;12\n" * 50,
    "dechets_dans_import_lot": dechets_dans("import_lot"),
    "dechets_dans_mouvement": dechets_dans("mouvement"),
}


@pytest.fixture(scope="module")
def base_avec_import(base_seed, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("avec_import") / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    ajouter_un_import(path)
    return path


@pytest.fixture(params=sorted(DOMMAGES))
def base_abimee(request, base_avec_import, tmp_path) -> Path:
    """A base holding an import, damaged one way; the test checks it is never rewritten."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    path.write_bytes(DOMMAGES[request.param](path))
    return path


def lancer(*args: object, base: Path) -> subprocess.CompletedProcess:
    """`python -m tid ...` in a real subprocess, on the base named by TID_DB."""
    return subprocess.run(
        [sys.executable, "-m", "tid", *map(str, args)],
        cwd=db.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(db.ROOT), db.DB_ENV_VAR: str(base)},
    )


def cli(capsys, *args: object) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli_tid.main([str(a) for a in args])
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


def page(base: Path, app_sur) -> AppTest:
    app_sur(base)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def copies_de_cote(path: Path, motif: str = "reconstruction") -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.avant-{motif}-*"))


def temporaires(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f".{path.name}.*.tmp*"))


def journal_tid(caplog, niveau: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "tid" and r.levelno >= niveau]


# --- a damaged base: refused, logged, never rewritten --------------------------------------


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


def test_the_full_read_runs_once_per_published_version(base_seed, tmp_path, monkeypatch):
    """The hot path (every fetch) only stats the file; the full read waits for a new version."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    lectures = []
    lire = db._etat_base
    monkeypatch.setattr(db, "_etat_base", lambda p: lectures.append(p) or lire(p))
    for _ in range(3):
        db.fetch("kpi", **aucun())
    assert len(lectures) == 1
    with db.nouvelle_version(path) as con:
        con.execute("SELECT 1")
    db.fetch("kpi", **aucun())
    assert len(lectures) == 2  # the writer copied the version already read; the new one, once


# --- an older schema: rebuilt only when provably seed only, the old file kept aside ---------


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


def test_the_advice_for_an_older_schema_with_imports_keeps_them(
    base_avec_import, tmp_path, monkeypatch, capsys
):
    """What SchemaPerime tells to do (backup, then restore) works and loses no import."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    marquer_ancien_schema(path)
    avant = path.read_bytes()
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    with pytest.raises(db.SchemaPerime) as refus:
        db.ensure_base()
    message = str(refus.value)
    assert "tid backup" in message and "tid restore" in message
    assert "tid build" not in message
    dossier = tmp_path / "sauvegarde"
    assert cli(capsys, "backup", "-o", dossier)[0] == 0
    code, sortie, _ = cli(capsys, "restore", dossier)
    assert code == 0
    assert empreinte_de(path) == db.empreinte_schema()
    assert nb_lots(path) == 2
    [copie] = copies_de_cote(path, "restauration")
    assert copie.read_bytes() == avant
    assert copie.name in sortie


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


# --- python -m tid build: never erases imports unless told -----------------------------------


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


# --- no message sends an operator to a command that erases imports --------------------------


def test_the_page_never_tells_to_run_build_when_the_base_cannot_be_made(
    tmp_path, app_sur, monkeypatch
):
    def graines_cassees(*args, **kwargs):
        raise duckdb.ConversionException("Conversion Error: ligne 3, colonne montant_eur")

    monkeypatch.setattr(db, "build_base", graines_cassees)
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


# --- a full disk during a write: French, nothing changed, no temporary copy left -------------


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
        monkeypatch.setattr(db.shutil, "copyfile", copie_qui_remplit_le_disque(shutil.copyfile))
    else:
        monkeypatch.setattr(db, "rafraichir_derives", duckdb_qui_remplit_le_disque)
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
    monkeypatch.setattr(db.shutil, "copyfile", copie_qui_remplit_le_disque(shutil.copyfile))
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
    monkeypatch.setattr(db, "rafraichir_derives", duckdb_qui_remplit_le_disque)
    next(b for b in at.button if b.label == "Appliquer l'import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    erreurs = [e.value for e in at.error]
    assert any(e.startswith("Disque plein") for e in erreurs), erreurs
    assert garde.ERREUR_INATTENDUE not in erreurs
    assert path.read_bytes() == avant
    assert temporaires(path) == []


# --- a folder readers cannot write to: no hard link, the published base opened directly -----


def sans_liens_durs(monkeypatch) -> None:
    def link(src, dst, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))

    monkeypatch.setattr(db.os, "link", link)


def test_readers_without_hard_links_read_and_see_each_new_version(
    base_seed, base_fixtures, tmp_path, monkeypatch, caplog
):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    sans_liens_durs(monkeypatch)
    assert int(db.fetch("kpi", **aucun())["nb_projets"].iloc[0]) == 25
    assert any("lien de lecture impossible" in m for m in journal_tid(caplog, logging.WARNING))
    # a writer publishes another version: DuckDB must not hand back the old one's instance
    nouvelle = tmp_path / "nouvelle.duckdb"
    shutil.copyfile(base_fixtures, nouvelle)
    os.replace(nouvelle, path)
    assert int(db.fetch("kpi", **aucun())["nb_projets"].iloc[0]) == 4
    assert [p.name for p in tmp_path.iterdir() if ".lecture-" in p.name] == []


def test_the_app_works_without_hard_links(base_seed, tmp_path, app_sur, monkeypatch):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    sans_liens_durs(monkeypatch)
    at = page(path, app_sur)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert {m.label: m.value for m in at.metric}["Lauréats"] == "25"


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
