"""Apply a checked import file in one transaction, published atomically as a new base version."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from pathlib import Path

import pandas as pd

from tid import db
from tid.ingest.apercu import planifier
from tid.ingest.colonnes import COLONNES_IMPORT_PROJETS
from tid.ingest.fichier import lire
from tid.ingest.plan import Plan, resume
from tid.ingest.problemes import ImportRefuse, Probleme
from tid.ingest.scdl import OptionsImport

AVERTISSEMENTS_NOUVEAUX = (
    "la base a changé depuis l'aperçu : de nouveaux avertissements sont apparus, rien n'a été "
    "écrit. Relisez-les, puis appliquez de nouveau."
)


def _frame_projets(lignes: list[dict], import_id: int) -> pd.DataFrame:
    colonnes = [c for c in COLONNES_IMPORT_PROJETS if c != "themes"]
    frame = pd.DataFrame(
        [{c: ligne.get(c) for c in colonnes} for ligne in lignes], columns=colonnes
    )
    for colonne in ("date_annonce",):
        frame[colonne] = pd.to_datetime(frame[colonne])
    for colonne in ("cout_total_eur", "latitude", "longitude"):
        frame[colonne] = pd.to_numeric(frame[colonne])
    for colonne in ("population_perimetre", "annee_population_perimetre"):
        frame[colonne] = pd.array(frame[colonne], dtype="Int64")
    frame["import_id"] = import_id
    return frame


def _appliquer_projets(con, plan: Plan, import_id: int, maintenant: datetime) -> None:
    ecrits = plan.projets_ajoutes + plan.projets_modifies
    actions = pd.DataFrame(
        [{"projet_id": p["projet_id"], "action": "ajout"} for p in plan.projets_ajoutes]
        + [{"projet_id": p["projet_id"], "action": "modification"} for p in plan.projets_modifies],
        columns=["projet_id", "action"],
    )
    ids = actions["projet_id"].tolist()
    db.run_avec(
        con,
        "ingest/historiser_projets",
        {"lignes": actions},
        import_id=import_id,
        date_action=maintenant,
    )
    db.run(con, "ingest/supprimer_projets", ids=ids)
    db.run(con, "ingest/supprimer_themes", ids=ids)
    db.run_avec(con, "ingest/inserer_projets", {"lignes": _frame_projets(ecrits, import_id)})
    themes = pd.DataFrame(
        [{"projet_id": p["projet_id"], "theme_code": t} for p in ecrits for t in p["themes"]],
        columns=["projet_id", "theme_code"],
    )
    db.run_avec(con, "ingest/inserer_themes", {"lignes": themes})


def _appliquer_mouvements(con, plan: Plan, import_id: int, premier_id: int) -> None:
    colonnes = [
        "mouvement_id",
        "projet_id",
        "nature",
        "date_mouvement",
        "montant_eur",
        "annule_mouvement_id",
        "source_url",
        "notes",
        "import_id",
    ]
    frame = pd.DataFrame(
        [
            {
                **{c: ligne.get(c) for c in colonnes},
                "mouvement_id": premier_id + i,
                "import_id": import_id,
            }
            for i, ligne in enumerate(plan.mouvements_ajoutes)
        ],
        columns=colonnes,
    )
    frame["date_mouvement"] = pd.to_datetime(frame["date_mouvement"])
    frame["montant_eur"] = pd.to_numeric(frame["montant_eur"])
    frame["annule_mouvement_id"] = pd.array(frame["annule_mouvement_id"], dtype="Int64")
    db.run_avec(con, "ingest/inserer_mouvements", {"lignes": frame})


def appliquer(
    contenu: bytes,
    nom_fichier: str,
    auteur: str,
    path: Path | str | None = None,
    avertissements_acceptes: Collection[str] = (),
    options: OptionsImport | None = None,
) -> tuple[int, Plan]:
    """Check the file again on the base being written, then apply it in one transaction,
    published atomically. Returns the new import batch number and the plan applied.

    `avertissements_acceptes` are the warnings (Probleme.texte()) the maintainer read and
    accepted at the preview: a warning that appears only now (the base changed since) refuses
    the import, so nothing is applied that nobody has read. `options` are the preview's (the
    programme and public address of a SCDL file): the file is checked again with them."""
    lecture = lire(contenu, nom_fichier)
    with db.nouvelle_version(path) as con:
        plan = planifier(lecture, con, options)
        _refuser_sauf_accepte(plan, avertissements_acceptes)
        ids = db.run(con, "ingest/prochains_ids").iloc[0]
        import_id = int(ids["import_id"])
        maintenant = datetime.now().replace(microsecond=0)
        db.run(
            con,
            "ingest/inserer_lot",
            import_id=import_id,
            date_import=maintenant,
            nom_fichier=Path(nom_fichier).name[:200],
            sha256=lecture.sha256,
            nb_lignes=len(lecture.lignes),
            auteur=auteur[:100],
            statut="applique",
            annule_import_id=None,
            message=resume(plan),
        )
        if plan.type_fichier == "projets":
            _appliquer_projets(con, plan, import_id, maintenant)
        else:
            _appliquer_mouvements(con, plan, import_id, int(ids["mouvement_id"]))
    return import_id, plan


def _refuser_sauf_accepte(plan: Plan, avertissements_acceptes: Collection[str]) -> None:
    """ImportRefuse unless the plan has no error, only accepted warnings, and something to do."""
    if plan.erreurs:
        raise ImportRefuse(plan.erreurs)
    # a set: a SCDL file of 20 000 other beneficiaries lists 20 000 warnings (a list was 2 s)
    acceptes = set(avertissements_acceptes)
    nouveaux = [p for p in plan.avertissements if p.texte() not in acceptes]
    if nouveaux and avertissements_acceptes:
        raise ImportRefuse([Probleme(AVERTISSEMENTS_NOUVEAUX, gravite="erreur"), *nouveaux])
    if nouveaux:
        raise ImportRefuse(nouveaux)
    if plan.rien_a_faire:
        raise ImportRefuse(
            [
                Probleme(
                    "rien à importer : toutes les lignes sont déjà dans la base.", gravite="erreur"
                )
            ]
        )
