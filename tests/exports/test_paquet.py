"""tid/exports/paquet.py and `python -m tid export --format datapackage`: a Data Package that
frictionless validates, whose figures are the dashboard's, on the real and a synthetic base."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from tid import db, vocabulaire
from tid.__main__ import main
from tid.exports import paquet
from tid.exports.paquet_schema import LICENCE_OUVERTE, RESSOURCES
from tid.filtres import aucun

# Tables of the base that are not published: import batches (they name their authors), past
# versions of projects, the schema's own facts, and tables derived from the published ones.
NON_PUBLIEES = {
    "import_lot",
    "projet_historique",
    "base_meta",
    "mouvement_chaine",
    "projet_enrichi",
    "sources_citees",
}
# Columns of a published table left out of its CSV: the import batch (see NON_PUBLIEES).
COLONNES_OMISES = {"import_id"}
TYPES_DUCKDB = {
    "VARCHAR": "string",
    "INTEGER": "integer",
    "DOUBLE": "number",
    "DATE": "date",
    "BOOLEAN": "boolean",
}
# the money stage of the ledger -> the KPI column that sums it
ETAPES_KPI = {
    "attribution": "montant_attribue_eur",
    "convention": "montant_conventionne_eur",
    "versement": "montant_verse_eur",
}


def _exporter(base: Path, dossier: Path, *options: str) -> int:
    return main(
        ["export", "--format", "datapackage", "-o", str(dossier), "--db", str(base), *options]
    )


def _valider(descripteur: Path) -> frictionless.Report:
    rapport = frictionless.validate(str(descripteur))
    if not rapport.valid:
        for tache in rapport.tasks:
            for erreur in tache.errors:
                print(tache.name, erreur.type, erreur.note, getattr(erreur, "row_number", None))
        for erreur in rapport.errors:
            print("paquet", erreur.type, erreur.note)
    return rapport


def _lire(dossier: Path, ressource: str) -> pd.DataFrame:
    return pd.read_csv(dossier / f"{ressource}.csv", dtype=str, keep_default_na=False)


def _descripteur(dossier: Path) -> dict:
    return json.loads((dossier / paquet.DESCRIPTEUR).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base_fictive(tmp_path_factory) -> Path:
    """A synthetic base of 300 projects and 1 500 ledger rows (`python -m tid synth`)."""
    chemin = tmp_path_factory.mktemp("fictive") / "fictive.duckdb"
    assert main(["synth", "--projects", "300", "--events", "1500", "--db", str(chemin)]) == 0
    return chemin


@pytest.fixture(scope="module")
def bases(base_seed, base_fixtures, base_fictive) -> dict[str, Path]:
    return {"reelle": base_seed, "fixtures": base_fixtures, "fictive": base_fictive}


@pytest.fixture(scope="module")
def paquets(bases, tmp_path_factory) -> dict[str, Path]:
    """One package per base, written by the command line."""
    sortie = {}
    for nom, base in bases.items():
        dossier = tmp_path_factory.mktemp(f"paquet_{nom}") / "paquet"
        assert _exporter(base, dossier) == 0
        sortie[nom] = dossier
    return sortie


@pytest.mark.parametrize("nom", ["reelle", "fixtures", "fictive"])
def test_frictionless_validates_the_package(paquets, nom):
    rapport = _valider(paquets[nom] / paquet.DESCRIPTEUR)
    assert rapport.valid
    # every resource was read, row by row: a valid report over nothing proves nothing
    assert sorted(t.name for t in rapport.tasks) == sorted(r.nom for r in RESSOURCES)
    lus = {t.name: t.stats.get("rows", 0) for t in rapport.tasks}
    assert lus["projet"] == len(_lire(paquets[nom], "projet")) > 0
    assert lus["mouvement"] == len(_lire(paquets[nom], "mouvement")) > 0


def test_frictionless_command_line_validates_the_real_package(paquets):
    resultat = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", paquet.DESCRIPTEUR],
        cwd=paquets["reelle"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(resultat.stdout, resultat.stderr)
    assert resultat.returncode == 0
    assert "INVALID" not in resultat.stdout
    assert resultat.stdout.count("VALID") == len(RESSOURCES)


def _reecrire(dossier: Path, ressource: str, contenu: bytes) -> None:
    """Replace a CSV and keep its bytes and hash true in the descriptor: only the data break."""
    (dossier / f"{ressource}.csv").write_bytes(contenu)
    descripteur = _descripteur(dossier)
    for entree in descripteur["resources"]:
        if entree["name"] == ressource:
            entree["bytes"] = len(contenu)
            entree["hash"] = f"sha256:{hashlib.sha256(contenu).hexdigest()}"
    (dossier / paquet.DESCRIPTEUR).write_text(json.dumps(descripteur), encoding="utf-8")


def _ligne_en_plus(texte: str) -> str:
    # a ledger row for a project the package does not hold
    return (
        texte + "99,projet-inconnu,attribution,attribution,2022-01-10,1.00,1.00,,https://x.fr,\r\n"
    )


def _annulation_orpheline(texte: str) -> str:
    # a reversal of a ledger row that does not exist
    return texte + "99,fx-a,attribution,attribution,2022-01-10,1.00,-1.00,98,https://x.fr,\r\n"


def _montant_en_francais(texte: str) -> str:
    # a French-formatted amount is not a number for the open-data schema
    return texte.replace(",300000.00,", ',"300000,00",', 1)


def _nature_inconnue(texte: str) -> str:
    return texte.replace(",convention,convention,", ",engagement,convention,", 1)


def _doublon(texte: str) -> str:
    premiere = texte.split("\r\n")[1]
    return texte + premiere + "\r\n"


@pytest.mark.parametrize(
    ("casse", "erreur"),
    [
        (_ligne_en_plus, "foreign-key"),
        (_annulation_orpheline, "foreign-key"),
        (_montant_en_francais, "type-error"),
        (_nature_inconnue, "constraint-error"),
        (_doublon, "primary-key"),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_a_broken_package_fails_validation(base_fixtures, tmp_path, casse, erreur):
    dossier = tmp_path / "paquet"
    assert _exporter(base_fixtures, dossier) == 0
    texte = (dossier / "mouvement.csv").read_bytes().decode("utf-8")
    assert casse(texte) != texte
    _reecrire(dossier, "mouvement", casse(texte).encode("utf-8"))
    rapport = frictionless.validate(str(dossier / paquet.DESCRIPTEUR))
    assert not rapport.valid
    types = {e.type for t in rapport.tasks for e in t.errors}
    assert types == {erreur}
    assert {t.name for t in rapport.tasks if t.errors} == {"mouvement"}


def test_a_csv_changed_after_export_fails_validation(paquets, tmp_path):
    """The descriptor's byte counts are checked: a CSV edited by hand is caught."""
    dossier = tmp_path / "copie"
    dossier.mkdir()
    for fichier in paquets["fixtures"].iterdir():
        (dossier / fichier.name).write_bytes(fichier.read_bytes())
    with (dossier / "projet.csv").open("a", encoding="utf-8") as csv:
        csv.write("\r\n")
    rapport = frictionless.validate(str(dossier / paquet.DESCRIPTEUR))
    assert "byte-count" in {e.type for t in rapport.tasks for e in t.errors}


