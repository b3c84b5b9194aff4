"""The real seed: the counts and totals the reference data states (../shared/reference)."""

from __future__ import annotations

import csv

import pytest

from tid import db


def _un(con, sql):
    return con.execute(sql).fetchone()


@pytest.mark.parametrize(
    ("table", "attendu"),
    [
        ("programme", 2),
        ("vague", 4),
        ("axe", 3),
        ("region", 18),
        ("departement", 101),
        ("projet", 25),
        ("total_publie", 1),
        ("indication", 6),
    ],
)
def test_table_counts(con_seed, table, attendu):
    assert _un(con_seed, f"SELECT count(*) FROM {table}")[0] == attendu


@pytest.mark.parametrize(
    ("vague", "attendu"), [("TID-1", 5), ("TID-2", 8), ("DIAT-1", 4), ("DIAT-2", 8)]
)
def test_laureates_per_wave(con_seed, vague, attendu):
    sql = "SELECT count(*) FROM projet WHERE vague_id = $v"
    assert con_seed.execute(sql, {"v": vague}).fetchone()[0] == attendu


def test_programme_envelopes(con_seed):
    rows = dict(con_seed.execute("SELECT programme_id, enveloppe_eur FROM programme").fetchall())
    assert rows == {"TID": 30_000_000, "DIAT": 40_000_000}
    vagues = con_seed.execute(
        "SELECT sum(enveloppe_eur), max(nb_candidatures) FROM vague WHERE programme_id = 'TID'"
    ).fetchone()
    assert vagues == (30_000_000, 16)


def test_published_attributions(con_seed):
    n, total = _un(
        con_seed,
        "SELECT count(montant_eur), sum(montant_eur) FROM mouvement WHERE nature = 'attribution'",
    )
    assert (n, total) == (5, 11_580_000)


def test_unpublished_amounts_stay_null(con_seed):
    """Conventions are dated but their amounts are not published: NULL, never 0."""
    n, montants, zeros = _un(
        con_seed,
        "SELECT count(*), count(montant_eur), count(*) FILTER (WHERE montant_eur = 0) "
        "FROM mouvement WHERE nature = 'convention'",
    )
    assert n == 7 and montants == 0 and zeros == 0


def test_codes_are_text_with_leading_zeros_and_corsica(con_seed):
    codes = {r[0] for r in con_seed.execute("SELECT departement_code FROM departement").fetchall()}
    assert {"01", "2A", "2B", "971", "976"} <= codes
    assert _un(
        con_seed, "SELECT region_code FROM projet WHERE projet_id = 'tid2-portovecchio'"
    ) == ("94",)


def test_every_row_has_a_source():
    for path in sorted(db.SEED_DIR.glob("*.csv")):
        with open(path, encoding="utf-8") as f:
            lignes = list(csv.DictReader(f))
        if lignes and "source_url" in lignes[0]:
            assert all(r["source_url"].startswith("http") for r in lignes), path.name


def test_mayotte_population_year_is_flagged_by_data(con_seed):
    assert _un(con_seed, "SELECT annee_population FROM region WHERE region_code = '06'") == (2017,)
