"""The words of the app written once (R14): a French label per column code, the glossary of
data/README.md, the KPI help texts built from it, the licence and attribution lines; pure."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from tid import documentation

# One label per column code, whatever the page, table, chart or file (issue 12: a column was
# shown under three labels). Money columns carry no unit: values are formatted in euros on
# screen, and files add « (€) » (tid.entetes). Context columns (`libelle`, `nom`) are named by
# their page: they mean a wave, an axis or a region depending on the query.
LIBELLES: dict[str, str] = {
    # projects
    "projet_id": "Identifiant du projet",
    "nom_projet": "Projet",
    "projet_libelle": "Projet",
    "programme_id": "Programme",
    "vague_id": "Vague",
    "vague_libelle": "Vague",
    "porteur": "Porteur",
    "type_porteur": "Type de porteur",
    "siren_porteur": "SIREN du porteur",
    "type_territoire": "Type de territoire",
    "type_territoire_libelle": "Type de territoire",
    "commune_siege": "Commune siège",
    "code_commune_siege": "Code commune (INSEE)",
    "departement_code": "Code département",
    "departement": "Département",
    "departement_nom": "Département",
    "departement_libelle": "Département",
    "region_code": "Code région",
    "region": "Région",
    "region_nom": "Région",
    "region_libelle": "Région",
    "axe": "Axe",
    "axe_libelle": "Axe",
    "themes": "Thèmes",
    "theme_libelle": "Thème",
    "partenaires": "Partenaires",
    "date_annonce": "Date d'annonce",
    "date_convention": "Date de convention",
    "statut": "Statut",
    "statut_libelle": "Dans les totaux",
    "source_url": "Sources",
    "notes": "Notes",
    "population": "Population",
    "annee_population": "Année de la population",
    # amounts (glossary words: attribué ≠ conventionné ≠ versé)
    "enveloppe_eur": "Enveloppe",
    "niveau_enveloppe": "Enveloppe de",
    "enveloppe_libelle": "Programme ou vague",
    "montant_attribue_eur": "Attribué publié",
    "montant_conventionne_eur": "Conventionné publié",
    "montant_verse_eur": "Versé publié",
    "cout_total_eur": "Coût total publié",
    "reste_a_attribuer_max_eur": "Reste à attribuer (au plus)",
    "effet_levier": "Effet de levier",
    "montant_par_habitant_eur": "€ par habitant",
    "montant_attribue_apres_eur": "Attribué publié après l'import",
    "montant_conventionne_apres_eur": "Conventionné publié après l'import",
    "montant_verse_apres_eur": "Versé publié après l'import",
    "montant_jour_eur": "Attribué ce jour",
    "montant_cumule_eur": "Cumul",
    # counts
    "nb_projets": "Lauréats",
    "nb_projets_attribution_publiee": "Lauréats avec montant publié",
    "nb_projets_conventionnes": "Conventions signées connues",
    "nb_candidatures": "Candidatures",
    "taux_selection_pct": "Taux de sélection",
    # waves
    "date_ouverture": "Ouverture",
    "date_cloture_annoncee": "Clôture annoncée",
    "date_cloture_effective": "Clôture effective",
    "date_resultats": "Résultats publiés",
    "date_premiere_convention": "Première convention connue",
    "date_derniere_convention": "Dernière convention connue",
    # ledger of financial movements
    "mouvement_id": "N° de mouvement",
    "nature": "Nature",
    "date_mouvement": "Date",
    "montant_eur": "Montant publié",
    "montant_signe_eur": "Montant compté dans les totaux",
    "annule_mouvement_id": "Annule le mouvement n°",
    "nb_mouvements": "Mouvements",
    # published totals (reconciliation)
    "montant_publie_eur": "Montant publié",
    "nb_projets_annonces": "Projets annoncés",
    "date_publication": "Publié le",
    "nb_projets_base": "Lauréats de ces vagues dans la base",
    "nb_projets_montant_publie": "Lauréats avec montant publié",
    "total_publie_libelle": "Total publié",
    "somme_projets_eur": "Somme des montants publiés par projet",
    # import batches
    "import_id": "Lot d'import",
    "horodatage_import": "Date et heure",
    "nom_fichier": "Fichier",
    "sha256_court": "Empreinte SHA-256 (début)",
    "nb_lignes": "Lignes de données",
    "auteur": "Auteur",
    "message": "Message",
    "colonne": "Champ",
    "avant": "Avant",
    "apres": "Après",
}

# The glossary terms behind each KPI tile's help, read in this order (dashboard.py).
AIDES: dict[str, tuple[str, ...]] = {
    "enveloppe_eur": ("Enveloppe",),
    "montant_attribue_eur": ("Attribué", "Non publié"),
    "montant_conventionne_eur": ("Conventionné", "Non publié"),
    "montant_verse_eur": ("Versé", "Non publié"),
    "reste_a_attribuer_max_eur": ("Reste à attribuer", "Enveloppe"),
    "nb_projets": ("Lauréat",),
    "couverture": ("Couverture",),
    "effet_levier": ("Effet de levier",),
}

# The definitions an extract's « Lisez-moi » sheet carries: the words of its columns.
TERMES_LISEZ_MOI = ("Attribué", "Conventionné", "Versé", "Non publié", "Couverture")

_LICENCE_EXTRAITS = "Licence des extraits :"
_ATTRIBUTION_CARTE = "Attribution affichée sous chaque carte :"
_ATTRIBUTION_GEOGRAPHIQUE = "Attribution à afficher pour les données géographiques :"


def libelles(*codes: str) -> dict[str, str]:
    """{code: label} in the order given, for a table or a file; a typo raises KeyError."""
    return {code: LIBELLES[code] for code in codes}


def glossaire() -> dict[str, str]:
    """{term: definition} of data/README.md's « Glossaire », as plain text (read once)."""
    return _glossaire(documentation.README_DONNEES)