@pytest.mark.parametrize("nom", ["reelle", "fixtures", "fictive"])
def test_ledger_sums_per_programme_equal_the_dashboard(bases, paquets, nom):
    """Sum of the ledger CSV's signed amounts per stage and programme = the KPI of the pages."""
    mouvements = _lire(paquets[nom], "mouvement")
    programmes = _lire(paquets[nom], "projet").set_index("projet_id")["programme_id"]
    mouvements["programme_id"] = mouvements["projet_id"].map(programmes)
    mouvements["montant"] = pd.to_numeric(mouvements["montant_signe_eur"].replace("", None))
    con = db.connect(bases[nom])
    try:
        for programme in _lire(paquets[nom], "programme")["programme_id"]:
            kpi = db.run(con, "kpi", **{**aucun(), "programme": [programme]}).iloc[0]
            for etape, colonne in ETAPES_KPI.items():
                lignes = mouvements[
                    (mouvements["programme_id"] == programme) & (mouvements["etape"] == etape)
                ]
                somme = lignes["montant"].sum(min_count=1)
                attendu = kpi[colonne]
                if pd.isna(attendu):
                    assert pd.isna(somme), (programme, etape)
                else:
                    assert round(float(somme), 2) == round(float(attendu), 2), (programme, etape)
    finally:
        con.close()


