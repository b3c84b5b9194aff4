"""tid/ingest/application.py: files applied in one transaction; crashes, concurrent readers,
backups; a preview's warnings re-checked when applying."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from tests.ingest.bases import (
    FUZZ,
    ROOT,
    SOMME_VERSEMENTS,
    SOURCE,
    VERSEMENTS,
    appliquer,
    cli,
    empreinte,
    fichier_csv,
    lire_base,
    modele_rempli,
    table,
    temporaires,
    verse,
)
from tests.ingest.registres import (
    apercu,
    fichier,
    importer,
    ligne,
    projet,
    textes,
)
from tid import db, filtres, fmt, ingest
from tid.db import ecriture
from tid.ingest import FichierRefuse


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
            # the maintainer accepts the warnings the preview showed, as « Données » lets them
            vus = [p.texte() for p in ingest.preparer(contenu, "f.csv", path).avertissements]
            import_id, plan = ingest.appliquer(contenu, "f.csv", "test", path, vus)
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
from tid import db
from tid.db import cycle
from tid.ingest import application

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
    ecrire = application._appliquer_mouvements

    def _appliquer_mouvements(*args):
        ecrire(*args)
        attendre()

    application._appliquer_mouvements = _appliquer_mouvements
application.appliquer(Path(fichier).read_bytes(), Path(fichier).name, "test", base)
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
    for numero, ligne_csv in enumerate(lignes[1:4], start=1):
        chemin = tmp_path / f"versement_{numero}.csv"
        chemin.write_bytes(lignes[0] + b"\r\n" + ligne_csv + b"\r\n")
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


# --- a preview's warnings are re-checked when applying -----------------------------------------


def test_a_warning_new_since_the_preview_refuses_the_apply(base):
    contenu = fichier(ligne("tid1-grandest", "convention", "2023-05-17", "3000000"))
    vus = [p.texte() for p in apercu(base, contenu).avertissements]
    assert len(vus) == 1
    # meanwhile another maintainer withdraws 600 000 €: the warning now says another amount
    importer(base, fichier(ligne("tid1-grandest", "annulation", "2023-01-10", "600000")))
    avant = base.read_bytes()
    with pytest.raises(ingest.ImportRefuse) as refus:
        importer(base, contenu, vus)
    assert ingest.AVERTISSEMENTS_NOUVEAUX in textes(refus.value.problemes)
    assert "au-dessus de son attribué (2\u202f000\u202f000,00\u00a0€)" in textes(
        refus.value.problemes
    )
    assert base.read_bytes() == avant
    # read and accepted, it applies
    importer(base, contenu, [p.texte() for p in apercu(base, contenu).avertissements])
    assert projet(base, "tid1-grandest")["montant_conventionne_eur"] == 3_000_000


def test_without_accepted_warnings_nothing_is_applied(base):
    contenu = fichier(ligne("tid1-grandest", "convention", "2023-05-17", "3000000"))
    with pytest.raises(ingest.ImportRefuse) as refus:
        importer(base, contenu)
    assert "au-dessus de son attribué" in textes(refus.value.problemes)
    assert ingest.AVERTISSEMENTS_NOUVEAUX not in textes(refus.value.problemes)