def definition(terme: str) -> str:
    """The definition of a glossary term; KeyError when data/README.md lacks it."""
    return glossaire()[terme]


def aide(cle: str) -> str:
    """A KPI's help text: its glossary entries, « **Terme** : définition », one per paragraph."""
    return "\n\n".join(f"**{terme}** : {definition(terme)}" for terme in AIDES[cle])


def licence_extraits() -> str:
    """What an extract says of its licence, from data/README.md."""
    return _paragraphe(documentation.README_DONNEES, _LICENCE_EXTRAITS)


def attribution_geographique() -> str:
    """The attribution the Licence Ouverte asks for the INSEE / IGN data, from data/README.md."""
    return brut(_paragraphe(documentation.README_DONNEES, _ATTRIBUTION_GEOGRAPHIQUE)).strip("*")


def attribution_carte() -> str:
    """The attribution the Licence Ouverte asks under each map, from data/geo/README.md."""
    return _paragraphe(documentation.README_GEO, _ATTRIBUTION_CARTE)


def date_extraction():
    """The day the seed's sources were read, from data/README.md (« Extraction »), or None."""
    return _date_extraction(documentation.README_DONNEES)


@cache
def _date_extraction(chemin: Path):
    return documentation.date_extraction(chemin.read_text(encoding="utf-8"))


def brut(cellule: str) -> str:
    """A Markdown cell as plain text (a spreadsheet shows no Markdown): bold dropped, `code` in
    French quotes."""
    return re.sub(r"`([^`]+)`", r"« \1 »", cellule.replace("**", "")).strip()


@cache
def _glossaire(chemin: Path) -> dict[str, str]:
    texte = chemin.read_text(encoding="utf-8")
    table = documentation.tableau(documentation.section(texte, "Glossaire"))
    return {brut(terme): brut(sens) for terme, sens in documentation.cellules_tableau(table)}


@cache
def _paragraphe(chemin: Path, debut: str) -> str:
    texte = chemin.read_text(encoding="utf-8")
    # a quoted paragraph (« > ») reads as its text
    return documentation.paragraphe(re.sub(r"(?m)^> ?", "", texte), debut)


def __getattr__(nom: str) -> dict[str, str]:
    # GLOSSAIRE reads data/README.md on first use, never at import time (R12)
    if nom == "GLOSSAIRE":
        return glossaire()
    raise AttributeError(nom)
