"""Sentences of « Quoi de neuf »: one line per change to the data, with its sources."""

from __future__ import annotations

from tid import fmt, texte_brut

TITRE = "Quoi de neuf"
LIBELLE_DEPUIS = "Changements après le"
AIDE_DEPUIS = (
    "Par défaut, le jour de l'import précédent (celui d'avant le dernier) : ce que le dernier "
    "import a changé. Chaque changement est daté du jour où il est devenu vrai et connu."
)
AUCUN = "Aucun changement après cette date pour ces filtres."
NATURES = {
    "nouveau_laureat": "Nouveau lauréat",
    "laureat_modifie": "Fiche du lauréat modifiée",
    "laureat_retire": "Lauréat retiré",
    "montant_attribue": "Montant attribué publié",
    "montant_corrige": "Montant attribué corrigé",
    "convention": "Convention signée",
    "versement": "Versement",
    "annulation": "Aide réduite (annulation partielle)",
    "correction": "Correction",
    "annule_par_lot": "Annulé par un retour arrière",
    "annulation_reprise": "Annulation reprise",
    "import": "Import",
    "annulation_lot": "Retour arrière",
}


def plus_recents(nb_affiches: int, nb: int) -> str:
    return (
        f"Les {fmt.nombre(nb_affiches)} changements les plus récents sur {fmt.nombre(nb)} : "
        "choisissez une date plus récente ou resserrez les filtres pour voir les autres."
    )


def introduction(depuis, info, au=None) -> str:
    """What the list covers: after which day, until when, and what the imports were."""
    fin = f"jusqu'au {fmt.date_longue(au)}" if au is not None else "jusqu'à aujourd'hui"
    if int(info.nb_imports) == 0:
        base = (
            "La base ne contient que les données de référence (aucun import) : la liste "
            "retrace leur histoire publiée, lauréats, montants et conventions, à leur date."
        )
    else:
        base = (
            f"{fmt.compte(info.nb_imports, 'import', 'imports')} depuis la base de référence, "
            f"le dernier le {fmt.date_longue(info.date_dernier_import)}."
        )
    return f"Changements après le {fmt.date_longue(depuis)}, {fin}. {base}"


def _montant(e) -> str:
    return "" if fmt.manquant(e.montant_eur) else f" de {fmt.euros(e.montant_eur)}"


def _objet(e) -> str:
    """What the change is about: the laureate (carrier, id) or the batch."""
    if isinstance(e.projet_id, str):
        return f"{texte_brut.markdown(e.porteur)} ({texte_brut.markdown(e.projet_id)})"
    return f"lot n° {int(e.import_id)}"


def _detail(e) -> str:
    """The ledger row or batch the change points at, in words."""
    morceaux = []
    if not fmt.manquant(e.mouvement_id):
        morceaux.append(f"mouvement n° {int(e.mouvement_id)}")
    if not fmt.manquant(e.annule_mouvement_id):
        morceaux.append(f"annule le n° {int(e.annule_mouvement_id)}")
    if not fmt.manquant(e.annule_import_id):
        morceaux.append(f"retour arrière du lot n° {int(e.annule_import_id)}")
    if not fmt.manquant(e.date_mouvement) and e.evenement not in ("nouveau_laureat",):
        morceaux.append(f"daté du {fmt.date_longue(e.date_mouvement)}")
    if isinstance(e.nom_fichier, str):
        morceaux.append(f"fichier {texte_brut.markdown(e.nom_fichier)}")
    return f" ({', '.join(morceaux)})" if morceaux else ""


def sources(e) -> str:
    """Every source of the change: a link for an http(s) URL, plain text otherwise."""
    liens = [texte_brut.lien(s, "source") for s in texte_brut.sources(e.source_url)]
    return f" — {', '.join(liens)}" if liens else ""


def ligne(e) -> str:
    """One change as a Markdown list item: day, kind, object, amount, detail, sources, note."""
    # a ledger row's or batch's note says what it is; a laureate's long notes stay on its sheet
    avec_note = isinstance(e.notes, str) and e.notes and e.evenement != "nouveau_laureat"
    note = f" — {texte_brut.markdown(e.notes)}" if avec_note else ""
    return (
        f"- **{fmt.date_longue(e.date_evenement)}** · {NATURES.get(e.evenement, e.evenement)} : "
        f"{_objet(e)}{_montant(e)}{_detail(e)}{sources(e)}{note}"
    )
