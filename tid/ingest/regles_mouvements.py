"""The rules a ledger file must follow, row after row: known project, no double, bounded amounts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from tid import db, fmt
from tid.ingest.cellules import Valeurs, comparable
from tid.ingest.colonnes import COLONNES_IMPORT_MOUVEMENTS, REQUISES_MOUVEMENT
from tid.ingest.plan import a_completer, refuser_si_rien_de_rempli
from tid.ingest.problemes import Probleme
from tid.ingest.registre import ETAPE, LIBELLE, Soldes, montant_signe
from tid.ingest.regles_projets import par_cle

if TYPE_CHECKING:
    from tid.ingest.plan import Plan


# A generated row (SCDL convention) carrying this key is « non publié » on purpose: its amount is
# recorded once, on the attribution, so the « montant vide » warning would only be noise.
SANS_MONTANT_VOULU = "sans_montant_voulu"


class _LigneRefusee(Exception):
    """The row's error is recorded: the row changes nothing."""


@dataclass
class _Existant:
    """What the base holds for the projects and rows a ledger file names."""

    programme_de: dict[str, str]
    registre: list[dict]
    par_id: dict[int, dict]
    soldes: Soldes
    enveloppes: dict
    deja: dict = field(default_factory=dict)
    dates: dict[tuple[str, str], list[date]] = field(default_factory=dict)


def valider_mouvements(plan: Plan, con, correspondance: dict[str, str], codes) -> None:
    """Each row of a ledger file, in order, judged on what the rows before it did."""
    lues = []
    for numero, valeurs in plan.lecture.lignes:
        conv = Valeurs(codes, plan.problemes, numero)
        ligne = {
            colonne: conv.convertir(
                colonne, COLONNES_IMPORT_MOUVEMENTS[colonne], valeurs.get(entete)
            )
            for entete, colonne in correspondance.items()
        }
        lues.append((numero, conv, ligne))
    juger_mouvements(plan, con, lues)


def juger_mouvements(plan: Plan, con, lues: list[tuple[int, Valeurs, dict]]) -> None:
    """Ledger rows already read as values (file row number, its converter, the row), in order,
    each judged on what the rows before it did: a ledger file's, or those a SCDL file makes."""
    _resoudre_projets(con, lues)
    existant = _existant(con, [ligne for _, _, ligne in lues])
    # rows whose cells could not be read (a set: 20 000 bad rows made a scan per row quadratic)
    illisibles = {p.ligne for p in plan.problemes if p.gravite == "erreur"}
    vus: dict[tuple, int] = {}
    for numero, conv, ligne in lues:
        if numero in illisibles:
            continue
        if a_completer(ligne):
            plan.a_completer += 1
        elif ligne.get("mouvement_id") is not None:
            _ligne_numerotee(plan, conv, ligne, existant.par_id)
        elif _complete(conv, ligne, existant.programme_de):
            _valider_ligne(plan, conv, ligne, existant, vus)
    refuser_si_rien_de_rempli(plan)


def _resoudre_projets(con, lues: list[tuple[int, Valeurs, dict]]) -> None:
    """Point each row at the stored project its identifier means (see regles_projets.par_cle)."""
    stockes_par_cle = par_cle(con)
    for _, _, ligne in lues:
        if ligne.get("projet_id"):
            ligne["projet_id"] = stockes_par_cle.get(ligne["projet_id"], ligne["projet_id"])


def _existant(con, lignes: list[dict]) -> _Existant:
    ids = sorted({ligne.get("projet_id") for ligne in lignes if ligne.get("projet_id")})
    projets = db.run(con, "ingest/projets_existants", ids=ids)
    registre = [
        {k: comparable(v) for k, v in r.items()}
        for r in db.run(con, "ingest/mouvements_existants", ids=ids, mouvement_ids=[]).to_dict(
            "records"
        )
    ]
    totaux = db.run(con, "ingest/totaux_programmes")
    return _Existant(
        programme_de=dict(zip(projets["projet_id"], projets["programme_id"], strict=True)),
        registre=registre,
        par_id=_mouvements_cites(con, lignes),
        soldes=_soldes(con, ids),
        enveloppes=dict(zip(totaux["programme_id"], totaux["enveloppe_eur"], strict=True)),
        deja=_deja(registre, lignes),
        dates=_dates(registre, lignes),
    )


