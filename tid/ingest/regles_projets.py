"""The rules a projects file must follow: one row per project, required values, coherent codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tid import db
from tid.ingest.cellules import Valeurs, comparable, texte
from tid.ingest.colonnes import COLONNES_IMPORT_PROJETS, REQUISES_PROJET
from tid.ingest.identifiants import cle

if TYPE_CHECKING:
    from tid.ingest.plan import Plan


def valider_projets(plan: Plan, con, correspondance: dict[str, str], codes, parents) -> None:
    """Each row of a projects file: a new project, a change, unchanged, or its problems."""
    lignes = plan.lecture.lignes
    stockes_par_cle = par_cle(con)
    bruts = [texte(valeurs.get(_inverse(correspondance, "projet_id"))) for _, valeurs in lignes]
    ids = sorted({stockes_par_cle.get(cle(b), b) for b in bruts if b})
    existants = db.run(con, "ingest/projets_existants", ids=ids)
    stockes = {r["projet_id"]: r for r in existants.to_dict("records")}
    vus: dict[str, int] = {}
    for numero, valeurs in lignes:
        # this row's problems start here: looking them up in the whole list made 20 000 bad
        # rows quadratic (23 of 33 s profiled)
        debut_ligne = len(plan.problemes)
        conv = Valeurs(codes, plan.problemes, numero)
        fichier = {
            colonne: conv.convertir(colonne, COLONNES_IMPORT_PROJETS[colonne], valeurs.get(entete))
            for entete, colonne in correspondance.items()
        }
        projet_id = _projet_de_la_ligne(conv, fichier, stockes_par_cle, vus, debut_ligne)
        if projet_id is None:
            continue
        stocke = stockes.get(projet_id)
        ligne, actuel = _fusion(fichier, stocke)
        if _valeurs_manquantes(conv, ligne, stocke is None, projet_id, debut_ligne):
            continue
        _coherence_projet(conv, ligne, parents)
        _classer(plan, projet_id, ligne, None if stocke is None else actuel)


def _projet_de_la_ligne(
    conv: Valeurs, fichier: dict, stockes_par_cle: dict[str, str], vus: dict, debut_ligne: int
) -> str | None:
    """The stored identifier the row means, or None once its problem is recorded."""
    projet_id = fichier.get("projet_id")
    if not projet_id:
        if not any(p.colonne == "projet_id" for p in conv.problemes[debut_ligne:]):
            conv.erreur("projet_id", "identifiant de projet vide.")
        return None
    projet_id = fichier["projet_id"] = stockes_par_cle.get(projet_id, projet_id)
    if projet_id in vus:
        conv.erreur("projet_id", f"projet « {projet_id} » déjà présent ligne {vus[projet_id]}.")
        return None
    vus[projet_id] = conv.ligne
    return projet_id


def _fusion(fichier: dict, stocke: dict | None) -> tuple[dict, dict]:
    """(the project after the row, the stored one): an absent column keeps the stored value."""
    if stocke is None:
        return {c: fichier.get(c) for c in COLONNES_IMPORT_PROJETS}, {}
    actuel = {c: comparable(stocke.get(c)) for c in COLONNES_IMPORT_PROJETS if c != "themes"}
    actuel["themes"] = sorted(stocke["themes"].split(";")) if stocke.get("themes") else []
    return {**actuel, **fichier}, actuel


def _valeurs_manquantes(
    conv: Valeurs, ligne: dict, nouveau: bool, projet_id: str, debut_ligne: int
) -> bool:
    """A required value must be there after the merge: a new project gives it, and an empty
    cell cannot erase it from a known one (the base refuses NULL there)."""
    manquantes = [c for c in REQUISES_PROJET if ligne.get(c) in (None, [])]
    deja_signalees = {p.colonne for p in conv.problemes[debut_ligne:]}
    for colonne in manquantes:
        if colonne in deja_signalees:
            continue
        if nouveau:
            conv.erreur(colonne, f"nouveau projet « {projet_id} » : valeur obligatoire.")
        else:
            conv.erreur(
                colonne,
                f"valeur obligatoire : une cellule vide ne peut pas effacer ce champ du "
                f"projet « {projet_id} ».",
            )
    return bool(manquantes)


def _classer(plan: Plan, projet_id: str, ligne: dict, actuel: dict | None) -> None:
    """Record the row as a new project, a change (with its differences) or unchanged."""
    if actuel is None:
        plan.projets_ajoutes.append(ligne)
        return
    changes = {
        c: (actuel.get(c), ligne.get(c))
        for c in COLONNES_IMPORT_PROJETS
        if comparable(actuel.get(c)) != comparable(ligne.get(c))
    }
    if changes:
        plan.projets_modifies.append(ligne)
        plan.differences.extend(
            {"projet_id": projet_id, "colonne": c, "avant": a, "apres": n}
            for c, (a, n) in changes.items()
        )
    else:
        plan.inchanges += 1


def _inverse(correspondance: dict[str, str], colonne: str) -> str | None:
    return next((e for e, c in correspondance.items() if c == colonne), None)


def _coherence_projet(conv: Valeurs, ligne: dict, parents: dict[str, str]) -> None:
    """Rules across columns: wave of its programme, département of its région, types."""
    vague, programme = ligne.get("vague_id"), ligne.get("programme_id")
    if vague and programme and parents.get(f"vague:{vague}") != programme:
        conv.erreur("vague_id", f"la vague {vague} n'appartient pas au programme {programme}.")
    departement, region = ligne.get("departement_code"), ligne.get("region_code")
    if departement and region and parents.get(f"departement:{departement}") != region:
        conv.erreur(
            "region_code",
            f"le département {departement} est en région "
            f"{parents.get(f'departement:{departement}')}, pas {region}.",
        )
    outre_mer = str(departement or "").startswith("97")
    if departement and (ligne.get("type_territoire") == "outre_mer") != outre_mer:
        conv.erreur(
            "type_territoire",
            "« outre_mer » est réservé aux porteurs d'outre-mer, et obligatoire pour eux "
            "(table de règles de data/README.md).",
        )


def par_cle(con) -> dict[str, str]:
    """Stored identifier by canonical key: a base written before identifiers were canonical may
    hold « TID2-BFC »; a file saying « tid2-bfc » means that laureate, never a second one."""
    stockes = db.run(con, "ingest/identifiants_projets")["projet_id"]
    return {cle(i): i for i in stockes}
