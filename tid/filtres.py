"""The shared sidebar filters: one name from URL to SQL (R4), pure helpers with no st.* call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Filtre:
    """A shared filter: key (widget = URL = SQL parameter), label, and the filter it nests in."""

    cle: str
    libelle: str
    tous: str
    parent: str | None = None


FILTRES = (
    Filtre("programme", "Programme", "TID et DIAT"),
    Filtre("vague", "Vague", "Toutes les vagues", parent="programme"),
    Filtre("region", "Région", "Toutes les régions"),
    Filtre("departement", "Département", "Tous les départements", parent="region"),
    Filtre("type_territoire", "Type de territoire", "Tous les types de territoire"),
    Filtre("type_porteur", "Type de porteur", "Tous les types de porteur"),
    Filtre("axe", "Axe", "Tous les axes"),
    Filtre("theme", "Thème", "Tous les thèmes"),
)
CLES = tuple(f.cle for f in FILTRES)
PAR_CLE = {f.cle: f for f in FILTRES}


def aucun() -> dict[str, list[str]]:
    """All filters off: every key bound to an empty list, which the SQL reads as "all"."""
    return {cle: [] for cle in CLES}


def normaliser(valeurs: Mapping[str, object]) -> dict[str, list[str]]:
    """Every filter as a list of codes, whatever the source (widget state, URL, CLI)."""
    filtres = aucun()
    for cle in CLES:
        valeur = valeurs.get(cle)
        if valeur is None or valeur == "":
            continue
        liste = [valeur] if isinstance(valeur, str) else list(valeur)
        filtres[cle] = [str(v) for v in liste if v not in (None, "")]
    return filtres


def elaguer(selection: list[str], valides: set[str]) -> list[str]:
    """Keep the selected codes that are still options, in order and without duplicates."""
    return list(dict.fromkeys(code for code in selection if code in valides))


def actifs(filtres: Mapping[str, list[str]]) -> list[str]:
    """The keys of the filters that restrict something."""
    return [cle for cle in CLES if filtres.get(cle)]


def territoriaux_actifs(filtres: Mapping[str, list[str]]) -> bool:
    """True when a filter other than programme/vague is on: the envelope is then not split."""
    return any(filtres.get(cle) for cle in CLES if cle not in ("programme", "vague"))


def description(filtres: Mapping[str, list[str]], libelles: Mapping[tuple[str, str], str]) -> str:
    """« Région : Bretagne, Corse ; Axe : … » or « aucun filtre », for captions and exports."""
    morceaux = []
    for cle in actifs(filtres):
        noms = [libelles.get((cle, code), code) for code in filtres[cle]]
        morceaux.append(f"{PAR_CLE[cle].libelle} : {', '.join(noms)}")
    return " ; ".join(morceaux) if morceaux else "aucun filtre"


# « Situation au … » (data/README.md): not a code filter but a date, kept apart from FILTRES;
# same name from URL to SQL (`?au=2024-06-30` → $au).
AU = "au"


def date_iso(texte: object) -> dt.date | None:
    """A `YYYY-MM-DD` date from a URL or the command line; None when empty or unreadable."""
    if isinstance(texte, dt.date):
        return texte
    try:
        return dt.date.fromisoformat(str(texte).strip()) if texte else None
    except ValueError:
        return None
