"""tid/ingest/fichier.py: every bad file is refused in one French sentence; real shapes are read."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bench.fichiers_hostiles import colonnes_100000, projets_mauvais
from tests.ingest.fichiers import (
    BASE_XLSX,
    ENTETE_MOUVEMENTS,
    FEUILLE,
    FUZZ,
    IMPORTS,
    classeur,
    feuille_xml,
    refus,
    remplacer_dans_zip,
    xlsx_a_la_main,
)
from tid import exports
from tid.ingest import fichier
from tid.ingest.fichier import lire
from tid.ingest.problemes import LIMITE_PROBLEMES_AFFICHES, FichierRefuse

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
    return ENTETE_MOUVEMENTS.encode() + b"\r\n" + ligne * (fichier.LIMITE_OCTETS // len(ligne) + 1)


def trop_de_lignes() -> bytes:
    ligne = b"tid1-grandest;versement;15/09/2023;1;x;\n"
    return ENTETE_MOUVEMENTS.encode() + b"\n" + ligne * (fichier.LIMITE_LIGNES + 1)


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
        f"plus de {fichier.LIMITE_LIGNES} lignes : découpez le fichier.",
        fichier.LIMITE_LIGNES + 2,
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
        fichier.LIMITE_LIGNES_XLSX_PARCOURUES + 1,
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
        patch.setattr(fichier, "LIMITE_LIGNES_XLSX_PARCOURUES", 300)
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


def test_a_header_too_wide_is_refused_at_once_with_one_message():
    probleme = refus(colonnes_100000(), "larges.csv")
    assert probleme.message.startswith(
        f"100\u202f000 colonnes : au plus {fichier.LIMITE_COLONNES}."
    )
    assert probleme.ligne == 1
    # XLSX stops at 16 384 columns (XFD): refused the same way
    probleme = refus(classeur([[f"c{i}" for i in range(16_384)], ["a"]]), "larges.xlsx")
    assert probleme.message.startswith(f"16\u202f384 colonnes : au plus {fichier.LIMITE_COLONNES}.")
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
            lambda: projets_mauvais(fichier.LIMITE_LIGNES),
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
    assert len(lignes) <= LIMITE_PROBLEMES_AFFICHES + 1
    assert total in sortie.out + sortie.err
    if reste:
        assert lignes[-1] == reste
    # the lists of changes are capped too: not 13 334 « + projet » lines
    assert len((sortie.out + sortie.err).splitlines()) < 3 * LIMITE_PROBLEMES_AFFICHES