def _mouvements_cites(con, lignes: list[dict]) -> dict[int, dict]:
    """The stored rows the file names by number (extract rows, and rows it reverses)."""
    cites = sorted(
        {
            int(ligne[c])
            for ligne in lignes
            for c in ("mouvement_id", "annule_mouvement_id")
            if ligne.get(c) is not None
        }
    )
    return {
        int(r["mouvement_id"]): {k: comparable(v) for k, v in r.items()}
        for r in db.run(con, "ingest/mouvements_existants", ids=[], mouvement_ids=cites).to_dict(
            "records"
        )
    }


def _soldes(con, ids: list[str]) -> Soldes:
    return Soldes(
        {
            r["projet_id"]: {
                "attribution": comparable(r["montant_attribue_eur"]),
                "convention": comparable(r["montant_conventionne_eur"]),
                "versement": comparable(r["montant_verse_eur"]),
            }
            for r in db.run(con, "ingest/montants_projets", ids=ids).to_dict("records")
        }
    )


def _deja(registre: list[dict], lignes: list[dict]) -> dict[tuple, dict]:
    """The effective stored rows by key, to refuse a row already in the ledger."""
    # rows this file reverses: a correction may then repeat one of them (same date, amount)
    inverses_du_fichier = {
        int(ligne["annule_mouvement_id"])
        for ligne in lignes
        if ligne.get("annule_mouvement_id") is not None
    }
    return {
        _cle_mouvement(r["projet_id"], r["nature"], r["date_mouvement"], r["montant_eur"]): r
        for r in registre
        if r["est_effectif"] and r["mouvement_id"] not in inverses_du_fichier
    }


def _dates(registre: list[dict], lignes: list[dict]) -> dict[tuple[str, str], list[date]]:
    """Dates per (nature, project): stored ones, and the file's conventions."""
    dates: dict[tuple[str, str], list[date]] = {}
    for r in registre:
        if r["est_effectif"] and r["date_mouvement"] is not None:
            dates.setdefault((r["nature"], r["projet_id"]), []).append(r["date_mouvement"])
    for ligne in lignes:
        if ligne.get("nature") == "convention" and ligne.get("date_mouvement"):
            cle_dates = ("convention", ligne.get("projet_id"))
            dates.setdefault(cle_dates, []).append(ligne["date_mouvement"])
    return dates


def _complete(conv: Valeurs, ligne: dict, programme_de: dict[str, str]) -> bool:
    """The row has its required values and names a known project (else its errors are kept)."""
    projet_id, nature = ligne.get("projet_id"), ligne.get("nature")
    for colonne in REQUISES_MOUVEMENT:
        if ligne.get(colonne) is None and colonne != "montant_eur":
            conv.erreur(colonne, "valeur obligatoire.")
    if not projet_id or not nature or not ligne.get("date_mouvement"):
        return False
    if not ligne.get("source_url"):
        return False
    if projet_id not in programme_de:
        conv.erreur(
            "projet_id",
            f"projet inconnu « {projet_id} » : importez d'abord le projet (fichier de projets).",
        )
        return False
    return True


def _valider_ligne(plan: Plan, conv: Valeurs, ligne: dict, existant: _Existant, vus: dict) -> None:
    """Check one new row, then count it in its project's running amounts."""
    projet_id, nature = ligne["projet_id"], ligne["nature"]
    try:
        if ligne.get("annule_mouvement_id") is not None:
            effet = _verifier_inversion(conv, ligne, existant.par_id, existant.registre, vus)
        else:
            effet = _verifier_mouvement(conv, ligne, existant, vus)
    except _LigneRefusee:
        return
    etape = ETAPE[nature]
    apres = existant.soldes.apres(projet_id, etape, effet)
    if apres is not None and apres < 0:
        conv.erreur(
            "montant_eur",
            f"après cette ligne, le {LIBELLE[etape]} publié de « {projet_id} » serait "
            f"négatif ({fmt.euros(apres, 2)}).",
        )
        return
    existant.soldes.appliquer(projet_id, etape, effet)
    for phrase in existant.soldes.incoherences(projet_id):
        plan.problemes.append(Probleme(phrase, conv.ligne, "montant_eur", "avertissement"))
    plan.mouvements_ajoutes.append(
        {
            **ligne,
            "programme_id": existant.programme_de[projet_id],
            "etape": etape,
            "montant_signe_eur": effet,
        }
    )


