"""The « Lisez-moi » sheet of an XLSX extract: scope, filters, link, dates, definitions, sources."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode

from tid import vocabulaire
from tid.exports.cellules import neutraliser
from tid.filtres import AU, CLES, dans_url, date_iso

URL_ENV_VAR = "TID_URL_PUBLIQUE"
URL_PAR_DEFAUT = "http://127.0.0.1:8501"


@dataclass
class Provenance:
    """What the « Lisez-moi » sheet says about an extract: scope, date, sources, link."""

    titre: str
    filtres: Mapping[str, list[str]]
    description_filtres: str
    date_donnees: str
    page: str
    recherche: str | None = None
    sources: Sequence[str] = field(default_factory=tuple)


def permalien(page: str, filtres: Mapping[str, list[str]], recherche: str | None = None) -> str:
    """The link that reopens the same view (public base URL from $TID_URL_PUBLIQUE)."""
    base = os.environ.get(URL_ENV_VAR, URL_PAR_DEFAUT).rstrip("/")
    # the programme always written (`tous` for both): a link without it would read as TID
    url = dans_url({cle: filtres.get(cle, []) for cle in CLES})
    paires = [(cle, code) for cle, codes in url.items() for code in codes]
    if filtres.get(AU):  # « Situation au »: the extract holds that day's rows
        paires.append((AU, date_iso(filtres[AU]).isoformat()))
    if recherche:
        paires.append(("recherche", recherche))
    requete = urlencode(paires)
    return f"{base}/{page}" + (f"?{requete}" if requete else "")


def lignes(provenance: Provenance, nb_lignes: int, moment: datetime) -> list[tuple[str, object]]:
    """The rows (key, value), in French; definitions and licence come from data/README.md."""
    colonne_sources = vocabulaire.LIBELLES["source_url"]
    return [
        ("Extrait", provenance.titre),
        ("Lignes", nb_lignes),
        ("Filtres actifs", provenance.description_filtres),
        ("Recherche", provenance.recherche or "aucune"),
        (
            "Lien vers la même vue",
            permalien(provenance.page, provenance.filtres, provenance.recherche),
        ),
        ("Date des données", provenance.date_donnees),
        ("Date de l'extraction", moment.strftime("%d/%m/%Y %H:%M")),
        ("", ""),
        ("Définitions", ""),
        *((terme, vocabulaire.definition(terme)) for terme in vocabulaire.TERMES_LISEZ_MOI),
        ("", ""),
        (
            "Sources",
            f"chaque ligne de la feuille « Données » cite ses sources (colonne {colonne_sources}).",
        ),
        *(("", neutraliser(source)) for source in provenance.sources),
        ("Licence", vocabulaire.licence_extraits()),
    ]