def test_fixture_ledger_keeps_its_reversal_chain(paquets):
    """The hand-checked fixture: fx-b's attribution reversed by row 8 counts 0, not 200 000."""
    mouvements = _lire(paquets["fixtures"], "mouvement").set_index("mouvement_id")
    assert mouvements.loc["8", "annule_mouvement_id"] == "2"
    assert mouvements.loc["8", "montant_signe_eur"] == "-200000.00"
    assert mouvements.loc["5", "montant_eur"] == ""  # not published: empty, never 0
    assert mouvements.loc["7", ["nature", "etape", "montant_signe_eur"]].tolist() == [
        "annulation",
        "attribution",
        "-50000.00",
    ]


def test_csv_files_follow_open_data_conventions(paquets, con_seed):
    dossier = paquets["reelle"]
    for ressource in RESSOURCES:
        contenu = (dossier / f"{ressource.nom}.csv").read_bytes()
        assert not contenu.startswith(b"\xef\xbb\xbf"), ressource.nom  # no BOM
        contenu.decode("utf-8")
        entete = contenu.split(b"\r\n")[0].decode("utf-8")
        assert entete.split(",") == [c.nom for c in ressource.champs], ressource.nom
        lu = _lire(dossier, ressource.nom)
        for champ in ressource.champs:
            valeurs = lu[champ.nom][lu[champ.nom] != ""]
            if champ.est_montant:
                assert valeurs.str.fullmatch(r"-?\d+\.\d{2}").all(), (ressource.nom, champ.nom)
            if champ.type == "date":
                assert valeurs.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), (ressource.nom, champ.nom)
            if champ.type == "boolean":
                assert set(valeurs) <= {"true", "false"}, (ressource.nom, champ.nom)
    # codes stay text: leading zeros and Corsica's letters
    assert {"01", "2A", "2B", "971"} <= set(_lire(dossier, "departement")["departement_code"])
    assert "01" in set(_lire(dossier, "region")["region_code"])
    # an unpublished amount stays empty, as many as the base holds
    non_publies = con_seed.execute("SELECT count(*) FROM mouvement WHERE montant_eur IS NULL")
    assert (_lire(dossier, "mouvement")["montant_eur"] == "").sum() == non_publies.fetchone()[0] > 0
    assert (
        len(_lire(dossier, "mouvement"))
        == con_seed.execute("SELECT count(*) FROM mouvement").fetchone()[0]
    )


def test_every_base_table_is_published_or_deliberately_left_out(con_seed):
    """A table or a column added to the schema must be placed: in the package, or left out."""
    tables = set(db.run(con_seed, "tables_base")["table_name"])
    publiees = {r.nom for r in RESSOURCES if r.requete.startswith("paquet/")}
    assert tables == publiees | NON_PUBLIEES
    for ressource in RESSOURCES:
        if not ressource.requete.startswith("paquet/"):
            continue
        colonnes = con_seed.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $table",
            {"table": ressource.nom},
        ).fetchall()
        types = {nom: type_sql for nom, type_sql in colonnes}
        champs = {c.nom: c.type for c in ressource.champs}
        assert set(types) - set(champs) <= COLONNES_OMISES, ressource.nom
        for nom, type_champ in champs.items():
            if nom not in types:
                continue  # computed by the query (mouvement.etape, montant_signe_eur)
            type_sql = types[nom]
            attendu = "number" if type_sql.startswith("DECIMAL") else TYPES_DUCKDB.get(type_sql)
            attendu = "string" if type_sql.endswith("[]") else attendu  # joined with « | »
            assert type_champ == attendu, (ressource.nom, nom, type_sql)
        frame = db.run(con_seed, ressource.requete)
        assert list(frame.columns) == list(champs), ressource.nom


