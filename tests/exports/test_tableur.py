"""Our extracts opened by a real spreadsheet, LibreOffice Calc without a screen: the CSV read as
French Excel reads it, the XLSX saved again; amounts are numbers equal to the dashboard's,
codes stay text, accents and « € » survive, formula-looking text is never run."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from tests.exports import libreoffice
from tid import db, exports
from tid.__main__ import main
from tid.exports.cellules import neutraliser
from tid.filtres import aucun

pytestmark = pytest.mark.tableur

FORMATS = ("csv", "xlsx")
# a place's codes and the SIREN: identifiers written with digits, never amounts
CODES = ("code_commune_siege", "departement_code", "region_code", "siren_porteur")
# what a spreadsheet would run if our exports let it (cellules.DEBUT_FORMULE)
FORMULES = {
    "nom_projet": ["=1+1", "+33 1 23 45 67 89", "-2", "@SUM(A1:A2)"],
    "notes": [
        "Aide de 2,5 M€ annoncée par la Région (« à confirmer »)",
        '=HYPERLINK("https://exemple.invalid";"cliquez")',
        "Montant en € non publié",
        "-1+2",
    ],
}
RECHERCHE_PIEGE = "=1+1"
MOMENT = datetime(2026, 11, 29, 9, 30)


def pieges(projets: pd.DataFrame) -> pd.DataFrame:
    """Four real rows given the places, names and amounts a spreadsheet mangles: Corsica and
    Mayotte codes, leading zeros, accents, « € », formula-looking text, cents, a minus sign."""
    frame = projets.head(4).reset_index(drop=True).copy()
    lieux = {
        "projet_id": ["piege-1", "piege-2", "piege-3", "piege-4"],
        "porteur": [
            "Région Île-de-France",
            "Département de Mayotte",
            "Commune d'Ajaccio",
            "Syndicat intercommunal de l'Ain",
        ],
        "commune_siege": ["Paris", "Mamoudzou", "Ajaccio", "Bourg-en-Bresse"],
        "code_commune_siege": ["75056", "97611", "2A004", "01053"],
        "departement_code": ["75", "976", "2A", "01"],
        "departement": ["Paris", "Mayotte", "Corse-du-Sud", "Ain"],
        "region_code": ["11", "06", "94", "84"],
        "region": ["Île-de-France", "Mayotte", "Corse", "Auvergne-Rhône-Alpes"],
        # cents, half a euro, and a negative amount as an annulation writes in the ledger
        "montant_attribue_eur": [1_234_567.89, 0.5, None, 300_000.0],
        "montant_verse_eur": [None, -50_000.0, None, 12.34],
        **FORMULES,
    }
    for colonne, valeurs in lieux.items():
        frame[colonne] = pd.Series(valeurs, dtype=frame[colonne].dtype)
    return frame


@dataclass
class Lus:
    """The dashboard's rows and figures, and each extract as Calc gave it back."""

    projets: pd.DataFrame
    mouvements: pd.DataFrame
    pieges: pd.DataFrame
    kpi: pd.Series
    classeurs: dict[tuple[str, str], Workbook]  # (extract, format of the extract) -> workbook
    valeurs: dict[tuple[str, str], Workbook]  # the same, formulas replaced by Calc's results


def _exporter_par_la_commande(base, dossier) -> None:
    """`python -m tid export --programme tous`, projects and ledger, CSV and XLSX."""
    for objet, option in (("projets", []), ("registre", ["--registre"])):
        for format_fichier in FORMATS:
            sortie = dossier / f"{objet}.{format_fichier}"
            commande = ["export", "--format", format_fichier, "-o", str(sortie), "--db", str(base)]
            assert main([*commande, "--programme", "tous", *option]) == 0


