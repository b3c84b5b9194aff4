"""tid/exports/modele.py: the empty templates and « Montants à compléter », one writer."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from tid import exports
from tid.exports.modele import AIDE_A_COMPLETER, REGLE_LIGNES_VIDES
from tid.ingest import COLONNES_IMPORT_MOUVEMENTS

PROJETS = pd.DataFrame(
    {
        "projet_id": ["fx-a", "fx-d"],
        "programme_id": ["P1", "P2"],
        "vague_id": ["P1-1", "P2-1"],
        "porteur": ['Ville; de "Quimper"', "Porteur D"],
        "nom_projet": [None, "=1+1"],
        "nb_conventions": [0, 1],
    }
)


def test_the_empty_ledger_template_is_its_header_only():
    assert exports.modele("mouvements", "csv") == (
        ";".join(COLONNES_IMPORT_MOUVEMENTS) + "\r\n"
    ).encode("utf-8-sig")


def test_amounts_to_complete_csv_is_french_excel_with_text_neutralised():
    texte = exports.montants_a_completer(PROJETS, "csv").decode("utf-8-sig")
    entete, premiere, seconde, fin = texte.split("\r\n")
    assert entete.split(";") == list(AIDE_A_COMPLETER)
    assert premiere == 'fx-a;P1;P1-1;"Ville; de ""Quimper""";;attribution;;;;'
    assert seconde == "fx-d;P2;P2-1;Porteur D;'=1+1;attribution;;;;"  # never a formula
    assert fin == ""


def test_amounts_to_complete_xlsx_keeps_text_and_explains_every_column():
    classeur = load_workbook(io.BytesIO(exports.montants_a_completer(PROJETS, "xlsx")))
    feuille, aide = classeur.worksheets
    lignes = [[c.value for c in ligne] for ligne in feuille.iter_rows()]
    assert lignes[0] == list(AIDE_A_COMPLETER)
    assert lignes[2][:6] == ["fx-d", "P2", "P2-1", "Porteur D", "'=1+1", "attribution"]
    assert lignes[1][6:] == [None] * 4  # date, amount, source and note to type in
    assert feuille.cell(row=2, column=8).number_format == "@"  # a typed amount stays as typed
    regles = {ligne[0]: ligne[1:] for ligne in aide.iter_rows(min_row=2, values_only=True)}
    assert regles["source_url"][0] == "oui, pour une ligne remplie"
    assert regles["(lignes)"][1] == REGLE_LIGNES_VIDES
    assert set(regles) == {*AIDE_A_COMPLETER, "(lignes)"}


def test_no_laureate_to_complete_gives_the_header_alone():
    vide = PROJETS.iloc[0:0]
    assert exports.montants_a_completer(vide, "csv").decode("utf-8-sig") == (
        ";".join(AIDE_A_COMPLETER) + "\r\n"
    )