def test_descriptor_says_licences_sources_and_date(paquets, con_seed):
    descripteur = _descripteur(paquets["reelle"])
    assert descripteur["profile"] == "tabular-data-package"
    assert descripteur["name"] == "suivi-tid"
    assert "FICTIVES" not in descripteur["title"] + descripteur["description"]
    assert "sous les conditions de ces sources" in descripteur["description"]
    assert vocabulaire.attribution_geographique() in descripteur["description"]
    assert "Sources consultées le" in descripteur["description"]
    assert descripteur["date_des_donnees"] == vocabulaire.date_extraction().isoformat()
    datetime.strptime(descripteur["created"], "%Y-%m-%dT%H:%M:%SZ")
    licences = {r["name"]: r.get("licenses") for r in descripteur["resources"]}
    ouvertes = {nom for nom, liste in licences.items() if liste}
    assert ouvertes == {"region", "departement", "projet"}
    assert all(liste[0]["path"] == LICENCE_OUVERTE["path"] for liste in licences.values() if liste)
    assert "licenses" not in descripteur  # the rest: the terms of the sources cited
    # one entry per source the « Méthode et sources » page lists, each with a title
    sources = db.run(con_seed, "sources")
    assert len(descripteur["sources"]) == sources["source_url"].nunique()
    assert all(s["title"] for s in descripteur["sources"])
    liens = {s["path"] for s in descripteur["sources"] if "path" in s}
    assert liens == set(sources.loc[sources["est_lien"], "source_url"])
    for ressource in descripteur["resources"]:
        assert ressource["schema"]["missingValues"] == [""]
        contenu = (paquets["reelle"] / ressource["path"]).read_bytes()
        assert ressource["hash"] == f"sha256:{hashlib.sha256(contenu).hexdigest()}"
        assert ressource["bytes"] == len(contenu)
        for champ in ressource["schema"]["fields"]:
            assert champ["description"], (ressource["name"], champ["name"])
            if re.search(r"(_code|_id)$", champ["name"]) and champ["name"] != "mouvement_id":
                assert champ["type"] in ("string", "integer"), champ["name"]
            if champ["name"] in ("region_code", "departement_code", "code_commune_siege"):
                assert champ["type"] == "string"


def test_a_synthetic_base_is_flagged(paquets):
    descripteur = _descripteur(paquets["fictive"])
    assert descripteur["title"].startswith("DONNÉES FICTIVES")
    assert descripteur["description"].startswith("DONNÉES FICTIVES")
    assert descripteur["name"] == "suivi-tid-donnees-fictives"
    assert set(_lire(paquets["fictive"], "programme")["est_synthetique"]) == {"true"}


def test_a_nonempty_folder_is_refused_and_left_untouched(base_fixtures, tmp_path, capsys):
    dossier = tmp_path / "occupe"
    dossier.mkdir()
    (dossier / "ancien.csv").write_text("a,b\r\n", encoding="utf-8")
    assert _exporter(base_fixtures, dossier) == 2
    erreur = capsys.readouterr().err
    assert "n'est pas vide" in erreur and "rien n'a été écrit" in erreur
    assert [p.name for p in dossier.iterdir()] == ["ancien.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["occupe"]  # no half-written folder beside


def test_an_empty_folder_is_filled(base_fixtures, tmp_path):
    dossier = tmp_path / "vide"
    dossier.mkdir()
    assert _exporter(base_fixtures, dossier) == 0
    assert (dossier / paquet.DESCRIPTEUR).is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["vide"]


@pytest.mark.parametrize(
    "options",
    [["--region", "53"], ["--programme", "TID"], ["--au", "2024-01-01"], ["--registre"]],
    ids=" ".join,
)
def test_extract_options_are_refused_in_french(base_fixtures, tmp_path, capsys, options):
    """The package is the whole published base, always: a filter would make it lie."""
    dossier = tmp_path / "paquet"
    assert _exporter(base_fixtures, dossier, *options) == 2
    erreur = capsys.readouterr().err
    assert options[0] in erreur and "toute la base publiée" in erreur
    assert not dossier.exists()


def test_same_base_same_csv_bytes(base_fixtures, tmp_path):
    """Two exports of one base differ only by the descriptor's `created`."""
    premier, second = tmp_path / "a", tmp_path / "b"
    assert _exporter(base_fixtures, premier) == 0
    assert _exporter(base_fixtures, second) == 0
    for fichier in premier.glob("*.csv"):
        assert fichier.read_bytes() == (second / fichier.name).read_bytes(), fichier.name
