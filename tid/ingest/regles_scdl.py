"""A SCDL « subventions » file as ledger rows: each row matched to one laureate by the SIREN of
its beneficiary (never guessed), turned into an attribution and a convention, then judged by the
rules of a ledger file."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from tid import db, fmt
from tid.ingest.cellules import Valeurs, comparable, nombre, texte
from tid.ingest.problemes import Probleme
from tid.ingest.regles_mouvements import SANS_MONTANT_VOULU, juger_mouvements
from tid.ingest.scdl import OptionsImport, problemes_options

if TYPE_CHECKING:
    from tid.ingest.plan import Plan

POURCENTAGE_MIN, POURCENTAGE_MAX = 0.01, 1.0
# The part of a row's « objet » kept in the notes of its events (the schema allows 256).
LONGUEUR_OBJET = 120
# The ledger columns of the generated rows, named by the SCDL column they come from, so that a
# problem found by the ledger rules points at a cell the maintainer can see in the file.
COLONNE_SCDL = {
    "montant_eur": "montant",
    "date_mouvement": "dateConvention",
    "projet_id": "idBeneficiaire",
}
CORRECTION = (
    "Une correction passe par une ligne d'annulation (annule_mouvement_id) dans un fichier de "
    "mouvements."
)


@dataclass
class _Rattachee:
    """A SCDL row matched to one laureate, read: the attribution and convention it gives."""

    numero: int
    conv: Valeurs
    attribution: dict
    convention: dict


def valider_scdl(
    plan: Plan, con, correspondance: dict[str, str], codes, options: OptionsImport | None
) -> None:
    """Each row of a SCDL file: listed when no single laureate of the chosen programme has its
    beneficiary's SIREN, else its events, added or already there, judged like a ledger file."""
    refus = problemes_options(options, codes.get("programme", {}))
    if refus:
        plan.problemes.extend(Probleme(message) for message in refus)
        return
    programme_id, source_url = options.programme_id, options.source_url
    plan.scdl.programme_id = programme_id
    laureats: dict[str, list[str]] = {}
    for r in db.run(con, "ingest/laureats_par_siren", programme_id=programme_id).itertuples():
        laureats.setdefault(r.siren_porteur, []).append(r.projet_id)
    attribuant = db.run(con, "ingest/attribuant_programme", programme_id=programme_id).iloc[0]
    nom_fichier = Path(plan.lecture.nom_fichier).name
    rattachees = []
    for numero, valeurs in plan.lecture.lignes:
        cellules = {colonne: valeurs.get(entete) for entete, colonne in correspondance.items()}
        conv = Valeurs(codes, plan.problemes, numero)
        projet_id = _rattacher(conv, cellules, laureats, programme_id)
        if projet_id is None:
            plan.scdl.ecartees += 1
            continue
        plan.scdl.rattachees += 1
        _comparer_attribuant(conv, cellules, attribuant, programme_id)
        lue = _lire(conv, cellules, projet_id, source_url, nom_fichier)
        if lue is not None:
            rattachees.append(lue)
    lues = _nouveaux(plan, con, rattachees)
    debut = len(plan.problemes)
    juger_mouvements(plan, con, lues)
    plan.problemes[debut:] = [_colonne_scdl(p) for p in plan.problemes[debut:]]


