"""The columns of the import files: what each holds, which are required, how headers are read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tid.entetes import ENTETES_EXPORT_MOUVEMENTS, ENTETES_EXPORT_PROJETS
from tid.ingest.problemes import FichierRefuse, Probleme
from tid.ingest.scdl import COLONNES_SCDL, REQUISES_SCDL, version_scdl

if TYPE_CHECKING:
    from tid.ingest.fichier import Lecture

# Column of a projects file -> kind of value. A new project needs the REQUISES ones; a known
# project may give only the columns it corrects (an absent column keeps the stored value, an
# empty cell means « non publié »).
COLONNES_IMPORT_PROJETS = {
    "projet_id": "identifiant",
    "programme_id": "code:programme",
    "vague_id": "code:vague",
    "nom_projet": "texte",
    "porteur": "texte",
    "type_porteur": "code:type_porteur",
    "type_territoire": "code:type_territoire",
    "siren_porteur": "siren",
    "nature_juridique_porteur": "texte",
    "commune_siege": "texte",
    "code_commune_siege": "commune",
    "departement_code": "code:departement",
    "region_code": "code:region",
    "axe_code": "code:axe",
    "description": "texte",
    "partenaires": "texte",
    "date_annonce": "date",
    "cout_total_eur": "montant",
    "latitude": "latitude",
    "longitude": "longitude",
    "population_perimetre": "entier",
    "annee_population_perimetre": "entier",
    "perimetre_population": "texte",
    "grille_densite_3": "grille",
    "source_url": "texte",
    "notes": "texte",
    "themes": "themes",
}
REQUISES_PROJET = (
    "projet_id",
    "programme_id",
    "vague_id",
    "porteur",
    "type_porteur",
    "type_territoire",
    "departement_code",
    "region_code",
    "source_url",
    "themes",
)
COLONNES_IMPORT_MOUVEMENTS = {
    "mouvement_id": "entier",
    "projet_id": "identifiant",
    "nature": "nature",
    "date_mouvement": "date",
    "montant_eur": "montant",
    "annule_mouvement_id": "entier",
    "source_url": "texte",
    "notes": "texte",
}
REQUISES_MOUVEMENT = ("projet_id", "nature", "date_mouvement", "montant_eur", "source_url")
# What each column holds, for the « Aide » sheet of the templates and data/README.md.
AIDE_COLONNES = {
    "projet_id": "identifiant stable du projet (ex. tid2-bfc) ; un identifiant connu corrige ce "
    "projet, un nouveau l'ajoute",
    "programme_id": "TID ou DIAT",
    "vague_id": "TID-1, TID-2, DIAT-1, DIAT-2…",
    "type_porteur": "region, departement, metropole, epci, commune, syndicat, gip, "
    "collectivite_outre_mer",
    "type_territoire": "metropole_grand_paris, agglomeration_ville_moyenne, petite_ville_rural, "
    "echelle_departementale_regionale, outre_mer (table de règles de data/README.md)",
    "departement_code": "code INSEE en texte : 01, 2A, 971…",
    "region_code": "code INSEE en texte : 53, 11, 02…",
    "axe_code": "1, 2 ou 3 ; vide si non publié",
    "themes": "1 à 3 codes séparés par « ; » (eau;energie) ; non_publie si inconnu",
    "date_annonce": "JJ/MM/AAAA ou AAAA-MM-JJ",
    "cout_total_eur": "coût total publié, en euros (1 250 000,50 accepté)",
    "source_url": "adresse de la source publique (plusieurs : séparées par des espaces)",
    "nature": "attribution, convention, versement ou annulation",
    "date_mouvement": "JJ/MM/AAAA ou AAAA-MM-JJ ; ni dans le futur, ni avant 2021",
    "montant_eur": "en euros, positif ; vide = non publié (interdit pour un versement)",
    "annule_mouvement_id": "pour corriger : numéro du mouvement que cette ligne annule",
    "mouvement_id": "laisser vide (rempli dans les extraits du registre)",
}

# The headers of our own exports, so an extract can be imported back (round trip).
_EXPORT_PROJETS = {v.lower(): k for k, v in ENTETES_EXPORT_PROJETS.items()}
_EXPORT_MOUVEMENTS = {v.lower(): k for k, v in ENTETES_EXPORT_MOUVEMENTS.items()}
_RENOMMER_EXPORT = {"type_porteur": "type_porteur", "axe": "axe_code", "themes": "themes"}
# Export columns computed from other data: read back, never imported.
_INFORMATIVES = {
    "departement",
    "region",
    "montant_attribue_eur",
    "montant_conventionne_eur",
    "montant_verse_eur",
    "date_convention",
    "statut",
    "programme_id@mouvements",
    "vague_id@mouvements",
    "porteur@mouvements",
    "nom_projet@mouvements",
    "region_code@mouvements",
    "montant_signe_eur",
    "import_id",
}


def colonnes_importees(lecture: Lecture) -> tuple[str, dict[str, str], list[str], list[Probleme]]:
    """(kind of file, file column -> import column, ignored columns, problems)."""
    entetes = lecture.colonnes
    if version_scdl(entetes):
        return "scdl", *_colonnes_scdl(entetes)
    problemes: list[Probleme] = []
    export_mouvements = sum(e in _EXPORT_MOUVEMENTS for e in entetes)
    export_projets = sum(e in _EXPORT_PROJETS for e in entetes)
    if "nature" in entetes or export_mouvements > export_projets:
        genre, schema, export = "mouvements", COLONNES_IMPORT_MOUVEMENTS, _EXPORT_MOUVEMENTS
    elif "projet_id" in entetes or export_projets:
        genre, schema, export = "projets", COLONNES_IMPORT_PROJETS, _EXPORT_PROJETS
    else:
        raise FichierRefuse(
            [
                Probleme(
                    "fichier non reconnu : un fichier de projets a une colonne « projet_id », un "
                    "fichier de mouvements les colonnes « projet_id », « nature », "
                    "« date_mouvement », « montant_eur » (voir les modèles).",
                    1,
                )
            ]
        )
    correspondance: dict[str, str] = {}
    ignorees: list[str] = []
    for entete in entetes:
        if entete == "":
            continue
        colonne = export.get(entete, entete)
        colonne = _RENOMMER_EXPORT.get(colonne, colonne) if genre == "projets" else colonne
        cle_info = f"{colonne}@mouvements" if genre == "mouvements" else colonne
        if cle_info in _INFORMATIVES or colonne in _INFORMATIVES:
            ignorees.append(entete)
        elif colonne in schema:
            if colonne in correspondance.values():
                problemes.append(Probleme(f"colonne en double « {entete} ».", 1, entete))
            correspondance[entete] = colonne
        else:
            problemes.append(
                Probleme(
                    f"colonne inconnue « {entete} » (colonnes possibles : {', '.join(schema)}).",
                    1,
                    entete,
                )
            )
    requises = REQUISES_MOUVEMENT if genre == "mouvements" else ("projet_id",)
    for colonne in requises:
        if colonne not in correspondance.values():
            problemes.append(Probleme(f"colonne obligatoire absente « {colonne} ».", 1, colonne))
    return genre, correspondance, ignorees, problemes


def _colonnes_scdl(entetes: list[str]) -> tuple[dict[str, str], list[str], list[Probleme]]:
    """A SCDL header: each column by its schema name; any SCDL column is read or ignored. A
    column foreign to the schema (publishers add their own) is ignored with a warning naming
    it: the maintainer sees it before applying (a typo loses nothing silently)."""
    correspondance: dict[str, str] = {}
    problemes: list[Probleme] = []
    for entete in entetes:
        if entete == "":
            continue
        colonne = COLONNES_SCDL.get(entete)
        if colonne is None:
            problemes.append(
                Probleme(
                    f"colonne « {entete} » hors du schéma SCDL « subventions » : ignorée "
                    f"(colonnes du schéma : {', '.join(COLONNES_SCDL.values())}).",
                    1,
                    entete,
                    "avertissement",
                )
            )
        elif colonne in correspondance.values():
            problemes.append(Probleme(f"colonne en double « {entete} ».", 1, entete))
        else:
            correspondance[entete] = colonne
    for colonne in REQUISES_SCDL:
        if colonne not in correspondance.values():
            problemes.append(
                Probleme(
                    f"colonne obligatoire absente « {colonne} » (fichier SCDL « subventions »).",
                    1,
                    colonne,
                )
            )
    return correspondance, [], problemes
