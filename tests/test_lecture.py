"""tid/lecture.py: every bad file is refused with one French sentence; real shapes are read."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from bench.fichiers_hostiles import colonnes_100000, projets_mauvais
from tid import exports, lecture
from tid.lecture import FichierRefuse, Probleme, lire

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = ROOT / "tests" / "fixtures" / "imports"
ENTETE_MOUVEMENTS = "projet_id;nature;date_mouvement;montant_eur;source_url;notes"
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def refus(contenu: bytes, nom: str) -> Probleme:
    """The one problem a refused file gives."""
    with pytest.raises(FichierRefuse) as erreur:
        lire(contenu, nom)
    assert len(erreur.value.problemes) == 1
    return erreur.value.problemes[0]


def classeur(lignes: list[list[object]]) -> bytes:
    wb = Workbook()
    for ligne in lignes:
        wb.active.append(ligne)
    tampon = io.BytesIO()
    wb.save(tampon)
    return tampon.getvalue()


def remplacer_dans_zip(contenu: bytes, nom: str, nouveau: bytes) -> bytes:
    """The same archive with one member's bytes replaced (a corrupt part of a real XLSX)."""
    source = zipfile.ZipFile(io.BytesIO(contenu))
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        for membre in source.namelist():
            archive.writestr(membre, nouveau if membre == nom else source.read(membre))
    return sortie.getvalue()


FEUILLE = "xl/worksheets/sheet1.xml"
NS = b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
ENTETE_XML = b"<row r='1'><c r='A1' t='inlineStr'><is><t>projet_id</t></is></c></row>"


def feuille_xml(lignes: bytes, dimension: bytes = b"") -> bytes:
    return NS + dimension + b"<sheetData>" + ENTETE_XML + lignes + b"</sheetData></worksheet>"


# --- the corpus: files refused by the reader itself ----------------------------------------

CORPUS_REFUSES = [
    # (file, fragment of the message, row)
    ("vide.csv", "le fichier est vide.", None),
    ("entete_seule.csv", "le fichier ne contient que l'en-tête : aucune ligne à importer.", None),
    (
        "bom_utf8_mais_cp1252.csv",
        "le fichier se déclare UTF-8 (marque BOM) mais contient des caractères qui ne sont pas "
        "de l'UTF-8",
        3,
    ),
    ("encodage_inconnu.csv", "encodage non reconnu (ni UTF-8, ni Windows-1252)", 2),
    ("cellules_en_trop.csv", "7 cellules pour 6 colonnes d'en-tête (séparateur « ; »", 2),
]


@pytest.mark.parametrize(("fichier", "message", "ligne"), CORPUS_REFUSES)
def test_corpus_file_is_refused_with_its_message(fichier, message, ligne):
    probleme = refus((IMPORTS / fichier).read_bytes(), fichier)
    assert message in probleme.message
    assert probleme.ligne == ligne
    assert probleme.gravite == "erreur"


