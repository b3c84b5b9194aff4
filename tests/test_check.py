"""python -m tid check: passes on the real seed, fails (exit 1) when a rule breaks."""

from __future__ import annotations

import shutil

import pytest

from tid import check, db
from tid.__main__ import main


def test_every_rule_file_has_a_french_title():
    assert set(check.REGLES) == set(db.query_names("controles"))


def test_check_passes_on_the_seed_and_prints_coverage(base_seed, capsys):
    assert main(["check", "--db", str(base_seed)]) == 0
    sortie = capsys.readouterr().out
    assert "0 en échec" in sortie
    assert "publié pour 5 projets sur 25" in sortie
    assert "11\u202f580\u202f000\u00a0€" in sortie


def test_check_fails_when_a_rule_breaks(tmp_path, base_seed, capsys):
    cassee = tmp_path / "cassee.duckdb"
    shutil.copy(base_seed, cassee)
    with db.writer(cassee) as con:
        # a 6th TID-1 project filed in the wrong région for its département, and an
        # out-of-order payment (DuckDB refuses UPDATE on a row other tables reference)
        con.execute(
            "INSERT INTO projet (projet_id, programme_id, vague_id, porteur, type_porteur,"
            " type_territoire, departement_code, region_code, source_url, import_id) VALUES"
            " ('test-x', 'TID', 'TID-1', 'Porteur test', 'commune', 'petite_ville_rural', '29',"
            " '11', 'https://example.org', 1)"
        )
        con.execute("INSERT INTO projet_theme VALUES ('test-x', 'eau')")
        con.execute(
            "INSERT INTO mouvement (mouvement_id, projet_id, nature, date_mouvement, montant_eur,"
            " source_url, import_id) VALUES (99, 'tid1-sdef29', 'versement', DATE '2022-01-01',"
            " 1000, 'https://example.org', 1)"
        )
    assert main(["check", "--db", str(cassee)]) == 1
    sortie = capsys.readouterr().out
    assert "test-x : région 11 alors que le département 29 est en région 53" in sortie
    assert "TID-1 : 6 lauréats dans la base, 5 publiés" in sortie
    assert "versement du 2022-01-01 avant la convention du 2023-05-16" in sortie


def test_an_indication_of_an_unknown_project_is_reported(tmp_path, base_seed, capsys):
    """indication.projet_id has no foreign key (projects are corrected by delete + insert)."""
    cassee = tmp_path / "cassee.duckdb"
    shutil.copy(base_seed, cassee)
    with db.writer(cassee) as con:
        con.execute(
            "INSERT INTO indication VALUES ('projet-absent', 'montant_aide_eur', '1', "
            "'https://example.org', 'essai', 'probable')"
        )
    assert main(["check", "--db", str(cassee)]) == 1
    assert "projet-absent / montant_aide_eur : indication d'un projet inconnu" in (
        capsys.readouterr().out
    )


def test_check_on_a_missing_base_is_a_clear_error(tmp_path, capsys):
    assert main(["check", "--db", str(tmp_path / "absente.duckdb")]) == 2
    assert "Base introuvable" in capsys.readouterr().err


def test_stale_derived_tables_are_reported(tmp_path, base_seed):
    """A write that skipped the refresh: both stored tables differ from their computation."""
    perimee = tmp_path / "perimee.duckdb"
    shutil.copy(base_seed, perimee)
    con = db.connect(perimee, read_only=False)  # not db.writer: it would refresh them
    try:
        assert db.run(con, "controles/derives_a_jour").empty
        con.execute(
            "UPDATE projet_enrichi SET montant_verse_eur = 1 WHERE projet_id = 'tid1-sdef29'"
        )
        con.execute("UPDATE sources_citees SET nb_objets = nb_objets + 1 WHERE table_ordre = 1")
        ecarts = db.run(con, "controles/derives_a_jour")
    finally:
        con.close()
    assert "tid1-sdef29" in set(ecarts["objet"])
    assert set(ecarts["detail"]) == {
        "montants stockés périmés",
        "sources citées stockées périmées",
    }


