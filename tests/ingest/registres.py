"""Helpers of the ledger tests: a ledger file written row by row, a project's figures after it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tid import db, filtres, ingest

SOURCE_REGISTRE = "https://example.org/essai/registre"
ENTETE = "projet_id;nature;date_mouvement;montant_eur;annule_mouvement_id;source_url"
# data/seed/mouvement.csv: the one published attribution of tid1-grandest, and its convention
GRANDEST_ATTRIBUTION = (1, 2_600_000.0)


# Published payments for the two laureates whose attributed amount and convention date are
# published (tid1-grandest twice: a period, « échelonné »; diat2-lyon once: its date): with
# them both can have a SCDL row (the payment period is required by the schema).
SOURCE_VERSEMENTS_SCDL = "https://example.org/essai/versements-scdl"
VERSEMENTS_SCDL = (
    "projet_id;nature;date_mouvement;montant_eur;source_url\n"
    f"tid1-grandest;versement;2023-09-15;1000000;{SOURCE_VERSEMENTS_SCDL}\n"
    f"tid1-grandest;versement;2024-03-01;500000,50;{SOURCE_VERSEMENTS_SCDL}\n"
    f"diat2-lyon;versement;2025-07-01;400000;{SOURCE_VERSEMENTS_SCDL}\n"
).encode()


def fichier(*lignes: str) -> bytes:
    return ("\n".join([ENTETE, *lignes]) + "\n").encode()


def ligne(projet, nature, jour, montant="", annule="") -> str:
    return f"{projet};{nature};{jour};{montant};{annule};{SOURCE_REGISTRE}"


def apercu(base: Path, contenu: bytes) -> ingest.Plan:
    return ingest.preparer(contenu, "registre.csv", base)


def importer(base: Path, contenu: bytes, acceptes=()) -> int:
    return ingest.appliquer(contenu, "registre.csv", "test", base, acceptes)[0]


def projet(base: Path, projet_id: str) -> pd.Series:
    con = db.connect(base)
    try:
        lignes = db.run(con, "projets", **filtres.aucun(), recherche=projet_id, limite=None)
    finally:
        con.close()
    return lignes.set_index("projet_id").loc[projet_id]


def attribue(base: Path, projet_id: str) -> float | None:
    valeur = projet(base, projet_id)["montant_attribue_eur"]
    return None if pd.isna(valeur) else float(valeur)


def somme_du_registre(base: Path, projet_id: str) -> float:
    """What the ledger export adds up to for a project's attribution stage."""
    con = db.connect(base)
    try:
        registre = db.run(con, "mouvements", **filtres.aucun(), recherche=projet_id, limite=None)
    finally:
        con.close()
    etape = registre[registre["nature"].isin(["attribution", "annulation"])]
    return float(etape["montant_signe_eur"].sum())


def dernier_mouvement(base: Path) -> int:
    con = db.connect(base)
    try:
        return int(con.execute("SELECT max(mouvement_id) FROM mouvement").fetchone()[0])
    finally:
        con.close()


def textes(problemes) -> str:
    return "\n".join(p.texte() for p in problemes)


def correction_grandest() -> bytes:
    """README « Importer des données »: a row cancelling the wrong one (it repeats its date and
    amount), then the right row."""
    numero, montant = GRANDEST_ATTRIBUTION
    return fichier(
        ligne("tid1-grandest", "attribution", "2022-10-25", f"{montant:.0f}", numero),
        ligne("tid1-grandest", "attribution", "2022-10-25", "2500000"),
    )


def _avertissements(base: Path, contenu: bytes, nom: str = "projets.csv") -> list[str]:
    return [p.texte() for p in ingest.preparer(contenu, nom, base).avertissements]
