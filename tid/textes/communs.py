"""Sentences several pages say: empty states, « not published is not zero », reconciliation."""

from __future__ import annotations

from tid import fmt, texte_brut

AUCUN_LAUREAT = (
    "Aucun lauréat ne correspond à ces filtres. Retirez un filtre ou utilisez "
    "« Réinitialiser les filtres » dans le panneau latéral."
)
# Vue d'ensemble and Méthode, when the base holds no aggregate published total (a synthetic one)
AUCUN_TOTAL_PUBLIE = (
    "Aucun total agrégé publié (montant global annoncé pour plusieurs projets) dans cette base : "
    "rien à rapprocher des montants projet par projet."
)
NON_PUBLIE_JAMAIS_ZERO = "« n. p. » : montant non publié, jamais compté comme zéro."


def rapprochement(total, markdown: bool = True) -> str:
    """A published aggregate beside the sum of the per-project amounts it covers: one wording
    for the home page, « Méthode » (Markdown, with source links) and `tid check` (plain)."""
    prefixe = "plus de " if total.est_minimum else ""
    nom, vagues = str(total.total_publie_libelle), str(total.vagues)
    sources = ""
    if markdown:
        nom, vagues = f"**{texte_brut.markdown(nom)}**", texte_brut.markdown(vagues)
        liens = ", ".join(
            texte_brut.lien(u, "source") for u in texte_brut.sources(total.source_url)
        )
        sources = f" ({liens})" if liens else ""
    return (
        f"{nom} ({vagues}) : {prefixe}{fmt.euros(total.montant_publie_eur)} "
        f"pour {fmt.nombre(total.nb_projets_annonces)} projets, publié le "
        f"{fmt.date_longue(total.date_publication)}{sources}, sans détail par projet. "
        "Somme des montants publiés projet par projet sur ces vagues : "
        f"{fmt.euros(total.somme_projets_eur)} "
        f"({fmt.couverture(total.nb_projets_montant_publie, total.nb_projets_base)}). "
        "L'écart vient des montants non publiés, pas d'une erreur de calcul."
    )


# « Méthode » and « Données » list the import batches; their state in words
STATUTS_IMPORT = {"applique": "appliqué", "annule": "annulé", "annulation": "annulation d'un lot"}


def statuts_lisibles(historique):
    """The import history (queries/historique_imports.sql) with its `statut` column in words."""
    return historique.assign(statut=historique["statut"].map(lambda s: STATUTS_IMPORT.get(s, s)))


def dates_des_donnees(info, date_extraction) -> str:
    """What the data's date is, truthfully: when the seed's sources were read (data/README.md),
    and the last import since, if any; never the day the base file was built. A synthetic base
    says when it was generated."""
    if bool(info["est_synthetique"]):
        return f"Données fictives générées le {fmt.date_longue(info['date_construction'])}"
    morceaux = [f"Sources consultées le {fmt.date_longue(date_extraction)}"]
    if not fmt.manquant(info["date_dernier_import"]):
        morceaux.append(f"dernier import le {fmt.date_longue(info['date_dernier_import'])}")
    return ", ".join(morceaux)
