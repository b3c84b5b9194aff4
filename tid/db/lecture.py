"""The app's read path: the published base checked, opened once per version, results cached."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from tid.db.connexion import _ouvrir_directement, connect, db_path
from tid.db.requetes import bind, run, sql_text
from tid.db.verification import verifier_base

_JOURNAL = logging.getLogger("tid")


def base_version() -> tuple[str, int, int]:
    """(path, inode, mtime) of the published base: part of every cache key, so a new version
    (rebuild, import, revert) is read at once. Only checked: whoever starts the app builds it."""
    path = verifier_base(db_path())
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
