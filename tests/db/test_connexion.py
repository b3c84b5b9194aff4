"""tid/db/connexion.py: readers on one thread per query, writers on DuckDB's default."""

from __future__ import annotations

import duckdb

from tid import db


def test_readers_run_each_query_on_one_thread_writers_on_all(tmp_path, base_seed):
    lecteur = db.connect(base_seed, read_only=True)
    try:
        assert lecteur.execute("SELECT current_setting('threads')").fetchone()[0] == 1
    finally:
        lecteur.close()
    ecrivain = db.connect(tmp_path / "ecriture.duckdb", read_only=False)
    try:
        defaut = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()[0]
        assert ecrivain.execute("SELECT current_setting('threads')").fetchone()[0] == defaut
    finally:
        ecrivain.close()
