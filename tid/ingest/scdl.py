"""SCDL « subventions » files (French grant open data): their columns, version, import options."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Every column of the SCDL « subventions » schema, 1.1 to 2.1.1 (multifinanceur: 2.1.0 only),
# by the lower-cased name the reader gives it -> the schema's own spelling, used in messages.
COLONNES_SCDL = {
    nom.lower(): nom
    for nom in (
        "nomAttribuant",
        "idAttribuant",
        "dateConvention",
        "referenceDecision",
        "nomBeneficiaire",
        "idBeneficiaire",
        "rnaBeneficiaire",
        "objet",
        "montant",
        "nature",
        "conditionsVersement",
        "datesPeriodeVersement",
        "idRAE",
        "notificationUE",
        "pourcentageSubvention",
        "dispositifAide",
        "multifinanceur",
    )
}
# What the import reads: without these a row cannot become ledger events for a laureate.
# idBeneficiaire is optional in 2.x, but without the column no row can be matched at all.
REQUISES_SCDL = (
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "nomBeneficiaire",
    "montant",
    "pourcentageSubvention",
    "idBeneficiaire",
)
# Columns 2.x added to 1.1's fourteen: one of them in the header says « 2.x ».
_COLONNES_2X = {"rnabeneficiaire", "dispositifaide", "multifinanceur"}
# Names no file of ours uses (« montant », « objet », « nature » are too common to tell).
_PROPRES_AU_SCDL = set(COLONNES_SCDL) - {"montant", "objet", "nature"}
# A header with this many SCDL-only names is a SCDL file, even with a required column missing
# (then refused, that column named), never read as a ledger file because it has « nature ».
SEUIL_DETECTION = 3
PROGRAMMES_PAR_DEFAUT = ("TID", "DIAT")


def version_scdl(entetes: list[str]) -> str | None:
    """« 2.x » or « 1.1 » for a SCDL header (lower-cased names), None for any other file."""
    noms = set(entetes)
    if "projet_id" in noms or len(noms & _PROPRES_AU_SCDL) < SEUIL_DETECTION:
        return None
    return "2.x" if noms & _COLONNES_2X else "1.1"


@dataclass(frozen=True)
class OptionsImport:
    """What an import needs that a SCDL file cannot say: the programme its rows concern, and
    the public address it is published at (every ledger row cites a public source)."""

    programme_id: str | None = None
    source_url: str | None = None


def adresse_publique(adresse: str | None) -> bool:
    """One http(s) address with a host and no space: what a ledger row's source may cite."""
    if not adresse or re.search(r"\s", adresse):
        return False
    morceaux = urlsplit(adresse)
    return morceaux.scheme in ("http", "https") and bool(morceaux.netloc)


def problemes_options(options: OptionsImport | None, programmes: dict[str, str]) -> list[str]:
    """Why the options cannot import a SCDL file (French sentences), empty when they can."""
    options = options or OptionsImport()
    problemes = []
    connus = ", ".join(programmes) or ", ".join(PROGRAMMES_PAR_DEFAUT)
    if not options.programme_id:
        problemes.append(
            f"fichier SCDL « subventions » : choisissez le programme que ses lignes concernent "
            f"({connus})."
        )
    elif options.programme_id not in programmes:
        problemes.append(f"programme inconnu « {options.programme_id} » (attendu : {connus}).")
    if not options.source_url:
        problemes.append(
            "fichier SCDL « subventions » : donnez l'adresse publique où il est publié "
            "(chaque mouvement du registre cite sa source)."
        )
    elif not adresse_publique(options.source_url):
        problemes.append(
            f"adresse de publication « {options.source_url} » refusée : une seule adresse "
            "http:// ou https://, sans espace."
        )
    return problemes