@pytest.fixture(scope="module")
def lus(base_seed, tmp_path_factory) -> Lus:
    """Every extract converted in two soffice starts (CSVs, then XLSXs): ~1.5 s each here."""
    if not libreoffice.SOFFICE.is_file():
        pytest.fail(
            f"LibreOffice absent ({libreoffice.SOFFICE}) : `make libreoffice` installe le paquet "
            "Debian libreoffice-calc-nogui (droits root)"
        )
    dossier = tmp_path_factory.mktemp("tableur")
    extraits = dossier / "extraits"
    extraits.mkdir()
    _exporter_par_la_commande(base_seed, extraits)
    con = db.connect(base_seed, read_only=True)
    try:
        filtres = aucun()  # « --programme tous »: TID and DIAT, nothing else restricted
        projets = db.run(con, "projets", **filtres, recherche=None, limite=None)
        mouvements = db.run(con, "mouvements", **filtres, recherche=None, limite=None)
        kpi = db.run(con, "kpi", **filtres).iloc[0]
    finally:
        con.close()
    frame = pieges(projets)
    prov = exports.provenance("projets", frame, aucun(), "aucun filtre", "essai", RECHERCHE_PIEGE)
    for format_fichier in FORMATS:
        contenu = exports.fichier("projets", format_fichier, frame, prov, MOMENT)
        (extraits / f"pieges.{format_fichier}").write_bytes(contenu)
    convertis = {
        "csv": libreoffice.convertir(
            sorted(extraits.glob("*.csv")),
            dossier / "depuis-csv",
            dossier / "profil-csv",
            libreoffice.FILTRE_CSV_EXCEL_FR,
        ),
        "xlsx": libreoffice.convertir(
            sorted(extraits.glob("*.xlsx")), dossier / "depuis-xlsx", dossier / "profil-xlsx"
        ),
    }
    classeurs = {
        (chemin.stem, format_fichier): load_workbook(chemin, data_only=False)
        for format_fichier, chemins in convertis.items()
        for chemin in chemins
    }
    valeurs = {
        (chemin.stem, format_fichier): load_workbook(chemin, data_only=True)
        for format_fichier, chemins in convertis.items()
        for chemin in chemins
    }
    return Lus(projets, mouvements, frame, kpi, classeurs, valeurs)


def _colonnes(classeur: Workbook) -> dict[str, list]:
    """The first sheet (« Données ») as {header: cells}, the header row read as text."""
    lignes = list(classeur.worksheets[0].iter_rows())
    entetes = [cellule.value for cellule in lignes[0]]
    return {titre: [ligne[i] for ligne in lignes[1:]] for i, titre in enumerate(entetes)}


def _code_entoure(valeur: object) -> bool:
    """="01": the one formula our CSV writes, a digit-only code kept as text (no reference,
    no function: its value is the code)."""
    return isinstance(valeur, str) and re.fullmatch(r'="[0-9]+"', valeur) is not None


def _est_nombre(cellule) -> bool:
    return cellule.data_type == "n" and isinstance(cellule.value, int | float)


def _verifier_montants(cellules: list, attendus: pd.Series, titre: str) -> None:
    """Each published amount a number equal to the query's; not published, an empty cell."""
    assert len(cellules) == len(attendus), titre
    for ligne, (cellule, attendu) in enumerate(zip(cellules, attendus, strict=True), start=2):
        ou = f"{titre}, ligne {ligne} : {cellule.value!r} ({cellule.data_type})"
        if pd.isna(attendu):
            assert cellule.value is None, ou
        else:
            assert _est_nombre(cellule), ou
            assert cellule.value == pytest.approx(float(attendu), abs=0.001), ou


def _sommes(cellules: list) -> float:
    return sum(cellule.value for cellule in cellules if cellule.value is not None)


def test_calc_is_the_expected_client(lus):
    """The client the figures below were measured with; the report names its version."""
    assert libreoffice.version().startswith("LibreOffice ")
    assert set(lus.classeurs) == {
        (n, f) for n in ("projets", "registre", "pieges") for f in FORMATS
    }


