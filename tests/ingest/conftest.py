"""Fixtures of the import tests: copies of the real base to write to, a read-only connection."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ingest.bases import IMPORTS, VERSEMENTS, appliquer
from tid import db, ingest


@pytest.fixture
def base(base_seed, tmp_path) -> Path:
    """A copy of the real base: these tests write to it."""
    copie = tmp_path / "base" / "tid.duckdb"
    copie.parent.mkdir()
    shutil.copyfile(base_seed, copie)
    return copie


@pytest.fixture(scope="module")
def con_lecture(base_seed):
    con = db.connect(base_seed)
    yield con
    con.close()


@pytest.fixture(scope="module")
def base_apres_imports(base_seed, tmp_path_factory) -> Path:
    """The real base after a new laureate, a correction, three payments and their revert."""
    path = tmp_path_factory.mktemp("apres_imports") / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    appliquer(path, IMPORTS / "nouveau_projet.csv")
    appliquer(path, IMPORTS / "correction_projet.csv")
    ingest.annuler(appliquer(path, VERSEMENTS), "test", path)
    return path
