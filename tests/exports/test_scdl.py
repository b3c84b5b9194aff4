"""The SCDL « subventions » export: valid by the schema kept in the repo (frictionless), the
dashboard's amounts, and every laureate left out listed with what it lacks."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from tid import db, filtres, synth
from tid.exports import scdl
from tid.ingest import appliquer

from ..ingest.bases import cli
from ..ingest.registres import VERSEMENTS_SCDL


def _frame(base: Path, **choix) -> pd.DataFrame:
    con = db.connect(base, read_only=True)
    try:
        return db.run(con, "scdl_subventions", **filtres.normaliser(choix), au=None, recherche=None)
    finally:
        con.close()


def _kpi(base: Path, **choix) -> pd.Series:
    con = db.connect(base, read_only=True)
    try:
        return db.run(con, "kpi", **filtres.normaliser(choix)).iloc[0]
    finally:
        con.close()


def _valider(contenu: bytes, dossier: Path) -> frictionless.Report:
    """frictionless validation of a written file against data/schemas (the published spec)."""
    chemin = dossier / "subventions.csv"
    chemin.write_bytes(contenu)
    ressource = frictionless.Resource(
        path=chemin.name,
        basepath=str(dossier),
        schema=frictionless.Schema.from_descriptor(json.loads(scdl.SCHEMA.read_text("utf-8"))),
        encoding="utf-8",
    )
    return frictionless.validate(ressource)


def _erreurs(rapport: frictionless.Report) -> list[str]:
    return [f"{e.type}: {e.message}" for tache in rapport.tasks for e in tache.errors] + [
        e.message for e in rapport.errors
    ]


@pytest.fixture(scope="module")
def base_versee(tmp_path_factory, base_seed) -> Path:
    """The real base with published payments for the two laureates that can then be written."""
    path = tmp_path_factory.mktemp("scdl") / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    appliquer(VERSEMENTS_SCDL, "versements.csv", "test", path, ())
    return path


def test_the_schema_file_is_a_valid_table_schema_with_the_sixteen_fields_of_2_1_1():
    rapport = frictionless.validate(str(scdl.SCHEMA), type="schema")
    assert rapport.valid, _erreurs(rapport)
    assert scdl.colonnes()[:3] == ["nomAttribuant", "idAttribuant", "dateConvention"]
    assert len(scdl.colonnes()) == 16


def test_on_the_real_data_every_laureate_is_either_written_or_listed_with_why(base_seed, tmp_path):
    fichier = scdl.scdl(_frame(base_seed, programme=["tous"]))
    assert fichier.total == int(_kpi(base_seed, programme=["tous"])["nb_projets"])
    rapport = _valider(fichier.contenu(), tmp_path)
    assert rapport.valid, _erreurs(rapport)
    # no payment is published: the period of payment, required, is unknown for every laureate
    assert fichier.lignes == []
    raisons = {e.projet_id: e.raisons for e in fichier.exclus}
    assert raisons["tid1-grandest"] == [scdl.RAISONS["datesPeriodeVersement"]]
    assert scdl.RAISONS["montant"] in raisons["tid1-toulouse"]
    assert scdl.RAISONS["dateConvention"] in raisons["tid2-loire"]
    assert fichier.bilan().startswith("0 ligne publiable sur 25 lauréats")


def test_published_payments_make_valid_rows_with_the_dashboard_amounts(base_versee, tmp_path):
    fichier = scdl.scdl(_frame(base_versee, programme=["tous"]))
    rapport = _valider(fichier.contenu(), tmp_path)
    assert rapport.valid, _erreurs(rapport)
    lignes = list(csv.DictReader(io.StringIO(fichier.contenu().decode("utf-8"))))
    par_nom = {ligne["nomBeneficiaire"]: ligne for ligne in lignes}
    assert set(par_nom) == {"Région Grand Est", "Métropole de Lyon"}
    grandest = par_nom["Région Grand Est"]
    assert grandest["datesPeriodeVersement"] == "2023-09-15/2024-03-01"
    assert grandest["conditionsVersement"] == "échelonné"
    assert grandest["dateConvention"] == "2023-05-16"
    assert grandest["idAttribuant"] == "18002002600019"
    assert grandest["notificationUE"] == "non"
    assert par_nom["Métropole de Lyon"]["datesPeriodeVersement"] == "2025-07-01"
    assert par_nom["Métropole de Lyon"]["conditionsVersement"].startswith("autre")
    # the amounts are the attributed amounts every page reads for these laureates
    projets = _frame(base_versee, programme=["tous"]).set_index("projet_id")
    attendu = projets.loc[["tid1-grandest", "diat2-lyon"], "montant_attribue_eur"].sum()
    assert sum(float(ligne["montant"]) for ligne in lignes) == pytest.approx(float(attendu))
    assert fichier.bilan().startswith("2 lignes publiables sur 25 lauréats")


def test_the_filters_choose_the_laureates_like_every_other_extract(base_versee):
    tid = scdl.scdl(_frame(base_versee, programme=["TID"]))
    assert tid.total == int(_kpi(base_versee, programme=["TID"])["nb_projets"]) == 13
    assert [ligne["nomBeneficiaire"] for ligne in tid.lignes] == ["Région Grand Est"]


def test_a_broken_row_fails_the_validation(base_versee, tmp_path):
    """The validation can fail: a comma decimal, a 13-digit SIRET, a share above 1."""
    texte = scdl.scdl(_frame(base_versee, programme=["tous"])).contenu().decode("utf-8")
    for avant, apres, erreur in (
        ("18002002600019", "1800200260001", "constraint-error"),
        (",non,1,", ",non,1.5,", "constraint-error"),
        (",2023-05-16,", ",16/05/2023,", "type-error"),
    ):
        assert avant in texte
        rapport = _valider(texte.replace(avant, apres, 1).encode("utf-8"), tmp_path)
        assert not rapport.valid
        assert erreur in {e.type for tache in rapport.tasks for e in tache.errors}


def test_a_synthetic_base_exports_valid_rows_adding_up_to_its_attributed_amounts(
    tmp_path_factory, tmp_path
):
    path = synth.generer(400, 2_500, 7, tmp_path_factory.mktemp("synth") / "synth.duckdb")
    frame = _frame(path, programme=["tous"])
    fichier = scdl.scdl(frame)
    assert len(fichier.lignes) > 50
    rapport = _valider(fichier.contenu(), tmp_path)
    assert rapport.valid, _erreurs(rapport)
    ecrits = frame[
        frame["montant_attribue_eur"].notna()
        & frame["date_convention"].notna()
        & (frame["nb_versements"] > 0)
    ]
    assert len(ecrits) == len(fichier.lignes)
    assert sum(float(ligne["montant"]) for ligne in fichier.lignes) == pytest.approx(
        float(ecrits["montant_attribue_eur"].sum())
    )


def test_imported_text_stays_inert_and_the_purpose_fits_256_characters():
    frame = pd.DataFrame(
        [
            {
                "projet_id": "x",
                "programme_id": "TID",
                "vague_id": "TID-1",
                "vague_libelle": "TID – vague 1",
                "programme_nom": "Territoires intelligents et durables",
                "attribuant_nom": "Caisse des dépôts et consignations",
                "attribuant_siret": "18002002600019",
                "notification_ue": False,
                "porteur": '=HYPERLINK("http://x")',
                "siren_porteur": None,
                "nom_projet": "é" * 400,
                "date_convention": pd.Timestamp("2023-05-16"),
                "montant_attribue_eur": 1_000_000.5,
                "montant_conventionne_eur": None,
                "premier_versement": pd.Timestamp("2023-06-01"),
                "dernier_versement": pd.Timestamp("2023-06-01"),
                "nb_versements": 1,
            }
        ]
    )
    (ligne,) = scdl.scdl(frame).lignes
    assert ligne["nomBeneficiaire"].startswith("'=")
    assert len(ligne["objet"]) <= 255 and ligne["objet"].endswith("…")
    assert ligne["montant"] == "1000000.50"


def test_the_command_writes_the_file_and_lists_the_laureates_left_out(
    capsys, base_versee, tmp_path
):
    sortie = tmp_path / "subventions.csv"
    code, out, err = cli(capsys, "export", "--format", "scdl", "-o", sortie, "--db", base_versee)
    assert code == 0
    assert out.startswith(f"1 ligne écrite dans {sortie}")
    # without --programme: TID, 13 laureates, one written, twelve listed on stderr
    assert "1 ligne publiable sur 13 lauréats" in err
    assert err.count("non publiable :") == 12
    assert "tid2-loire (Département de la Loire) : date de convention non publiée" in err
    assert sortie.read_bytes().startswith(b"nomAttribuant,idAttribuant,")


@pytest.mark.parametrize("base", ["seed", "paiements", "synthetique"])
def test_the_page_summary_excludes_exactly_whom_the_file_excludes(base, request, tmp_path):
    """scdl.apercu (by column, on the page at every run) says what scdl.scdl (row by row, the
    file) says: same count, same laureates, same reasons in the same order."""
    path = {
        "seed": lambda: request.getfixturevalue("base_seed"),
        "paiements": lambda: request.getfixturevalue("base_versee"),
        "synthetique": lambda: synth.generer(400, 2400, 7, tmp_path / "synth.duckdb"),
    }[base]()
    frame = _frame(path)
    fichier, apercu = scdl.scdl(frame), scdl.apercu(frame)
    assert apercu.bilan() == fichier.bilan()
    pd.testing.assert_frame_equal(apercu.exclus, fichier.tableau_exclus())
    assert apercu.publiables + len(apercu.exclus) == len(frame)
