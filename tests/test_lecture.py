"""tid/lecture.py: every bad file is refused with one French sentence; real shapes are read."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tid import exports, lecture
from tid.lecture import FichierRefuse, Probleme, lire

IMPORTS = Path(__file__).resolve().parent / "fixtures" / "imports"
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