@pytest.mark.parametrize("format_fichier", FORMATS)
def test_project_amounts_are_numbers_equal_to_the_dashboard(lus, format_fichier):
    colonnes = _colonnes(lus.classeurs[("projets", format_fichier)])
    assert [c.value for c in colonnes["Identifiant"]] == lus.projets["projet_id"].tolist()
    for code, titre in exports.ENTETES_EXPORT_PROJETS.items():
        if code.endswith("_eur"):
            _verifier_montants(colonnes[titre], lus.projets[code], titre)
    # the KPI tiles: the column's sum and the count of published amounts
    for code in ("montant_attribue_eur", "montant_conventionne_eur", "montant_verse_eur"):
        cellules = colonnes[exports.ENTETES_EXPORT_PROJETS[code]]
        tuile = lus.kpi[code]
        assert _sommes(cellules) == pytest.approx(0 if pd.isna(tuile) else float(tuile))
    attribues = colonnes[exports.ENTETES_EXPORT_PROJETS["montant_attribue_eur"]]
    assert sum(map(_est_nombre, attribues)) == lus.kpi["nb_projets_attribution_publiee"] > 0
    assert len(attribues) == lus.kpi["nb_projets"]


@pytest.mark.parametrize("format_fichier", FORMATS)
def test_ledger_amounts_are_numbers_that_add_up_to_the_attributed_tile(lus, format_fichier):
    colonnes = _colonnes(lus.classeurs[("registre", format_fichier)])
    for code in ("montant_eur", "montant_signe_eur"):
        titre = exports.ENTETES_EXPORT_MOUVEMENTS[code]
        _verifier_montants(colonnes[titre], lus.mouvements[code], titre)
    natures = [c.value for c in colonnes[exports.ENTETES_EXPORT_MOUVEMENTS["nature"]]]
    signes = colonnes[exports.ENTETES_EXPORT_MOUVEMENTS["montant_signe_eur"]]
    attribue = [
        c for c, n in zip(signes, natures, strict=True) if n in ("attribution", "annulation")
    ]
    assert _sommes(attribue) == pytest.approx(float(lus.kpi["montant_attribue_eur"]))


@pytest.mark.parametrize("format_fichier", FORMATS)
def test_trap_amounts_and_dates_keep_their_value(lus, format_fichier):
    """Cents, half a euro and a negative amount are numbers; dates are dates, day first."""
    colonnes = _colonnes(lus.classeurs[("pieges", format_fichier)])
    for code in ("montant_attribue_eur", "montant_verse_eur"):
        titre = exports.ENTETES_EXPORT_PROJETS[code]
        _verifier_montants(colonnes[titre], lus.pieges[code], titre)
    titre = exports.ENTETES_EXPORT_PROJETS["date_annonce"]
    for cellule, attendu in zip(colonnes[titre], lus.pieges["date_annonce"], strict=True):
        assert cellule.data_type == "d", f"{titre} : {cellule.value!r}"
        assert cellule.value.date() == attendu.date()


@pytest.mark.parametrize("extrait", ["projets", "pieges"])
def test_codes_stay_text_in_the_xlsx(lus, extrait):
    """« 2A », « 01 », « 976 », « 01053 » as written, never numbers (the XLSX's promise)."""
    frame = lus.projets if extrait == "projets" else lus.pieges
    colonnes = _colonnes(lus.classeurs[(extrait, "xlsx")])
    for code in CODES:
        titre = exports.ENTETES_EXPORT_PROJETS[code]
        lus_ici = [(c.value, c.data_type) for c in colonnes[titre]]
        attendus = [(None, "n") if pd.isna(v) else (v, "s") for v in frame[code]]
        assert lus_ici == attendus, titre


def test_trap_codes_cover_corsica_mayotte_and_leading_zeros(lus):
    """The codes the two tests around this one must see, so they cannot pass on easy data."""
    codes = {v for code in CODES for v in lus.pieges[code].dropna()}
    assert {"2A", "01", "976", "06", "2A004", "01053"} <= codes
    assert {"2A", "01", "972"} <= set(lus.projets["departement_code"])  # the real seed's own