def _rattacher(
    conv: Valeurs, cellules: dict, laureats: dict[str, list[str]], programme_id: str
) -> str | None:
    """The one laureate of the programme whose SIREN begins the beneficiary's SIRET, or None
    once the row is listed with why (a warning: most rows of a granting body are not ours)."""
    brut = cellules.get("idBeneficiaire")
    if isinstance(brut, float) and brut.is_integer():  # a spreadsheet number: 2.0005e13
        brut = int(brut)
    lu = texte(brut)
    nom = texte(cellules.get("nomBeneficiaire")) or "bénéficiaire sans nom"
    if lu is None:
        conv.avertissement(
            "idBeneficiaire",
            f"« {nom} » sans SIRET : rien ne rattache la ligne à un lauréat, elle n'est pas "
            "importée.",
        )
        return None
    identifiant = re.sub(r"\s", "", lu)
    if not re.fullmatch(r"\d{14}|\d{9}", identifiant):
        conv.avertissement(
            "idBeneficiaire",
            f"SIRET illisible « {lu} » (14 chiffres, ou un SIREN de 9) : ligne non importée.",
        )
        return None
    siren = identifiant[:9]
    candidats = laureats.get(siren, [])
    if not candidats:
        conv.avertissement(
            "idBeneficiaire",
            f"aucun lauréat {programme_id} n'a le SIREN {siren} (« {nom} ») : ligne non importée.",
        )
        return None
    if len(candidats) > 1:
        conv.avertissement(
            "idBeneficiaire",
            f"plusieurs lauréats {programme_id} ont le SIREN {siren} ({', '.join(candidats)}) : "
            "ligne non importée, rien n'est deviné ; importez-la dans un fichier de mouvements "
            "qui nomme le projet.",
        )
        return None
    return candidats[0]


def _comparer_attribuant(conv: Valeurs, cellules: dict, attribuant, programme_id: str) -> None:
    """A matched row granted by another body than the programme's: imported, but pointed out
    (a local authority's file may grant the same laureate something else)."""
    siret = re.sub(r"\s", "", texte(cellules.get("idAttribuant")) or "")
    attendu = attribuant["attribuant_siret"]
    if not isinstance(attendu, str) or siret == attendu:
        return
    conv.avertissement(
        "idAttribuant",
        f"attribuant « {texte(cellules.get('nomAttribuant')) or 'sans nom'} » (SIRET "
        f"{siret or 'absent'}) : l'attribuant du programme {programme_id} est "
        f"« {attribuant['attribuant_nom']} » ({attendu}) ; vérifiez que cette subvention est "
        "bien l'aide du programme.",
    )


