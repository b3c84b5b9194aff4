"""Backup to Parquet and restore from it: the way a base keeps its imports across schemas."""

from __future__ import annotations

import contextlib
from pathlib import Path

from tid.db.connexion import connect, db_path
from tid.db.cycle import SEED_DIR, SEED_IMPORT_ID, _base_neuve, ensure_base
from tid.db.ecriture import _mise_de_cote, _tables_derivees, _verrou_ecriture
from tid.db.requetes import run

# Seed tables no import ever writes: a backup made before one of them existed is restored with
# its rows read from data/seed (what a build would hold), not refused as incomplete.
TABLES_REFERENCE_SEULE = {"indication"}
# Columns added to a table after backups were made, and the query that reads them from
# data/seed when a backup lacks them (rows restored BY NAME, these columns filled from the seed).
COLONNES_DEPUIS_SEED = {
    "programme": (
        {
            "attribuant_nom",
            "attribuant_siret",
            "notification_ue",
            "attribuant_source_url",
            "attribuant_notes",
        },
        ("staging/programme_par_nom", "staging/programme_attribuant"),
    ),
}


def sauvegarder(dossier: Path, path: Path | str | None = None) -> Path:
    """Write every table of the base to DIR/<table>.parquet (a full backup, readable anywhere)."""
    # not ensure_base(): a base of an older schema holding imports must stay saveable, it is
    # what SchemaPerime's message asks for
    source = Path(path) if path else db_path()
    if not source.exists():
        ensure_base(source)  # a fresh clone, built from data/seed as on any first use
    dossier.mkdir(parents=True, exist_ok=True)
    con = connect(source, read_only=True)
    try:
        for table in run(con, "tables_base")["table_name"]:
            if table not in _tables_derivees():
                con.table(table).write_parquet(str(dossier / f"{table}.parquet"))
    finally:
        con.close()
    return dossier


def restaurer(dossier: Path, target: Path | str | None = None) -> tuple[Path, Path | None]:
    """Rebuild a base from a backup folder: the schema from queries/, the rows from Parquet,
    published atomically like any other new version. The file it replaces is copied aside
    first (it may hold imports newer than the backup, or be the damaged one): returns the
    base and that copy."""
    target = Path(target or db_path())
    with _verrou_ecriture(target):
        garde = (
            _mise_de_cote(target, "restauration") if target.exists() else contextlib.nullcontext()
        )
        with garde as copie, _base_neuve(target) as con:
            for table in run(con, "tables_base")["table_name"]:
                if table in _tables_derivees():
                    continue  # recomputed from the ledger when the base is published
                fichier = dossier / f"{table}.parquet"
                if not fichier.exists() and table in TABLES_REFERENCE_SEULE:
                    chemin = str(SEED_DIR / f"{table}.csv")
                    run(con, f"staging/{table}", path=chemin, import_id=SEED_IMPORT_ID)
                    continue
                if not fichier.exists():
                    raise FileNotFoundError(f"sauvegarde incomplète : {fichier.name} absent")
                _inserer(con, table, fichier)
    return target, copie


def _inserer(con, table: str, fichier: Path) -> None:
    """The backup's rows; a column added since the backup was made is read from data/seed."""
    lignes = con.read_parquet(str(fichier))
    colonnes, (par_nom, depuis_seed) = COLONNES_DEPUIS_SEED.get(table, (set(), ("", "")))
    manquantes = set(con.table(table).columns) - set(lignes.columns)
    if not manquantes:
        lignes.insert_into(table)
        return
    if not manquantes <= colonnes:
        raise ValueError(
            f"sauvegarde d'un autre schéma : {fichier.name} n'a pas les colonnes "
            f"{', '.join(sorted(manquantes))}"
        )
    # BY NAME: the table's other columns in whatever order the older schema wrote them
    run(con, par_nom, path=str(fichier))
    run(con, depuis_seed, path=str(SEED_DIR / f"{table}.csv"))