@pytest.mark.parametrize("extrait", ["projets", "pieges"])
def test_codes_stay_text_in_the_csv(lus, extrait):
    """A CSV carries no types: Calc, like Excel, would read « 01 » as the number 1. Our CSV
    writes digit-only codes ="01", which both evaluate to the text 01; « 2A » stays text."""
    frame = lus.projets if extrait == "projets" else lus.pieges
    valeurs = _colonnes(lus.valeurs[(extrait, "csv")])
    formules = _colonnes(lus.classeurs[(extrait, "csv")])
    for code in CODES:
        titre = exports.ENTETES_EXPORT_PROJETS[code]
        for valeur, formule, attendu in zip(
            valeurs[titre], formules[titre], frame[code], strict=True
        ):
            if pd.isna(attendu):
                assert valeur.value is None, titre
                continue
            assert (valeur.value, valeur.data_type) == (attendu, "s"), titre
            if attendu.isdigit():
                assert formule.value == f'="{attendu}"', titre


def _colonnes_texte(entetes: dict[str, str]) -> list[str]:
    """The columns of words: neither amount, date, number nor code."""
    return [
        code
        for code in entetes
        if not code.endswith(("_eur", "_id")) and not code.startswith("date_") and code not in CODES
    ]


@pytest.mark.parametrize("format_fichier", FORMATS)
@pytest.mark.parametrize("extrait", ["projets", "registre", "pieges"])
def test_text_comes_back_letter_for_letter(lus, extrait, format_fichier):
    """Accents, « € », « » and apostrophes intact in every text column, a text cell each."""
    entetes = (
        exports.ENTETES_EXPORT_MOUVEMENTS
        if extrait == "registre"
        else exports.ENTETES_EXPORT_PROJETS
    )
    frame = {"projets": lus.projets, "registre": lus.mouvements, "pieges": lus.pieges}[extrait]
    colonnes = _colonnes(lus.classeurs[(extrait, format_fichier)])
    for code in _colonnes_texte(entetes):
        titre = entetes[code]
        lus_ici = [(c.value, c.data_type) for c in colonnes[titre]]
        attendus = [(None, "n") if pd.isna(v) else (neutraliser(v), "s") for v in frame[code]]
        assert lus_ici == attendus, titre
    tout = " ".join(str(v) for v in frame.to_numpy().ravel() if isinstance(v, str))
    assert "é" in tout and "€" in tout  # the check above saw both


def test_trap_text_with_accents_and_euro_sign(lus):
    for format_fichier in FORMATS:
        colonnes = _colonnes(lus.classeurs[("pieges", format_fichier)])
        assert colonnes["Porteur"][0].value == "Région Île-de-France"
        assert colonnes["Notes"][0].value == FORMULES["notes"][0]


@pytest.mark.parametrize("format_fichier", FORMATS)
def test_no_cell_is_a_formula(lus, format_fichier):
    """Calc evaluates a CSV's « =… » (token 13): every sheet of every extract holds values."""
    for (extrait, format_lu), classeur in lus.classeurs.items():
        if format_lu != format_fichier:
            continue
        for feuille in classeur.worksheets:
            formules = [
                f"{feuille.title}!{c.coordinate} = {c.value!r}"
                for ligne in feuille.iter_rows()
                for c in ligne
                if c.data_type == "f" and not _code_entoure(c.value)
            ]
            assert formules == [], extrait


@pytest.mark.parametrize("format_fichier", FORMATS)
def test_formula_looking_text_stays_literal(lus, format_fichier):
    """« =1+1 », « +33… », « -2 », « @SUM(…) » come back as the text written, « ' » first
    (OWASP), not as 2, a phone number turned into a sum, -2 or an error."""
    colonnes = _colonnes(lus.classeurs[("pieges", format_fichier)])
    for code, valeurs in FORMULES.items():
        titre = exports.ENTETES_EXPORT_PROJETS[code]
        attendus = ["'" + v if v[0] in "=+-@" else v for v in valeurs]
        assert [(c.value, c.data_type) for c in colonnes[titre]] == [(a, "s") for a in attendus]


def test_read_me_sheet_keeps_a_formula_looking_search_literal(lus):
    """The « Lisez-moi » sheet repeats the search typed by the reader: inert too."""
    feuille = lus.classeurs[("pieges", "xlsx")]["Lisez-moi"]
    lignes = {ligne[0].value: ligne[1] for ligne in feuille.iter_rows() if ligne[0].value}
    assert (lignes["Recherche"].value, lignes["Recherche"].data_type) == ("'=1+1", "s")