def _lire(
    conv: Valeurs, cellules: dict, projet_id: str, source_url: str, nom_fichier: str
) -> _Rattachee | None:
    """The matched row's date and amounts (None once a bad cell is recorded as an error)."""
    jour = _obligatoire(conv, cellules, "dateConvention", "date", "date de la convention")
    montant = _obligatoire(conv, cellules, "montant", "montant", "montant total de l'aide")
    part = _pourcentage(conv, cellules.get("pourcentageSubvention"))
    if jour is None or montant is None or part is None:
        return None
    attribue = float(
        (Decimal(str(montant)) * Decimal(str(part))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    )
    notes = _notes(cellules, conv.ligne, nom_fichier)
    if part != 1:  # the computation, with the cells as the file writes them
        notes += (
            f" ; montant × pourcentageSubvention = {texte(cellules['montant'])} × "
            f"{texte(cellules['pourcentageSubvention'])}"
        )
    commun = {"projet_id": projet_id, "date_mouvement": jour, "source_url": source_url}
    return _Rattachee(
        conv.ligne,
        conv,
        {
            **commun,
            "nature": "attribution",
            "montant_eur": attribue,
            "notes": notes + " ; datée de la convention : le format SCDL ne publie pas la date "
            "de la décision d'attribution",
        },
        {
            **commun,
            "nature": "convention",
            "montant_eur": None,
            "notes": notes + " ; montant conventionné non publié (le montant SCDL est "
            "enregistré une fois, comme attribution)",
            SANS_MONTANT_VOULU: True,
        },
    )


def _obligatoire(conv: Valeurs, cellules: dict, colonne: str, genre: str, quoi: str):
    brut = cellules.get(colonne)
    if texte(brut) is None:
        conv.erreur(colonne, f"valeur obligatoire ({quoi}) pour une ligne rattachée à un lauréat.")
        return None
    return conv.convertir(colonne, genre, brut)


def _pourcentage(conv: Valeurs, brut: object) -> float | None:
    """The beneficiary's share of `montant`, 0.01 to 1, point or comma decimal."""
    colonne = "pourcentageSubvention"
    lu = texte(brut)
    if lu is None:
        conv.erreur(colonne, "valeur obligatoire (part du montant pour ce bénéficiaire, 0,01 à 1).")
        return None
    try:
        part = nombre(brut)
    except ValueError:
        conv.erreur(colonne, f"nombre illisible « {lu} » (part entre 0,01 et 1, exemple : 0.5).")
        return None
    if not POURCENTAGE_MIN <= part <= POURCENTAGE_MAX:
        conv.erreur(
            colonne,
            f"part du montant hors limites « {lu} » : entre 0,01 et 1 (1 pour un seul "
            "bénéficiaire).",
        )
        return None
    return part


def _notes(cellules: dict, numero: int, nom_fichier: str) -> str:
    """The file's own reference of the row, kept on each event it gives."""
    reference = texte(cellules.get("referenceDecision")) or "non renseignée"
    objet = texte(cellules.get("objet")) or "non renseigné"
    if len(objet) > LONGUEUR_OBJET:
        objet = objet[: LONGUEUR_OBJET - 1] + "…"
    return (
        f"SCDL {nom_fichier}, ligne {numero} ; référence de décision {reference} ; objet : {objet}"
    )


def _nouveaux(plan: Plan, con, rattachees: list[_Rattachee]) -> list[tuple[int, Valeurs, dict]]:
    """The events not yet in the ledger; those already there are counted unchanged, those it
    holds otherwise (another amount, another date) listed as conflicts, never imported."""
    ids = sorted({r.attribution["projet_id"] for r in rattachees})
    attribues = {
        r["projet_id"]: comparable(r["montant_attribue_eur"])
        for r in db.run(con, "ingest/montants_projets", ids=ids).to_dict("records")
    }
    conventions: dict[str, list[date | None]] = {}
    for r in db.run(con, "ingest/mouvements_existants", ids=ids, mouvement_ids=[]).to_dict(
        "records"
    ):
        if r["nature"] == "convention" and r["est_effectif"]:
            conventions.setdefault(r["projet_id"], []).append(comparable(r["date_mouvement"]))
    lues = []
    for r in rattachees:
        projet_id = r.attribution["projet_id"]
        montant, jour = r.attribution["montant_eur"], r.attribution["date_mouvement"]
        actuel = attribues.get(projet_id)
        if actuel is None:
            lues.append((r.numero, r.conv, r.attribution))
            attribues[projet_id] = montant
        elif round(float(actuel), 2) == montant:
            plan.inchanges += 1
        else:
            r.conv.avertissement(
                "montant",
                f"« {projet_id} » a déjà un attribué publié de {fmt.euros(actuel, 2)} ; le "
                f"fichier SCDL donne {fmt.euros(montant, 2)} : attribution non importée. "
                + CORRECTION,
            )
        dates = conventions.setdefault(projet_id, [])
        if jour in dates:
            plan.inchanges += 1
        elif dates:
            deja = ", ".join(
                "sans date publiée" if d is None else f"du {d:%d/%m/%Y}" for d in dates
            )
            r.conv.avertissement(
                "dateConvention",
                f"« {projet_id} » a déjà une convention {deja} ; le fichier SCDL la date du "
                f"{jour:%d/%m/%Y} : convention non importée. " + CORRECTION,
            )
        else:
            lues.append((r.numero, r.conv, r.convention))
            dates.append(jour)
    return lues


def _colonne_scdl(probleme: Probleme) -> Probleme:
    """A ledger rule's problem on a generated row, pointed at the SCDL column it comes from."""
    if probleme.colonne in COLONNE_SCDL:
        return replace(probleme, colonne=COLONNE_SCDL[probleme.colonne])
    return probleme
