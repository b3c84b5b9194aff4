"""Recurring French sentences, written once: pages, exports and the CLI read them from here."""

from tid.textes.communs import (
    AUCUN_LAUREAT,
    AUCUN_TOTAL_PUBLIE,
    NON_PUBLIE_JAMAIS_ZERO,
    STATUTS_IMPORT,
    dates_des_donnees,
    rapprochement,
    statuts_lisibles,
)

__all__ = [
    "AUCUN_LAUREAT",
    "AUCUN_TOTAL_PUBLIE",
    "NON_PUBLIE_JAMAIS_ZERO",
    "STATUTS_IMPORT",
    "dates_des_donnees",
    "rapprochement",
    "statuts_lisibles",
]
