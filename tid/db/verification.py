"""Is the published base one this app may read? Checked once per version, never written."""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from tid.db.connexion import _fermer_directes, connect
from tid.db.erreurs import (
    BaseAbsente,
    BaseIllisible,
    ErreurBase,
    ReconstructionAttendue,
    SchemaPerime,
)
from tid.db.requetes import QUERIES_DIR, run

_JOURNAL = logging.getLogger("tid")


@cache
def empreinte_schema() -> str:
    """sha256 of queries/schema/*.sql: a base remembers the schema it was built with."""
    digest = hashlib.sha256()
    for schema_file in sorted((QUERIES_DIR / "schema").glob("*.sql")):
        digest.update(schema_file.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class _Etat:
    """What a fully read base holds: its schema fingerprint (None before base_meta existed),
    its import batches besides the seed, whether it is synthetic."""

    empreinte: str | None
    nb_imports: int
    synthetique: bool


def _illisible(path: Path, erreur: Exception) -> BaseIllisible:
    _JOURNAL.error("base illisible, laissée telle quelle : %s (%s)", path, erreur)
    return BaseIllisible(
        f"La base de données ({path.name}) est illisible ou incomplète : fichier tronqué, abîmé "
        "ou en cours de copie. Elle n'a été ni modifiée ni reconstruite. Si une copie est en "
        "cours, attendez qu'elle se termine. Sinon, restaurez la dernière sauvegarde "
        "(`python -m tid restore DOSSIER`, qui met d'abord ce fichier de côté) ou remettez en "
        "place une copie saine. Le détail est dans le journal du serveur."
    )


def _etat_base(path: Path) -> _Etat:
    """Read every table of the base in full, then what it holds. DuckDB checks each block's
    checksum as it reads it: a truncated or damaged file fails here, even one that opens and
    whose fingerprint reads fine (that was taken for an old schema and rebuilt, losing the
    imports). ~0.3 s at 1 000 000 events, once per published version."""
    try:
        con = connect(path, read_only=True)
    except duckdb.Error as erreur:
        raise _illisible(path, erreur) from None
    try:
        try:
            tables = set(run(con, "tables_base")["table_name"])
            for table in sorted(tables):
                run(con, "empreinte_table", table=table)
        except duckdb.Error as erreur:
            raise _illisible(path, erreur) from None
        try:
            contenu = run(con, "base_contenu").iloc[0]
            empreinte = run(con, "base_schema").iloc[0, 0] if "base_meta" in tables else None
        except duckdb.Error as erreur:
            # readable, but not tables this app knows: nothing proves it holds no imports
            _JOURNAL.error(
                "base de structure inconnue, laissée telle quelle : %s (%s)", path, erreur
            )
            raise SchemaPerime(
                f"La base de données ({path.name}) se lit, mais ses tables ne sont pas celles "
                "que l'application connaît : rien ne prouve qu'elle ne contient pas d'imports, "
                "elle n'a donc été ni modifiée ni reconstruite. Vérifiez que la variable TID_DB "
                "désigne bien la base du Suivi TID ; le détail est dans le journal du serveur."
            ) from None
    finally:
        con.close()
    return _Etat(
        empreinte if isinstance(empreinte, str) else None,
        int(contenu["nb_imports"]),
        bool(contenu["est_synthetique"]),
    )


def est_fictive(path: Path | str) -> bool:
    """True only for a readable synthetic base: `tid synth` may overwrite that one, nothing else."""
    try:
        return _etat_base(Path(path)).synthetique
    except ErreurBase:
        return False


def _refuser_si_donnees(path: Path, etat: _Etat) -> None:
    """A base of an older schema is rebuilt from data/seed only when that loses nothing."""
    if etat.synthetique:
        _JOURNAL.warning("base fictive d'un schéma antérieur, laissée telle quelle : %s", path)
        # rebuilding it from data/seed would silently swap fictitious figures for the real ones
        raise SchemaPerime(
            f"La base fictive {path.name} a été construite par une version antérieure du "
            "schéma. Régénérez-la (`python -m tid synth --projects N --events M --db CHEMIN`)."
        )
    if etat.nb_imports:
        _JOURNAL.warning(
            "base d'un schéma antérieur avec %s import(s), laissée telle quelle : %s",
            etat.nb_imports,
            path,
        )
        raise SchemaPerime(
            f"La base {path.name} a été construite par une version antérieure du schéma et "
            f"contient {etat.nb_imports} import(s) : l'application ne la reconstruit pas, cela "
            "les effacerait. Rien n'a été modifié. Pour la passer au nouveau schéma en gardant "
            "les imports : `python -m tid backup -o DOSSIER`, puis `python -m tid restore "
            "DOSSIER`. Si la restauration refuse la sauvegarde, la base reste telle quelle : "
            "revenez à la version précédente de l'application et signalez-le à l'équipe "
            "technique."
        )


@cache
def _base_verifiee(path: Path, signature: tuple[int, int, int]) -> None:
    """Once per published version (inode, size, mtime): accept a readable base of the current
    schema, refuse any other. A refusal raises, so it is never cached: the next view checks
    again."""
    _fermer_directes(path)  # else DuckDB would hand back the previous version's instance
    etat = _etat_base(path)
    if etat.empreinte == empreinte_schema():
        return
    _refuser_si_donnees(path, etat)
    # seed only: safe to rebuild, but a reader never builds (ensure_base does, at start-up)
    _JOURNAL.warning("base d'un schéma antérieur, sans import, à reconstruire : %s", path)
    raise ReconstructionAttendue(
        f"La base {path.name} vient d'une version antérieure du schéma et ne contient que les "
        "données de référence : elle doit être reconstruite depuis data/seed. Rien n'a été "
        "modifié. Le démarrage de l'application (`make run`) la reconstruit, tout comme "
        "`python -m tid build`."
    )


# The first sessions of a fresh server arrive together: one of them checks (or, through
# ensure_base, builds) the base, the others wait for it instead of each doing it in turn.
_VERROU_VERIFICATION = threading.RLock()


def verifier_base(path: Path | str) -> Path:
    """The existing base at `path`, fully read once per version; never built nor rebuilt."""
    path = Path(path)
    with _VERROU_VERIFICATION:
        try:
            etat = path.stat()
        except FileNotFoundError:
            _JOURNAL.error("base absente : %s", path)
            raise BaseAbsente(
                f"La base n'est pas construite : {path.name} n'existe pas. Le démarrage de "
                "l'application (`make run`) la construit depuis data/seed, tout comme "
                "`python -m tid build`. Le détail est dans le journal du serveur."
            ) from None
        _base_verifiee(path, (etat.st_ino, etat.st_size, etat.st_mtime_ns))
    return path
