"""A published base copied to another place (a share, another machine): whole, checked, renamed."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tid.db.ecriture import _balayer_restes, _disque_plein_dit, _verrou_ecriture
from tid.db.erreurs import ErreurBase
from tid.db.sauvegarde import restaurer
from tid.db.verification import verifier_base


class CopieRefusee(ErreurBase):
    """The source cannot become the published base there: nothing was replaced."""


@dataclass(frozen=True)
class Copie:
    """What one copy did, for the operator's log and the benchmark."""

    cible: Path
    publiee: bool  # False: the target already held these exact bytes, left as is
    octets: int
    duree_s: float


def _empreinte(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fichier:
        for bloc in iter(lambda: fichier.read(1 << 20), b""):
            digest.update(bloc)
    return digest.hexdigest()


def _fsync(path: Path) -> None:
    descripteur = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descripteur)
    finally:
        os.close(descripteur)


def _restaurer(dossier: Path, tmp: Path) -> None:
    """A `backup` folder rebuilt into tmp, or refused in French (not a backup, damaged file)."""
    try:
        restaurer(dossier, tmp)
    except (OSError, ValueError, duckdb.Error) as erreur:
        if isinstance(erreur, OSError) and not isinstance(erreur, FileNotFoundError):
            raise  # a full disk is said by _disque_plein_dit; other I/O errors as they are
        raise CopieRefusee(
            f"{dossier} n'a pas été publiée : ce n'est pas une sauvegarde complète et lisible "
            f"de `python -m tid backup` ({erreur}). La base en place n'a pas été modifiée."
        ) from erreur


def _verifier(tmp: Path, source: Path) -> None:
    """The copy itself fully read and of this code's schema, or refused in French."""
    try:
        verifier_base(tmp)
    except ErreurBase as erreur:
        raise CopieRefusee(
            f"{source} n'a pas été publiée : sa copie ne peut pas servir de base à cette version "
            f"de l'application. {erreur} La base en place n'a pas été modifiée."
        ) from erreur


def copier_base(source: Path, cible: Path) -> Copie:
    """Make `source` (a DuckDB base file or a `backup` folder of Parquet files) the published
    base at `cible`: written under a temporary name in cible's folder, fsynced, fully read and
    checked, then renamed over cible in one step. Readers there keep the old version or open
    the new one, never a half-copied file; a damaged or foreign source replaces nothing. A file
    holding cible's exact bytes is left alone; a folder is restored and published every time."""
    debut = time.perf_counter()
    source, cible = Path(source), Path(cible)
    if not source.exists():
        raise CopieRefusee(f"Source introuvable : {source}. Rien n'a été modifié.")
    cible.parent.mkdir(parents=True, exist_ok=True)
    # one copier or writer at a time on cible; what a killed one left is swept under the lock
    with _verrou_ecriture(cible):
        _balayer_restes(cible)
        with tempfile.TemporaryDirectory(
            prefix=f".{cible.name}.", suffix=".tmp", dir=cible.parent
        ) as atelier:
            return _copier_sous_verrou(source, cible, Path(atelier), debut)


def _copier_sous_verrou(source: Path, cible: Path, atelier: Path, debut: float) -> Copie:
    if source.is_file() and cible.exists() and _empreinte(source) == _empreinte(cible):
        return Copie(cible, False, cible.stat().st_size, time.perf_counter() - debut)
    tmp = atelier / cible.name  # same folder as cible: the rename below is atomic
    with _disque_plein_dit(cible):
        if source.is_dir():
            _restaurer(source, tmp)
        else:
            shutil.copyfile(source, tmp)
        _fsync(tmp)
    _verifier(tmp, source)
    octets = tmp.stat().st_size
    os.replace(tmp, cible)
    _fsync(cible.parent)  # the rename itself survives a power cut
    return Copie(cible, True, octets, time.perf_counter() - debut)