def _cle_mouvement(projet_id, nature, jour, montant) -> tuple:
    return (projet_id, nature, comparable(jour), None if montant is None else float(montant))


def _ligne_numerotee(plan: Plan, conv: Valeurs, ligne: dict, par_id: dict[int, dict]) -> None:
    """A row of a ledger extract (it has its number): unchanged, or refused (append-only)."""
    existant = par_id.get(int(ligne["mouvement_id"]))
    if existant is None:
        conv.erreur(
            "mouvement_id",
            "numéro de mouvement inconnu : laissez la colonne vide pour un nouveau mouvement.",
        )
    elif _cle_mouvement(
        existant["projet_id"],
        existant["nature"],
        existant["date_mouvement"],
        existant["montant_eur"],
    ) == _cle_mouvement(
        ligne.get("projet_id"),
        ligne.get("nature"),
        ligne.get("date_mouvement"),
        ligne.get("montant_eur"),
    ):
        plan.inchanges += 1
    else:
        conv.erreur(
            "mouvement_id",
            f"le mouvement n° {ligne['mouvement_id']} existe avec "
            "d'autres valeurs : le registre est en ajout seul, ajoutez une ligne "
            "qui l'annule (annule_mouvement_id) puis la bonne ligne.",
        )


def _verifier_inversion(
    conv: Valeurs, ligne: dict, par_id: dict[int, dict], registre: list[dict], vus: dict
) -> float | None:
    """A row cancelling an earlier one (a correction, or undoing one): its effect on the stage
    (_LigneRefusee once its error is recorded). It repeats the cancelled amount (empty = it)."""
    cible_id = int(ligne["annule_mouvement_id"])
    cible = par_id.get(cible_id)
    if (
        cible is None
        or cible["projet_id"] != ligne["projet_id"]
        or cible["nature"] != ligne["nature"]
    ):
        conv.erreur(
            "annule_mouvement_id",
            "la ligne annulée doit exister, pour le même projet et la même nature.",
        )
        raise _LigneRefusee
    if cible["a_une_inversion"]:
        chaine = [r for r in registre if r["racine_id"] == cible["racine_id"]]
        dernier = max(chaine, key=lambda r: r["profondeur"])["mouvement_id"]
        conv.erreur(
            "annule_mouvement_id",
            f"le mouvement n° {cible_id} a déjà sa ligne d'annulation : une ligne ne s'annule "
            f"qu'une fois. Pour revenir en arrière, annulez la dernière ligne de sa chaîne "
            f"(n° {dernier}).",
        )
        raise _LigneRefusee
    if ("inversion", cible_id) in vus:
        conv.erreur(
            "annule_mouvement_id",
            f"le mouvement n° {cible_id} est déjà annulé ligne {vus[('inversion', cible_id)]}.",
        )
        raise _LigneRefusee
    montant = ligne.get("montant_eur")
    if montant is None:
        ligne["montant_eur"] = cible["montant_eur"]
    elif cible["montant_eur"] is None or float(montant) != float(cible["montant_eur"]):
        conv.erreur(
            "montant_eur",
            f"une ligne d'annulation reprend le montant de la ligne qu'elle annule "
            f"({fmt.euros(cible['montant_eur'], 2)}) : pour corriger un montant, annulez la "
            "ligne puis ajoutez la bonne.",
        )
        raise _LigneRefusee
    vus[("inversion", cible_id)] = conv.ligne
    return None if cible["montant_signe_eur"] is None else -float(cible["montant_signe_eur"])


def _verifier_mouvement(conv: Valeurs, ligne: dict, existant: _Existant, vus: dict) -> float | None:
    """A new ledger event: the effect on its stage (_LigneRefusee once its error is recorded)."""
    _verifier_montant(conv, ligne, existant)
    _verifier_unique(conv, ligne, existant.deja, vus)
    if ligne["nature"] == "annulation":
        _verifier_retrait(conv, ligne, existant.soldes)
    if ligne["nature"] == "versement":
        _verifier_versement(conv, ligne, existant.dates)
    _avertir(conv, ligne, existant.dates)
    return montant_signe(ligne["nature"], ligne.get("montant_eur"))


