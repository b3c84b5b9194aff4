"""tid/exports/classeur.py: the XLSX extract, its data sheet typed, its « Lisez-moi » sheet."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.golden import exports as golden
from tid import db, exports
from tid.filtres import aucun


def _filtres(**choix):
    return {**aucun(), **choix}


def test_xlsx_sheets_types_and_readme(con_fixtures):
    frame = db.run(
        con_fixtures, "projets", **_filtres(programme=["P1", "P2"]), recherche="", limite=None
    )
    prov = exports.provenance(
        "projets",
        frame,
        _filtres(programme=["P1", "P2"]),
        "Programme : P1, P2",
        "1 janvier 2023",
        None,
    )
    classeur = openpyxl.load_workbook(
        io.BytesIO(exports.xlsx(frame, exports.ENTETES_EXPORT_PROJETS, prov))
    )
    assert classeur.sheetnames == ["Données", "Lisez-moi"]
    donnees = classeur["Données"]
    entetes = [c.value for c in donnees[1]]
    lignes = [dict(zip(entetes, [c for c in r], strict=True)) for r in donnees.iter_rows(min_row=2)]
    assert len(lignes) == 4
    corse = next(r for r in lignes if r["Identifiant"].value == "fx-b")
    assert (corse["Code département"].value, corse["Code département"].data_type) == ("2A", "s")
    guadeloupe = next(r for r in lignes if r["Identifiant"].value == "fx-d")
    assert guadeloupe["Code région"].value == "01"
    assert guadeloupe["Projet"].value == "'=Projet D" and guadeloupe["Projet"].data_type == "s"
    assert all(c.data_type != "f" for r in donnees.iter_rows() for c in r)
    quimper = next(r for r in lignes if r["Identifiant"].value == "fx-a")
    assert quimper["Attribué publié (€)"].value == 300_000
    assert quimper["Attribué publié (€)"].number_format == exports.FORMAT_EUROS_XLSX
    lisez_moi = {r[0]: r[1] for r in classeur["Lisez-moi"].iter_rows(values_only=True)}
    assert lisez_moi["Filtres actifs"] == "Programme : P1, P2"
    assert lisez_moi["Lien vers la même vue"].endswith("/projets?programme=P1&programme=P2")
    assert lisez_moi["Date des données"] == "1 janvier 2023"
    assert lisez_moi["Lignes"] == 4


@pytest.mark.parametrize("objet", ["projets", "registre"])
def test_streamed_xlsx_equals_its_golden_members(con_seed, objet):
    """Pins the workbook the former cell-by-cell writer read back as (tests/golden/exports/)."""
    golden.verifier_xlsx({"seed": con_seed}, objet)
