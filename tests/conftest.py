"""Shared fixtures: bases built from the real seed and from the tiny hand-checked fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from tid import db

ROOT = Path(__file__).resolve().parent.parent
FIXTURES_SEED = ROOT / "tests" / "fixtures" / "seed"


@pytest.fixture(scope="session")
def base_seed(tmp_path_factory) -> Path:
    """The real base, built once from data/seed/*.csv into a temporary file."""
    return db.build_base(tmp_path_factory.mktemp("seed") / "tid.duckdb")


@pytest.fixture(scope="session")
def base_fixtures(tmp_path_factory) -> Path:
    """The tiny base whose totals are checked by hand in tests/fixtures/README.md."""
    path = tmp_path_factory.mktemp("fixtures") / "fixtures.duckdb"
    return db.build_base(path, seed_dir=FIXTURES_SEED)


@pytest.fixture
def con_seed(base_seed):
    con = db.connect(base_seed)
    yield con
    con.close()


@pytest.fixture
def con_fixtures(base_fixtures):
    con = db.connect(base_fixtures)
    yield con
    con.close()


@pytest.fixture(autouse=True)
def caches_vides():
    """Streamlit caches are process-global: each test starts from empty ones (STACK_NOTES.md)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_sur(monkeypatch):
    """Point the app (TID_DB) at a given base for AppTest runs."""

    def _pointer(path: Path) -> None:
        monkeypatch.setenv(db.DB_ENV_VAR, str(path))

    return _pointer
