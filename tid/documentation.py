"""Pieces of data/README.md shown in the app (read at run time, never copied into code); pure."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

# The reference for definitions, territory rules and licences (R14); pages read it when they run.
README_DONNEES = Path(__file__).resolve().parent.parent / "data" / "README.md"
# The map contours' own notice: their licence and the attribution shown under each map.
README_GEO = README_DONNEES.parent / "geo" / "README.md"

_TITRE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CLOTURE = re.compile(r"^\s*(```|~~~)")


class SectionIntrouvable(LookupError):
    """data/README.md no longer has a section or paragraph the app shows."""


def section(texte: str, titre: str) -> str:
    """Body of the first heading whose title starts with `titre`, up to the next heading of the
    same or a higher level (sub-sections included), without the heading line itself."""
    lignes = texte.splitlines()
    debut = niveau = None
    dans_code = False
    for i, ligne in enumerate(lignes):
        if _CLOTURE.match(ligne):
            dans_code = not dans_code
            continue
        titre_trouve = None if dans_code else _TITRE.match(ligne)
        if titre_trouve is None:
            continue
        if debut is None:
            if titre_trouve.group(2).startswith(titre):
                debut, niveau = i + 1, len(titre_trouve.group(1))
        elif len(titre_trouve.group(1)) <= niveau:
            return "\n".join(lignes[debut:i]).strip()
    if debut is None:
        raise SectionIntrouvable(f"section « {titre} » absente")
    return "\n".join(lignes[debut:]).strip()


def paragraphe(texte: str, debut: str) -> str:
    """Rest of the first paragraph (blank-line separated) that starts with `debut`, on one line."""
    for bloc in re.split(r"\n\s*\n", texte):
        ligne = " ".join(morceau.strip() for morceau in bloc.strip().splitlines())
        if ligne.startswith(debut):
            return ligne.removeprefix(debut).strip()
    raise SectionIntrouvable(f"paragraphe « {debut} » absent")


def tableau(texte: str, *, intro: bool = False) -> str:
    """The first markdown table of a text (consecutive lines starting with `|`); with
    `intro=True`, the text before it too (the sentences that say how to read it)."""
    lignes = texte.splitlines()
    debut = fin = None
    for i, ligne in enumerate(lignes):
        if ligne.lstrip().startswith("|"):
            debut = i if debut is None else debut
            fin = i + 1
        elif debut is not None:
            break
    if debut is None:
        raise SectionIntrouvable("aucun tableau")
    return "\n".join(lignes[0 if intro else debut : fin]).strip()


def cellules_tableau(table: str) -> list[list[str]]:
    """Cells of a markdown table's body rows (header and separator dropped), as written."""
    return [ligne.strip().strip("|").split("|") for ligne in table.splitlines()[2:]]


def lignes_tableau(table: str) -> list[list[str]]:
    """Cells of a markdown table's body rows, emphasis removed."""
    return [[re.sub(r"\*\*|`", "", c).strip() for c in ligne] for ligne in cellules_tableau(table)]


_MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_EXTRACTION = re.compile(r"\*\*Extraction\*\*[^\n]*?jusqu'au (1er|\d{1,2}) (\w+) (\d{4})")


def date_extraction(texte: str) -> dt.date | None:
    """The day the seed's sources were last read: « **Extraction** : … jusqu'au 29 novembre
    2026 » in data/README.md; None when the README no longer says it."""
    trouve = _EXTRACTION.search(texte)
    if trouve is None or trouve.group(2) not in _MOIS:
        return None
    jour = 1 if trouve.group(1) == "1er" else int(trouve.group(1))
    return dt.date(int(trouve.group(3)), _MOIS.index(trouve.group(2)) + 1, jour)
