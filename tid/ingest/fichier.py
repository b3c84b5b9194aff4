"""Read an uploaded import file (CSV or XLSX) into rows of text, safely: size, row, zip caps."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from tid import fmt
from tid.ingest.caracteres import Releve, nettoyer, nettoyer_ligne
from tid.ingest.problemes import FichierRefuse, Probleme

LIMITE_OCTETS = 5 * 1024 * 1024
LIMITE_LIGNES = 20_000
# Our widest file (an export of projects) has 26 columns: 200 leaves room for a maintainer's own
# notes, and a header of 100 000 names is refused at once instead of yielding 100 000 problems.
LIMITE_COLONNES = 200
# Excel's own limit: a longer cell cannot come from a spreadsheet.
LIMITE_CARACTERES_CELLULE = 32_767
# The csv module's own default cap per field: a longer one stops the reading at once (refused
# in French), before a 5 MB cell is held in memory as a row.
LIMITE_CHAMP_CSV = 131_072
# An XLSX is a zip: refuse one that inflates beyond this or by an absurd ratio (zip bomb).
LIMITE_XLSX_DECOMPRESSE = 60 * 1024 * 1024
LIMITE_RATIO_ZIP = 200
# A sheet may number its rows freely (r="99999999"): openpyxl yields every missing row as an
# empty one, so the rows walked through, empty or not, are capped too.
LIMITE_LIGNES_XLSX_PARCOURUES = 10 * LIMITE_LIGNES
SEPARATEURS = (";", ",", "\t")


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


def _terminer(releve: Releve, lecture: Lecture) -> Lecture:
    """Refuse an empty file or one with refused characters; keep the reading's warnings."""
    lecture.avertissements = releve.bilan()
    if not lecture.colonnes or all(c == "" for c in lecture.colonnes):
        raise _refus("le fichier est vide : aucune ligne d'en-tête.")
    if not lecture.lignes:
        raise _refus("le fichier ne contient que l'en-tête : aucune ligne à importer.")
    return lecture


def _entete(entete: Iterable[object], releve: Releve) -> list[str]:
    """The column names, cleaned like cells (a header too may hide a character)."""
    colonnes = []
    for position, brut in enumerate(entete, start=1):
        valeur, trouves = nettoyer(str(brut or ""))
        nom = _normaliser_entete(valeur)
        for caractere in trouves:
            releve.signaler(caractere, 1, nom or f"n° {position}")
        colonnes.append(nom)
    return colonnes


def _lire_csv(contenu: bytes, nom: str, empreinte: str) -> Lecture:
    texte, encodage = _decoder(contenu)
    if not texte.strip():
        raise _refus("le fichier est vide.")
    premiere = texte.splitlines()[0] if texte.splitlines() else ""
    separateur = _separateur(premiere)
    # the limit is process-wide and other libraries raise it (frictionless, on import): set ours
    csv.field_size_limit(LIMITE_CHAMP_CSV)
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
    releve = Releve()
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
            cellules = nettoyer_ligne(numero, colonnes, [_texte_excel(c) for c in cellules], releve)
            if any(c.strip() for c in cellules):  # not a row of invisible characters only
                lecture.lignes.append((numero, dict(zip(colonnes, cellules, strict=False))))
    except csv.Error as erreur:
        raise _erreur_csv(erreur, lecteur.line_num) from None
    return _terminer(releve, lecture)


def _texte_excel(cellule: str) -> str:
    """« ="01" », how our CSV keeps a code's leading zero in Excel, read back as « 01 »."""
    if cellule.startswith('="') and cellule.endswith('"') and '"' not in cellule[2:-1]:
        return cellule[2:-1]
    return cellule


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
        releve = Releve()
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
            valeurs = nettoyer_ligne(numero, colonnes, valeurs, releve)
            if any(str(v).strip() for v in valeurs):  # not a row of invisible characters only
                lecture.lignes.append((numero, dict(zip(colonnes, valeurs, strict=False))))
    except FichierRefuse:
        raise
    except Exception as erreur:  # rows are parsed lazily: a corrupt sheet fails only here
        raise _refus(f"fichier XLSX illisible ({type(erreur).__name__}).") from None
    finally:
        classeur.close()
    return _terminer(releve, lecture)


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
