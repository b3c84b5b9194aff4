"""tid/exports (the facade) and `python -m tid export`: files French Excel opens right, same as
on screen."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

from tid import db, exports
from tid.__main__ import main
from tid.filtres import aucun
from tid.ui import blocs
from tid.ui import filtres as filtres_ui

BOM = b"\xef\xbb\xbf"


def _filtres(**choix):
    return {**aucun(), **choix}


def _lire_csv(contenu: bytes) -> pd.DataFrame:
    assert contenu.startswith(BOM)
    return pd.read_csv(
        io.BytesIO(contenu[3:]), sep=";", decimal=",", dtype=str, keep_default_na=False
    )


def test_csv_bytes_for_french_excel(con_fixtures):
    frame = db.run(con_fixtures, "projets", **aucun(), recherche=None, limite=None)
    contenu = exports.csv_excel_fr(frame, exports.ENTETES_EXPORT_PROJETS)
    texte = contenu[3:].decode("utf-8")
    entete, *lignes = texte.split("\r\n")[:-1]
    assert entete.split(";")[:3] == ["Identifiant", "Programme", "Vague"]
    assert len(lignes) == len(frame) == 4
    assert ";300000,00;300000,00;100000,00;600000,00;" in texte  # decimal comma, no thousands
    assert ";10/01/2022;" in texte  # French dates
    lu = _lire_csv(contenu)
    # digit-only codes written ="29" (Excel then keeps « 01 » as text, tests/exports/
    # test_tableur.py), others as they are
    assert set(lu["Code département"]) == {'="29"', "2A", '="35"', '="971"'}
    assert '="01"' in set(lu["Code région"])  # leading zero kept in the file
    assert "'=Projet D" in set(lu["Projet"])  # formula injection neutralised
    # not published stays empty (fx-c; fx-b whose only attribution is reversed)
    assert lu["Attribué publié (€)"].tolist().count("") == 2


@pytest.mark.parametrize(
    "choix",
    [{}, {"region": ["53"]}, {"programme": ["TID"]}, {"theme": ["energie"], "axe": ["2"]}],
    ids=str,
)
def test_csv_total_equals_the_kpi(con_seed, choix):
    filtres = _filtres(**choix)
    frame = db.run(con_seed, "projets", **filtres, recherche=None, limite=None)
    lu = _lire_csv(exports.csv_excel_fr(frame, exports.ENTETES_EXPORT_PROJETS))
    kpi = db.run(con_seed, "kpi", **filtres).iloc[0]
    montants = pd.to_numeric(lu["Attribué publié (€)"].str.replace(",", "."), errors="coerce")
    assert len(lu) == kpi["nb_projets"]
    assert montants.sum() == pytest.approx(
        0 if pd.isna(kpi["montant_attribue_eur"]) else kpi["montant_attribue_eur"]
    )
    assert montants.notna().sum() == kpi["nb_projets_attribution_publiee"]


def test_ledger_export_one_row_per_event(con_fixtures):
    frame = db.run(con_fixtures, "mouvements", **aucun(), recherche=None, limite=None)
    lu = _lire_csv(exports.csv_excel_fr(frame, exports.ENTETES_EXPORT_MOUVEMENTS))
    assert len(lu) == 8
    signes = pd.to_numeric(lu["Montant compté dans les totaux (€)"].str.replace(",", "."))
    attributions = lu["Nature"].isin(["attribution", "annulation"])
    assert signes[attributions].sum() == 400_000  # the hand-checked net attributed amount


def test_file_name_carries_date_and_main_filters():
    nom = exports.nom_fichier(
        "projets",
        _filtres(programme=["TID"], region=["53", "2A"], theme=["eau"]),
        "csv",
        date(2026, 11, 29),
    )
    assert nom == "tid-projets_2026-11-29_programme-TID_region-53-2A_autres-filtres.csv"


def _valeurs(contenu: bytes) -> dict[str, list[tuple]]:
    classeur = openpyxl.load_workbook(io.BytesIO(contenu))
    return {
        nom: [
            r for r in classeur[nom].iter_rows(values_only=True) if r[0] != "Date de l'extraction"
        ]
        for nom in classeur.sheetnames
    }


@pytest.mark.parametrize("format_fichier", ["csv", "xlsx"])
def test_cli_writes_the_same_file_as_the_page(base_seed, app_sur, tmp_path, format_fichier):
    """The page builds its download from db.fetch; the CLI from db.run: same bytes."""
    from tid.filtres import description

    app_sur(base_seed)
    filtres = _filtres(programme=["TID"], region=["53", "84"])
    sortie = tmp_path / f"extrait.{format_fichier}"
    assert (
        main(
            [
                "export",
                "--format",
                format_fichier,
                "--programme",
                "TID",
                "--region",
                "53",
                "--region",
                "84",
                "--db",
                str(base_seed),
                "-o",
                str(sortie),
            ]
        )
        == 0
    )
    frame = db.fetch("projets", **filtres, recherche=None, limite=None)
    prov = exports.provenance(
        "projets",
        frame,
        filtres,
        description(filtres, filtres_ui.libelles_filtres()),
        blocs.date_donnees(),  # what the page writes: sources read on…, last import on…
        None,
    )
    page = exports.fichier("projets", format_fichier, frame, prov, datetime(2030, 1, 1))
    if format_fichier == "csv":
        assert sortie.read_bytes() == page
    else:
        assert _valeurs(sortie.read_bytes()) == _valeurs(page)


def test_cli_rejects_an_unknown_code_in_french(base_seed, tmp_path, capsys):
    sortie = tmp_path / "x.csv"
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "--region",
                "99",
                "--db",
                str(base_seed),
                "-o",
                str(sortie),
            ]
        )
        == 2
    )
    assert "--region : code inconnu 99" in capsys.readouterr().err
    assert not sortie.exists()


def test_cli_search_and_ledger(base_seed, tmp_path):
    sortie = tmp_path / "registre.csv"
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "--registre",
                "--recherche",
                "lyon",
                "--programme",
                "DIAT",
                "--db",
                str(base_seed),
                "-o",
                str(sortie),
            ]
        )
        == 0
    )
    lu = _lire_csv(sortie.read_bytes())
    assert set(lu["Identifiant du projet"]) == {"diat2-lyon"}
    assert sorted(lu["Nature"]) == ["attribution", "convention"]


def test_cli_without_programme_exports_the_tid_scope(base_seed, app_sur, tmp_path):
    """The CLI's default scope is the app's: TID; `--programme tous` gives both programmes."""
    app_sur(base_seed)
    lus = {}
    for nom, options in {"defaut": [], "tous": ["--programme", "tous"]}.items():
        sortie = tmp_path / f"{nom}.csv"
        commande = ["export", "--format", "csv", "--db", str(base_seed), "-o", str(sortie)]
        assert main([*commande, *options]) == 0
        lus[nom] = _lire_csv(sortie.read_bytes())
    assert set(lus["defaut"]["Programme"]) == {"TID"}
    assert len(lus["defaut"]) == int(
        db.fetch("kpi", **_filtres(programme=["TID"]))["nb_projets"][0]
    )
    assert set(lus["tous"]["Programme"]) == {"TID", "DIAT"}
    assert len(lus["tous"]) == int(db.fetch("kpi", **_filtres())["nb_projets"][0])


def test_file_name_and_link_say_the_situation_date_and_the_programme():
    """An extract of « TID et DIAT » on a past day: its link reopens exactly that view."""
    from tid.exports.lisez_moi import permalien

    filtres = {**_filtres(region=["53"]), "au": date(2024, 6, 30)}
    nom = exports.nom_fichier("projets", filtres, "csv", date(2026, 12, 2))
    assert nom == "tid-projets_2026-12-02_region-53_au-2024-06-30.csv"
    lien = permalien("projets", filtres)
    assert lien.endswith("/projets?programme=tous&region=53&au=2024-06-30")
    # the whole base is « tous », never a bare link (which would now open on TID)
    assert permalien("projets", _filtres()).endswith("/projets?programme=tous")
    assert permalien("projets", _filtres(programme=["TID"])).endswith("/projets?programme=TID")