def huge_csv() -> bytes:
    ligne = b"tid1-grandest;versement;15/09/2023;1000;https://example.org;\r\n"
    return ENTETE_MOUVEMENTS.encode() + b"\r\n" + ligne * (lecture.LIMITE_OCTETS // len(ligne) + 1)


def trop_de_lignes() -> bytes:
    ligne = b"tid1-grandest;versement;15/09/2023;1;x;\n"
    return ENTETE_MOUVEMENTS.encode() + b"\n" + ligne * (lecture.LIMITE_LIGNES + 1)


def zip_bomb() -> bytes:
    """A tiny archive that inflates 1 000-fold (the shape of a zip bomb, kept small)."""
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr(FEUILLE, b" " * (4 * 1024 * 1024))
    return sortie.getvalue()


def zip_sans_classeur() -> bytes:
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as archive:
        archive.writestr("word/document.xml", b"<document/>")
    return sortie.getvalue()


def xlsx_tronque() -> bytes:
    contenu = exports.modele("mouvements", "xlsx")
    return contenu[: len(contenu) // 2]


def zip_version_inconnue() -> bytes:
    """A real XLSX whose central directory asks for zip version 9.9 (NotImplementedError)."""
    contenu = bytearray(classeur([["projet_id"], ["a"]]))
    debut = contenu.index(b"PK\x01\x02")
    contenu[debut + 6] = 99
    return bytes(contenu)


GENERES = {
    # name -> (bytes builder, file name, fragment, row)
    "trop gros": (huge_csv, "gros.csv", "Ko : la limite est de 5 Mo. Découpez-le.", None),
    "trop de lignes": (
        trop_de_lignes,
        "lignes.csv",
        f"plus de {lecture.LIMITE_LIGNES} lignes : découpez le fichier.",
        lecture.LIMITE_LIGNES + 2,
    ),
    "zip bomb": (zip_bomb, "bombe.xlsx", "classeur XLSX refusé : il se décompresse en", None),
    "xlsx tronqué": (xlsx_tronque, "tronque.xlsx", "fichier XLSX illisible (archive", None),
    "version de zip inconnue": (
        zip_version_inconnue,
        "version.xlsx",
        "fichier XLSX illisible (archive endommagée).",
        None,
    ),
    "zip sans classeur": (
        zip_sans_classeur,
        "document.xlsx",
        "ce n'est pas un classeur XLSX (xl/workbook.xml absent).",
        None,
    ),
    "csv nommé xlsx": (
        lambda: (IMPORTS / "versements_excel_fr.csv").read_bytes(),
        "versements.xlsx",
        "fichier XLSX illisible (archive endommagée).",
        None,
    ),
    "feuille xml cassée": (
        lambda: remplacer_dans_zip(classeur([["projet_id"], ["a"]]), FEUILLE, b"<worksheet><s"),
        "casse.xlsx",
        "fichier XLSX illisible (ParseError).",
        None,
    ),
    "nombre illisible dans la feuille": (
        lambda: remplacer_dans_zip(
            classeur([["projet_id"], ["a"]]),
            FEUILLE,
            feuille_xml(b"<row r='2'><c r='A2' t='n'><v>abc</v></c></row>"),
        ),
        "nombre.xlsx",
        "fichier XLSX illisible (ValueError).",
        None,
    ),
    "chaîne partagée absente": (
        lambda: remplacer_dans_zip(
            classeur([["projet_id"], ["a"]]),
            FEUILLE,
            feuille_xml(b"<row r='2'><c r='A2' t='s'><v>99</v></c></row>"),
        ),
        "partage.xlsx",
        "fichier XLSX illisible (IndexError).",
        None,
    ),
    "ligne numérotée 99 999 999 999": (
        lambda: remplacer_dans_zip(
            classeur([["projet_id"], ["a"]]),
            FEUILLE,
            feuille_xml(b"<row r='99999999999'><c r='A99999999999'><v>1</v></c></row>"),
        ),
        "loin.xlsx",
        "la feuille s'étend au-delà de 200000 lignes (vides comprises)",
        lecture.LIMITE_LIGNES_XLSX_PARCOURUES + 1,
    ),
    "classeur vide": (lambda: classeur([]), "vide.xlsx", "le classeur est vide", None),
    "classeur d'en-tête seule": (
        lambda: exports.modele("mouvements", "xlsx"),
        "modele.xlsx",
        "le fichier ne contient que l'en-tête",
        None,
    ),
}


@pytest.mark.parametrize("cas", list(GENERES))
def test_generated_bad_file_is_refused_with_its_message(cas):
    fabriquer, nom, message, ligne = GENERES[cas]
    probleme = refus(fabriquer(), nom)
    assert message in probleme.message
    assert probleme.ligne == ligne


def test_probleme_texte_names_row_and_column():
    probleme = Probleme("montant illisible.", 4, "montant_eur")
    assert probleme.texte() == "Ligne 4, colonne « montant_eur » : montant illisible."
    assert Probleme("le fichier est vide.").texte() == "le fichier est vide."


# --- accepted real-world shapes ------------------------------------------------------------


def test_excel_fr_csv_in_cp1252_with_semicolons_and_decimal_commas():
    lu = lire((IMPORTS / "versements_excel_fr.csv").read_bytes(), "versements_excel_fr.csv")
    assert (lu.format_fichier, lu.encodage, lu.separateur) == ("csv", "cp1252", ";")
    assert lu.colonnes == ENTETE_MOUVEMENTS.split(";")
    assert [numero for numero, _ in lu.lignes] == [2, 3, 4]
    premiere, deuxieme, troisieme = (valeurs for _, valeurs in lu.lignes)
    # no-break spaces of French Excel survive the reading; ingest turns them into numbers
    assert premiere["montant_eur"] == "1\u00a0000\u00a0000,00"
    assert deuxieme["notes"] == "Deuxième versement – État"
    # a quoted « ; » stays inside its cell
    assert troisieme["notes"] == "Versement « solde » ; Métropole"


def test_utf8_bom_and_comma_separated_files():
    correction = lire((IMPORTS / "correction_projet.csv").read_bytes(), "correction_projet.csv")
    assert (correction.encodage, correction.separateur) == ("utf-8-sig", ";")
    assert correction.colonnes == ["projet_id", "nom_projet"]
    nouveau = lire((IMPORTS / "nouveau_projet.csv").read_bytes(), "nouveau_projet.csv")
    assert (nouveau.encodage, nouveau.separateur) == ("utf-8", ",")
    valeurs = nouveau.lignes[0][1]
    assert valeurs["cout_total_eur"] == "1 250 000,50"
    assert valeurs["themes"] == "eau;energie"


def test_tab_separated_and_header_case_and_blank_rows():
    texte = " Projet_ID \tNature\n\ntid1-grandest\tversement\n\t\n"
    lu = lire(texte.encode(), "onglets.txt")
    assert lu.separateur == "\t"
    assert lu.colonnes == ["projet_id", "nature"]
    assert lu.lignes == [(3, {"projet_id": "tid1-grandest", "nature": "versement"})]


def test_xlsx_from_the_template_keeps_types_and_row_numbers():
    wb = load_workbook(io.BytesIO(exports.modele("mouvements", "xlsx")))
    feuille = wb.worksheets[0]
    # typed where a maintainer types: rows 2 and 4 of the pre-formatted sheet (append() would
    # write after its 500 formatted rows)
    for colonne, valeur in enumerate(
        ["", "tid1-grandest", "versement", datetime(2023, 9, 15), 1000000.5], start=1
    ):
        feuille.cell(row=2, column=colonne, value=valeur)
    for colonne, valeur in enumerate(
        ["", "tid1-sdef29", "versement", "02/10/2023", "250 000,50", None, "u", "n"], start=1
    ):
        feuille.cell(row=4, column=colonne, value=valeur)
    tampon = io.BytesIO()
    wb.save(tampon)
    lu = lire(tampon.getvalue(), "modele_rempli.xlsx")
    assert lu.format_fichier == "xlsx"
    assert lu.colonnes[:5] == [
        "mouvement_id",
        "projet_id",
        "nature",
        "date_mouvement",
        "montant_eur",
    ]
    # empty rows (pre-formatted or not) are skipped; row numbers are the sheet's own
    assert [numero for numero, _ in lu.lignes] == [2, 4]
    premiere, seconde = (valeurs for _, valeurs in lu.lignes)
    assert premiere["date_mouvement"] == date(2023, 9, 15)
    assert premiere["montant_eur"] == 1000000.5
    assert seconde["date_mouvement"] == "02/10/2023"
    assert seconde["montant_eur"] == "250 000,50"


def test_xlsx_rows_beyond_a_wrong_declared_dimension_are_read():
    lignes = b"".join(
        b"<row r='%d'><c r='A%d'><v>%d</v></c></row>" % (n, n, n) for n in range(2, 5)
    )
    contenu = remplacer_dans_zip(
        classeur([["projet_id"], ["a"]]),
        FEUILLE,
        feuille_xml(lignes, b"<dimension ref='A1:A2'/>"),
    )
    assert [v["projet_id"] for _, v in lire(contenu, "dimension.xlsx").lignes] == [2, 3, 4]


def test_a_cell_far_to_the_right_does_not_widen_the_rows():
    contenu = remplacer_dans_zip(
        classeur([["projet_id"], ["a"]]),
        FEUILLE,
        feuille_xml(b"<row r='2'><c r='A2'><v>1</v></c><c r='XFD2'><v>2</v></c></row>"),
    )
    assert lire(contenu, "large.xlsx").lignes == [(2, {"projet_id": 1})]


# --- fuzzing: only FichierRefuse or a Lecture, never another exception ---------------------


def lire_ou_refuser(contenu: bytes, nom: str) -> None:
    try:
        lu = lire(contenu, nom)
    except FichierRefuse as erreur:
        assert erreur.problemes
        for probleme in erreur.problemes:
            assert probleme.message and probleme.texte()
        return
    assert lu.colonnes and lu.lignes
    assert all(numero >= 2 for numero, _ in lu.lignes)


@FUZZ
@given(contenu=st.binary(max_size=3000), nom=st.sampled_from(["f.csv", "f.xlsx", "f.txt"]))
def test_fuzz_random_bytes(contenu, nom):
    lire_ou_refuser(contenu, nom)
    lire_ou_refuser(b"PK\x03\x04" + contenu, "f.xlsx")
    lire_ou_refuser(b"\xef\xbb\xbf" + contenu, nom)


SIGNES = list(";,\t\"'\n\r =+-@€é\u00a0\u202f\x00\x1aAbc019/.")


@FUZZ
@given(
    texte=st.text(alphabet=st.sampled_from(SIGNES) | st.characters(), max_size=400),
    encodage=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_fuzz_csv_like_text(texte, encodage):
    lire_ou_refuser(texte.encode(encodage, errors="replace"), "f.csv")


VALEURS_XLSX = st.one_of(
    st.none(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0xD7FF), max_size=20),
)


@settings(FUZZ, max_examples=60)
@given(lignes=st.lists(st.lists(VALEURS_XLSX, max_size=6), max_size=6))
def test_fuzz_xlsx_cells(lignes):
    lire_ou_refuser(classeur(lignes), "f.xlsx")


BASE_XLSX = classeur([["projet_id"], ["a"]])
CELLULE_XML = st.tuples(
    st.sampled_from(["A", "B", "Z", "AA", "XFD", "ZZZZ", ""]),
    st.integers(min_value=0, max_value=10**12),
    st.sampled_from(["n", "s", "b", "d", "e", "str", "inlineStr", "x", None]),
    st.text(alphabet=st.sampled_from(list("0123456789.-eE:TZ abc")), max_size=12),
)


def cellule_xml(colonne: str, ligne: int, genre: str | None, valeur: str) -> bytes:
    attribut = f" t='{genre}'" if genre else ""
    return f"<c r='{colonne}{ligne}'{attribut}><v>{valeur}</v></c>".encode()


@settings(FUZZ, max_examples=60)
@given(
    lignes=st.lists(
        st.tuples(st.integers(min_value=0, max_value=10**12), st.lists(CELLULE_XML, max_size=3)),
        max_size=4,
    )
)
def test_fuzz_cells_of_a_real_workbook(lignes):
    """Random cell XML inside a well-formed workbook: openpyxl parses it lazily, row by row."""
    xml = b"".join(
        f"<row r='{numero}'>".encode() + b"".join(cellule_xml(*c) for c in cellules) + b"</row>"
        for numero, cellules in lignes
    )
    with pytest.MonkeyPatch.context() as patch:
        # far row numbers are walked through up to this cap: a small one keeps the test fast
        patch.setattr(lecture, "LIMITE_LIGNES_XLSX_PARCOURUES", 300)
        lire_ou_refuser(remplacer_dans_zip(BASE_XLSX, FEUILLE, feuille_xml(xml)), "f.xlsx")


@settings(FUZZ, max_examples=100)
@given(
    changements=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
        min_size=1,
        max_size=4,
    )
)
def test_fuzz_a_few_bytes_changed_in_a_real_workbook(changements):
    contenu = bytearray(BASE_XLSX)
    for position, octet in changements:
        contenu[position % len(contenu)] = octet
    lire_ou_refuser(bytes(contenu), "f.xlsx")


# --- bounded reports: hostile sizes give a short report, in seconds ------------------------


def xlsx_a_la_main(lignes: list[list[str]]) -> bytes:
    """A workbook whose sheet XML is written by hand: openpyxl itself cuts cells at 32 767."""
    lettres = [chr(ord("A") + i) for i in range(26)]
    xml = b"".join(
        f"<row r='{n}'>".encode()
        + b"".join(
            f"<c r='{lettre}{n}' t='inlineStr'><is><t>{valeur}</t></is></c>".encode()
            for lettre, valeur in zip(lettres, ligne, strict=False)
        )
        + b"</row>"
        for n, ligne in enumerate(lignes, start=1)
    )
    return remplacer_dans_zip(
        BASE_XLSX, FEUILLE, NS + b"<sheetData>" + xml + b"</sheetData></worksheet>"
    )


def test_a_header_too_wide_is_refused_at_once_with_one_message():
    probleme = refus(colonnes_100000(), "larges.csv")
    assert probleme.message.startswith(
        f"100\u202f000 colonnes : au plus {lecture.LIMITE_COLONNES}."
    )
    assert probleme.ligne == 1
    # XLSX stops at 16 384 columns (XFD): refused the same way
    probleme = refus(classeur([[f"c{i}" for i in range(16_384)], ["a"]]), "larges.xlsx")
    assert probleme.message.startswith(f"16\u202f384 colonnes : au plus {lecture.LIMITE_COLONNES}.")
    # empty cells after the last name (a spreadsheet's formatted columns) are not counted
    lu = lire(b"projet_id" + b";" * 1000 + b"\r\ntid1-grandest" + b";" * 1000 + b"\r\n", "f.csv")
    assert lu.lignes[0][1]["projet_id"] == "tid1-grandest"


@pytest.mark.parametrize(
    ("contenu", "nom", "message", "ligne", "colonne"),
    [
        pytest.param(
            (ENTETE_MOUVEMENTS + "\r\ntid1-grandest;versement;15/09/2023;" + "9" * 40_000).encode(),
            "long.csv",
            "cellule de 40\u202f000 caractères : au plus 32\u202f767 (la limite d'Excel).",
            2,
            "montant_eur",
            id="csv 40 000 caractères",
        ),
        pytest.param(
            (
                ENTETE_MOUVEMENTS + "\r\ntid1-grandest;versement;15/09/2023;" + "9" * 200_000
            ).encode(),
            "tres_long.csv",
            "une cellule dépasse 131\u202f072 caractères : au plus 32\u202f767 "
            "(la limite d'Excel).",
            2,
            None,
            id="csv au-delà de la limite du module csv",
        ),
        pytest.param(
            xlsx_a_la_main([["projet_id", "notes"], ["tid1-grandest", "x" * 40_000]]),
            "long.xlsx",
            "cellule de 40\u202f000 caractères : au plus 32\u202f767 (la limite d'Excel).",
            2,
            "notes",
            id="xlsx 40 000 caractères",
        ),
    ],
)
def test_a_cell_longer_than_excel_allows_is_refused_in_french(
    contenu, nom, message, ligne, colonne
):
    probleme = refus(contenu, nom)
    assert (probleme.message, probleme.ligne, probleme.colonne) == (message, ligne, colonne)


GEANT = "9" * 10_000_000


@pytest.mark.parametrize(
    ("message", "attendu"),
    [
        (
            f"montant illisible « {GEANT} » (exemple : 1 250 000,50).",
            f"montant illisible « {'9' * 40}… » (exemple : 1 250 000,50).",
        ),
        ("date illisible « 31/02/2023 » (attendu JJ/MM/AAAA).", None),
        (
            f"un montant ne peut pas être négatif (-{GEANT}).",
            f"un montant ne peut pas être négatif (-{GEANT}"[:600] + "…",
        ),
        (
            "nature inconnue « vire\nment\r\n » (attendu : …).",
            "nature inconnue « vire ment » (attendu : …).",
        ),
    ],
)
def test_a_message_quotes_at_most_40_characters_of_a_cell(message, attendu):
    probleme = Probleme(message, 2, "montant_eur")
    assert probleme.message == (attendu or message)
    assert len(probleme.message) <= lecture.LIMITE_MESSAGE + 1


def cinquante_et_plus(n: int) -> list[Probleme]:
    """n problems of three kinds, in reverse row order."""
    messages = [
        ("montant illisible « abc{i} » (exemple : 1 250 000,50).", "montant_eur"),
        ("date illisible « 31/02/2023 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).", "date_mouvement"),
        ("ligne en double (même projet, nature, date et montant que la ligne {i}).", None),
    ]
    return [
        Probleme(messages[i % 3][0].format(i=i), i + 2, messages[i % 3][1])
        for i in reversed(range(n))
    ]


def test_a_report_keeps_the_first_problems_by_row_and_counts_the_others_by_kind():
    rapport = lecture.extrait(cinquante_et_plus(20_000))
    assert rapport.total == 20_000
    assert [p.ligne for p in rapport.montres] == list(range(2, 52))
    assert rapport.reste == (
        # kinds as many: in the order of their first row
        "… et 19\u202f950 autres problèmes : 6\u202f650 « ligne en double », 6\u202f650 « montant "
        "illisible » dans la colonne montant_eur, 6\u202f650 « date illisible » dans la colonne "
        "date_mouvement."
    )
    assert len(rapport.lignes()) == lecture.LIMITE_PROBLEMES_AFFICHES + 1
    # at the cap, nothing is summed up; one more and one line says so
    assert lecture.extrait(cinquante_et_plus(50)).reste is None
    assert lecture.extrait(cinquante_et_plus(51)).reste == (
        "… et 1 autre problème : 1 « ligne en double »."
    )


@pytest.mark.parametrize(
    ("message", "sorte"),
    [
        ("code inconnu « 99 » (exemples de codes valides : 11, 24).", "code inconnu"),
        ("formule refusée (« =SOMME(B2:B3) ») : saisissez la valeur.", "formule refusée"),
        (
            "versement du 01/03/2023 avant la convention du 16/05/2023.",
            "versement du … avant la convention du …",
        ),
        (
            "nouveau projet « essai-3 » : valeur obligatoire.",
            "nouveau projet … : valeur obligatoire",
        ),
        (
            "valeur obligatoire : une cellule vide ne peut pas effacer ce champ du projet « x ».",
            "valeur obligatoire : une cellule vide ne peut pas effacer ce champ du projet",
        ),
        ("numéro de mouvement inconnu : laissez la colonne vide.", "numéro de mouvement inconnu"),
        (
            "1 000 000,00 € dépasse à lui seul l'enveloppe du programme TID : erreur ?",
            "… € dépasse à lui seul l'enveloppe du programme TID",
        ),
        (
            "caractère invisible U+202E (inversion du sens d'écriture) refusé.",
            "caractère invisible U+202E",
        ),
    ],
)
def test_problems_are_counted_by_kind_without_their_values(message, sorte):
    assert lecture.extrait([Probleme(message, 2)], limite=0).reste == (
        f"… et 1 autre problème : 1 « {sorte} »."
    )


def test_beyond_five_kinds_the_others_are_counted_together():
    problemes = [Probleme(f"sorte {lettre}.", 2) for lettre in "aabcdefg"]
    assert lecture.extrait(problemes, limite=0).reste == (
        "… et 8 autres problèmes : 2 « sorte a », 1 « sorte b », 1 « sorte c », 1 « sorte d », "
        "1 « sorte e », 2 d'autres sortes."
    )


def mouvements_mauvais(n: int) -> bytes:
    """n short payment rows, each with a bad amount: 100 000 of them stay under 5 MB."""
    return (ENTETE_MOUVEMENTS + "\n" + "p;versement;1/1/2023;abc;u;\n" * n).encode()


def lignes_de_problemes(sortie: str) -> list[str]:
    """The lines of a CLI report that are problems, or the sentence counting the others."""
    return [
        ligne
        for ligne in sortie.splitlines()
        if ligne.startswith(("  [ERREUR]", "  [avertissement]", "  - "))
        or (ligne.startswith("  … et") and "problème" in ligne)
    ]


@pytest.mark.parametrize(
    ("nom", "fabriquer", "total", "reste"),
    [
        pytest.param(
            "colonnes.csv",
            colonnes_100000,
            "100\u202f000 colonnes : au plus 200.",
            None,
            id="100 000 colonnes",
        ),
        pytest.param(
            "lignes.csv",
            lambda: mouvements_mauvais(100_000),
            "plus de 20000 lignes : découpez le fichier.",
            None,
            id="100 000 lignes",
        ),
        pytest.param(
            "projets.csv",
            lambda: projets_mauvais(lecture.LIMITE_LIGNES),
            "Fichier refusé : 20\u202f000 erreurs, rien n'a été écrit.",
            "  … et 19\u202f950 autres problèmes : 6\u202f650 « code inconnu » dans la colonne "
            "region_code, 6\u202f650 « montant illisible » dans la colonne cout_total_eur, "
            "6\u202f650 « date illisible » dans la colonne date_annonce.",
            id="20 000 lignes mauvaises",
        ),
    ],
)
def test_the_cli_report_of_a_huge_bad_file_is_short_and_counts_everything(
    base_seed, tmp_path, capsys, nom, fabriquer, total, reste
):
    from tid import __main__ as cli_tid

    chemin = tmp_path / nom
    chemin.write_bytes(fabriquer())
    capsys.readouterr()
    debut = time.perf_counter()
    code = cli_tid.main(["import", str(chemin), "--dry-run", "--db", str(base_seed)])
    sortie = capsys.readouterr()
    print(f"{nom} : {time.perf_counter() - debut:.1f} s")  # a figure to read, not a limit
    assert code == cli_tid.EXIT_INPUT
    lignes = lignes_de_problemes(sortie.out + sortie.err)
    assert len(lignes) <= lecture.LIMITE_PROBLEMES_AFFICHES + 1
    assert total in sortie.out + sortie.err
    if reste:
        assert lignes[-1] == reste
    # the lists of changes are capped too: not 13 334 « + projet » lines
    assert len((sortie.out + sortie.err).splitlines()) < 3 * lecture.LIMITE_PROBLEMES_AFFICHES


# --- invisible and control characters: refused or removed, never shown raw ----------------

# (character, gravity, start of the message); the cell is « Région<c>Grand Est », column porteur
CARACTERES = [
    ("\u202e", "erreur", "caractère invisible U+202E (inversion du sens d'écriture) refusé"),
    ("\u202a", "erreur", "caractère invisible U+202A (enchâssement gauche-à-droite) refusé"),
    ("\u2067", "erreur", "caractère invisible U+2067 (isolat droite-à-gauche) refusé"),
    ("\u200f", "erreur", "caractère invisible U+200F (marque droite-à-gauche) refusé"),
    ("\u061c", "erreur", "caractère invisible U+061C (marque de lettre arabe) refusé"),
    ("\U000e0041", "erreur", "caractère invisible U+E0041 (format Unicode) refusé"),
    ("\u2062", "erreur", "caractère invisible U+2062 (format Unicode) refusé"),
    ("\x1b", "erreur", "caractère de contrôle U+001B (échappement, qui commande le terminal)"),
    ("\x00", "erreur", "caractère de contrôle U+0000 (caractère nul) refusé"),
    ("\x7f", "erreur", "caractère de contrôle U+007F (suppression) refusé"),
    ("\x92", "erreur", "caractère de contrôle U+0092 (contrôle C1, souvent un texte"),
    ("\u200b", "avertissement", "caractère invisible U+200B (espace de largeur nulle) supprimé."),
    ("\u200c", "avertissement", "caractère invisible U+200C (antiliant sans chasse) supprimé."),
    ("\u200d", "avertissement", "caractère invisible U+200D (liant sans chasse) supprimé."),
    ("\u2060", "avertissement", "caractère invisible U+2060 (gluon de mots) supprimé."),
    ("\ufeff", "avertissement", "caractère invisible U+FEFF (espace insécable de largeur nulle)"),
    ("\u00ad", "avertissement", "caractère invisible U+00AD (trait d'union conditionnel)"),
]
# XML 1.0 cannot hold C0 controls: an XLSX never carries them (openpyxl refuses to write them)
SANS_XLSX = {"\x1b", "\x00"}


def avec_caractere(caractere: str, format_fichier: str) -> bytes:
    lignes = [["projet_id", "porteur"], ["tid1-grandest", f"Région{caractere}Grand Est"]]
    if format_fichier == "xlsx":
        return xlsx_a_la_main(lignes)
    return "\r\n".join(";".join(ligne) for ligne in lignes).encode()


@pytest.mark.parametrize(
    ("caractere", "gravite", "message", "format_fichier"),
    [
        pytest.param(*cas, format_fichier, id=f"{format_fichier} U+{ord(cas[0]):04X}")
        for format_fichier in ("csv", "xlsx")
        for cas in CARACTERES
        if not (format_fichier == "xlsx" and cas[0] in SANS_XLSX)
    ],
)
def test_an_invisible_character_is_refused_or_removed_naming_row_and_column(
    caractere, gravite, message, format_fichier
):
    contenu = avec_caractere(caractere, format_fichier)
    if gravite == "erreur":
        probleme = refus(contenu, f"f.{format_fichier}")
        problemes = [probleme]
    else:
        lu = lire(contenu, f"f.{format_fichier}")
        # removed: the cell is what it shows
        assert lu.lignes == [(2, {"projet_id": "tid1-grandest", "porteur": "RégionGrand Est"})]
        problemes = lu.avertissements
    assert [(p.ligne, p.colonne, p.gravite) for p in problemes] == [(2, "porteur", gravite)]
    assert problemes[0].message.startswith(message)
    assert problemes[0].texte().startswith("Ligne 2, colonne « porteur » : caractère ")


def test_a_header_is_cleaned_like_a_cell():
    probleme = refus(b"projet_id;porteur\xe2\x80\xae\r\ntid1-grandest;x\r\n", "f.csv")
    assert (probleme.ligne, probleme.colonne) == (1, "porteur")
    assert "U+202E" in probleme.message
    lu = lire("projet_id;porteur\u200b\r\ntid1-grandest;x\r\n".encode(), "f.csv")
    assert lu.colonnes == ["projet_id", "porteur"]
    assert [(p.ligne, p.colonne, p.gravite) for p in lu.avertissements] == [
        (1, "porteur", "avertissement")
    ]


def test_invisible_characters_are_reported_one_by_one_up_to_a_cap():
    """5 MB of such cells made 1.3 million problems (450 MB, minutes): the first 1 000 only."""
    entete = ";".join(f"c{i}" for i in range(12))
    refuse = entete + "\r\n" + "\r\n".join([";".join(["a\u202e"] * 12)] * 200)
    with pytest.raises(FichierRefuse) as refus_:
        lire(refuse.encode(), "f.csv")
    problemes = refus_.value.problemes
    assert len(problemes) == lecture.LIMITE_CARACTERES_SIGNALES + 1
    assert lecture.extrait(problemes).montres[0].texte() == (
        "lecture arrêtée à la ligne 85 : plus de 1\u202f000 caractères refusés. Corrigez "
        "ceux-ci, puis déposez à nouveau le fichier."
    )
    # removed ones are all removed, and counted beyond the cap
    supprime = entete + "\r\n" + "\r\n".join([";".join(["a\u200b"] * 12)] * 100)
    lu = lire(supprime.encode(), "f.csv")
    assert {v for _, ligne in lu.lignes for v in ligne.values()} == {"a"}
    assert len(lu.avertissements) == lecture.LIMITE_CARACTERES_SIGNALES + 1
    assert lu.avertissements[-1].message == (
        "caractère invisible U+200B (espace de largeur nulle) supprimé encore 200 fois."
    )


def test_cells_and_headers_are_read_in_nfc():
    lu = lire("projet_id;re\u0301gion\r\ntid1-grandest;Re\u0301gion\r\n".encode(), "f.csv")
    assert lu.colonnes == ["projet_id", "région"]
    assert lu.lignes[0][1]["région"] == "Région"
    assert lu.avertissements == []


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("a\x1b[31mb", "a<U+001B>[31mb"),
        ("ab\u202edc", "ab<U+202E>dc"),
        ("ligne\récrasée", "ligne<U+000D>écrasée"),
        ("1\u202f000\u00a0€\tet\nla suite", "1\u202f000\u00a0€\tet\nla suite"),
    ],
)
def test_affichable_writes_control_and_invisible_characters_as_code_points(texte, attendu):
    assert lecture.affichable(texte) == attendu


