"""Timings of hostile import files (issue 11): `tid import --dry-run` and the page's preview."""

# Builds a throwaway base, writes the files (100 000 columns, 20 000 and 100 000 bad rows, a
# 20 MB line, 10 MB and 4 MB cells, XLSX variants, 5 MB of invisible characters), then prints
# per file: seconds of the preview, its problem count, then seconds, lines and bytes of the CLI.
# Nothing is asserted: machines are noisy, the figures are read.
# Usage: `python bench/rapports_bornes.py [--garder DOSSIER] [--sans-cli] [--seulement TEXTE]`.

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `python bench/rapports_bornes.py` puts bench/ first on the path: the project root goes first.
sys.path.insert(0, str(ROOT))

from bench.fichiers_hostiles import (  # noqa: E402
    colonnes_100000,
    projets_mauvais,
    une_cellule_mauvaise,
)
from tid import db, ingest  # noqa: E402
from tid.ingest import FichierRefuse  # noqa: E402

ENTETE_MOUVEMENTS = "projet_id;nature;date_mouvement;montant_eur;source_url;notes"


def _mouvements(n: int) -> list[list[str]]:
    """n payments, each with one bad cell in turn: amount, date, nature (a code)."""
    lignes = []
    for i in range(n):
        montant, jour, nature = une_cellule_mauvaise(
            i, ("1000", "15/09/2023", "versement"), (f"abc{i}", "31/02/2023", "virement")
        )
        lignes.append(["tid1-grandest", nature, jour, montant, "https://example.org", ""])
    return lignes


def _csv(entete: str, lignes: list[list[str]]) -> bytes:
    return ("\r\n".join([entete] + [";".join(ligne) for ligne in lignes]) + "\r\n").encode()


