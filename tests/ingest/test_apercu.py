"""tid/ingest/apercu.py: a bad file is refused saying exactly what is wrong, nothing written;
real shapes are previewed; fuzzed files give a plan or a refusal; our extracts round-trip."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.ingest.bases import (
    FUTUR,
    FUZZ,
    IMPORTS,
    SOMME_VERSEMENTS,
    SOURCE,
    VERSEMENTS,
    cli,
    csv_mouvements,
    empreinte,
    fichier_csv,
    lancer,
    modele_rempli,
    table,
    temporaires,
)
from tid import __main__ as cli_tid
from tid import exports, ingest
from tid.ingest import FichierRefuse, lire

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
# refused by the reader with one problem per character: table-driven in
# tests/ingest/test_caracteres.py
LUS_PAR_TEST_LECTURE = ("caracteres_invisibles.csv",)


def test_every_corpus_file_is_tested_and_documented():
    fichiers = {p.name for p in IMPORTS.glob("*.csv")}
    assert fichiers == {f for f, *_ in CORPUS_REFUSES} | set(ACCEPTES) | set(LUS_PAR_TEST_LECTURE)
    readme = (IMPORTS / "README.md").read_text(encoding="utf-8")
    assert [f for f in sorted(fichiers) if f"`{f}`" not in readme] == []


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


# --- fuzzing: only FichierRefuse or a Plan, never another exception ------------------------

ENTETES = sorted(
    set(ingest.COLONNES_IMPORT_MOUVEMENTS)
    | set(ingest.COLONNES_IMPORT_PROJETS)
    | {titre.lower() for titre in exports.ENTETES_EXPORT_PROJETS.values()}
    | {titre.lower() for titre in exports.ENTETES_EXPORT_MOUVEMENTS.values()}
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
    # the whole base (both programmes), not the default TID scope
    options = ["--programme", "tous", *(["--registre"] if objet == "registre" else [])]
    code, _, _ = cli(
        capsys, "export", "--format", format_fichier, "-o", extrait, "--db", path, *options
    )
    assert code == 0
    code, sortie, erreurs = cli(capsys, "import", extrait, "--dry-run", "--db", path)
    attendu = nb_mouvements if objet == "registre" else nb_projets
    assert (code, erreurs) == (0, ""), sortie
    assert f"À ajouter : 0 ; à modifier : 0 ; inchangées : {attendu}" in sortie
    assert "ERREUR" not in sortie and "avertissement" not in sortie
