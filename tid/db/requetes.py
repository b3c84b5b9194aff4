"""The SQL of queries/: read once, $named parameters bound, run on a connection."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

import duckdb
import pandas as pd

from tid.db.connexion import ROOT, _executant

QUERIES_DIR = ROOT / "queries"

_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")


class QueryParamError(ValueError):
    """A query was called without one of the parameters its SQL names."""


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


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run queries/<name>.sql on its own cursor (a shared connection is not thread-safe)."""
    sql = sql_text(name)
    resultat = _executant(con).execute(sql, bind(sql, params))
    return resultat.df() if resultat.description else pd.DataFrame()


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
