"""tid/ingest.py and `python -m tid import`: a bad file changes nothing and says exactly what is
wrong; real shapes go in; apply, revert, crashes, concurrent readers, round trips, backups."""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tid import __main__ as cli_tid
from tid import db, exports, filtres, fmt, ingest
from tid.db import ecriture
from tid.lecture import FichierRefuse, lire

ROOT = db.ROOT
IMPORTS = Path(__file__).resolve().parent / "fixtures" / "imports"
VERSEMENTS = IMPORTS / "versements_excel_fr.csv"
SOMME_VERSEMENTS = 1_000_000.00 + 250_000.50 + 300_000.25
ENTETE_MOUVEMENTS = "projet_id;nature;date_mouvement;montant_eur;source_url;notes"
SOURCE = "https://example.org/essai/versements-tid"
FUTUR = date(date.today().year + 2, 1, 1)


# --- helpers -------------------------------------------------------------------------------


def empreinte(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(capsys, *args: object) -> tuple[int, str, str]:
    """`python -m tid ...` in this process (a subprocess costs ~2 s of imports)."""
    capsys.readouterr()
    code = cli_tid.main([str(a) for a in args])
    sortie = capsys.readouterr()
    return code, sortie.out, sortie.err


def lancer(*args: object) -> subprocess.CompletedProcess:
    """`python -m tid ...` in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "tid", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def lire_base(path: Path, requete: str, **params: object) -> pd.DataFrame:
    """A query on a fresh connection, closed at once (a connection left open on a path would
    keep showing the version it opened: STACK_NOTES.md)."""
    con = db.connect(path)
    try:
        return db.run(con, requete, **params)
    finally:
        con.close()


def table(path: Path, nom: str) -> pd.DataFrame:
    con = db.connect(path)
    try:
        return con.table(nom).order("ALL").df()
    finally:
        con.close()


def verse(path: Path) -> float | None:
    valeur = lire_base(path, "kpi", **filtres.aucun())["montant_verse_eur"].iloc[0]
    return None if pd.isna(valeur) else round(float(valeur), 2)


def appliquer(path: Path, fichier: Path | str, contenu: bytes | None = None) -> int:
    nom = Path(fichier).name
    contenu = contenu if contenu is not None else Path(fichier).read_bytes()
    return ingest.appliquer(contenu, nom, "test", path)[0]


def temporaires(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f".{path.name}.*.tmp*"))


@pytest.fixture
def base(base_seed, tmp_path) -> Path:
    """A copy of the real base: these tests write to it."""
    copie = tmp_path / "base" / "tid.duckdb"
    copie.parent.mkdir()
    shutil.copyfile(base_seed, copie)
    return copie


@pytest.fixture(scope="module")
def con_lecture(base_seed):
    con = db.connect(base_seed)
    yield con
    con.close()


@pytest.fixture(scope="module")
def base_apres_imports(base_seed, tmp_path_factory) -> Path:
    """The real base after a new laureate, a correction, three payments and their revert."""
    path = tmp_path_factory.mktemp("apres_imports") / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    appliquer(path, IMPORTS / "nouveau_projet.csv")
    appliquer(path, IMPORTS / "correction_projet.csv")
    ingest.annuler(appliquer(path, VERSEMENTS), "test", path)
    return path


# --- the corpus: every bad file is refused, says why, and changes nothing ------------------

# (file, fragment of the one error, row, column)
CORPUS_REFUSES = [
    ("vide.csv", "le fichier est vide.", None, None),
    (
        "entete_seule.csv",
        "le fichier ne contient que l'en-tête : aucune ligne à importer.",
        None,
        None,
    ),
    (
        "bom_utf8_mais_cp1252.csv",
        "le fichier se déclare UTF-8 (marque BOM) mais contient des caractères qui ne sont pas "
        "de l'UTF-8 : réenregistrez-le en « CSV UTF-8 » depuis Excel.",
        3,
        None,
    ),
    ("encodage_inconnu.csv", "encodage non reconnu (ni UTF-8, ni Windows-1252)", 2, None),
    ("cellules_en_trop.csv", "7 cellules pour 6 colonnes d'en-tête", 2, None),
    (
        "fichier_non_reconnu.csv",
        "fichier non reconnu : un fichier de projets a une colonne « projet_id »",
        1,
        None,
    ),
    ("colonne_manquante.csv", "colonne obligatoire absente « montant_eur ».", 1, "montant_eur"),
    ("colonne_inconnue.csv", "colonne inconnue « montant_ht »", 1, "montant_ht"),
    ("region_inconnue.csv", "code inconnu « 99 » (exemples de codes valides :", 2, "region_code"),
    (
        "montant_negatif.csv",
        "un montant ne peut pas être négatif (-1 000,00).",
        2,
        "montant_eur",
    ),
    (
        "versement_avant_convention.csv",
        "versement du 01/03/2023 avant la convention du 16/05/2023.",
        2,
        "date_mouvement",
    ),
    (
        "doublons.csv",
        "ligne en double (même projet, nature, date et montant que la ligne 2).",
        3,
        None,
    ),
    ("doublon_base.csv", "déjà dans le registre (mouvement n° 1).", 2, None),
    (
        "formule.csv",
        "formule refusée (« =SOMME(B2:B3) ») : saisissez la valeur.",
        2,
        "montant_eur",
    ),
    (
        "projet_inconnu.csv",
        "projet inconnu « tid9-inconnu » : importez d'abord le projet (fichier de projets).",
        2,
        "projet_id",
    ),
    (
        "date_illisible.csv",
        "date illisible « 31/02/2023 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).",
        2,
        "date_mouvement",
    ),
    (
        "versement_sans_montant.csv",
        "un mouvement « versement » doit avoir un montant.",
        2,
        "montant_eur",
    ),
    (
        "vague_autre_programme.csv",
        "la vague DIAT-1 n'appartient pas au programme TID.",
        2,
        "vague_id",
    ),
    (
        "champ_obligatoire_vide.csv",
        "valeur obligatoire : une cellule vide ne peut pas effacer ce champ du projet "
        "« tid1-sdef29 ».",
        2,
        "porteur",
    ),
    (
        "entier_trop_grand.csv",
        "nombre trop grand « 99999999999 » (au plus 2147483647).",
        2,
        "population_perimetre",
    ),
]


ACCEPTES = ("versements_excel_fr.csv", "nouveau_projet.csv", "correction_projet.csv")
# refused by the reader with one problem per character: table-driven in tests/test_lecture.py
LUS_PAR_TEST_LECTURE = ("caracteres_invisibles.csv",)


def test_every_corpus_file_is_tested_and_documented():
    fichiers = {p.name for p in IMPORTS.glob("*.csv")}
    assert fichiers == {f for f, *_ in CORPUS_REFUSES} | set(ACCEPTES) | set(LUS_PAR_TEST_LECTURE)
    readme = (IMPORTS / "README.md").read_text(encoding="utf-8")
    assert [f for f in sorted(fichiers) if f"`{f}`" not in readme] == []


def modele_rempli(lignes: list[list[object]]) -> bytes:
    """The XLSX template of ledger rows, typed in from row 2 like a maintainer would."""
    classeur = load_workbook(io.BytesIO(exports.modele("mouvements", "xlsx")))
    feuille = classeur.worksheets[0]
    for numero, ligne in enumerate(lignes, start=2):
        for colonne, valeur in enumerate(ligne, start=1):
            feuille.cell(row=numero, column=colonne, value=valeur)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def csv_mouvements(*lignes: str) -> bytes:
    return "\r\n".join([ENTETE_MOUVEMENTS, *lignes, ""]).encode("utf-8")


def xlsx_tronque() -> bytes:
    contenu = modele_rempli(
        [["", "tid1-grandest", "versement", date(2023, 9, 15), 1000, None, SOURCE]]
    )
    return contenu[: len(contenu) - 200]


def zip_bomb() -> bytes:
    import zipfile

    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (8 * 1024 * 1024))
    return tampon.getvalue()


# generated in the test (too big or binary for git): name -> (bytes, fragment, row, column)
GENERES = {
    "enorme.csv": (
        lambda: csv_mouvements(*[f"tid1-grandest;versement;15/09/2023;1;{SOURCE};"] * 90_000),
        "Ko : la limite est de 5 Mo. Découpez-le.",
        None,
        None,
    ),
    "bombe.xlsx": (zip_bomb, "classeur XLSX refusé : il se décompresse en", None, None),
    "tronque.xlsx": (xlsx_tronque, "fichier XLSX illisible (archive endommagée).", None, None),
    "formule.xlsx": (
        lambda: modele_rempli(
            [["", "tid1-grandest", "versement", date(2023, 9, 15), "=SUM(E3:E4)", None, SOURCE]]
        ),
        "formule refusée (« =SUM(E3:E4) »)",
        2,
        "montant_eur",
    ),
    "avant_convention.xlsx": (
        lambda: modele_rempli(
            [["", "tid1-sdef29", "versement", datetime(2023, 5, 15), 1000.5, None, SOURCE]]
        ),
        "versement du 15/05/2023 avant la convention du 16/05/2023.",
        2,
        "date_mouvement",
    ),
    "date_future.csv": (
        lambda: csv_mouvements(f"tid1-grandest;versement;{FUTUR:%d/%m/%Y};1 000,00;{SOURCE};"),
        f"date invraisemblable ({FUTUR:%d/%m/%Y}) : elle doit être entre le 01/01/2021 et "
        "aujourd'hui.",
        2,
        "date_mouvement",
    ),
    "montant_enorme.csv": (
        lambda: csv_mouvements(f"tid1-grandest;versement;15/09/2023;{'9' * 400};{SOURCE};"),
        "montant invraisemblable (9999999999999999999999999999999999999999) : erreur de saisie ?",
        2,
        "montant_eur",
    ),
}


def cas_refuses() -> list:
    return [
        pytest.param(IMPORTS / f, lambda f=f: (IMPORTS / f).read_bytes(), m, li, c, id=f)
        for f, m, li, c in CORPUS_REFUSES
    ] + [pytest.param(Path(n), fab, m, li, c, id=n) for n, (fab, m, li, c) in GENERES.items()]


def problemes_du_refus(contenu: bytes, nom: str, path: Path) -> list:
    """The errors `appliquer` refuses the file with (it checks again inside the new version)."""
    with pytest.raises((FichierRefuse, ingest.ImportRefuse)) as refus:
        ingest.appliquer(contenu, nom, "test", path)
    return refus.value.problemes


@pytest.mark.parametrize(("fichier", "fabriquer", "message", "ligne", "colonne"), cas_refuses())
def test_bad_file_changes_nothing_and_says_exactly_what_is_wrong(
    base, tmp_path, capsys, fichier, fabriquer, message, ligne, colonne
):
    contenu = fabriquer()
    chemin = fichier if fichier.is_absolute() else tmp_path / fichier.name
    if not chemin.exists():
        chemin.write_bytes(contenu)
    avant = empreinte(base)

    problemes = problemes_du_refus(contenu, chemin.name, base)
    assert [(p.ligne, p.colonne) for p in problemes] == [(ligne, colonne)], problemes
    assert message in problemes[0].message
    assert problemes[0].gravite == "erreur"

    code, sortie, erreurs = cli(capsys, "import", chemin, "--db", base)
    assert code == cli_tid.EXIT_INPUT
    assert message in sortie + erreurs
    assert "Traceback" not in erreurs
    assert "rien n'a été écrit" in erreurs
    assert empreinte(base) == avant
    assert temporaires(base) == []


@pytest.mark.parametrize(
    ("fichier", "message"),
    [
        ("vide.csv", "le fichier est vide."),
        ("montant_negatif.csv", "un montant ne peut pas être négatif (-1 000,00)."),
        ("tronque.xlsx", "fichier XLSX illisible (archive endommagée)."),
    ],
)
def test_bad_file_through_the_real_command_line(base, tmp_path, fichier, message):
    chemin = IMPORTS / fichier
    if not chemin.exists():
        chemin = tmp_path / fichier
        chemin.write_bytes(xlsx_tronque())
    avant = empreinte(base)
    resultat = lancer("import", chemin, "--db", base)
    assert resultat.returncode == 2, resultat.stderr
    assert "Traceback" not in resultat.stderr
    assert message in resultat.stdout + resultat.stderr
    assert empreinte(base) == avant


def test_warnings_need_consent_and_errors_never_pass(base, tmp_path, capsys):
    """A convention with no published amount: a warning, applied only when accepted."""
    chemin = tmp_path / "convention.csv"
    chemin.write_bytes(csv_mouvements(f"tid2-loire;convention;01/02/2024;;{SOURCE};"))
    avant = empreinte(base)
    with pytest.raises(ingest.ImportRefuse) as refus:
        ingest.appliquer(chemin.read_bytes(), chemin.name, "test", base)
    assert [p.gravite for p in refus.value.problemes] == ["avertissement"]
    assert "montant vide : le mouvement sera enregistré « non publié »." in str(refus.value)
    assert empreinte(base) == avant
    code, _, _ = cli(capsys, "import", chemin, "--db", base, "--accepter-avertissements")
    assert code == 0
    assert len(table(base, "mouvement")) == 13


# --- accepted real-world shapes ------------------------------------------------------------


def test_excel_fr_payments_preview(con_lecture):
    plan = ingest.planifier(lire(VERSEMENTS.read_bytes(), VERSEMENTS.name), con_lecture)
    assert plan.type_fichier == "mouvements"
    assert plan.problemes == []
    assert [
        (m["projet_id"], m["nature"], m["date_mouvement"], m["montant_eur"], m["notes"])
        for m in plan.mouvements_ajoutes
    ] == [
        (
            "tid1-grandest",
            "versement",
            date(2023, 9, 15),
            1_000_000.00,
            "Premier versement – État (avance de 1\u00a0000\u00a0000 €)",
        ),
        ("tid1-sdef29", "versement", date(2023, 10, 2), 250_000.50, "Deuxième versement – État"),
        (
            "tid1-toulouse",
            "versement",
            date(2023, 11, 20),
            300_000.25,
            "Versement « solde » ; Métropole",
        ),
    ]
    chiffres = plan.chiffres.set_index("programme_id")
    assert pd.isna(chiffres.loc["TID", "montant_verse_eur"])  # « non publié », not 0 €
    assert chiffres.loc["TID", "montant_verse_apres_eur"] == pytest.approx(SOMME_VERSEMENTS)
    assert pd.isna(chiffres.loc["DIAT", "montant_verse_apres_eur"])


def test_xlsx_built_from_the_template_is_applied(base):
    contenu = modele_rempli(
        [
            [
                "",
                "tid1-grandest",
                "versement",
                datetime(2023, 9, 15),
                1_000_000,
                None,
                SOURCE,
                "Typé",
            ],
            [None, "tid1-sdef29", "Versement", "02/10/2023", "250 000,50", "", SOURCE, "Texte"],
            [None, "tid2-loire", "convention", date(2024, 2, 1), 2_000_000.0, None, SOURCE],
        ]
    )
    import_id = appliquer(base, "modele_rempli.xlsx", contenu)
    registre = table(base, "mouvement")
    nouveaux = registre[registre["import_id"] == import_id]
    assert nouveaux[["projet_id", "nature", "montant_eur"]].values.tolist() == [
        ["tid1-grandest", "versement", 1_000_000.0],
        ["tid1-sdef29", "versement", 250_000.5],
        ["tid2-loire", "convention", 2_000_000.0],
    ]
    assert nouveaux["date_mouvement"].dt.date.tolist() == [
        date(2023, 9, 15),
        date(2023, 10, 2),
        date(2024, 2, 1),
    ]
    assert verse(base) == 1_250_000.50


def test_new_laureate_is_added_and_its_revert_removes_it(base):
    avant = table(base, "projet")
    import_id = appliquer(base, IMPORTS / "nouveau_projet.csv")
    projet = table(base, "projet").query("projet_id == 'essai-nouveau-laureat'").iloc[0]
    assert projet["nom_projet"] == "Projet d'essai « Territoire connecté »"
    assert projet["porteur"] == "Commune d'essai (Finistère)"
    assert (projet["programme_id"], projet["vague_id"], projet["axe_code"]) == ("TID", "TID-2", "2")
    assert projet["date_annonce"].date() == date(2023, 6, 7)
    assert float(projet["cout_total_eur"]) == 1_250_000.50
    assert projet["source_url"] == "https://example.org/essai https://example.org/essai-2"
    assert projet["import_id"] == import_id
    themes = table(base, "projet_theme").query("projet_id == 'essai-nouveau-laureat'")
    assert themes["theme_code"].tolist() == ["eau", "energie"]
    historique = table(base, "projet_historique")
    assert historique[["historique_import_id", "action", "projet_id"]].values.tolist() == [
        [import_id, "ajout", "essai-nouveau-laureat"]
    ]

    ingest.annuler(import_id, "test", base)
    pd.testing.assert_frame_equal(table(base, "projet"), avant)
    assert table(base, "projet_theme").query("projet_id == 'essai-nouveau-laureat'").empty
    assert table(base, "projet_historique")["action"].tolist() == ["ajout", "retrait"]


def test_correction_changes_one_field_keeps_the_old_version_and_reverts(base, con_lecture):
    fichier = IMPORTS / "correction_projet.csv"
    ancien_nom = "Finistère Smart Connect (extension réseau LoRa / IoT mutualisé)"
    plan = ingest.planifier(lire(fichier.read_bytes(), fichier.name), con_lecture)
    assert plan.problemes == []
    assert plan.differences == [
        {
            "projet_id": "tid1-sdef29",
            "colonne": "nom_projet",
            "avant": ancien_nom,
            "apres": "Finistère Smart Connect",
        }
    ]
    avant = table(base, "projet").set_index("projet_id")
    themes_avant = table(base, "projet_theme")

    import_id = appliquer(base, fichier)
    apres = table(base, "projet").set_index("projet_id")
    assert apres.loc["tid1-sdef29", "nom_projet"] == "Finistère Smart Connect"
    assert apres.loc["tid1-sdef29", "import_id"] == import_id
    colonnes = [c for c in avant.columns if c not in ("nom_projet", "import_id")]
    pd.testing.assert_frame_equal(apres[colonnes], avant[colonnes])
    historique = table(base, "projet_historique").iloc[0]
    assert (historique["action"], historique["nom_projet"]) == ("modification", ancien_nom)
    assert historique["import_id"] == db.SEED_IMPORT_ID
    assert historique["themes_avant"] == "eclairage;energie;iot_reseaux"

    ingest.annuler(import_id, "test", base)
    retour = table(base, "projet").set_index("projet_id")
    colonnes = [c for c in avant.columns if c != "import_id"]
    pd.testing.assert_frame_equal(retour[colonnes], avant[colonnes])
    pd.testing.assert_frame_equal(table(base, "projet_theme"), themes_avant)


# --- the maintainer's journey, at the engine level -----------------------------------------


def test_maintainer_journey_preview_apply_revert(base, capsys):
    assert verse(base) is None
    registre_initial = table(base, "mouvement")
    avant = empreinte(base)

    code, sortie, _ = cli(capsys, "import", VERSEMENTS, "--dry-run", "--db", base)
    assert code == 0
    assert "encodage cp1252, séparateur « ; »" in sortie
    assert "À ajouter : 3 ; à modifier : 0 ; inchangées : 0" in sortie
    assert f"+ versement tid1-sdef29 du 02/10/2023 : {fmt.euros(250_000.50, 2)}" in sortie
    assert f"versé {fmt.NON_PUBLIE} -> {fmt.euros(SOMME_VERSEMENTS)}" in sortie
    assert empreinte(base) == avant

    code, sortie, _ = cli(capsys, "import", VERSEMENTS, "--db", base, "--auteur", "Camille")
    assert (code, sortie.splitlines()[-1]) == (0, "Import appliqué : lot n° 2.")
    assert verse(base) == round(SOMME_VERSEMENTS, 2)
    registre_importe = table(base, "mouvement")
    assert len(registre_importe) == len(registre_initial) + 3

    code, sortie, _ = cli(capsys, "revert", 2, "--db", base, "--auteur", "Camille")
    assert code == 0
    assert "Lot 2 annulé par le lot n° 3" in sortie
    assert verse(base) is None
    registre = table(base, "mouvement")
    # append-only: every row is still there, 3 reversing rows were added
    pd.testing.assert_frame_equal(registre.iloc[: len(registre_importe)], registre_importe)
    inverses = registre.iloc[len(registre_importe) :]
    assert len(inverses) == 3
    assert sorted(inverses["annule_mouvement_id"]) == sorted(
        registre_importe.query("import_id == 2")["mouvement_id"]
    )
    assert set(inverses["import_id"]) == {3}
    lots = table(base, "import_lot")
    assert lots["import_id"].tolist() == [1, 2, 3]
    assert lots["statut"].tolist() == ["applique", "applique", "annulation"]
    assert [None if pd.isna(v) else int(v) for v in lots["annule_import_id"]] == [None, None, 2]
    assert lots.loc[1, "auteur"] == "Camille"
    historique = lire_base(base, "historique_imports").set_index("import_id")
    assert historique.loc[2, "statut"] == "annule"
    assert historique.loc[3, "statut"] == "annulation"
    assert historique.loc[2, "nb_mouvements"] == historique.loc[3, "nb_mouvements"] == 3

    # a revert is not reverted twice, and the reverted file can be imported again
    code, _, erreurs = cli(capsys, "revert", 2, "--db", base)
    assert code == 2
    assert "le lot 2 est déjà annulé (lot 3)." in erreurs
    assert "Traceback" not in erreurs
    code, _, _ = cli(capsys, "import", VERSEMENTS, "--db", base)
    assert code == 0
    assert verse(base) == round(SOMME_VERSEMENTS, 2)


# --- fuzzing: only FichierRefuse or a Plan, never another exception ------------------------

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ENTETES = sorted(
    set(ingest.COLONNES_MOUVEMENTS)
    | set(ingest.COLONNES_PROJETS)
    | {titre.lower() for titre in exports.COLONNES_PROJETS.values()}
    | {titre.lower() for titre in exports.COLONNES_MOUVEMENTS.values()}
    | {"", "montant_ht", " Projet_ID "}
)
VALEURS = [
    *["tid1-grandest", "tid1-sdef29", "tid2-loire", "diat2-lyon", "essai-x", "tid9-inconnu"],
    *["attribution", "convention", "versement", "annulation", "VERSEMENT", "don"],
    *["15/09/2023", "2023-09-15", "16/05/2023", "01/03/2023", "31/02/2023", "01/01/2039"],
    *["1 000 000,00", "1\u00a0000,5", "250000.50", "1.234.567,89", "-5", "0", "1e5", "9" * 40],
    *["=1+1", "'=1+1", "+33", "@x", "- tiret", "TID", "DIAT", "TID-1", "DIAT-2", "P9"],
    *["53", "99", "29", "2A", "971", "01", "eau;energie", "non_publie;eau", "a;b;c;d"],
    *["Axe non publié", "Axe 2 – Solutions fondées sur la donnée", "commune", "outre_mer"],
    *["Région", "EPCI ou EPT", "1", "2", "12", "2147483648", "48,1", "-91", "29232", "2B999"],
    *["123456789", "12345", "dense", "rural", "x", "https://example.org", "", " ", "None"],
]
CELLULES = st.sampled_from(VALEURS) | st.text(
    alphabet=st.sampled_from(list(";,\t\"'\n\r =-é€0123456789/abc")), max_size=12
)


def fichier_csv(entetes, lignes, separateur, guillemets, fin) -> str:
    if guillemets:
        tampon = io.StringIO()
        csv.writer(tampon, delimiter=separateur, lineterminator=fin).writerows([entetes, *lignes])
        return tampon.getvalue()
    return fin.join(separateur.join(ligne) for ligne in [entetes, *lignes])


def planifier_ou_refuser(contenu: bytes, nom: str, con) -> ingest.Plan | None:
    try:
        plan = ingest.planifier(lire(contenu, nom), con)
    except FichierRefuse as refus:
        assert refus.problemes and all(p.message for p in refus.problemes)
        return None
    assert isinstance(plan, ingest.Plan)
    for probleme in plan.problemes:
        assert probleme.gravite in ("erreur", "avertissement")
        assert probleme.texte()
    return plan


@FUZZ
@given(
    entetes=st.lists(st.sampled_from(ENTETES), min_size=1, max_size=8),
    lignes=st.lists(st.lists(CELLULES, max_size=9), min_size=1, max_size=4),
    separateur=st.sampled_from([";", ",", "\t"]),
    guillemets=st.booleans(),
    fin=st.sampled_from(["\r\n", "\n", "\r"]),
    encodage=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_fuzz_read_then_plan_csv(
    con_lecture, entetes, lignes, separateur, guillemets, fin, encodage
):
    texte = fichier_csv(entetes, lignes, separateur, guillemets, fin)
    planifier_ou_refuser(texte.encode(encodage, errors="replace"), "f.csv", con_lecture)


@FUZZ
@given(contenu=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_fuzz_read_then_plan_any_bytes(con_lecture, contenu):
    planifier_ou_refuser(contenu, "f.csv", con_lecture)
    planifier_ou_refuser(b"projet_id;nature\n" + contenu, "f.csv", con_lecture)


# Per column: a value valid for every project first (drawn one time out of two, so the preview
# is often clean and applying is really tried), then wrong or borderline ones.
POUR_PROJETS = {
    "programme_id": ["TID", "DIAT"],
    "vague_id": ["TID-2", "TID-1", "DIAT-2"],
    "nom_projet": ["Nom corrigé", "", "'=x", "- tiret"],
    "porteur": ["Porteur corrigé", ""],
    "type_porteur": ["commune", "Région", "inconnu"],
    "type_territoire": ["petite_ville_rural", "outre_mer", "Outre-mer"],
    "siren_porteur": ["123456789", "", "12345"],
    "commune_siege": ["Quimper", ""],
    "code_commune_siege": ["29232", "2A004", "", "1234"],
    "departement_code": ["29", "971", "2A", "99"],
    "region_code": ["53", "01", "94", "11"],
    "axe_code": ["1", "2", "", "Axe non publié", "4"],
    "date_annonce": ["07/06/2023", "2023-06-07", "", "01/01/2020"],
    "cout_total_eur": ["1 000,00", "0", "", "999999999999,99", "1000000000000", "-1"],
    "latitude": ["48,1", "", "-91"],
    "longitude": ["-4,1", "", "181"],
    "population_perimetre": ["1", "0", "", "2147483647", "2147483648", "1,5"],
    "annee_population_perimetre": ["2023", ""],
    "grille_densite_3": ["dense", "rural", "", "x"],
    "source_url": ["https://example.org", ""],
    "themes": ["eau", "eau;energie", "non_publie", "eau;non_publie", "a;b", "", "Eau ; Énergie"],
}
POUR_MOUVEMENTS = {
    "projet_id": ["tid1-grandest", "tid1-sdef29", "tid2-loire", "diat2-lyon", "tid9-x"],
    "nature": ["versement", "attribution", "convention", "annulation", "Versement"],
    "date_mouvement": ["15/09/2023", "16/05/2023", "01/03/2023", "2025-06-01", ""],
    "montant_eur": [None, "0", "", "2 600 000", "30 000 000,01", "-1", "999999999999,99"],
    "annule_mouvement_id": ["", "1", "2", "6", "999"],
    "source_url": ["https://example.org", ""],
    "notes": ["", "Note – État", "=1"],
}


def plutot_valide(draw, choix: list) -> str:
    return choix[0] if draw(st.booleans()) else draw(st.sampled_from(choix))


@st.composite
def fichier_plausible(draw) -> bytes:
    if draw(st.booleans()):
        projet = draw(st.sampled_from(["tid1-sdef29", "tid2-loire", "essai-f"]))
        if projet == "essai-f":
            colonnes = list(ingest.REQUISES_PROJET[1:])
        else:
            colonnes = draw(
                st.lists(st.sampled_from(sorted(POUR_PROJETS)), min_size=1, max_size=3, unique=True)
            )
        valeurs = [plutot_valide(draw, POUR_PROJETS[c]) for c in colonnes]
        entetes, lignes = ["projet_id", *colonnes], [[projet, *valeurs]]
    else:
        entetes = list(POUR_MOUVEMENTS)
        lignes = []
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            ligne = [plutot_valide(draw, POUR_MOUVEMENTS[c]) for c in entetes]
            # a distinct amount per row, else the rows are duplicates of each other
            montant = draw(st.integers(min_value=1, max_value=10**9))
            lignes.append([v if v is not None else f"{montant / 100:.2f}" for v in ligne])
    return fichier_csv(entetes, lignes, ";", True, "\r\n").encode("utf-8")


@settings(FUZZ, max_examples=30)
@given(contenu=fichier_plausible())
def test_fuzz_a_clean_preview_always_applies_and_reverts(base_seed, tmp_path, contenu):
    """What the preview accepts, the base accepts: never a DuckDB error half-way."""
    path = tmp_path / f"fuzz-{hashlib.sha256(contenu).hexdigest()[:12]}.duckdb"
    shutil.copyfile(base_seed, path)
    try:
        try:
            import_id, plan = ingest.appliquer(contenu, "f.csv", "test", path, True)
        except (FichierRefuse, ingest.ImportRefuse) as refus:
            assert all(p.message for p in refus.problemes)
            event("refusé")
            return
        event("appliqué puis annulé")
        assert not plan.erreurs
        ingest.annuler(import_id, "test", path)
    finally:
        path.unlink(missing_ok=True)


# --- a process killed in the middle of an import -------------------------------------------

SCRIPT_TUE = """
import sys, time
from pathlib import Path
from tid import db, ingest
from tid.db import cycle

marque, base, fichier, moment = sys.argv[1:5]


def attendre():
    Path(marque).write_text("dans nouvelle_version")
    time.sleep(60)


if moment == "publication":
    publier = cycle._publier

    def _publier(tmp, target):
        attendre()
        publier(tmp, target)

    cycle._publier = _publier
else:
    ecrire = ingest._appliquer_mouvements

    def _appliquer_mouvements(*args):
        ecrire(*args)
        attendre()

    ingest._appliquer_mouvements = _appliquer_mouvements
ingest.appliquer(Path(fichier).read_bytes(), Path(fichier).name, "test", base)
"""


@pytest.mark.parametrize("moment", ["transaction", "publication"])
def test_import_killed_inside_the_new_version_leaves_the_base_as_before(
    base, tmp_path, capsys, monkeypatch, moment
):
    """SIGKILL with rows written in the copy (transaction) or committed (publication)."""
    avant = empreinte(base)
    marque = tmp_path / "marque"
    processus = subprocess.Popen(
        [sys.executable, "-c", SCRIPT_TUE, str(marque), str(base), str(VERSEMENTS), moment],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        limite = time.monotonic() + 60
        while not marque.exists():
            assert processus.poll() is None, processus.stderr.read().decode()
            assert time.monotonic() < limite, "the import never reached nouvelle_version"
            time.sleep(0.05)
    finally:
        processus.send_signal(signal.SIGKILL)
        processus.communicate(timeout=30)
    assert processus.returncode == -signal.SIGKILL

    assert empreinte(base) == avant
    restes = temporaires(base)
    assert restes, "the killed process should have left its copy behind"
    # the OS released the writer's lock with the process
    with open(ecriture._verrou_ecriture_path(base), "a+b") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(verrou, fcntl.LOCK_UN)
    code, sortie, _ = cli(capsys, "check", "--db", base)
    assert code == 0, sortie

    # the leftover copy harms nothing: the next import, the app's reads and a backup work
    appliquer(base, VERSEMENTS)
    assert verse(base) == round(SOMME_VERSEMENTS, 2)
    monkeypatch.setenv(db.DB_ENV_VAR, str(base))
    assert db.fetch("kpi", **filtres.aucun())["montant_verse_eur"].iloc[0] == pytest.approx(
        SOMME_VERSEMENTS
    )
    code, _, _ = cli(capsys, "backup", "-o", tmp_path / "sauvegarde", "--db", base)
    assert code == 0
    # nothing new left behind (a writer may also sweep the dead one's copy: allowed)
    assert set(temporaires(base)) <= set(restes)


# --- readers in threads while imports are published ----------------------------------------


def test_readers_during_imports_see_old_or_new_figures_never_an_error(base, tmp_path, monkeypatch):
    monkeypatch.setenv(db.DB_ENV_VAR, str(base))
    lignes = VERSEMENTS.read_bytes().split(b"\r\n")
    fichiers = []
    for numero, ligne in enumerate(lignes[1:4], start=1):
        chemin = tmp_path / f"versement_{numero}.csv"
        chemin.write_bytes(lignes[0] + b"\r\n" + ligne + b"\r\n")
        fichiers.append(chemin)
    # versé after each step: before, 3 imports, then the revert of the second one
    etapes = [None, 1_000_000.00, 1_250_000.50, 1_550_000.75, 1_300_000.25]

    vus: dict[int, list] = {}
    erreurs: list[str] = []
    fini = threading.Event()

    def lire_en_boucle(numero: int) -> None:
        vus[numero] = []
        while not fini.is_set():
            try:
                frame = db.fetch("kpi", **filtres.aucun())
                if len(frame) != 1:
                    erreurs.append(f"{len(frame)} lignes")
                    continue
                valeur = frame["montant_verse_eur"].iloc[0]
                vus[numero].append(None if pd.isna(valeur) else round(float(valeur), 2))
            except Exception as erreur:  # the point of the test: report, never raise
                erreurs.append(repr(erreur))

    lecteurs = [threading.Thread(target=lire_en_boucle, args=(n,)) for n in range(6)]
    for lecteur in lecteurs:
        lecteur.start()
    try:
        time.sleep(0.2)
        ids = []
        for chemin in fichiers:
            ids.append(appliquer(base, chemin))
            time.sleep(0.15)
        ingest.annuler(ids[1], "test", base)
        time.sleep(0.3)
    finally:
        fini.set()
        for lecteur in lecteurs:
            lecteur.join(timeout=30)

    assert not erreurs, erreurs[:5]
    # each version stayed published ≥ 0.15 s: the readers saw every one of them
    assert {v for valeurs in vus.values() for v in valeurs} == set(etapes)
    for numero, valeurs in vus.items():
        assert valeurs, f"reader {numero} saw nothing"
        assert set(valeurs) <= set(etapes), set(valeurs) - set(etapes)
        # a reader never goes back to an older version once it has seen a newer one
        rangs = [etapes.index(v) for v in valeurs]
        assert rangs == sorted(rangs), f"reader {numero}: {valeurs}"
    assert all(v[-1] == etapes[-1] for v in vus.values())


# --- round trip: our own extracts come back as « nothing to do » ---------------------------


def base_fixtures_ou_autre(nom: str, request) -> tuple[Path, int, int]:
    """(base, projects, ledger rows) of the base a round trip runs on."""
    if nom == "seed":
        return request.getfixturevalue("base_seed"), 25, 12
    if nom == "fixtures":
        return request.getfixturevalue("base_fixtures"), 4, 8
    return request.getfixturevalue("base_apres_imports"), 26, 18


@pytest.mark.parametrize("nom_base", ["seed", "fixtures", "apres_imports"])
@pytest.mark.parametrize("objet", ["projets", "registre"])
@pytest.mark.parametrize("format_fichier", ["csv", "xlsx"])
def test_export_then_dry_run_import_finds_nothing_to_do(
    request, tmp_path, capsys, nom_base, objet, format_fichier
):
    path, nb_projets, nb_mouvements = base_fixtures_ou_autre(nom_base, request)
    extrait = tmp_path / f"extrait.{format_fichier}"
    options = ["--registre"] if objet == "registre" else []
    code, _, _ = cli(
        capsys, "export", "--format", format_fichier, "-o", extrait, "--db", path, *options
    )
    assert code == 0
    code, sortie, erreurs = cli(capsys, "import", extrait, "--dry-run", "--db", path)
    attendu = nb_mouvements if objet == "registre" else nb_projets
    assert (code, erreurs) == (0, ""), sortie
    assert f"À ajouter : 0 ; à modifier : 0 ; inchangées : {attendu}" in sortie
    assert "ERREUR" not in sortie and "avertissement" not in sortie


# --- backup and restore --------------------------------------------------------------------


def test_backup_then_restore_gives_the_same_base(base_apres_imports, tmp_path, capsys):
    dossier, nouvelle = tmp_path / "sauvegarde", tmp_path / "restauree.duckdb"
    assert cli(capsys, "backup", "-o", dossier, "--db", base_apres_imports)[0] == 0
    assert cli(capsys, "restore", dossier, "--db", nouvelle)[0] == 0

    for requete in ("kpi", "projets", "mouvements"):
        params = {**filtres.aucun(), "recherche": None, "limite": None}
        pd.testing.assert_frame_equal(
            lire_base(nouvelle, requete, **params), lire_base(base_apres_imports, requete, **params)
        )
    for nom in lire_base(base_apres_imports, "tables_base")["table_name"]:
        pd.testing.assert_frame_equal(table(nouvelle, nom), table(base_apres_imports, nom))
    code_origine, rapport_origine, _ = cli(capsys, "check", "--db", base_apres_imports)
    code_restauree, rapport_restauree, _ = cli(capsys, "check", "--db", nouvelle)
    assert code_restauree == code_origine
    assert rapport_restauree.splitlines()[1:] == rapport_origine.splitlines()[1:]
