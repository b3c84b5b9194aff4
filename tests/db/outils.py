"""What the tests of tid/db share: bases aged, damaged or given an import, and the CLI run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tid import __main__ as cli_tid
from tid import db
from tid.filtres import aucun

APP = str(db.ROOT / "dashboard.py")


VERSEMENTS = db.ROOT / "tests" / "fixtures" / "imports" / "versements_excel_fr.csv"


# DuckDB's file starts with 3 headers of 4 KiB, then blocks of `block_size` bytes
ENTETES_DUCKDB = 3 * 4096


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


LECTEUR = textwrap.dedent(
    """
    import sys
    from tid import db
    from tid.filtres import aucun
    for ligne in sys.stdin:
        kpi = db.fetch("kpi", **aucun()).iloc[0]
        print(int(kpi["nb_projets"]), flush=True)
    """
)


@contextmanager
def processus_lecteur(base: Path) -> Iterator[Callable[[], int]]:
    """An app process reading `base` (TID_DB) as the dashboard does: each call of the yielded
    function makes it fetch the KPI (through tid.db's cache) and returns its project count."""
    lecteur = subprocess.Popen(
        [sys.executable, "-c", LECTEUR],
        cwd=db.ROOT,
        env={**os.environ, db.DB_ENV_VAR: str(base), "PYTHONPATH": str(db.ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def lire() -> int:
        lecteur.stdin.write("kpi\n")
        lecteur.stdin.flush()
        ligne = lecteur.stdout.readline()
        assert ligne, lecteur.stderr.read()
        return int(ligne)

    try:
        yield lire
    finally:
        lecteur.stdin.close()
        lecteur.wait(timeout=30)
    assert lecteur.returncode == 0, lecteur.stderr.read()