def test_a_problem_never_holds_a_raw_control_or_invisible_character():
    """Whatever its message quotes (a value from the base, a name), and its column."""
    probleme = Probleme("projet inconnu « a\x1b[2Jb\u202ec ».", 3, "no\u200btes")
    assert probleme.texte() == (
        "Ligne 3, colonne « no<U+200B>tes » : projet inconnu « a<U+001B>[2Jb<U+202E>c »."
    )


INVISIBLES = IMPORTS / "caracteres_invisibles.csv"
# (row, column, start of the message): every refused character of the fixture, in file order
INVISIBLES_REFUSES = [
    (2, "porteur", "caractère invisible U+202E (inversion du sens d'écriture) refusé"),
    (3, "porteur", "caractère de contrôle U+001B (échappement, qui commande le terminal) refusé"),
    (4, "notes", "caractère invisible U+2066 (isolat gauche-à-droite) refusé"),
    (4, "notes", "caractère invisible U+2069 (fin d'isolat) refusé"),
    (5, "notes", "caractère de contrôle U+0085 (contrôle C1, souvent un texte Windows-1252"),
]


def test_the_fixture_of_invisible_characters_is_refused_row_by_row():
    with pytest.raises(FichierRefuse) as refus_:
        lire(INVISIBLES.read_bytes(), INVISIBLES.name)
    problemes = refus_.value.problemes
    assert [(p.ligne, p.colonne) for p in problemes] == [(li, c) for li, c, _ in INVISIBLES_REFUSES]
    for probleme, (_, _, message) in zip(problemes, INVISIBLES_REFUSES, strict=True):
        assert probleme.message.startswith(message)
        assert probleme.gravite == "erreur"


