"""The only module that opens DuckDB or reads queries/ (R1): build, connect, fetch."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
SEED_DIR = ROOT / "data" / "seed"
DEFAULT_DB = ROOT / "data" / "tid.duckdb"
DB_ENV_VAR = "TID_DB"
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
)

# Nothing may try the network (sovereign, offline machines): no extension download or autoload.
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# Readers answer many sessions' small queries on few cores: one thread per query costs less than
# splitting each (4 page queries at 1 000 000 events: 86 -> 74 ms, région 53: 52 -> 40 ms,
# bench/analyse.md); writers keep DuckDB's default (a build uses every core).
_CONFIG_LECTURE = {**_CONFIG, "threads": 1}
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
_JOURNAL = logging.getLogger("tid")


class QueryParamError(ValueError):
    """A query was called without one of the parameters its SQL names."""


class ErreurBase(RuntimeError):
    """A refusal about the base itself, in French for readers and operators: no server path
    and no trace in the message, the log has both (README « Règles », 7)."""


class SchemaPerime(ErreurBase):
    """The base was built by an older version of queries/schema and holds imports (or is
    synthetic, or not recognisable): rebuilding it from data/seed could lose them."""


class BaseIllisible(ErreurBase):
    """DuckDB cannot open or fully read the base: truncated, damaged, a copy in progress."""


class DisquePlein(ErreurBase):
    """A write ran out of disk space; the published base is unchanged, the copy removed."""


class ReconstructionRefusee(ErreurBase):
    """`python -m tid build` would erase imports (or a base it cannot read) without
    --ecraser-imports."""


def db_path() -> Path:
    """The base in use: $TID_DB when set, else data/tid.duckdb."""
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB)


@cache
def sql_text(name: str) -> str:
    """The SQL of queries/<name>.sql (name may contain a sub-folder, e.g. 'controles/x')."""
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query_names(folder: str) -> list[str]:
    """Names of the queries in a sub-folder of queries/, sorted, for callers that run them all."""
    return sorted(f"{folder}/{p.stem}" for p in (QUERIES_DIR / folder).glob("*.sql"))


def param_names(sql: str) -> set[str]:
    """The $named parameters a SQL text uses (comments ignored)."""
    return set(_PARAM.findall(_COMMENT.sub("", sql)))


def bind(sql: str, params: Mapping[str, object]) -> dict[str, object]:
    """The exact parameter dict DuckDB wants: a missing key is an error, extra keys are dropped."""
    needed = param_names(sql)
    missing = needed - params.keys()
    if missing:
        raise QueryParamError(f"paramètres manquants : {', '.join(sorted(missing))}")
    return {name: params[name] for name in needed}


def connect(path: Path | str | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A new connection with the offline configuration (one thread per query for readers)."""
    config = _CONFIG_LECTURE if read_only else _CONFIG
    return duckdb.connect(str(path or db_path()), read_only=read_only, config=config)


# Connections opened by nouvelle_version(): their statements must run on the connection itself,
# inside its transaction (a cursor is a separate connection with its own transaction).
_ECRITURES: set[int] = set()


