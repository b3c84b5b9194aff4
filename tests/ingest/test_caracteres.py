"""tid/ingest/caracteres.py: invisible and control characters refused or removed, never raw."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.ingest.fichiers import (
    IMPORTS,
    ROOT,
    refus,
    xlsx_a_la_main,
)
from tid.ingest import caracteres
from tid.ingest.fichier import lire
from tid.ingest.problemes import FichierRefuse, extrait

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
    assert len(problemes) == caracteres.LIMITE_CARACTERES_SIGNALES + 1
    assert extrait(problemes).montres[0].texte() == (
        "lecture arrêtée à la ligne 85 : plus de 1\u202f000 caractères refusés. Corrigez "
        "ceux-ci, puis déposez à nouveau le fichier."
    )
    # removed ones are all removed, and counted beyond the cap
    supprime = entete + "\r\n" + "\r\n".join([";".join(["a\u200b"] * 12)] * 100)
    lu = lire(supprime.encode(), "f.csv")
    assert {v for _, ligne in lu.lignes for v in ligne.values()} == {"a"}
    assert len(lu.avertissements) == caracteres.LIMITE_CARACTERES_SIGNALES + 1
    assert lu.avertissements[-1].message == (
        "caractère invisible U+200B (espace de largeur nulle) supprimé encore 200 fois."
    )


def test_cells_and_headers_are_read_in_nfc():
    lu = lire("projet_id;re\u0301gion\r\ntid1-grandest;Re\u0301gion\r\n".encode(), "f.csv")
    assert lu.colonnes == ["projet_id", "région"]
    assert lu.lignes[0][1]["région"] == "Région"
    assert lu.avertissements == []


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