def _xlsx(lignes: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet()
    for ligne in lignes:
        feuille.append(ligne)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def _xlsx_cellule_geante(taille: int) -> bytes:
    """A workbook whose row 2 holds one cell of `taille` random digits in montant_eur.

    openpyxl cuts a cell at Excel's 32 767 characters when writing, a hostile file does not: the
    sheet's XML is written by hand. Random digits compress about 2.4:1, below the zip-bomb ratio,
    so a 10 MB cell fits in a file under the 5 MB cap.
    """
    import zipfile

    hasard = random.Random(11)
    chiffres = "".join(hasard.choices("0123456789", k=taille))
    entete = "".join(
        f"<c r='{lettre}1' t='inlineStr'><is><t>{nom}</t></is></c>"
        for lettre, nom in zip("ABCDEF", ENTETE_MOUVEMENTS.split(";"), strict=True)
    )
    valeurs = ["tid1-grandest", "versement", "15/09/2023", "x" + chiffres, "https://example.org"]
    ligne = "".join(
        f"<c r='{lettre}2' t='inlineStr'><is><t>{valeur}</t></is></c>"
        for lettre, valeur in zip("ABCDE", valeurs, strict=True)
    )
    feuille = (
        "<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        f"<sheetData><row r='1'>{entete}</row><row r='2'>{ligne}</row></sheetData></worksheet>"
    ).encode()
    modele = zipfile.ZipFile(io.BytesIO(_xlsx([["projet_id"]])))
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        for membre in modele.namelist():
            contenu = modele.read(membre)
            archive.writestr(membre, feuille if membre == "xl/worksheets/sheet1.xml" else contenu)
    return sortie.getvalue()


def _remplis_de(cellule: str) -> bytes:
    """Just under 5 MB of rows of 200 cells, each `cellule`: the most problems a file can make."""
    entete = ";".join(["projet_id"] + [f"c{i}" for i in range(199)])
    ligne = ";".join([cellule] * 200)
    n = (5 * 2**20 - 2000) // (len(ligne.encode()) + 2)
    return (entete + "\r\n" + "\r\n".join([ligne] * n) + "\r\n").encode()


def fichiers() -> dict[str, bytes]:
    """File name -> bytes of every hostile file measured."""
    xlsx_colonnes = ["projet_id"] + [f"colonne_{i:05d}" for i in range(1, 16_384)]
    entete = ENTETE_MOUVEMENTS.split(";")
    return {
        "colonnes_100000.csv": colonnes_100000(),
        "colonnes_16384.xlsx": _xlsx([xlsx_colonnes, ["tid1-grandest"]]),
        "projets_20000_mauvais.csv": projets_mauvais(20_000),
        "projets_100000_mauvais.csv": projets_mauvais(100_000),
        "mouvements_20000_mauvais.csv": _csv(ENTETE_MOUVEMENTS, _mouvements(20_000)),
        "mouvements_100000_mauvais.csv": _csv(ENTETE_MOUVEMENTS, _mouvements(100_000)),
        "mouvements_20000_mauvais.xlsx": _xlsx([entete, *_mouvements(20_000)]),
        "ligne_20mo.csv": ENTETE_MOUVEMENTS.encode() + b";" + b"x" * (20 * 2**20),
        "cellule_10mo.csv": _csv(
            ENTETE_MOUVEMENTS,
            [["tid1-grandest", "versement", "15/09/2023", "9" * (10 * 2**20), "u", ""]],
        ),
        "cellule_4mo.csv": _csv(
            ENTETE_MOUVEMENTS,
            [["tid1-grandest", "versement", "15/09/2023", "x" * (4 * 2**20), "u", ""]],
        ),
        "cellule_10mo.xlsx": _xlsx_cellule_geante(10 * 2**20),
        "invisibles_5mo.csv": _remplis_de("\u202e"),
        "largeur_nulle_5mo.csv": _remplis_de("a\u200b"),
    }


def mesurer_cli(chemin: Path, base: Path) -> tuple[float, int, int, int]:
    """(seconds, exit code, lines, bytes) of `python -m tid import FILE --dry-run`."""
    debut = time.perf_counter()
    fini = subprocess.run(
        [sys.executable, "-m", "tid", "import", str(chemin), "--dry-run", "--db", str(base)],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=1800,
    )
    duree = time.perf_counter() - debut
    sortie = fini.stdout + fini.stderr
    return duree, fini.returncode, sortie.count(b"\n"), len(sortie)


def mesurer_apercu(contenu: bytes, nom: str, base: Path) -> tuple[float, str]:
    """(seconds, outcome) of `ingest.preparer`, what the page calls on upload."""
    debut = time.perf_counter()
    try:
        plan = ingest.preparer(contenu, nom, base)
        issue = f"{len(plan.problemes)} problème(s)"
    except FichierRefuse as refus:
        issue = f"refusé : {len(refus.problemes)} problème(s)"
    return time.perf_counter() - debut, issue


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--garder", help="dossier où écrire les fichiers (gardés après la mesure)")
    p.add_argument("--sans-cli", action="store_true", help="aperçu seulement (plus rapide)")
    p.add_argument("--seulement", help="ne mesure que les fichiers dont le nom contient ce texte")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as temporaire:
        dossier = Path(args.garder or temporaire)
        dossier.mkdir(parents=True, exist_ok=True)
        base = db.build_base(Path(temporaire) / "tid.duckdb")
        print(f"{'fichier':32} {'Mo':>6} {'aperçu s':>9}  {'issue':28} {'CLI s':>6} lignes octets")
        for nom, contenu in fichiers().items():
            if args.seulement and args.seulement not in nom:
                continue
            chemin = dossier / nom
            chemin.write_bytes(contenu)
            duree, issue = mesurer_apercu(contenu, nom, base)
            ligne = f"{nom:32} {len(contenu) / 2**20:6.1f} {duree:9.2f}  {issue:28}"
            if not args.sans_cli:
                secondes, code, lignes, octets = mesurer_cli(chemin, base)
                ligne += f" {secondes:6.2f} {lignes:6} {octets} (code {code})"
            print(ligne, flush=True)


if __name__ == "__main__":
    main()
