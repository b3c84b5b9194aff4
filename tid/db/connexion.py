"""Where the base is and how it is opened: the offline configuration, one thread per reader."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DB = ROOT / "data" / "tid.duckdb"
DB_ENV_VAR = "TID_DB"

# Nothing may try the network (sovereign, offline machines): no extension download or autoload.
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
# Readers answer many sessions' small queries on few cores: one thread per query costs less than
# splitting each (4 page queries at 1 000 000 events: 86 -> 74 ms, région 53: 52 -> 40 ms,
# bench/analyse.md); writers keep DuckDB's default (a build uses every core).
_CONFIG_LECTURE = {**_CONFIG, "threads": 1}


def db_path() -> Path:
    """The base in use: $TID_DB when set, else data/tid.duckdb."""
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB)


def connect(path: Path | str | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A new connection with the offline configuration (one thread per query for readers)."""
    config = _CONFIG_LECTURE if read_only else _CONFIG
    return duckdb.connect(str(path or db_path()), read_only=read_only, config=config)


# Connections opened by nouvelle_version(): their statements must run on the connection itself,
# inside its transaction (a cursor is a separate connection with its own transaction).
_ECRITURES: set[int] = set()


def _executant(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    return con if id(con) in _ECRITURES else con.cursor()


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
    """Fallback of the per-version hard link: the published path, read-only."""
    _fermer_directes(path)
    con = connect(path, read_only=True)
    with _VERROU_DIRECTES:
        _DIRECTES[str(path)] = con
    return con
