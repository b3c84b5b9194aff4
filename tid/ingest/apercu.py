"""Check an import file against the base, read-only: the plan the preview shows and `--dry-run`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tid import db, fmt
from tid.ingest.colonnes import colonnes_importees
from tid.ingest.fichier import Lecture, lire
from tid.ingest.plan import BilanScdl, Plan
from tid.ingest.problemes import Probleme
from tid.ingest.regles_mouvements import valider_mouvements
from tid.ingest.regles_projets import valider_projets
from tid.ingest.regles_scdl import valider_scdl
from tid.ingest.scdl import OptionsImport, version_scdl

if TYPE_CHECKING:
    import duckdb


def _codes(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Known codes per kind (code -> label) and the parent of each wave and département."""
    options = db.run(con, "options_filtres")
    codes: dict[str, dict[str, str]] = {}
    parents: dict[str, str] = {}
    for r in options.itertuples():
        codes.setdefault(r.filtre, {})[r.code] = r.libelle
        if r.filtre in ("vague", "departement"):
            parents[f"{r.filtre}:{r.code}"] = r.parent
    return codes, parents


def _chiffres(plan: Plan, con) -> pd.DataFrame:
    """Per programme: envelope and published totals now and after the import."""
    totaux = db.run(con, "ingest/totaux_programmes")
    colonnes = {
        "attribution": "montant_attribue_eur",
        "convention": "montant_conventionne_eur",
        "versement": "montant_verse_eur",
    }
    apres = totaux.copy()
    for ligne in plan.mouvements_ajoutes:
        if ligne.get("montant_signe_eur") is None:
            continue
        masque = apres["programme_id"] == ligne["programme_id"]
        colonne = colonnes[ligne["etape"]]
        apres.loc[masque, colonne] = (
            apres.loc[masque, colonne].fillna(0) + ligne["montant_signe_eur"]
        )
    for colonne in colonnes.values():
        totaux[f"{colonne.removesuffix('_eur')}_apres_eur"] = apres[colonne]
    for r in totaux.itertuples():
        if r.montant_attribue_apres_eur > float(r.enveloppe_eur or 0) > 0:
            plan.problemes.append(
                Probleme(
                    f"après l'import, l'attribué publié du programme {r.programme_id} "
                    f"({fmt.euros(r.montant_attribue_apres_eur)}) dépasserait son enveloppe "
                    f"({fmt.euros(r.enveloppe_eur)}).",
                    gravite="avertissement",
                )
            )
    return totaux


def planifier(
    lecture: Lecture, con: duckdb.DuckDBPyConnection, options: OptionsImport | None = None
) -> Plan:
    """Check a read file against the base (read-only): nothing is written here. `options` say
    what a SCDL file cannot (its programme, its public address); other files ignore them."""
    genre, correspondance, ignorees, problemes = colonnes_importees(lecture)
    plan = Plan(lecture, genre, problemes=problemes, colonnes_ignorees=ignorees)
    if genre == "scdl":
        plan.scdl = BilanScdl(version_scdl(lecture.colonnes))
    if plan.erreurs:
        return plan
    codes, parents = _codes(con)
    if genre == "projets":
        valider_projets(plan, con, correspondance, codes, parents)
    elif genre == "scdl":
        valider_scdl(plan, con, correspondance, codes, options)
        if plan.erreurs and plan.scdl.programme_id is None:
            return plan  # options missing or refused: no figures without a programme
    else:
        valider_mouvements(plan, con, correspondance, codes)
    plan.chiffres = _chiffres(plan, con)
    # the reader's warnings (invisible characters removed), added after validation: it skips a
    # required value whose cell already has a problem, warnings included
    plan.problemes.extend(lecture.avertissements)
    plan.problemes.sort(key=lambda p: (p.ligne or 0, p.gravite != "erreur"))
    return plan


def preparer(
    contenu: bytes,
    nom_fichier: str,
    path: Path | str | None = None,
    options: OptionsImport | None = None,
) -> Plan:
    """Read and check a file against the published base (the preview, `--dry-run`)."""
    lecture = lire(contenu, nom_fichier)
    # an explicit base (--db) is checked like the app's: a damaged one is refused in French
    base = db.ensure_base() if path is None else db.verifier_base(path)
    con = db.connect(base, read_only=True)
    try:
        return planifier(lecture, con, options)
    finally:
        con.close()
