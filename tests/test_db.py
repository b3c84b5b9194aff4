"""tid/db.py: parameter binding, every query on the fixtures base, atomic build."""

from __future__ import annotations

import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest

from tid import db
from tid.filtres import aucun


def _ecrit(path) -> bool:
    """A statement that writes (import steps): exercised by tests/ingest/ instead."""
    code = (
        "\n".join(
            ligne
            for ligne in path.read_text(encoding="utf-8").splitlines()
            if not ligne.startswith("--")
        )
        .lstrip()
        .upper()
    )
    return code.startswith(("INSERT", "DELETE", "UPDATE", "CREATE"))


TOUTES_LES_REQUETES = sorted(
    p.relative_to(db.QUERIES_DIR).with_suffix("").as_posix()
    for p in db.QUERIES_DIR.rglob("*.sql")
    if p.parent.name not in ("schema", "staging")
)
LECTURES = [n for n in TOUTES_LES_REQUETES if not _ecrit(db.QUERIES_DIR / f"{n}.sql")]


def test_param_names_ignore_comments():
    sql = "-- $pas_celui_ci\nSELECT $region, $vague -- $ni_celui_la"
    assert db.param_names(sql) == {"region", "vague"}


def test_bind_drops_extra_keys_and_rejects_missing_ones():
    assert db.bind("SELECT $a", {"a": 1, "b": 2}) == {"a": 1}
    with pytest.raises(db.QueryParamError, match="b"):
        db.bind("SELECT $a, $b", {"a": 1})


def test_no_python_string_building_on_sql():
    """R2: SQL is only read from queries/, never formatted; db.py is the only duckdb importer."""
    for path in db.ROOT.glob("**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        texte = path.read_text(encoding="utf-8")
        if path.name != "db.py":
            # a type-checking import is indented; __main__ imports it for duckdb.Error only
            assert not re.search(r"^import duckdb", texte, re.M) or path.name == "__main__.py", path
            assert "duckdb.connect" not in texte, path


@pytest.mark.parametrize("name", LECTURES)
def test_every_query_runs_on_fixtures_with_filters_off(con_fixtures, name):
    # the parameters some queries take besides the shared filters
    autres = {
        "recherche": None,
        "projet_id": "fx-a",
        "ids": ["fx-a", "fx-b"],
        "mouvement_ids": [1, 2],
        "import_id": 1,
        "premier_id": 100,
        "nouvel_import_id": 2,
        "table": "projet",
        "limite": None,
    }
    frame = db.run(con_fixtures, name, **aucun(), **autres)
    assert frame is not None
    assert list(frame.columns), name


@pytest.mark.parametrize("name", TOUTES_LES_REQUETES)
def test_every_query_starts_with_its_grain(name):
    premiere_ligne = db.sql_text(name).splitlines()[0]
    assert premiere_ligne.startswith("-- grain:"), name
    assert "used by:" in db.sql_text(name).split("\n\n")[0] or "used by:" in db.sql_text(name)


def test_build_is_atomic_when_a_seed_file_is_broken(tmp_path, base_fixtures):
    """A failed rebuild leaves the previous base intact and no temporary file behind."""
    cible = tmp_path / "base.duckdb"
    shutil.copy(base_fixtures, cible)
    graine = tmp_path / "graine"
    shutil.copytree(db.ROOT / "tests" / "fixtures" / "seed", graine)
    projets = (graine / "projet.csv").read_text(encoding="utf-8")
    (graine / "projet.csv").write_text(projets.replace(",29,53,", ",29,99,"), encoding="utf-8")
    avant = cible.read_bytes()
    with pytest.raises(duckdb.Error):
        db.build_base(cible, seed_dir=graine)
    assert cible.read_bytes() == avant
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith((".tmp", ".wal"))] == []


def test_fetch_uses_the_base_named_by_the_environment(monkeypatch, base_fixtures):
    monkeypatch.setenv(db.DB_ENV_VAR, str(base_fixtures))
    assert int(db.fetch("kpi", **aucun())["nb_projets"].iloc[0]) == 4


def test_fetch_from_many_threads_never_returns_an_empty_result(monkeypatch, base_fixtures):
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setenv(db.DB_ENV_VAR, str(base_fixtures))
    filtres = aucun()

    def une_requete(i: int) -> int:
        db.st.cache_data.clear() if i % 10 == 0 else None
        return len(db.run(db._shared_connection(db.base_version()), "chaine_par_vague", **filtres))

    with ThreadPoolExecutor(max_workers=8) as pool:
        tailles = list(pool.map(une_requete, range(200)))
    assert set(tailles) == {3}


def _marquer_ancien_schema(path) -> None:
    with db.writer(path) as con:
        con.execute("UPDATE base_meta SET valeur = 'ancien' WHERE cle = 'schema_sha256'")


def test_a_seed_only_base_from_an_older_schema_is_rebuilt(tmp_path, monkeypatch, base_fixtures):
    path = tmp_path / "ancienne.duckdb"
    shutil.copy(base_fixtures, path)
    _marquer_ancien_schema(path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    db.ensure_base()
    con = db.connect(path)
    try:
        assert db.run(con, "base_schema").iloc[0]["schema_sha256"] == db.empreinte_schema()
        assert len(db.run(con, "kpi", **aucun())) == 1  # rebuilt from data/seed: 25 projects
        assert int(db.run(con, "kpi", **aucun())["nb_projets"].iloc[0]) == 25
    finally:
        con.close()


def test_a_base_with_imports_from_an_older_schema_is_refused(tmp_path, monkeypatch, base_seed):
    path = tmp_path / "avec_imports.duckdb"
    shutil.copy(base_seed, path)
    with db.writer(path) as con:
        con.execute(
            "INSERT INTO import_lot VALUES (2, now(), 'f.csv', repeat('a', 64), 1, 'x', "
            "'applique', NULL, NULL)"
        )
    _marquer_ancien_schema(path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    avant = path.read_bytes()
    with pytest.raises(db.SchemaPerime, match="contient 1 import"):
        db.ensure_base()
    assert path.read_bytes() == avant


def test_a_synthetic_base_from_an_older_schema_is_refused_not_replaced(tmp_path, monkeypatch):
    from tid import synth

    path = tmp_path / "fictive.duckdb"
    synth.generer(50, 200, 1, path)
    _marquer_ancien_schema(path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    avant = path.read_bytes()
    with pytest.raises(db.SchemaPerime, match="base fictive"):
        db.ensure_base()
    assert path.read_bytes() == avant


def test_simultaneous_first_runs_rebuild_a_stale_base_once(tmp_path, monkeypatch, base_fixtures):
    path = tmp_path / "ancienne.duckdb"
    shutil.copy(base_fixtures, path)
    _marquer_ancien_schema(path)
    monkeypatch.setenv(db.DB_ENV_VAR, str(path))
    constructions = []
    construire = db.build_base

    def build_base_lent(*args, **kwargs):
        constructions.append(1)
        time.sleep(0.2)  # a window for the other sessions to arrive meanwhile
        return construire(*args, **kwargs)

    monkeypatch.setattr(db, "build_base", build_base_lent)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _: db.ensure_base(), range(6)))
    assert len(constructions) == 1


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
