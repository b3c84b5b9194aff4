"""tid/db/lecture.py: the app reads the published base, each new version at once, and never
builds one."""

from __future__ import annotations

import ast
import errno
import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
import streamlit as st

from tid import db
from tid.db import lecture, verification
from tid.filtres import aucun

from .outils import journal_tid, marquer_ancien_schema, page


def test_fetch_uses_the_base_named_by_the_environment(monkeypatch, base_fixtures):
    monkeypatch.setenv(db.DB_ENV_VAR, str(base_fixtures))
    assert int(db.fetch("kpi", **aucun())["nb_projets"].iloc[0]) == 4


def test_fetch_from_many_threads_never_returns_an_empty_result(monkeypatch, base_fixtures):
    monkeypatch.setenv(db.DB_ENV_VAR, str(base_fixtures))
    filtres = aucun()

    def une_requete(i: int) -> int:
        st.cache_data.clear() if i % 10 == 0 else None
        return len(
            db.run(
                lecture._shared_connection(lecture.base_version()), "chaine_par_vague", **filtres
            )
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        tailles = list(pool.map(une_requete, range(200)))
    assert set(tailles) == {3}


def test_the_full_read_runs_once_per_published_version(base_seed, tmp_path, monkeypatch):
    """The hot path (every fetch) only stats the file; the full read waits for a new version."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    lectures = []
    lire = verification._etat_base
    monkeypatch.setattr(verification, "_etat_base", lambda p: lectures.append(p) or lire(p))
    for _ in range(3):
        db.fetch("kpi", **aucun())
    assert len(lectures) == 1
    with db.nouvelle_version(path) as con:
        con.execute("SELECT 1")
    db.fetch("kpi", **aucun())
    assert len(lectures) == 2  # the writer copied the version already read; the new one, once


def sans_liens_durs(monkeypatch) -> None:
    def link(src, dst, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dst))

    monkeypatch.setattr(os, "link", link)


def test_readers_without_hard_links_read_and_see_each_new_version(
    base_seed, base_fixtures, tmp_path, monkeypatch, caplog
):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    sans_liens_durs(monkeypatch)
    assert int(db.fetch("kpi", **aucun())["nb_projets"].iloc[0]) == 25
    assert any("lien de lecture impossible" in m for m in journal_tid(caplog, logging.WARNING))
    # a writer publishes another version: DuckDB must not hand back the old one's instance
    nouvelle = tmp_path / "nouvelle.duckdb"
    shutil.copyfile(base_fixtures, nouvelle)
    os.replace(nouvelle, path)
    assert int(db.fetch("kpi", **aucun())["nb_projets"].iloc[0]) == 4
    assert [p.name for p in tmp_path.iterdir() if ".lecture-" in p.name] == []


def test_the_app_works_without_hard_links(base_seed, tmp_path, app_sur, monkeypatch):
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    sans_liens_durs(monkeypatch)
    at = page(path, app_sur)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert {m.label: m.value for m in at.metric}["Lauréats"] == "13"


def test_fetch_without_a_base_says_so_in_french_and_builds_nothing(tmp_path, monkeypatch, caplog):
    """Reading never builds: whoever starts the app does (dashboard.py, `make run`)."""
    absente = tmp_path / "absente.duckdb"
    monkeypatch.setenv(db.DB_ENV_VAR, str(absente))
    for _ in range(2):  # a refusal is not remembered
        with pytest.raises(db.BaseAbsente, match="La base n'est pas construite") as refus:
            db.fetch("kpi", **aucun())
    assert "make run" in str(refus.value)
    assert str(tmp_path) not in str(refus.value)  # server paths stay in the log
    assert any(str(absente) in ligne for ligne in journal_tid(caplog, logging.ERROR))
    assert list(tmp_path.iterdir()) == []


def test_fetch_on_a_seed_only_base_of_an_older_schema_rebuilds_nothing(
    base_fixtures, tmp_path, monkeypatch
):
    """Safe to rebuild, yet a reader only says so: ensure_base, at start-up, rebuilds it."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_fixtures, path)
    marquer_ancien_schema(path)
    avant = path.read_bytes()
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    with pytest.raises(db.ReconstructionAttendue, match="doit être reconstruite"):
        db.fetch("kpi", **aucun())
    assert path.read_bytes() == avant
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tid.duckdb"]
    db.ensure_base()
    assert int(db.fetch("kpi", **aucun())["nb_projets"].iloc[0]) == 25


def test_the_read_path_imports_nothing_of_the_write_life_cycle():
    """Reading never builds: the modules fetch() runs on cannot even reach a writer."""
    lecture_seule = ("connexion", "erreurs", "requetes", "verification", "lecture")
    for module in lecture_seule:
        arbre = ast.parse((db.ROOT / "tid" / "db" / f"{module}.py").read_text(encoding="utf-8"))
        importes = {n.module for n in ast.walk(arbre) if isinstance(n, ast.ImportFrom)}
        importes |= {a.name for n in ast.walk(arbre) if isinstance(n, ast.Import) for a in n.names}
        internes = {m.removeprefix("tid.db.") for m in importes if m.startswith("tid.db.")}
        assert internes <= set(lecture_seule), (module, internes)
