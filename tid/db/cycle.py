"""The life cycle of the published base: built from data/seed, rebuilt, given new versions.
Only writers come here: the read path (tid.db.lecture) checks, it never builds."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from tid.db.connexion import _ECRITURES, ROOT, connect, db_path
from tid.db.ecriture import (
    _balayer_restes,
    _disque_plein_dit,
    _mise_de_cote,
    _publier,
    _supprimer,
    _temporaire,
    _verrou_ecriture,
    rafraichir_derives,
)
from tid.db.erreurs import ErreurBase, ReconstructionAttendue, ReconstructionRefusee, SchemaPerime
from tid.db.requetes import QUERIES_DIR, run
from tid.db.verification import (
    _VERROU_VERIFICATION,
    _etat_base,
    _refuser_si_donnees,
    empreinte_schema,
    verifier_base,
)

SEED_DIR = ROOT / "data" / "seed"
SEED_IMPORT_ID = 1

# Seed tables in foreign-key order; each has data/seed/<table>.csv and queries/staging/<table>.sql.
SEED_TABLES = (
    "programme",
    "vague",
    "axe",
    "theme",
    "type_territoire",
    "type_porteur",
    "region",
    "departement",
    "projet",
    "projet_theme",
    "mouvement",
    "total_publie",
    "indication",
)

_JOURNAL = logging.getLogger("tid")


def _seed_digest(seed_dir: Path) -> tuple[str, int]:
    """sha256 over the seed CSVs (name + bytes) and their number of data rows."""
    digest = hashlib.sha256()
    rows = 0
    for table in SEED_TABLES:
        data = (seed_dir / f"{table}.csv").read_bytes()
        digest.update(table.encode() + b"\0" + data)
        rows += max(data.count(b"\n") - 1, 0)
    return digest.hexdigest(), rows


@contextmanager
def _base_neuve(target: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty base with the schema of queries/schema/, filled by the block, then its derived
    tables computed and the file published atomically (build, restore)."""
    with _verrou_ecriture(target), _disque_plein_dit(target):
        _balayer_restes(target)
        tmp = _temporaire(target)
        try:
            con = connect(tmp, read_only=False)
            try:
                for schema_file in sorted((QUERIES_DIR / "schema").glob("*.sql")):
                    con.execute(schema_file.read_text(encoding="utf-8"))
                run(con, "staging/base_meta", schema_sha256=empreinte_schema())
                yield con
                rafraichir_derives(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _publier(tmp, target)
        finally:
            _supprimer(tmp)


def build_base(target: Path | str | None = None, seed_dir: Path = SEED_DIR) -> Path:
    """Create the base from queries/schema and the seed CSVs, then swap it in atomically over
    whatever is there: callers that may hold imports go through reconstruire()."""
    target = Path(target or db_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    with _base_neuve(target) as con:
        sha256, nb_lignes = _seed_digest(seed_dir)
        lot = {
            "import_id": SEED_IMPORT_ID,
            "date_import": datetime.now().replace(microsecond=0),
            "nom_fichier": "data/seed/*.csv",
            "sha256": sha256,
            "nb_lignes": nb_lignes,
            "auteur": "build",
            "message": "Base initiale construite depuis les CSV de référence versionnés",
        }
        run(con, "staging/import_lot", **lot)
        for table in SEED_TABLES:
            path = str(seed_dir / f"{table}.csv")
            run(con, f"staging/{table}", path=path, import_id=SEED_IMPORT_ID)
    return target


def _reconstruire_perimee(path: Path) -> None:
    """Rebuild a base of an older schema that holds only the seed, the old file kept aside."""
    try:
        with _verrou_ecriture(path):
            # again under the lock: another process may have rebuilt it or imported meanwhile
            etat = _etat_base(path)
            if etat.empreinte == empreinte_schema():
                return
            _refuser_si_donnees(path, etat)
            with _mise_de_cote(path, "reconstruction") as copie:
                build_base(path)
    except OSError as erreur:
        # a read-only folder, most often: the proof holds, the rebuild waits for a writer
        _JOURNAL.error("reconstruction impossible de %s : %s", path, erreur)
        raise SchemaPerime(
            f"La base {path.name} vient d'une version antérieure du schéma et ne contient que "
            "les données de référence : elle doit être reconstruite depuis data/seed, mais "
            "l'application n'a pas pu écrire dans son dossier. Rien n'a été modifié. Lancez "
            "`python -m tid build` avec un compte qui peut y écrire ; le détail est dans le "
            "journal du serveur."
        ) from None
    _JOURNAL.warning(
        "base %s d'un schéma antérieur, sans import : reconstruite depuis data/seed, l'ancienne "
        "gardée dans %s",
        path,
        copie,
    )


def _base_a_jour(path: Path) -> Path:
    """The existing base checked as a reader does, and rebuilt (kept aside first) when it is
    provably seed only of an older schema: what a writer may do that a reader may not."""
    with _VERROU_VERIFICATION:
        try:
            verifier_base(path)
        except ReconstructionAttendue:
            _reconstruire_perimee(path)
    return path


def ensure_base(path: Path | str | None = None) -> Path:
    """Build the base on first start (a fresh clone needs no setup step), rebuild a seed-only
    base left by an older schema after an update, refuse anything else (BaseIllisible,
    SchemaPerime): never overwrite what cannot be proved to be seed only."""
    path = Path(path) if path else db_path()
    with _VERROU_VERIFICATION:
        if not path.exists():
            build_base(path)
        else:
            _base_a_jour(path)
    return path


def reconstruire(
    target: Path | str | None = None, seed_dir: Path = SEED_DIR, ecraser_imports: bool = False
) -> tuple[Path, Path | None]:
    """`python -m tid build`: the base rebuilt from data/seed. One that holds imports, or that
    cannot be read in full, is refused unless ecraser_imports, and then copied aside first.
    Returns the base and the copy kept (None when nothing but the seed was replaced)."""
    target = Path(target or db_path())
    with _verrou_ecriture(target):
        a_garder = False
        if target.exists():
            try:
                etat = _etat_base(target)
            except ErreurBase as refus:
                if not ecraser_imports:
                    raise ReconstructionRefusee(
                        f"{refus} Pour la remplacer quand même par une base construite depuis "
                        "data/seed, le fichier actuel copié à côté d'abord : "
                        "`python -m tid build --ecraser-imports`."
                    ) from None
                a_garder = True
            else:
                if etat.nb_imports and not ecraser_imports:
                    raise ReconstructionRefusee(
                        f"La base {target.name} contient {etat.nb_imports} import(s) : la "
                        "reconstruire depuis data/seed les effacerait. Rien n'a été modifié. "
                        "Pour la passer à un nouveau schéma en gardant les imports : "
                        "`python -m tid backup -o DOSSIER` puis `python -m tid restore "
                        "DOSSIER`. Pour les effacer quand même, le fichier actuel copié à côté "
                        "d'abord : `python -m tid build --ecraser-imports`."
                    )
                a_garder = bool(etat.nb_imports)
        garde = _mise_de_cote(target, "reconstruction") if a_garder else contextlib.nullcontext()
        with garde as copie:
            build_base(target, seed_dir)
    if copie:
        _JOURNAL.warning("base %s reconstruite, imports effacés ; copie gardée : %s", target, copie)
    return target, copie


@contextmanager
def nouvelle_version(target: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write copy of the base in one transaction, published atomically if the block ends
    without error. Killed or failed half-way (a full disk included), the published base is
    untouched and the copy removed."""
    target = ensure_base() if target is None else _base_a_jour(Path(target))
    with _verrou_ecriture(target), _disque_plein_dit(target):
        _balayer_restes(target)
        tmp = _temporaire(target)
        try:
            shutil.copyfile(target, tmp)
            con = connect(tmp, read_only=False)
            _ECRITURES.add(id(con))
            try:
                con.begin()
                yield con
                rafraichir_derives(con)
                con.commit()
                con.execute("CHECKPOINT")
            except BaseException:
                # a failed rollback must not hide why the write failed (a full disk, say)
                with contextlib.suppress(duckdb.Error):
                    con.rollback()
                raise
            finally:
                _ECRITURES.discard(id(con))
                con.close()
            _publier(tmp, target)
        finally:
            _supprimer(tmp)
