"""What every write shares: one writer at a time, a working copy, the atomic publish, a full
disk said in French, the old file kept aside, derived tables recomputed."""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from tid.db.connexion import connect
from tid.db.erreurs import DisquePlein
from tid.db.requetes import query_names, run

_JOURNAL = logging.getLogger("tid")


def _tables_derivees() -> set[str]:
    """Tables recomputed at each write (queries/derives/<table>.sql) and the base's own
    metadata (written by the new base): never backed up, never restored."""
    return {name.split("/")[1] for name in query_names("derives")} | {"base_meta"}


def rafraichir_derives(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the stored derived tables (queries/derives/) before a write is published."""
    for name in query_names("derives"):
        run(con, name)


def _verrou_ecriture_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.verrou")


_VERROUS_TENUS = threading.local()


@contextmanager
def _verrou_ecriture(target: Path) -> Iterator[None]:
    """One writer at a time per base (build, import, revert), across processes; released by
    the OS if the process dies. Re-entrant in a thread: a rebuild checks the base and builds
    it under one lock, and flock on a second descriptor would wait for itself."""
    tenus = _VERROUS_TENUS.__dict__.setdefault("chemins", set())
    chemin = os.path.abspath(_verrou_ecriture_path(target))
    if chemin in tenus:
        yield
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(chemin, "a+b") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX)
        tenus.add(chemin)
        try:
            yield
        finally:
            tenus.discard(chemin)
            fcntl.flock(verrou, fcntl.LOCK_UN)


# The OS's words for a full disk or quota; DuckDB passes them on in its IOException text
# ("Could not write file ...: No space left on device", checked on a full tmpfs).
_ERRNOS_DISQUE_PLEIN = {errno.ENOSPC, errno.EDQUOT}
_TEXTES_DISQUE_PLEIN = ("No space left on device", "Disk quota exceeded")


def _est_disque_plein(erreur: BaseException) -> bool:
    if isinstance(erreur, OSError):
        return erreur.errno in _ERRNOS_DISQUE_PLEIN
    return isinstance(erreur, duckdb.Error) and any(t in str(erreur) for t in _TEXTES_DISQUE_PLEIN)


@contextmanager
def _disque_plein_dit(target: Path) -> Iterator[None]:
    """A full disk during a write becomes one French sentence; the callers' `finally` blocks
    have removed the temporary copy by the time it reaches them."""
    try:
        yield
    except (OSError, duckdb.Error) as erreur:
        if not _est_disque_plein(erreur):
            raise
        _JOURNAL.error("disque plein pendant une écriture de %s : %s", target, erreur)
        raise DisquePlein(
            "Disque plein : l'écriture n'a pas pu se terminer, rien n'a été modifié. La base "
            "publiée n'a pas changé et sa copie de travail a été supprimée ; libérez de la "
            "place dans le dossier de la base, puis recommencez."
        ) from erreur


def _balayer_restes(target: Path) -> None:
    """Copies left by a writer killed half-way: a living writer would hold our lock."""
    for reste in target.parent.glob(f".{target.name}.*.tmp*"):
        if reste.is_dir():  # a copier's workshop (tid/db/copie.py)
            shutil.rmtree(reste, ignore_errors=True)
        else:
            reste.unlink(missing_ok=True)


def _temporaire(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")


def _supprimer(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)


def _publier(tmp: Path, target: Path) -> None:
    """Atomic publish: readers hold the old file (its inode) or open the new one, never half."""
    os.replace(tmp, target)


@contextmanager
def _mise_de_cote(path: Path, motif: str) -> Iterator[Path]:
    """Copy the base next to itself (<base>.avant-<motif>-<date>) before the block replaces
    it; removed again if the block fails, the copied base being then still the published one.
    Under the write lock, through a temporary name: a half-made copy never looks whole."""
    horodatage = datetime.now().strftime("%Y%m%d-%H%M%S")
    copie = path.with_name(f"{path.name}.avant-{motif}-{horodatage}")
    rang = 2
    while copie.exists():
        copie = path.with_name(f"{path.name}.avant-{motif}-{horodatage}-{rang}")
        rang += 1
    tmp = _temporaire(path)
    with _disque_plein_dit(path):
        try:
            shutil.copyfile(path, tmp)
            wal = path.with_name(path.name + ".wal")
            if wal.exists():  # DuckDB reads it with the base: part of what is kept
                shutil.copyfile(wal, copie.with_name(copie.name + ".wal"))
            os.replace(tmp, copie)
        except BaseException:
            _supprimer(copie)
            raise
        finally:
            tmp.unlink(missing_ok=True)
    try:
        yield copie
    except BaseException:
        _supprimer(copie)
        raise


@contextmanager
def writer(path: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection in place (tests and repairs); derived tables refreshed on exit."""
    con = connect(path, read_only=False)
    try:
        yield con
        rafraichir_derives(con)
    finally:
        con.close()
