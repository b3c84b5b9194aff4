"""The problems of an import file, one French sentence each, capped reports, and the refusals."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from tid import fmt
from tid.texte_brut import invisibles

# A report shows this many problems, then one sentence counting the others by kind: 20 000 bad
# rows must stay readable in the page and the terminal.
LIMITE_PROBLEMES_AFFICHES = 50
# A quoted cell value is cut to this many characters, and a whole message to LIMITE_MESSAGE (the
# list of valid columns runs to about 450): a 10 MB cell must not make a 10 MB message.
LIMITE_CITATION = 40
LIMITE_MESSAGE = 600
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


def affichable(texte: str) -> str:
    """The text with its control and invisible characters written « <U+202E> »: safe to print."""
    if texte.isprintable():
        return texte
    return texte.translate({ord(c): f"<U+{ord(c):04X}>" for c in invisibles(texte)})


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


class ImportRefuse(Exception):
    """Nothing was written: the errors (or unaccepted warnings) say why."""

    def __init__(self, problemes: list[Probleme]):
        # the message is capped like every report (extrait): 20 000 problems stay short
        super().__init__("\n".join(extrait(problemes).lignes()))
        self.problemes = problemes