def _verifier_montant(conv: Valeurs, ligne: dict, existant: _Existant) -> None:
    """A payment or a withdrawal has an amount; no amount alone exceeds its programme."""
    projet_id, nature, montant = ligne["projet_id"], ligne["nature"], ligne.get("montant_eur")
    if montant is None and nature in ("versement", "annulation"):
        conv.erreur("montant_eur", f"un mouvement « {nature} » doit avoir un montant.")
        raise _LigneRefusee
    programme = existant.programme_de[projet_id]
    enveloppe = existant.enveloppes.get(programme)
    if montant is not None and enveloppe is not None and montant > float(enveloppe):
        conv.erreur(
            "montant_eur",
            f"{fmt.euros(montant, 2)} dépasse à lui seul l'enveloppe du "
            f"programme {programme} : erreur de saisie ?",
        )
        raise _LigneRefusee


def _verifier_unique(conv: Valeurs, ligne: dict, deja: dict, vus: dict) -> None:
    """Neither twice in the file nor already in the ledger."""
    k = _cle_mouvement(
        ligne["projet_id"], ligne["nature"], ligne["date_mouvement"], ligne.get("montant_eur")
    )
    if k in vus:
        conv.erreur(
            None,
            f"ligne en double (même projet, nature, date et montant que la ligne {vus[k]}).",
        )
        raise _LigneRefusee
    vus[k] = conv.ligne
    if k in deja:
        conv.erreur(None, f"déjà dans le registre (mouvement n° {deja[k]['mouvement_id']}).")
        raise _LigneRefusee


def _verifier_retrait(conv: Valeurs, ligne: dict, soldes: Soldes) -> None:
    """A withdrawal (« annulation ») takes back at most what is attributed."""
    projet_id, montant = ligne["projet_id"], ligne["montant_eur"]
    attribue = soldes.montant(projet_id, "attribution")
    if attribue is None:
        conv.erreur(
            "montant_eur",
            f"annulation sur « {projet_id} », qui n'a pas d'attribution publiée : rien à annuler.",
        )
        raise _LigneRefusee
    if montant > attribue:
        conv.erreur(
            "montant_eur",
            f"annulation de {fmt.euros(montant, 2)} au-dessus de l'attribué publié de "
            f"« {projet_id} » ({fmt.euros(attribue, 2)}).",
        )
        raise _LigneRefusee


def _verifier_versement(conv: Valeurs, ligne: dict, dates: dict) -> None:
    """A payment follows a known convention."""
    projet_id, jour = ligne["projet_id"], ligne["date_mouvement"]
    conventions = dates.get(("convention", projet_id), [])
    if not conventions:
        conv.erreur(
            "date_mouvement",
            f"versement sans convention connue pour "
            f"« {projet_id} » : importez d'abord la convention.",
        )
        raise _LigneRefusee
    if jour < min(conventions):
        conv.erreur(
            "date_mouvement",
            f"versement du {jour:%d/%m/%Y} avant la convention du {min(conventions):%d/%m/%Y}.",
        )
        raise _LigneRefusee


def _avertir(conv: Valeurs, ligne: dict, dates: dict) -> None:
    """What is allowed but worth a look: a convention before its decision, an empty amount."""
    projet_id, nature, jour = ligne["projet_id"], ligne["nature"], ligne["date_mouvement"]
    attributions = dates.get(("attribution", projet_id))
    if nature == "convention" and attributions and jour < min(attributions):
        conv.avertissement(
            "date_mouvement",
            f"convention du {jour:%d/%m/%Y} avant la décision d'attribution du "
            f"{min(attributions):%d/%m/%Y} : vérifiez la date.",
        )
    if ligne.get("montant_eur") is None and not ligne.get(SANS_MONTANT_VOULU):
        conv.avertissement(
            "montant_eur", "montant vide : le mouvement sera enregistré « non publié »."
        )
