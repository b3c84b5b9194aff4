"""« Montants à compléter » round trip: the downloaded template, filled as French Excel does,
imported through the real import path, moves the KPIs by exactly the amounts typed in."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.ingest.bases import cli, empreinte
from tid import db, ingest
from tid.filtres import aucun
from tid.ingest import ImportRefuse
from tid.ui import completer

TID = {**aucun(), "programme": ["TID"]}
# three TID laureates without a published amount, as the team would type them in French Excel
SAISIES = {
    "tid1-syaden11": ("25/10/2022", "2750000,5", 2_750_000.50),
    "tid1-toulouse": ("25/10/2022", "1800000", 1_800_000.00),
    "tid2-martinique": ("07/06/2023", "1234567,89", 1_234_567.89),
}
SOURCE = "https://example.org/decision-comite"


@pytest.fixture
def base(base_seed, tmp_path, monkeypatch):
    """A copy of the real base, the one db.fetch (and so the download) reads."""
    copie = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, copie)
    monkeypatch.setenv(db.DB_ENV_VAR, str(copie))
    return copie


def _kpi():
    ligne = db.fetch("kpi", **TID).iloc[0]
    return float(ligne["montant_attribue_eur"]), int(ligne["nb_projets_attribution_publiee"])


def _lignes_csv(contenu: bytes) -> list[list[str]]:
    assert contenu.startswith(b"\xef\xbb\xbf")  # BOM: French Excel opens it as UTF-8
    return list(csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))


def _comme_excel(lignes: list[list[str]]) -> bytes:
    """What « CSV (séparateur : point-virgule) » of French Excel writes: cp1252, no BOM."""
    tampon = io.StringIO()
    csv.writer(tampon, delimiter=";", lineterminator="\r\n").writerows(lignes)
    return tampon.getvalue().encode("cp1252", errors="replace")


def _remplir(lignes: list[list[str]], saisies: dict, source: str | None = SOURCE) -> None:
    entete = lignes[0]
    for ligne in lignes[1:]:
        if ligne[0] in saisies:
            jour, montant = saisies[ligne[0]][:2]
            ligne[entete.index("date_mouvement")] = jour or ""
            ligne[entete.index("montant_eur")] = montant
            ligne[entete.index("source_url")] = source or ""


def test_download_fill_three_amounts_import_and_the_kpis_move_by_exactly_them(base):
    montant_avant, n_avant = _kpi()
    lignes = _lignes_csv(completer.octets(TID, "csv"))
    ids = [ligne[0] for ligne in lignes[1:]]
    entete = ["projet_id", "programme_id", "vague_id", "porteur", "nom_projet", "nature"]
    assert lignes[0][:6] == entete
    # every TID laureate without a published amount, and only those
    assert len(ids) == db.fetch("kpi", **TID).iloc[0]["nb_projets_sans_attribution_publiee"]
    assert set(SAISIES) <= set(ids) and "tid1-grandest" not in ids
    assert {ligne[5] for ligne in lignes[1:]} == {"attribution"}
    _remplir(lignes, SAISIES)
    contenu = _comme_excel(lignes)

    plan = ingest.preparer(contenu, "montants-a-completer.csv")
    assert not plan.erreurs and not plan.avertissements, [p.texte() for p in plan.problemes]
    assert (len(plan.mouvements_ajoutes), plan.a_completer) == (3, len(ids) - 3)
    assert set(plan.colonnes_ignorees) == {"programme_id", "vague_id", "porteur", "nom_projet"}
    ingest.appliquer(contenu, "montants-a-completer.csv", "équipe du programme")

    montant_apres, n_apres = _kpi()
    assert round(montant_apres - montant_avant, 2) == round(sum(s[2] for s in SAISIES.values()), 2)
    assert n_apres == n_avant + 3
    registre = db.fetch("projet_mouvements", projet_id="tid1-syaden11")
    (attribution,) = registre[registre["nature"] == "attribution"].itertuples()
    assert (attribution.date_mouvement.date(), float(attribution.montant_eur)) == (
        date(2022, 10, 25),
        2_750_000.50,
    )
    # the next download no longer lists them
    restants = [ligne[0] for ligne in _lignes_csv(completer.octets(TID, "csv"))[1:]]
    assert restants == [i for i in ids if i not in SAISIES]


def test_the_xlsx_template_filled_in_excel_imports_with_the_command_line(base, capsys):
    """XLSX: text cells (« @ »), typed in as text like French Excel keeps them; `tid import`."""
    montant_avant, n_avant = _kpi()
    classeur = load_workbook(io.BytesIO(completer.octets(TID, "xlsx")))
    feuille = classeur.worksheets[0]
    entete = [c.value for c in feuille[1]]
    assert classeur.sheetnames == ["Montants à compléter", "Aide"]
    for ligne in feuille.iter_rows(min_row=2):
        if ligne[0].value in SAISIES:
            jour, montant, _ = SAISIES[ligne[0].value]
            ligne[entete.index("date_mouvement")].value = jour
            ligne[entete.index("montant_eur")].value = montant
            ligne[entete.index("source_url")].value = SOURCE
    fichier = base.parent / "montants.xlsx"
    classeur.save(fichier)
    code, sortie, erreur = cli(capsys, "import", fichier, "--db", base)
    assert code == 0, sortie + erreur
    assert "laissées à compléter, ignorées : 7" in sortie
    montant_apres, n_apres = _kpi()
    assert round(montant_apres - montant_avant, 2) == round(sum(s[2] for s in SAISIES.values()), 2)
    assert n_apres == n_avant + 3


def test_an_untouched_template_is_refused_in_french_and_writes_nothing(base, capsys):
    """Chosen over « 0 row imported »: a file of blank rows is most likely the wrong file."""
    avant = empreinte(base)
    contenu = completer.octets(TID, "csv")
    plan = ingest.preparer(contenu, "montants.csv")
    (erreur,) = plan.erreurs
    assert erreur.texte() == (
        "aucune ligne remplie : les 10 lignes attendent encore leur date, leur montant et leur "
        "source (modèle « Montants à compléter » non rempli ?). Rien n'a été importé."
    )
    with pytest.raises(ImportRefuse):
        ingest.appliquer(contenu, "montants.csv", "test")
    fichier = base.parent / "montants.csv"
    fichier.write_bytes(contenu)
    code, _, sortie_erreur = cli(capsys, "import", fichier, "--db", base)
    assert code == 2 and "Fichier refusé" in sortie_erreur
    assert empreinte(base) == avant


@pytest.mark.parametrize(
    ("saisie", "source", "colonne"),
    [
        (("", "1500000,5"), SOURCE, "date_mouvement"),  # an amount without its date
        (("25/10/2022", "1500000,5"), None, "source_url"),  # an amount without its source
    ],
    ids=["sans_date", "sans_source"],
)
def test_a_half_filled_row_is_named_by_row_and_column_and_nothing_is_written(
    base, saisie, source, colonne
):
    avant = empreinte(base)
    lignes = _lignes_csv(completer.octets(TID, "csv"))
    _remplir(lignes, {"tid1-toulouse": saisie}, source)
    # a complete row in the same file is not written either: one file, one transaction
    _remplir(lignes, {"tid1-syaden11": SAISIES["tid1-syaden11"]})
    numero = [ligne[0] for ligne in lignes].index("tid1-toulouse") + 1
    contenu = _comme_excel(lignes)
    plan = ingest.preparer(contenu, "montants.csv")
    assert [p.texte() for p in plan.erreurs] == [
        f"Ligne {numero}, colonne « {colonne} » : valeur obligatoire."
    ]
    with pytest.raises(ImportRefuse):
        ingest.appliquer(contenu, "montants.csv", "test")
    assert empreinte(base) == avant
