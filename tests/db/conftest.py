"""Bases holding an import, whole or damaged one way, for the tests of tid/db."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .outils import DOMMAGES, ajouter_un_import


@pytest.fixture(scope="module")
def base_avec_import(base_seed, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("avec_import") / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    ajouter_un_import(path)
    return path


@pytest.fixture(params=sorted(DOMMAGES))
def base_abimee(request, base_avec_import, tmp_path) -> Path:
    """A base holding an import, damaged one way; the test checks it is never rewritten."""
    path = tmp_path / "tid.duckdb"
    shutil.copyfile(base_avec_import, path)
    path.write_bytes(DOMMAGES[request.param](path))
    return path
