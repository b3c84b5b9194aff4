"""Read an uploaded CSV or XLSX into rows of text, safely: size, row and zip-bomb caps."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from tid import fmt
from tid.texte_brut import invisibles

LIMITE_OCTETS = 5 * 1024 * 1024
LIMITE_LIGNES = 20_000
# Our widest file (an export of projects) has 26 columns: 200 leaves room for a maintainer's own
# notes, and a header of 100 000 names is refused at once instead of yielding 100 000 problems.
LIMITE_COLONNES = 200
# Excel's own limit: a longer cell cannot come from a spreadsheet.
LIMITE_CARACTERES_CELLULE = 32_767
# An XLSX is a zip: refuse one that inflates beyond this or by an absurd ratio (zip bomb).
LIMITE_XLSX_DECOMPRESSE = 60 * 1024 * 1024
LIMITE_RATIO_ZIP = 200
# A sheet may number its rows freely (r="99999999"): openpyxl yields every missing row as an
# empty one, so the rows walked through, empty or not, are capped too.
LIMITE_LIGNES_XLSX_PARCOURUES = 10 * LIMITE_LIGNES
SEPARATEURS = (";", ",", "\t")
# A report shows this many problems, then one sentence counting the others by kind: 20 000 bad
# rows must stay readable in the page and the terminal.
LIMITE_PROBLEMES_AFFICHES = 50
# A quoted cell value is cut to this many characters, and a whole message to LIMITE_MESSAGE (the
# list of valid columns runs to about 450): a 10 MB cell must not make a 10 MB message.
LIMITE_CITATION = 40
LIMITE_MESSAGE = 600
# Invisible characters reported one by one at read time: beyond, a refused file stops being
# read and removed ones are counted (5 MB of U+202E cells made 1.3 million problems, 450 MB).
LIMITE_CARACTERES_SIGNALES = 1_000
_CITATION = re.compile(r"«([^»]*)»")
_ESPACES = re.compile(r"\s*[\t\n\r]\s*")


def _couper(texte: str, limite: int) -> str:
    return texte if len(texte) <= limite else texte[:limite] + "…"


def _citation_courte(citation: re.Match) -> str:
    valeur = citation.group(1).strip()
    return (
        citation.group()
        if len(valeur) <= LIMITE_CITATION
        else f"« {_couper(valeur, LIMITE_CITATION)} »"
    )


# --- characters that make displayed text lie ----------------------------------------------
# Refused: bidirectional controls reorder the text shown around them (« 000 1 » can read « 1 000 »)
# and control characters carry commands (ESC starts the escape sequences a terminal obeys), so
# the cell may not say what it shows: the maintainer must look at it. Removed with a warning:
# zero-width characters and the soft hyphen are only invisible, and removing them makes the cell
# equal to what it shows (« tid1-grandest » followed by a U+200B becomes the known project).
BIDI = {
    "\u061c": "marque de lettre arabe",
    "\u200e": "marque gauche-à-droite",
    "\u200f": "marque droite-à-gauche",
    "\u202a": "enchâssement gauche-à-droite",
    "\u202b": "enchâssement droite-à-gauche",
    "\u202c": "fin d'enchâssement ou de forçage",
    "\u202d": "forçage gauche-à-droite",
    "\u202e": "inversion du sens d'écriture",
    "\u2066": "isolat gauche-à-droite",
    "\u2067": "isolat droite-à-gauche",
    "\u2068": "isolat à sens automatique",
    "\u2069": "fin d'isolat",
}
SANS_CHASSE = {
    "\u00ad": "trait d'union conditionnel",
    "\u200b": "espace de largeur nulle",
    "\u200c": "antiliant sans chasse",
    "\u200d": "liant sans chasse",
    "\u2060": "gluon de mots",
    "\ufeff": "espace insécable de largeur nulle",
}
CONTROLES = {
    "\x00": "caractère nul",
    "\x07": "sonnerie",
    "\x08": "retour arrière",
    "\x0b": "tabulation verticale",
    "\x0c": "saut de page",
    "\x0d": "retour chariot",
    "\x1b": "échappement, qui commande le terminal",
    "\x7f": "suppression",
}


def affichable(texte: str) -> str:
    """The text with its control and invisible characters written « <U+202E> »: safe to print."""
    if texte.isprintable():
        return texte
    return texte.translate({ord(c): f"<U+{ord(c):04X}>" for c in invisibles(texte)})


def _invisibles(valeur: str) -> tuple[str, list[str]]:
    """The cell in NFC without its control and invisible characters, and those found."""
    if valeur.isascii() and valeur.isprintable():
        return valeur, []
    if "\r" in valeur:
        # line ends inside a quoted cell: Excel writes LF, others CRLF; a lone CR would let a
        # printed message overwrite its own line
        valeur = valeur.replace("\r\n", "\n").replace("\r", "\n")
    trouves: list[str] = []
    # no-break spaces (French thousands) are not « printable » either: the common case, kept cheap
    if not valeur.replace("\u00a0", "").replace("\u202f", "").isprintable():
        trouves = sorted(invisibles(valeur))
        valeur = valeur.translate(dict.fromkeys(map(ord, trouves)))
    if not valeur.isascii():
        # « é » typed as e + combining accent must equal « é »
        valeur = unicodedata.normalize("NFC", valeur)
    return valeur, trouves


def _probleme_invisible(caractere: str, ligne: int, colonne: str | None) -> Probleme:
    point = f"U+{ord(caractere):04X}"
    if caractere in SANS_CHASSE:
        return Probleme(
            f"caractère invisible {point} ({SANS_CHASSE[caractere]}) supprimé.",
            ligne,
            colonne,
            "avertissement",
        )
    if caractere in BIDI:
        message = (
            f"caractère invisible {point} ({BIDI[caractere]}) refusé : il change l'ordre "
            "d'affichage du texte qui l'entoure ; retirez-le."
        )
    elif unicodedata.category(caractere) == "Cc":
        nom = CONTROLES.get(caractere)
        if nom is None and caractere >= "\x80":
            nom = "contrôle C1, souvent un texte Windows-1252 mal converti"
        message = f"caractère de contrôle {point} ({nom or 'contrôle C0'}) refusé : retirez-le."
    else:
        message = f"caractère invisible {point} (format Unicode) refusé : retirez-le."
    return Probleme(message, ligne, colonne)


@dataclass(frozen=True)
class Probleme:
    """One problem of an import file, said in one French sentence with its row and column."""

    message: str
    ligne: int | None = None
    colonne: str | None = None
    gravite: str = "erreur"

    def __post_init__(self) -> None:
        # Bounded here, where every problem is made (ingest builds its messages from raw cells),
        # and on one line, so one problem is one line of the CLI and one item of the page.
        message = _CITATION.sub(_citation_courte, self.message)
        message = affichable(_couper(_ESPACES.sub(" ", message), LIMITE_MESSAGE))
        object.__setattr__(self, "message", message)
        if self.colonne is not None:
            colonne = _ESPACES.sub(" ", self.colonne)
            object.__setattr__(self, "colonne", affichable(_couper(colonne, LIMITE_CITATION)))

    def texte(self) -> str:
        lieu = []
        if self.ligne is not None:
            lieu.append(f"ligne {self.ligne}")
        if self.colonne:
            lieu.append(f"colonne « {self.colonne} »")
        prefixe = (", ".join(lieu) + " : ") if lieu else ""
        return (prefixe[:1].upper() + prefixe[1:] if prefixe else "") + self.message


# What varies from one problem to the next of the same kind: quoted values, numbers and dates
# (not the digits of a code point « U+202E »).
_NOMBRE = re.compile(r"(?<!U\+)(?<![0-9A-F])\d(?:[\d\s.,/:-]*\d)?")
_SORTES_NOMMEES = 5


def _sorte(probleme: Probleme) -> str:
    """The kind of a problem: its message without values or explanation (« montant illisible »)."""
    texte = _NOMBRE.sub("…", _CITATION.sub("«»", probleme.message))
    texte = texte.split(" (", 1)[0]
    # « nouveau projet … : valeur obligatoire » needs its second half, « valeur obligatoire : une
    # cellule vide ne peut pas… » does not
    tete, deux_points, _ = texte.partition(" : ")
    if deux_points and len(tete) >= 20:
        texte = tete
    # a value quoted last says nothing of the kind: « montant illisible », not « … illisible … »
    texte = texte.rstrip(" .,;").removesuffix("«»").rstrip().replace("«»", "…")
    return _couper(texte, 80)


@dataclass(frozen=True)
class Extrait:
    """What a report shows of a list of problems: the first ones by row, a sentence for the rest."""

    montres: list[Probleme]
    total: int
    reste: str | None = None

    def lignes(self) -> list[str]:
        return [p.texte() for p in self.montres] + ([self.reste] if self.reste else [])


def extrait(problemes: Iterable[Probleme], limite: int = LIMITE_PROBLEMES_AFFICHES) -> Extrait:
    """The first `limite` problems by row, and the others counted by kind and column.

    The one place where a report is capped: the page and the CLI both show its lines.
    """
    tries = sorted(problemes, key=lambda p: p.ligne or 0)
    if len(tries) <= limite:
        return Extrait(tries, len(tries))
    autres = tries[limite:]
    sortes = Counter((_sorte(p), p.colonne) for p in autres)
    details = [
        f"{fmt.nombre(n)} « {sorte} »" + (f" dans la colonne {colonne}" if colonne else "")
        for (sorte, colonne), n in sortes.most_common(_SORTES_NOMMEES)
    ]
    hors_liste = sum(n for _, n in sortes.most_common()[_SORTES_NOMMEES:])
    if hors_liste:
        sortes_restantes = "d'une autre sorte" if hors_liste == 1 else "d'autres sortes"
        details.append(f"{fmt.nombre(hors_liste)} {sortes_restantes}")
    reste = (
        f"… et {fmt.compte(len(autres), 'autre problème', 'autres problèmes')} : "
        + ", ".join(details)
        + "."
    )
    return Extrait(tries[:limite], len(tries), reste)


class FichierRefuse(Exception):
    """The file cannot be read at all; nothing was written."""

    def __init__(self, problemes: list[Probleme]):
        super().__init__("\n".join(extrait(problemes).lignes()))
        self.problemes = problemes


@dataclass
class Lecture:
    """A file read as text cells: header, rows (file row number -> {column: value})."""

    nom_fichier: str
    sha256: str
    colonnes: list[str]
    lignes: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    format_fichier: str = "csv"
    encodage: str | None = None
    separateur: str | None = None
    # what the reading changed and the maintainer must accept (invisible characters removed)
    avertissements: list[Probleme] = field(default_factory=list)


def _refus(message: str, ligne: int | None = None, colonne: str | None = None) -> FichierRefuse:
    return FichierRefuse([Probleme(message, ligne, colonne)])


def _decoder(contenu: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else cp1252, what French Excel writes."""
    if contenu.startswith(b"\xef\xbb\xbf"):
        try:
            return contenu[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as erreur:
            ligne = contenu[: erreur.start + 3].count(b"\n") + 1
            raise _refus(
                "le fichier se déclare UTF-8 (marque BOM) mais contient des caractères qui ne "
                "sont pas de l'UTF-8 : réenregistrez-le en « CSV UTF-8 » depuis Excel.",
                ligne,
            ) from None
    try:
        return contenu.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return contenu.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as erreur:
        ligne = contenu[: erreur.start].count(b"\n") + 1
        raise _refus(
            "encodage non reconnu (ni UTF-8, ni Windows-1252) : réenregistrez le fichier en "
            "« CSV UTF-8 » depuis votre tableur.",
            ligne,
        ) from None


def _separateur(entete: str) -> str:
    comptes = {sep: entete.count(sep) for sep in SEPARATEURS}
    meilleur = max(comptes, key=comptes.get)
    return meilleur if comptes[meilleur] else ";"


def _normaliser_entete(nom: object) -> str:
    return str(nom or "").strip().strip("\ufeff").lower()


def _verifier_colonnes(entete: list[object]) -> None:
    """Refuse a header too wide at once, before a problem per unknown column is made."""
    nombre = len(entete)
    # empty cells at the end are what a spreadsheet writes after formatted columns: not counted
    while nombre and str(entete[nombre - 1] or "").strip() == "":
        nombre -= 1
    if nombre > LIMITE_COLONNES:
        raise _refus(
            f"{fmt.nombre(nombre)} colonnes : au plus {LIMITE_COLONNES}. Partez d'un modèle "
            "(page « Données ») ou d'un extrait de la page « Projets ».",
            1,
        )


def _verifier_cellule(valeur: object, numero: int, colonne: str) -> None:
    if isinstance(valeur, str) and len(valeur) > LIMITE_CARACTERES_CELLULE:
        raise _refus(
            f"cellule de {fmt.nombre(len(valeur))} caractères : au plus "
            f"{fmt.nombre(LIMITE_CARACTERES_CELLULE)} (la limite d'Excel).",
            numero,
            colonne or None,
        )


@dataclass
class _Releve:
    """The characters found while reading: the first ones as problems, the others counted."""

    problemes: list[Probleme] = field(default_factory=list)
    erreurs: int = 0
    avertissements: int = 0
    supprimes_en_plus: Counter = field(default_factory=Counter)

    def signaler(self, caractere: str, ligne: int, colonne: str) -> None:
        if caractere in SANS_CHASSE:
            self.avertissements += 1
            if self.avertissements > LIMITE_CARACTERES_SIGNALES:
                # a file of zero-width spaces must not make a million warnings: counted only
                self.supprimes_en_plus[caractere] += 1
                return
        else:
            self.erreurs += 1
            if self.erreurs > LIMITE_CARACTERES_SIGNALES:
                # the file is refused anyway: the first ones say what to fix
                raise FichierRefuse(
                    [p for p in self.problemes if p.gravite == "erreur"]
                    + [
                        # no row: it comes first in a report, before the characters it sums up
                        Probleme(
                            f"lecture arrêtée à la ligne {ligne} : plus de "
                            f"{fmt.nombre(LIMITE_CARACTERES_SIGNALES)} caractères refusés. "
                            "Corrigez ceux-ci, puis déposez à nouveau le fichier."
                        )
                    ]
                )
        self.problemes.append(_probleme_invisible(caractere, ligne, colonne))

    def terminer(self, lecture: Lecture) -> Lecture:
        """Refuse an empty file or one with refused characters; keep the reading's warnings."""
        if self.erreurs:
            raise FichierRefuse([p for p in self.problemes if p.gravite == "erreur"])
        lecture.avertissements = self.problemes + [
            Probleme(
                f"caractère invisible U+{ord(c):04X} ({SANS_CHASSE[c]}) supprimé encore "
                f"{fmt.compte(n, 'fois', 'fois')}.",
                gravite="avertissement",
            )
            for c, n in sorted(self.supprimes_en_plus.items())
        ]
        if not lecture.colonnes or all(c == "" for c in lecture.colonnes):
            raise _refus("le fichier est vide : aucune ligne d'en-tête.")
        if not lecture.lignes:
            raise _refus("le fichier ne contient que l'en-tête : aucune ligne à importer.")
        return lecture


def _entete(entete: Iterable[object], releve: _Releve) -> list[str]:
    """The column names, cleaned like cells (a header too may hide a character)."""
    colonnes = []
    for position, brut in enumerate(entete, start=1):
        valeur, trouves = _invisibles(str(brut or ""))
        nom = _normaliser_entete(valeur)
        for caractere in trouves:
            releve.signaler(caractere, 1, nom or f"n° {position}")
        colonnes.append(nom)
    return colonnes


def _nettoyer(
    numero: int, colonnes: list[str], cellules: Iterable[object], releve: _Releve
) -> list[object]:
    """The cells of a row without invisible characters, each one found a problem of its cell."""
    cellules = list(cellules)
    # one check for the whole row first: most rows have nothing to change, and a call per cell
    # tripled the reading time of a 5 MB file (the cells of an NFC text are NFC themselves)
    joint = "".join(c for c in cellules if isinstance(c, str))
    if joint.replace("\u00a0", "").replace("\u202f", "").isprintable() and (
        joint.isascii() or unicodedata.is_normalized("NFC", joint)
    ):
        return cellules
    propres = []
    for position, (colonne, cellule) in enumerate(zip(colonnes, cellules, strict=False), start=1):
        if isinstance(cellule, str):
            cellule, trouves = _invisibles(cellule)
            for caractere in trouves:
                releve.signaler(caractere, numero, colonne or f"n° {position}")
        propres.append(cellule)
    return propres


def _lire_csv(contenu: bytes, nom: str, empreinte: str) -> Lecture:
    texte, encodage = _decoder(contenu)
    if not texte.strip():
        raise _refus("le fichier est vide.")
    premiere = texte.splitlines()[0] if texte.splitlines() else ""
    separateur = _separateur(premiere)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    try:
        entete = next(lecteur)
    except StopIteration:
        raise _refus("le fichier est vide.") from None
    except csv.Error as erreur:
        raise _erreur_csv(erreur, 1) from None
    _verifier_colonnes(entete)
    for cellule in entete:
        _verifier_cellule(cellule, 1, "")
    releve = _Releve()
    colonnes = _entete(entete, releve)
    lecture = Lecture(nom, empreinte, colonnes, [], "csv", encodage, separateur)
    try:
        for numero, cellules in enumerate(lecteur, start=2):
            if not any(c.strip() for c in cellules):
                continue
            if len(lecture.lignes) >= LIMITE_LIGNES:
                raise _refus(f"plus de {LIMITE_LIGNES} lignes : découpez le fichier.", numero)
            if len(cellules) > len(colonnes):
                raise _refus(
                    f"{len(cellules)} cellules pour {len(colonnes)} colonnes d'en-tête "
                    f"(séparateur « {separateur} » ; une cellule contient-elle ce caractère "
                    "sans guillemets ?).",
                    numero,
                )
            if max(map(len, cellules)) > LIMITE_CARACTERES_CELLULE:
                for colonne, cellule in zip(colonnes, cellules, strict=False):
                    _verifier_cellule(cellule, numero, colonne)
            cellules = _nettoyer(numero, colonnes, cellules, releve)
            if any(c.strip() for c in cellules):  # not a row of invisible characters only
                lecture.lignes.append((numero, dict(zip(colonnes, cellules, strict=False))))
    except csv.Error as erreur:
        raise _erreur_csv(erreur, lecteur.line_num) from None
    return releve.terminer(lecture)


def _erreur_csv(erreur: csv.Error, ligne: int) -> FichierRefuse:
    # the csv module stops at 131 072 characters per cell, with an English message
    if "field larger than field limit" in str(erreur):
        return _refus(
            f"une cellule dépasse {fmt.nombre(csv.field_size_limit())} caractères : au plus "
            f"{fmt.nombre(LIMITE_CARACTERES_CELLULE)} (la limite d'Excel).",
            ligne,
        )
    return _refus(f"CSV mal formé ({erreur}).", ligne)


def _verifier_zip(contenu: bytes) -> None:
    """Refuse a broken or inflating archive before openpyxl parses anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(contenu))
    except Exception:  # BadZipFile, and NotImplementedError for a mangled version field
        raise _refus("fichier XLSX illisible (archive endommagée).") from None
    with archive:
        noms = archive.namelist()
        if "xl/workbook.xml" not in noms:
            raise _refus("ce n'est pas un classeur XLSX (xl/workbook.xml absent).")
        total = sum(info.file_size for info in archive.infolist())
        compresse = sum(info.compress_size for info in archive.infolist()) or 1
        if total > LIMITE_XLSX_DECOMPRESSE or total / compresse > LIMITE_RATIO_ZIP:
            raise _refus(
                f"classeur XLSX refusé : il se décompresse en {total // (1024 * 1024)} Mo "
                f"(limite {LIMITE_XLSX_DECOMPRESSE // (1024 * 1024)} Mo, taux "
                f"{total // compresse}:1)."
            )


def _cellule_xlsx(valeur: object) -> object:
    if isinstance(valeur, datetime):
        return valeur.date() if valeur.time() == datetime.min.time() else valeur
    if isinstance(valeur, (date, int, float)):
        return valeur
    return "" if valeur is None else str(valeur)


def _lire_xlsx(contenu: bytes, nom: str, empreinte: str) -> Lecture:
    from openpyxl import load_workbook

    _verifier_zip(contenu)
    try:
        # read_only streams rows; data_only=False keeps formulas visible so they can be refused
        classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=False)
    except Exception as erreur:  # openpyxl raises many types for a corrupt file
        raise _refus(f"fichier XLSX illisible ({type(erreur).__name__}).") from None
    try:
        if not classeur.worksheets:
            raise _refus("le classeur n'a aucune feuille.")
        feuille = classeur.worksheets[0]
        # the size a sheet declares may be wrong (rows beyond it were silently dropped): ignore it
        feuille.reset_dimensions()
        entete = next(feuille.iter_rows(min_row=1, max_row=1, values_only=True), None)
        releve = _Releve()
        colonnes = _entete(entete or (), releve)
        while colonnes and colonnes[-1] == "":
            colonnes.pop()
        if not colonnes:
            raise _refus("le classeur est vide : aucune ligne d'en-tête.")
        _verifier_colonnes(colonnes)
        for colonne in entete:
            _verifier_cellule(colonne, 1, "")
        lecture = Lecture(nom, empreinte, colonnes, [], "xlsx")
        # max_col: a cell far to the right (XFD) must not widen every row to 16 384 cells
        lignes = feuille.iter_rows(min_row=2, max_col=len(colonnes), values_only=True)
        for numero, cellules in enumerate(lignes, start=2):
            if numero > LIMITE_LIGNES_XLSX_PARCOURUES:
                raise _refus(
                    f"la feuille s'étend au-delà de {LIMITE_LIGNES_XLSX_PARCOURUES} lignes "
                    "(vides comprises) : copiez les données dans un nouveau classeur.",
                    numero,
                )
            valeurs = [_cellule_xlsx(v) for v in cellules[: len(colonnes)]]
            if not any(str(v).strip() for v in valeurs):
                continue
            for colonne, valeur in zip(colonnes, valeurs, strict=False):
                _verifier_cellule(valeur, numero, colonne)
            if len(lecture.lignes) >= LIMITE_LIGNES:
                raise _refus(f"plus de {LIMITE_LIGNES} lignes : découpez le fichier.", numero)
            valeurs = _nettoyer(numero, colonnes, valeurs, releve)
            if any(str(v).strip() for v in valeurs):  # not a row of invisible characters only
                lecture.lignes.append((numero, dict(zip(colonnes, valeurs, strict=False))))
    except FichierRefuse:
        raise
    except Exception as erreur:  # rows are parsed lazily: a corrupt sheet fails only here
        raise _refus(f"fichier XLSX illisible ({type(erreur).__name__}).") from None
    finally:
        classeur.close()
    return releve.terminer(lecture)


def lire(contenu: bytes, nom_fichier: str) -> Lecture:
    """Read an import file (CSV in UTF-8 or cp1252, « ; », « , » or tab; or XLSX)."""
    if not contenu:
        raise _refus("le fichier est vide.")
    if len(contenu) > LIMITE_OCTETS:
        raise _refus(
            f"fichier de {len(contenu) // 1024} Ko : la limite est de "
            f"{LIMITE_OCTETS // (1024 * 1024)} Mo. Découpez-le."
        )
    empreinte = hashlib.sha256(contenu).hexdigest()
    if contenu.startswith(b"PK\x03\x04") or nom_fichier.lower().endswith((".xlsx", ".xlsm")):
        return _lire_xlsx(contenu, nom_fichier, empreinte)
    return _lire_csv(contenu, nom_fichier, empreinte)
