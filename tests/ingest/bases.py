"""Helpers of the import tests: a base's fingerprint and tables, the CLI, one import applied."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, settings
from openpyxl import load_workbook

from tid import __main__ as cli_tid
from tid import db, exports, filtres, ingest

ROOT = db.ROOT
IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
VERSEMENTS = IMPORTS / "versements_excel_fr.csv"
SOMME_VERSEMENTS = 1_000_000.00 + 250_000.50 + 300_000.25
ENTETE_MOUVEMENTS = "projet_id;nature;date_mouvement;montant_eur;source_url;notes"
SOURCE = "https://example.org/essai/versements-tid"
FUTUR = date(date.today().year + 2, 1, 1)


def empreinte(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(capsys, *args: object) -> tuple[int, str, str]:
    """`python -m tid ...` in this process (a subprocess costs ~2 s of imports)."""
    capsys.readouterr()
    code = cli_tid.main([str(a) for a in args])
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


def lancer(*args: object) -> subprocess.CompletedProcess:
    """`python -m tid ...` in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "tid", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def lire_base(path: Path, requete: str, **params: object) -> pd.DataFrame:
    """A query on a fresh connection, closed at once (a connection left open on a path would
    keep showing the version it opened: STACK_NOTES.md)."""
    con = db.connect(path)
    try:
        return db.run(con, requete, **params)
    finally:
        con.close()


def table(path: Path, nom: str) -> pd.DataFrame:
    con = db.connect(path)
    try:
        return con.table(nom).order("ALL").df()
    finally:
        con.close()


def verse(path: Path) -> float | None:
    valeur = lire_base(path, "kpi", **filtres.aucun())["montant_verse_eur"].iloc[0]
    return None if pd.isna(valeur) else round(float(valeur), 2)


def appliquer(path: Path, fichier: Path | str, contenu: bytes | None = None) -> int:
    nom = Path(fichier).name
    contenu = contenu if contenu is not None else Path(fichier).read_bytes()
    return ingest.appliquer(contenu, nom, "test", path)[0]


def temporaires(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f".{path.name}.*.tmp*"))


def modele_rempli(lignes: list[list[object]]) -> bytes:
    """The XLSX template of ledger rows, typed in from row 2 like a maintainer would."""
    classeur = load_workbook(io.BytesIO(exports.modele("mouvements", "xlsx")))
    feuille = classeur.worksheets[0]
    for numero, ligne in enumerate(lignes, start=2):
        for colonne, valeur in enumerate(ligne, start=1):
            feuille.cell(row=numero, column=colonne, value=valeur)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def csv_mouvements(*lignes: str) -> bytes:
    return "\r\n".join([ENTETE_MOUVEMENTS, *lignes, ""]).encode("utf-8")


# the fuzz tests' settings: few examples each, the real base is slow to copy
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fichier_csv(entetes, lignes, separateur, guillemets, fin) -> str:
    if guillemets:
        tampon = io.StringIO()
        csv.writer(tampon, delimiter=separateur, lineterminator=fin).writerows([entetes, *lignes])
        return tampon.getvalue()
    return fin.join(separateur.join(ligne) for ligne in [entetes, *lignes])
