"""The SQL of queries/: read once, $named parameters bound, run on a connection."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

import duckdb
import pandas as pd

from tid import documentation
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


@cache
def _date_extraction():
    return documentation.date_extraction(documentation.README_DONNEES.read_text(encoding="utf-8"))


def _defauts() -> dict[str, object]:
    """The two parameters a caller may leave out: `au` (« Situation au », None = now) and the
    day the seed's sources were read, which dates the seed's undated rows in a past situation."""
    return {"au": None, "date_extraction": _date_extraction()}


def bind(sql: str, params: Mapping[str, object]) -> dict[str, object]:
    """The exact parameter dict DuckDB wants: a missing key is an error (but `au`, which
    defaults to now, and `date_extraction`), extra keys are dropped."""
    needed = param_names(sql)
    if needed & {"au", "date_extraction"}:
        params = {**_defauts(), **params}
    missing = needed - params.keys()
    if missing:
        raise QueryParamError(f"paramètres manquants : {', '.join(sorted(missing))}")
    return {name: params[name] for name in needed}


# A past day's projects and ledger (« Situation au »): temporary tables named like the stored
# ones, so the same queries read them; the current situation runs its queries untouched.
_SITUATION = ("situation/mouvements", "situation/projets")


def _preparer_situation(curseur, params: Mapping[str, object]) -> None:
    """The projects and the ledger as they stood on `au`, into this cursor's temporary tables."""
    for preparation in _SITUATION:
        texte = sql_text(preparation)
        curseur.execute(texte, bind(texte, {"au": params["au"]}))


def _curseur(con: duckdb.DuckDBPyConnection, params: Mapping[str, object]):
    """The cursor a query runs on: a past day gets a cursor of its own, never a writer's
    connection, so its temporary tables hide the stored ones from that query only."""
    if params.get("au") is None:
        return _executant(con)
    curseur = con.cursor()
    _preparer_situation(curseur, params)
    return curseur


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run queries/<name>.sql on its own cursor (a shared connection is not thread-safe)."""
    sql = sql_text(name)
    bound = bind(sql, params)
    resultat = _curseur(con, bound).execute(sql, bound)
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
