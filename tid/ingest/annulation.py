"""Revert an import batch: reversing ledger rows, previous versions back, nothing deleted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from tid import db
from tid.ingest.problemes import ImportRefuse, Probleme


def annuler(import_id: int, auteur: str, path: Path | str | None = None) -> int:
    """Revert a batch: reversing ledger rows, previous project versions back; nothing deleted
    from the ledger, and the history keeps both. Returns the new batch number."""
    with db.nouvelle_version(path) as con:
        lot = _lot_annulable(con, import_id)
        projets = db.run(con, "ingest/projets_du_lot", import_id=import_id)
        _verifier_projets(projets, import_id)
        ids = db.run(con, "ingest/prochains_ids").iloc[0]
        nouvel_id = int(ids["import_id"])
        maintenant = datetime.now().replace(microsecond=0)
        inverses = db.run(
            con,
            "ingest/mouvements_a_annuler",
            import_id=import_id,
            premier_id=int(ids["mouvement_id"]),
            nouvel_import_id=nouvel_id,
        )
        db.run(
            con,
            "ingest/inserer_lot",
            import_id=nouvel_id,
            date_import=maintenant,
            nom_fichier=str(lot["nom_fichier"]),
            sha256=str(lot["sha256"]),
            nb_lignes=len(inverses) + len(projets),
            auteur=auteur[:100],
            statut="annulation",
            annule_import_id=import_id,
            message=f"Annulation du lot {import_id} : {len(inverses)} mouvement(s) inversé(s), "
            f"{len(projets)} projet(s) remis dans leur état antérieur",
        )
        if len(inverses):
            db.run_avec(con, "ingest/inserer_mouvements", {"lignes": inverses})
        if len(projets):
            _restaurer_projets(con, projets, import_id, nouvel_id, maintenant)
    return nouvel_id


def _lot_annulable(con, import_id: int) -> pd.Series:
    """The batch, or ImportRefuse: unknown, the seed, itself a revert, or already reverted."""
    lot = db.run(con, "ingest/lot", import_id=import_id)
    if lot.empty:
        raise ImportRefuse([Probleme(f"lot d'import n° {import_id} inconnu.")])
    lot = lot.iloc[0]
    if import_id == db.SEED_IMPORT_ID:
        raise ImportRefuse(
            [
                Probleme(
                    "la base initiale (lot 1) ne s'annule pas : "
                    "corrigez ses lignes par un import (modèles de la page « Données »)."
                )
            ]
        )
    if lot["statut"] == "annulation":
        raise ImportRefuse([Probleme(f"le lot {import_id} est lui-même une annulation.")])
    if pd.notna(lot["annule_par_import_id"]):
        raise ImportRefuse(
            [
                Probleme(
                    f"le lot {import_id} est déjà annulé (lot {int(lot['annule_par_import_id'])})."
                )
            ]
        )
    return lot


def _verifier_projets(projets: pd.DataFrame, import_id: int) -> None:
    """ImportRefuse if a later batch changed one of the batch's projects, or added rows to it."""
    problemes = []
    for r in projets.itertuples():
        if r.import_id_actuel != import_id:
            problemes.append(
                Probleme(
                    f"le projet « {r.projet_id} » a été modifié depuis par le lot "
                    f"{r.import_id_actuel} : annulez d'abord ce lot."
                )
            )
        elif r.action == "ajout" and r.nb_mouvements_autres_lots:
            problemes.append(
                Probleme(
                    f"le projet « {r.projet_id} » a des mouvements importés par d'autres "
                    "lots : annulez d'abord ces lots."
                )
            )
    if problemes:
        raise ImportRefuse(problemes)


def _restaurer_projets(
    con, projets: pd.DataFrame, import_id: int, nouvel_id: int, maintenant: datetime
) -> None:
    """Put each project back as it was before the batch (an added one is withdrawn)."""
    actions = pd.DataFrame(
        {
            "projet_id": projets["projet_id"],
            "action": ["retrait" if a == "ajout" else "modification" for a in projets["action"]],
        }
    )
    db.run_avec(
        con,
        "ingest/historiser_projets",
        {"lignes": actions},
        import_id=nouvel_id,
        date_action=maintenant,
    )
    ids_projets = projets["projet_id"].tolist()
    db.run(con, "ingest/supprimer_projets", ids=ids_projets)
    db.run(con, "ingest/supprimer_themes", ids=ids_projets)
    db.run(con, "ingest/restaurer_projets", import_id=import_id, nouvel_import_id=nouvel_id)
    db.run(con, "ingest/restaurer_themes", import_id=import_id)
