"""A set of files written as one new folder, all or nothing: a reader never sees half of it."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path


class DossierRefuse(ValueError):
    """The target folder is taken: one French sentence, nothing written."""


def verifier_libre(dossier: Path) -> None:
    """Refuse a target that exists and is not an empty folder (never overwrite, never mix)."""
    if dossier.is_symlink() or (dossier.exists() and not dossier.is_dir()):
        raise DossierRefuse(f"{dossier} existe et n'est pas un dossier : rien n'a été écrit.")
    if dossier.is_dir() and any(dossier.iterdir()):
        raise DossierRefuse(
            f"le dossier {dossier} n'est pas vide : rien n'a été écrit (choisissez un dossier "
            "nouveau ou vide ; un paquet n'en remplace jamais un autre)."
        )


def _synchroniser(chemin: Path) -> None:
    descripteur = os.open(chemin, os.O_RDONLY)
    try:
        os.fsync(descripteur)
    finally:
        os.close(descripteur)


def publier(dossier: Path, fichiers: Mapping[str, bytes]) -> None:
    """Write `fichiers` into a hidden folder beside `dossier`, then rename it to `dossier` (one
    atomic step on one file system); on any failure the hidden folder is removed."""
    dossier = Path(dossier).absolute()
    verifier_libre(dossier)
    dossier.parent.mkdir(parents=True, exist_ok=True)
    # os.mkdir follows the umask like the folder the user would make (mkdtemp forces 0700)
    partiel = dossier.with_name(f".{dossier.name}.{secrets.token_hex(4)}.partiel")
    os.mkdir(partiel)
    try:
        for nom, contenu in fichiers.items():
            chemin = partiel / nom
            chemin.write_bytes(contenu)
            _synchroniser(chemin)
        _synchroniser(partiel)
        try:
            # replaces an empty folder in one step; refused if something appeared in it meanwhile
            os.rename(partiel, dossier)
        except OSError:
            verifier_libre(dossier)
            raise
        _synchroniser(dossier.parent)
    except BaseException:
        shutil.rmtree(partiel, ignore_errors=True)
        raise
