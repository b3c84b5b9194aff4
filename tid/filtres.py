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

# The product's first question is the 30 M€ of TID: the scope of a page opened without a
# programme, of the CLI without --programme. « TID et DIAT » is the explicit code `tous`.
PROGRAMME_DEFAUT = "TID"
TOUS_PROGRAMMES = "tous"
# Parameters born with issue 13: a link holding only these was not written before TID became
# the default, so it does not make a link « ancien » (see programme_du_lien).
PARAMETRES_RECENTS = frozenset({"au", "depuis", "explique"})


def aucun() -> dict[str, list[str]]:
    """All filters off: every key bound to an empty list, which the SQL reads as "all"."""
    return {cle: [] for cle in CLES}


def par_defaut() -> dict[str, list[str]]:
    """The scope of a page opened without parameters: TID, nothing else restricted."""
    return {**aucun(), "programme": [PROGRAMME_DEFAUT]}


def normaliser(valeurs: Mapping[str, object]) -> dict[str, list[str]]:
    """Every filter as a list of codes, whatever the source (widget state, URL, CLI);
    the programme code `tous` becomes the empty list the SQL reads as "all"."""
    filtres = aucun()
    for cle in CLES:
        valeur = valeurs.get(cle)
        if valeur is None or valeur == "":
            continue
        liste = [valeur] if isinstance(valeur, str) else list(valeur)
        codes = [str(v) for v in liste if v not in (None, "")]
        if cle != "programme" or TOUS_PROGRAMMES not in codes:
            filtres[cle] = codes
    return filtres


def programme_du_lien(parametres: Mapping[str, object]) -> str:
    """The programme a link asks for. Without `programme`, a bare link means the default (TID);
    a link carrying other parameters was written before TID became the default, when leaving
    the programme out meant both, so it keeps that meaning (`tous`). The app now always writes
    the programme in the URL, so a link it makes is never read as an old one."""
    demande = parametres.get("programme")
    if demande:
        return str(demande)
    anciens = [cle for cle in parametres if cle not in PARAMETRES_RECENTS]
    return TOUS_PROGRAMMES if anciens else PROGRAMME_DEFAUT


def dans_url(filtres: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The URL parameters of a scope: the programme always written (`tous` for both),
    the other filters only when they restrict something."""
    parametres = {cle: list(codes) for cle, codes in filtres.items() if codes}
    return {"programme": filtres.get("programme") or [TOUS_PROGRAMMES], **parametres}


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
    """« Programme : TID et DIAT ; Région : Bretagne, Corse ; … », for captions and exports:
    the programme is always named, since a page without one is no longer « everything »."""
    morceaux = [] if filtres.get("programme") else [f"Programme : {PAR_CLE['programme'].tous}"]
    for cle in actifs(filtres):
        noms = [libelles.get((cle, code), code) for code in filtres[cle]]
        morceaux.append(f"{PAR_CLE[cle].libelle} : {', '.join(noms)}")
    return " ; ".join(morceaux)


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
