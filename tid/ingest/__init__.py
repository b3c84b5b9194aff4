"""Import: read a file, check it against the base, preview, apply in one transaction, revert."""

from tid.ingest.annulation import annuler
from tid.ingest.apercu import planifier, preparer
from tid.ingest.application import AVERTISSEMENTS_NOUVEAUX, appliquer
from tid.ingest.colonnes import (
    AIDE_COLONNES,
    COLONNES_IMPORT_MOUVEMENTS,
    COLONNES_IMPORT_PROJETS,
    REQUISES_MOUVEMENT,
    REQUISES_PROJET,
)
from tid.ingest.fichier import LIMITE_LIGNES, LIMITE_OCTETS, Lecture, lire
from tid.ingest.plan import Plan, bilan_scdl, compter_lignes, genre_du_fichier, resume
from tid.ingest.problemes import FichierRefuse, ImportRefuse, Probleme, extrait
from tid.ingest.scdl import OptionsImport, adresse_publique

__all__ = [
    "AIDE_COLONNES",
    "AVERTISSEMENTS_NOUVEAUX",
    "COLONNES_IMPORT_MOUVEMENTS",
    "COLONNES_IMPORT_PROJETS",
    "LIMITE_LIGNES",
    "LIMITE_OCTETS",
    "REQUISES_MOUVEMENT",
    "REQUISES_PROJET",
    "FichierRefuse",
    "ImportRefuse",
    "Lecture",
    "OptionsImport",
    "Plan",
    "Probleme",
    "adresse_publique",
    "annuler",
    "appliquer",
    "bilan_scdl",
    "compter_lignes",
    "extrait",
    "genre_du_fichier",
    "lire",
    "planifier",
    "preparer",
    "resume",
]
