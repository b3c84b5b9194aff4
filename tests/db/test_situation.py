"""« Situation au … » and « Quoi de neuf » on the real seed and on a base with dated imports,
a revert and a reversal of a reversal (queries/schema/03_vues.sql, queries/quoi_de_neuf.sql)."""

from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

from tests.ingest.bases import SOMME_VERSEMENTS, VERSEMENTS, appliquer, lire_base
from tid import db, filtres, ingest

TID = {**filtres.aucun(), "programme": ["TID"]}
SOURCE = "https://example.org/essai/reprise"


def _kpi(path, **params):
    return lire_base(path, "kpi", **{**filtres.aucun(), **params}).iloc[0]


def _dater(path, import_id: int, jour: date) -> None:
    """Imports are stamped with the day they run: the test moves a batch to a chosen day."""
    con = db.connect(path, read_only=False)
    try:
        moment = datetime.combine(jour, datetime.min.time())
        con.execute(
            "UPDATE import_lot SET date_import = $d WHERE import_id = $i",
            {"d": moment, "i": import_id},
        )
        con.execute(
            "UPDATE projet_historique SET date_action = $d WHERE historique_import_id = $i",
            {"d": moment, "i": import_id},
        )
    finally:
        con.close()


@pytest.fixture(scope="module")
def base_datee(base_seed, tmp_path_factory):
    """Payments imported on 10 Jan. 2024 (lot 2), reverted on 1 March 2024 (lot 3), then one
    of them put back on 1 May 2024 by a row cancelling its reversal (lot 4)."""
    path = tmp_path_factory.mktemp("situation") / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    lot = appliquer(path, VERSEMENTS)
    _dater(path, lot, date(2024, 1, 10))
    annulation = ingest.annuler(lot, "test", path)
    _dater(path, annulation, date(2024, 3, 1))
    inverse = lire_base(path, "mouvements", **filtres.aucun(), recherche="grandest", limite=None)
    inverse = inverse[inverse["import_id"] == annulation].iloc[0]
    reprise = (
        "projet_id;nature;date_mouvement;montant_eur;source_url;notes;annule_mouvement_id\r\n"
        f"tid1-grandest;versement;15/09/2023;;{SOURCE};Versement confirmé;"
        f"{int(inverse['mouvement_id'])}\r\n"
    ).encode()
    _dater(path, appliquer(path, "reprise.csv", reprise), date(2024, 5, 1))
    return path


def test_seed_at_end_of_2022_shows_wave_one_and_its_dated_attribution(base_seed):
    au = date(2022, 12, 31)
    projets = lire_base(base_seed, "projets", **filtres.aucun(), au=au, recherche=None, limite=None)
    assert set(projets["vague_id"]) == {"TID-1"}
    assert len(projets) == 5
    kpi = _kpi(base_seed, au=au)
    attributions = lire_base(
        base_seed, "mouvements", **filtres.aucun(), au=au, recherche=None, limite=None
    )
    assert (attributions["date_mouvement"].dt.date <= au).all()
    assert float(kpi["montant_attribue_eur"]) == float(attributions["montant_signe_eur"].sum())
    assert int(kpi["nb_projets_conventionnes"]) == 0  # the first conventions: May 2023


def test_no_date_and_a_date_after_every_event_give_the_current_situation(base_seed):
    actuel = _kpi(base_seed).to_dict()
    plus_tard = _kpi(base_seed, au=date(2030, 1, 1)).to_dict()
    assert str(actuel) == str(plus_tard)


def test_undated_seed_rows_wait_for_the_sources_reading_day(base_seed):
    """DIAT wave 2 has no announcement date: its laureates appear once the sources were read."""
    avant = lire_base(
        base_seed, "kpi", **{**filtres.aucun(), "vague": ["DIAT-2"]}, au=date(2025, 12, 31)
    ).iloc[0]
    assert int(avant["nb_projets"]) == 0
    apres = lire_base(base_seed, "kpi", **{**filtres.aucun(), "vague": ["DIAT-2"]}).iloc[0]
    assert int(apres["nb_projets"]) == 8


@pytest.mark.parametrize(
    ("au", "verse"),
    [
        (date(2023, 12, 31), None),  # the payments are dated 2023 but not imported yet
        (date(2024, 2, 1), SOMME_VERSEMENTS),  # imported, not reverted yet
        (date(2024, 4, 1), None),  # reverted
        (date(2024, 6, 30), 1_000_000.00),  # one reversal reversed: that payment counts again
        (None, 1_000_000.00),
    ],
)
def test_imports_and_reverts_apply_from_their_day(base_datee, au, verse):
    kpi = _kpi(base_datee, au=au)
    valeur = (
        None if kpi["montant_verse_eur"] != kpi["montant_verse_eur"] else kpi["montant_verse_eur"]
    )
    assert valeur == (pytest.approx(verse) if verse is not None else None)
    lignes = lire_base(
        base_datee, "mouvements", **filtres.aucun(), au=au, recherche=None, limite=None
    )
    versements = lignes[lignes["nature"] == "versement"]["montant_signe_eur"].sum()
    assert float(versements) == pytest.approx(verse or 0)  # the ledger export adds up