def sans_lignes_refusees() -> bytes:
    """The fixture with its refused rows emptied (rows keep their numbers): a zero-width space
    in the header and in a cell, an accent typed as a combining character."""
    lignes = INVISIBLES.read_bytes().split(b"\r\n")
    return b"\r\n".join([lignes[0], b"", b"", b"", b"", *lignes[5:]])


def test_removed_characters_are_warnings_of_the_preview_to_accept(base_seed):
    from tid import ingest

    plan = ingest.preparer(sans_lignes_refusees(), "invisibles.csv", base_seed)
    assert plan.erreurs == []
    assert [(p.ligne, p.colonne, p.message) for p in plan.avertissements] == [
        (1, "porteur", "caractère invisible U+200B (espace de largeur nulle) supprimé."),
        (6, "notes", "caractère invisible U+200B (espace de largeur nulle) supprimé."),
    ]
    # « Me\u0301tropole » in NFC is the stored « Métropole »: only the notes change
    assert [(d["projet_id"], d["colonne"], d["apres"]) for d in plan.differences] == [
        ("tid2-loire", "notes", "zérolargeur"),
        ("tid1-toulouse", "notes", "Région"),
    ]


@pytest.mark.parametrize(
    ("nom", "fabriquer", "code", "attendu"),
    [
        pytest.param(
            INVISIBLES.name,
            INVISIBLES.read_bytes,
            2,
            "  - Ligne 3, colonne « porteur » : caractère de contrôle U+001B (échappement",
            id="ESC dans une cellule",
        ),
        pytest.param(
            "essai\x1b[2J\u202e.csv",
            sans_lignes_refusees,
            0,
            "Fichier essai<U+001B>[2J<U+202E>.csv : projets",
            id="ESC et U+202E dans le nom du fichier",
        ),
    ],
)
def test_no_escape_byte_reaches_the_terminal(base_seed, tmp_path, nom, fabriquer, code, attendu):
    """The real command, on a temporary base: its raw output holds no ESC and no bidi control."""
    chemin = tmp_path / nom
    chemin.write_bytes(fabriquer())
    fini = subprocess.run(
        [sys.executable, "-m", "tid", "import", str(chemin), "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={**os.environ, "TID_DB": str(base_seed), "PYTHONPATH": str(ROOT)},
    )
    sortie = fini.stdout + fini.stderr
    assert fini.returncode == code, sortie.decode()
    assert b"\x1b" not in sortie
    assert "\u202e".encode() not in sortie
    assert attendu in sortie.decode()
