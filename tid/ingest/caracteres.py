"""Invisible and control characters of a cell: refused, or removed with a warning, and counted."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from tid import fmt
from tid.ingest.problemes import FichierRefuse, Probleme
from tid.texte_brut import invisibles

# Invisible characters reported one by one at read time: beyond, a refused file stops being
# read and removed ones are counted (5 MB of U+202E cells made 1.3 million problems, 450 MB).
LIMITE_CARACTERES_SIGNALES = 1_000


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


def nettoyer(valeur: str) -> tuple[str, list[str]]:
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


def probleme_invisible(caractere: str, ligne: int, colonne: str | None) -> Probleme:
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


@dataclass
class Releve:
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
        self.problemes.append(probleme_invisible(caractere, ligne, colonne))

    def bilan(self) -> list[Probleme]:
        """The reading's warnings; FichierRefuse if a refused character was found."""
        if self.erreurs:
            raise FichierRefuse([p for p in self.problemes if p.gravite == "erreur"])
        return self.problemes + [
            Probleme(
                f"caractère invisible U+{ord(c):04X} ({SANS_CHASSE[c]}) supprimé encore "
                f"{fmt.compte(n, 'fois', 'fois')}.",
                gravite="avertissement",
            )
            for c, n in sorted(self.supprimes_en_plus.items())
        ]


def nettoyer_ligne(
    numero: int, colonnes: list[str], cellules: Iterable[object], releve: Releve
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
            cellule, trouves = nettoyer(cellule)
            for caractere in trouves:
                releve.signaler(caractere, numero, colonne or f"n° {position}")
        propres.append(cellule)
    return propres