def test_quoi_de_neuf_lists_the_import_its_revert_and_the_reprise_with_sources(base_datee):
    evenements = lire_base(
        base_datee,
        "quoi_de_neuf",
        **filtres.aucun(),
        depuis=date(2024, 1, 1),
        lot_initial=db.SEED_IMPORT_ID,
        limite=None,
    )
    # the seed's own later events (conventions, DIAT wave 2) are listed too; here, the imports'
    importes = evenements[evenements["import_id"] != db.SEED_IMPORT_ID]
    genres = importes.groupby("evenement").size().to_dict()
    assert genres == {
        "import": 2,
        "annulation_lot": 1,
        "versement": 3,
        "annule_par_lot": 3,
        "annulation_reprise": 1,
    }
    reprise = evenements[evenements["evenement"] == "annulation_reprise"].iloc[0]
    assert reprise["source_url"] == SOURCE
    assert reprise["date_evenement"].date() == date(2024, 5, 1)
    entre = lire_base(
        base_datee,
        "quoi_de_neuf",
        **filtres.aucun(),
        depuis=date(2024, 1, 1),
        au=date(2024, 2, 1),
        lot_initial=db.SEED_IMPORT_ID,
        limite=None,
    )
    assert set(entre["evenement"]) == {"import", "versement"}
    assert set(entre["import_id"]) == {2}


def test_default_since_is_the_previous_import(base_datee, base_seed):
    info = lire_base(base_datee, "quoi_de_neuf_depuis", lot_initial=db.SEED_IMPORT_ID).iloc[0]
    assert int(info["nb_imports"]) == 3
    assert info["date_depuis_defaut"].date() == date(2024, 3, 1)
    seul = lire_base(base_seed, "quoi_de_neuf_depuis", lot_initial=db.SEED_IMPORT_ID).iloc[0]
    assert int(seul["nb_imports"]) == 0
    assert seul["date_depuis_defaut"].date() < date(2022, 1, 1)  # the seed's whole history


def test_a_past_days_tables_live_on_its_query_cursor_only(con_seed):
    """The temporary tables of a past day hide the stored ones from that query only."""
    passe = db.run(con_seed, "kpi", **filtres.aucun(), au=date(2022, 12, 31)).iloc[0]
    actuel = db.run(con_seed, "kpi", **filtres.aucun()).iloc[0]
    assert int(passe["nb_projets"]) == 5
    assert int(actuel["nb_projets"]) == 25
    assert con_seed.execute("SELECT count(*) FROM projet_enrichi").fetchone()[0] == 25


def test_stored_projects_match_the_definition_read_at_a_past_date(con_seed):
    """au NULL and the stored projet_enrichi are one definition (04_derives.sql)."""
    ecart = con_seed.execute(
        "SELECT count(*) FROM (SELECT * FROM projet_enrichi "
        "EXCEPT SELECT * FROM projet_enrichi_au(NULL, NULL))"
    ).fetchone()[0]
    assert ecart == 0


@pytest.mark.parametrize(
    "name",
    [
        "attributions_cumulees",
        "axe_theme",
        "axe_type_territoire",
        "calendrier_vagues",
        "chaine_par_vague",
        "kpi",
        "laureats_points",
        "mouvements",
        "projet_mouvements",
        "projets",
        "projets_sans_montant",
        "quoi_de_neuf",
        "rapprochement_totaux_publies",
        "repartition",
        "vagues",
    ],
)
def test_every_query_of_the_pages_runs_at_a_past_date(con_fixtures, name):
    autres = {
        "recherche": None,
        "avec_projets": True,
        "projet_id": "fx-a",
        "limite": None,
        "lot_initial": 1,
        "par": "axe",
        "depuis": date(2021, 1, 1),
    }
    frame = db.run(con_fixtures, name, **filtres.aucun(), **autres, au=date(2023, 1, 1))
    assert list(frame.columns), name


def test_every_query_reading_projects_or_the_ledger_takes_the_date():
    """One query path: a page under ?au= cannot mix a past KPI with a current chart."""
    for path in sorted(db.QUERIES_DIR.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        if any(m in sql for m in ("projets_filtres(", "mouvements_nets(", "FROM projet_enrichi")):
            assert "$au" in sql, path.name


def test_export_at_a_past_date_has_that_days_rows(base_seed, tmp_path, capsys):
    from tests.ingest.bases import cli

    sortie = tmp_path / "passe.csv"
    code, _, _ = cli(
        capsys, "export", "--db", base_seed, "--format", "csv", "--au", "2022-12-31", "-o", sortie
    )
    assert code == 0
    lignes = sortie.read_bytes().decode("utf-8-sig").strip().splitlines()
    assert len(lignes) == 1 + 5  # header + TID wave 1
    code, _, erreur = cli(
        capsys, "export", "--db", base_seed, "--format", "csv", "--au", "31/12/2022", "-o", sortie
    )
    assert code == 2 and "AAAA-MM-JJ" in erreur