def _executant(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    return con if id(con) in _ECRITURES else con.cursor()


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run queries/<name>.sql on its own cursor (a shared connection is not thread-safe)."""
    sql = sql_text(name)
    resultat = _executant(con).execute(sql, bind(sql, params))
    return resultat.df() if resultat.description else pd.DataFrame()


def _seed_digest(seed_dir: Path) -> tuple[str, int]:
    """sha256 over the seed CSVs (name + bytes) and their number of data rows."""
    digest = hashlib.sha256()
    rows = 0
    for table in SEED_TABLES:
        data = (seed_dir / f"{table}.csv").read_bytes()
        digest.update(table.encode() + b"\0" + data)
        rows += max(data.count(b"\n") - 1, 0)
    return digest.hexdigest(), rows


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


@cache
def _base_verifiee(path: Path, signature: tuple[int, int, int]) -> None:
    """Once per published version (inode, size, mtime): use a readable base of the current
    schema, rebuild one provably seed-only of an older schema (kept aside first), refuse any
    other. A refusal raises, so it is never cached: the next view checks again."""
    _fermer_directes(path)  # else DuckDB would hand back the previous version's instance
    etat = _etat_base(path)
    if etat.empreinte == empreinte_schema():
        return
    _refuser_si_donnees(path, etat)
    _reconstruire_perimee(path)


# The first sessions of a fresh server arrive together: one of them builds or rebuilds the
# base, the others wait for it instead of each rebuilding it in turn.
_VERROU_VERIFICATION = threading.RLock()


def verifier_base(path: Path | str) -> Path:
    """The existing base at `path`, checked as ensure_base() does (without building it)."""
    path = Path(path)
    with _VERROU_VERIFICATION:
        etat = path.stat()
        _base_verifiee(path, (etat.st_ino, etat.st_size, etat.st_mtime_ns))
    return path


def ensure_base(path: Path | str | None = None) -> Path:
    """Build the base on first use (a fresh clone needs no setup step), rebuild a seed-only
    base left by an older schema after an update, refuse anything else (BaseIllisible,
    SchemaPerime): never overwrite what cannot be proved to be seed only."""
    path = Path(path) if path else db_path()
    with _VERROU_VERIFICATION:
        if not path.exists():
            build_base(path)
        else:
            verifier_base(path)
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
    target = ensure_base() if target is None else verifier_base(target)
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


def run_avec(
    con: duckdb.DuckDBPyConnection,
    name: str,
    tables: Mapping[str, pd.DataFrame],
    **params: object,
) -> pd.DataFrame:
    """Run a query that reads DataFrames registered under the given names (import rows)."""
    curseur = _executant(con)
    for nom, frame in tables.items():
        curseur.register(nom, frame)
    sql = sql_text(name)
    resultat = curseur.execute(sql, bind(sql, params))
    return resultat.df() if resultat.description else pd.DataFrame()


def base_version() -> tuple[str, int, int]:
    """(path, inode, mtime) of the published base: part of every cache key, so a new version
    (rebuild, import, revert) is read at once."""
    path = ensure_base()
    etat = path.stat()
    return str(path), etat.st_ino, etat.st_mtime_ns


def _lien_lecture(path: Path, inode: int, mtime_ns: int) -> Path:
    # the file system reuses inode numbers: the mtime makes the name one version's only
    return path.with_name(f".{path.name}.lecture-{inode}-{mtime_ns}")


def _ouvrir_version(path: Path, inode: int, mtime_ns: int) -> duckdb.DuckDBPyConnection:
    """Open one published version through a hard link named after it: DuckDB caches its
    instances by path, so a swapped file opened under the same path showed old data."""
    lien = _lien_lecture(path, inode, mtime_ns)
    try:
        if not lien.exists():
            with contextlib.suppress(FileExistsError):
                os.link(path, lien)
    except OSError as erreur:
        # a folder the reader may not write to, or a file system without hard links
        _JOURNAL.warning("lien de lecture impossible (%s) : base ouverte directement", erreur)
        return _ouvrir_directement(path)
    con = connect(lien, read_only=True)
    for ancien in path.parent.glob(f".{path.name}.lecture-*"):
        if ancien != lien:
            # unlinking a file another reader still has open is safe on POSIX; a link made by
            # another account may not be ours to remove
            with contextlib.suppress(OSError):
                ancien.unlink(missing_ok=True)
    return con


# Connections opened on the published path itself, when no hard link could be made.
_DIRECTES: dict[str, duckdb.DuckDBPyConnection] = {}
_VERROU_DIRECTES = threading.Lock()


def _fermer_directes(path: Path) -> None:
    """Close the connection opened directly on `path`: while it lives, DuckDB hands its
    instance, hence the previous version, to anyone who opens that path. A query still
    running on it fails once, shown as the page's French error."""
    with _VERROU_DIRECTES:
        con = _DIRECTES.pop(str(path), None)
    if con is not None:
        con.close()


def _ouvrir_directement(path: Path) -> duckdb.DuckDBPyConnection:
    """Fallback of _ouvrir_version: the published path, read-only."""
    _fermer_directes(path)
    con = connect(path, read_only=True)
    with _VERROU_DIRECTES:
        _DIRECTES[str(path)] = con
    return con


# No on_release close: a reader thread may still be running a cursor on the previous version;
# the old connection is closed by the garbage collector once no cursor uses it.
@st.cache_resource(max_entries=2)
def _shared_connection(version: tuple[str, int, int]) -> duckdb.DuckDBPyConnection:
    return _ouvrir_version(Path(version[0]), version[1], version[2])


# st.cache_resource, not st.cache_data: cache_data pickles a result again at every hit (a
# 100 000-row frame: 46 ms per hit, bench/analyse.md); fetch() hands each caller its own copy.
@st.cache_resource(show_spinner=False, max_entries=512)
def _cached_fetch(version: tuple[str, int, int], name: str, params: tuple) -> pd.DataFrame:
    bound = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    return run(_shared_connection(version), name, **bound)


def _hashable(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def fetch(name: str, **params: object) -> pd.DataFrame:
    """Cached result of queries/<name>.sql for the app: one cursor per query, bound parameters."""
    sql = sql_text(name)
    bound = bind(sql, params)
    key = tuple(sorted((k, _hashable(v)) for k, v in bound.items()))
    frame = _cached_fetch(base_version(), name, key)
    return frame.copy()


@contextmanager
def writer(path: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection in place (tests and repairs); derived tables refreshed on exit."""
    con = connect(path, read_only=False)
    try:
        yield con
        rafraichir_derives(con)
    finally:
        con.close()


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
                if not fichier.exists():
                    raise FileNotFoundError(f"sauvegarde incomplète : {fichier.name} absent")
                con.read_parquet(str(fichier)).insert_into(table)
    return target, copie