# Ledgers an import can no longer write, but an old base, a repair in place or a restored backup
# can hold: each must fail its rule. (rule, SQL run on a copy of the real base, expected detail)
REGISTRE = "INSERT INTO mouvement VALUES "
LIGNE = "'https://example.org', NULL, 1)"
REGISTRES_CASSES = [
    (
        "controles/montant_negatif",
        REGISTRE + f"(90, 'tid1-grandest', 'annulation', DATE '2023-01-10', 8400000, NULL, {LIGNE}",
        "attribué publié négatif : -5800000.00 €",
    ),
    (
        "controles/montant_negatif",
        REGISTRE + f"(90, 'tid1-sdef29', 'annulation', DATE '2023-01-10', 1000, NULL, {LIGNE}",
        "attribué publié négatif : -1000.00 €",
    ),
    (
        "controles/chaine_financiere",
        REGISTRE + f"(90, 'tid1-grandest', 'convention', DATE '2023-05-17', 3000000, NULL, {LIGNE}",
        "conventionné 3000000.00 € > attribué 2600000.00 €",
    ),
    (
        "controles/chaine_financiere",
        REGISTRE + f"(90, 'tid1-grandest', 'versement', DATE '2023-06-01', 2700000, NULL, {LIGNE}",
        "versé 2700000.00 € > attribué 2600000.00 €",
    ),
    (
        "controles/annulation_incoherente",
        REGISTRE + f"(90, 'tid1-grandest', 'attribution', DATE '2023-01-10', 100, 1, {LIGNE}",
        "annule le mouvement 1 de 2600000.00 € avec un montant de 100.00 €",
    ),
    (
        "controles/annulation_incoherente",
        REGISTRE
        + f"(90, 'tid1-grandest', 'attribution', DATE '2023-01-10', 2600000, 91, {LIGNE}, "
        + f"(91, 'tid1-grandest', 'attribution', DATE '2023-01-10', 2600000, NULL, {LIGNE}",
        "annule le mouvement 91, qui n'est pas antérieur",
    ),
    (
        "controles/projet_id_canonique",
        "INSERT INTO projet SELECT * REPLACE ('TID2-BFC' AS projet_id) FROM projet"
        " WHERE projet_id = 'tid2-bfc'; INSERT INTO projet_theme VALUES ('TID2-BFC', 'eau')",
        "2 identifiants pour un même projet",
    ),
]


@pytest.mark.parametrize(("regle", "sql", "detail"), REGISTRES_CASSES)
def test_check_fails_on_a_ledger_that_publishes_wrong_figures(
    tmp_path, base_seed, capsys, regle, sql, detail
):
    casse = tmp_path / "casse.duckdb"
    shutil.copy(base_seed, casse)
    with db.writer(casse) as con:
        con.execute(sql)
    rapport = check.controler(casse)
    assert detail in set(rapport.violations[regle]["detail"])
    assert main(["check", "--db", str(casse)]) == 1
    assert f"[ÉCHEC] {check.REGLES[regle]}" in capsys.readouterr().out


def test_a_reverted_correction_is_a_clean_ledger(tmp_path, base_seed):
    """Correction (cancel + right row) then its revert (two reversing rows): every rule holds."""
    propre = tmp_path / "propre.duckdb"
    shutil.copy(base_seed, propre)
    with db.writer(propre) as con:
        con.execute(
            REGISTRE
            + f"(90, 'tid1-grandest', 'attribution', DATE '2022-10-25', 2600000, 1, {LIGNE}, "
            + f"(91, 'tid1-grandest', 'attribution', DATE '2022-10-25', 2500000, NULL, {LIGNE}, "
            + f"(92, 'tid1-grandest', 'attribution', DATE '2022-10-25', 2600000, 90, {LIGNE}, "
            + f"(93, 'tid1-grandest', 'attribution', DATE '2022-10-25', 2500000, 91, {LIGNE}"
        )
    assert check.controler(propre).ok


def test_a_stale_reversal_chain_is_reported(tmp_path, base_seed):
    """A reversing row written without the refresh: the stored chains miss it."""
    perimee = tmp_path / "perimee.duckdb"
    shutil.copy(base_seed, perimee)
    con = db.connect(perimee, read_only=False)  # not db.writer: it would refresh them
    try:
        con.execute(
            REGISTRE
            + f"(90, 'tid1-grandest', 'attribution', DATE '2022-10-25', 2600000, 1, {LIGNE}"
        )
        ecarts = db.run(con, "controles/derives_a_jour")
    finally:
        con.close()
    assert "chaîne d'annulations stockée périmée" in set(ecarts["detail"])
    assert {"1", "90"} <= set(ecarts["objet"])
