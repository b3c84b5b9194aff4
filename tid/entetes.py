"""The French headers of the exported files: exports writes them, the import reads them back."""

from __future__ import annotations

from tid.vocabulaire import LIBELLES


def entetes(*codes: str, **propres: str) -> dict[str, str]:
    """{code: header} in the file's order: the column's label, « (€) » after money (R6); a
    header of `propres` replaces the label where a file must keep its own."""
    return {
        code: propres.get(code) or LIBELLES[code] + (" (€)" if code.endswith("_eur") else "")
        for code in codes
    }


# Below both exports and tid.ingest, which accepts an extract back (round trip): a header once
# written in a file stays, or an earlier extract would no longer import.
ENTETES_EXPORT_PROJETS = entetes(
    "projet_id",
    "programme_id",
    "vague_id",
    "nom_projet",
    "porteur",
    "type_porteur",
    "type_territoire",
    "siren_porteur",
    "commune_siege",
    "code_commune_siege",
    "departement_code",
    "departement",
    "region_code",
    "region",
    "axe",
    "themes",
    "partenaires",
    "date_annonce",
    "montant_attribue_eur",
    "montant_conventionne_eur",
    "montant_verse_eur",
    "cout_total_eur",
    "date_convention",
    "statut",
    "source_url",
    "notes",
    # one project per row: its identifier needs no « du projet » (the header of every extract)
    projet_id="Identifiant",
)
ENTETES_EXPORT_MOUVEMENTS = entetes(
    "mouvement_id",
    "projet_id",
    "programme_id",
    "vague_id",
    "porteur",
    "region_code",
    "nature",
    "date_mouvement",
    "montant_eur",
    "montant_signe_eur",
    "annule_mouvement_id",
    "import_id",
    "source_url",
    "notes",
)
