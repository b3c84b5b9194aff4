"""tid/db/requetes.py: parameter binding, every query on the fixtures base, SQL never built."""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest

from tid import db, synth
from tid.filtres import aucun


def _ecrit(path) -> bool:
    """A statement that writes (import steps): exercised by tests/test_ingest.py instead."""
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


# the values queries/repartition.sql accepts for $par
PARS_REPARTITION = ("axe", "theme", "type_porteur", "type_territoire", "region", "departement")

LECTURES = [n for n in TOUTES_LES_REQUETES if not _ecrit(db.QUERIES_DIR / f"{n}.sql")]


def test_param_names_ignore_comments():
    sql = "-- $pas_celui_ci\nSELECT $region, $vague -- $ni_celui_la"
    assert db.param_names(sql) == {"region", "vague"}


def test_bind_drops_extra_keys_and_rejects_missing_ones():
    assert db.bind("SELECT $a", {"a": 1, "b": 2}) == {"a": 1}
    with pytest.raises(db.QueryParamError, match="b"):
        db.bind("SELECT $a, $b", {"a": 1})


def test_no_python_string_building_on_sql():
    """R2: SQL is only read from queries/, never formatted; tid/db is the only duckdb importer."""
    for path in db.ROOT.glob("**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        texte = path.read_text(encoding="utf-8")
        if path.parent != db.ROOT / "tid" / "db":
            # a type-checking import is indented; __main__ imports it for duckdb.Error only
            assert not re.search(r"^import duckdb", texte, re.M) or path.name == "__main__.py", path
            assert "duckdb.connect" not in texte, path


@pytest.mark.parametrize("name", LECTURES)
def test_every_query_runs_on_fixtures_with_filters_off(con_fixtures, name):
    # the parameters some queries take besides the shared filters
    autres = {
        "recherche": None,
        "avec_projets": True,
        "projet_id": "fx-a",
        "ids": ["fx-a", "fx-b"],
        "mouvement_ids": [1, 2],
        "import_id": 1,
        "premier_id": 100,
        "nouvel_import_id": 2,
        "table": "projet",
        "limite": None,
        "lot_initial": 1,
        "par": "axe",
        "depuis": date(2021, 1, 1),
        "programme_id": "TID",
    }
    frame = db.run(con_fixtures, name, **aucun(), **autres)
    assert frame is not None
    assert list(frame.columns), name


@pytest.mark.parametrize("name", TOUTES_LES_REQUETES)
def test_every_query_starts_with_its_grain(name):
    premiere_ligne = db.sql_text(name).splitlines()[0]
    assert premiere_ligne.startswith("-- grain:"), name
    assert "used by:" in db.sql_text(name).split("\n\n")[0] or "used by:" in db.sql_text(name)


def test_laureats_without_seat_are_counted_over_all_rows_before_the_limit(con_seed, tmp_path):
    """« Territoires » says how many laureates the map cannot place, whatever rows it reads."""
    assert set(
        db.run(con_seed, "laureats_points", **aucun(), limite=None)["nb_projets_sans_siege"]
    ) == {0}
    con = db.connect(synth.generer(30, 40, 1, tmp_path / "fictive.duckdb"))
    try:
        tous = db.run(con, "laureats_points", **aucun(), limite=None)
        premiers = db.run(con, "laureats_points", **aucun(), limite=5)
    finally:
        con.close()
    sans_coordonnees = int(tous[["latitude", "longitude"]].isna().any(axis=1).sum())
    assert sans_coordonnees == 30
    assert set(tous["nb_projets_sans_siege"]) == {sans_coordonnees}
    assert len(premiers) == 5 and set(premiers["nb_projets_sans_siege"]) == {sans_coordonnees}


@pytest.mark.parametrize("par", PARS_REPARTITION)
def test_repartition_runs_for_every_par_with_one_row_per_value(con_fixtures, par):
    frame = db.run(con_fixtures, "repartition", par=par, **aucun())
    assert not frame.empty, par
    assert frame["code"].is_unique, par
    assert frame["libelle"].notna().all(), par
    # a territory carries its population, nothing else does
    assert frame["population"].notna().all() == (par in ("region", "departement")), par


def test_repartition_refuses_an_unknown_par(con_fixtures):
    with pytest.raises(duckdb.Error, match="par inconnu : commune"):
        db.run(con_fixtures, "repartition", par="commune", **aucun())
