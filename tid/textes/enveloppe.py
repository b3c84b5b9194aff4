"""« Où en sont les 30 M€ ? »: the home page's answer in words an adviser can copy.

Every figure comes from the queries the KPIs and charts read (kpi, chaine_par_vague,
calendrier_vagues, repartition, rapprochement_totaux_publies): the words and the charts agree.
"""

from __future__ import annotations

import pandas as pd

from tid import fmt, texte_brut


def titre(kpi, territorial: bool) -> str:
    """The question the block answers, with the envelope of the scope when it is known."""
    if territorial or fmt.manquant(kpi["enveloppe_eur"]):
        return "Où en est l'argent publié ?"
    return f"Où en sont les {fmt.euros_compact(kpi['enveloppe_eur'])} ?"


def _resultats(jalons: pd.DataFrame) -> dict[str, object]:
    """Wave -> the date its laureates were published (the calendar's « Résultats publiés »)."""
    publies = jalons[jalons["jalon"] == "Résultats publiés"]
    return dict(zip(publies["vague_id"], publies["date_jalon"], strict=True))


def _vagues(kpi, vagues: pd.DataFrame, jalons: pd.DataFrame, territorial: bool) -> str:
    resultats = _resultats(jalons)
    morceaux = []
    for v in vagues.itertuples():
        enveloppe = (
            "enveloppe non publiée"
            if fmt.manquant(v.enveloppe_eur)
            else fmt.euros_compact(v.enveloppe_eur)
        )
        date = resultats.get(v.vague_id)
        quand = "" if date is None else f", lauréats publiés le {fmt.date_longue(date)}"
        morceaux.append(f"{v.vague_libelle} ({enveloppe}{quand})")
    total = fmt.euros_compact(kpi["enveloppe_eur"])
    national = " au niveau national (non répartie par territoire)" if territorial else ""
    vagues_dites = fmt.compte(len(vagues), "vague", "vagues")
    return f"**Enveloppe** : {total}{national} en {vagues_dites} : " + ", ".join(morceaux) + "."


def _laureats(kpi, vagues: pd.DataFrame) -> str:
    par_vague = ", ".join(
        f"{fmt.nombre(v.nb_projets)} en {v.vague_libelle}" for v in vagues.itertuples()
    )
    return f"**Lauréats** : {fmt.nombre(kpi['nb_projets'])}, dont {par_vague}."


def _repartition(nom: str, lignes: pd.DataFrame) -> str:
    """« Par axe : Axe 2 – … : 7 (4,6 M€ publiés pour 2) ; … », groups with a laureate only."""
    lignes = lignes[lignes["nb_projets"] > 0]
    morceaux = []
    for r in lignes.itertuples():
        argent = ""
        if r.nb_projets_attribution_publiee:
            argent = (
                f" ({fmt.euros_compact(r.montant_attribue_eur)} publiés pour "
                f"{fmt.nombre(r.nb_projets_attribution_publiee)})"
            )
        morceaux.append(f"{texte_brut.markdown(r.libelle)} : {fmt.nombre(r.nb_projets)}{argent}")
    return f"**{nom}** : " + " ; ".join(morceaux) + "."


def _argent(kpi, territorial: bool) -> str:
    n = int(kpi["nb_projets"])
    attribue = (
        f"attribué {fmt.euros_compact(kpi['montant_attribue_eur'])}, "
        f"{fmt.couverture(int(kpi['nb_projets_attribution_publiee']), n)}"
        if int(kpi["nb_projets_attribution_publiee"])
        else "aucun montant attribué publié"
    )
    if not territorial and not fmt.manquant(kpi["enveloppe_eur"]):
        attribue += (
            f" (il reste au plus {fmt.euros_compact(kpi['reste_a_attribuer_max_eur'])} à attribuer)"
        )
    conventions = int(kpi["nb_projets_conventionnes"])
    conventionne = (
        f"conventionné {fmt.euros_compact(kpi['montant_conventionne_eur'])}, "
        f"{fmt.couverture(int(kpi['nb_projets_convention_publiee']), n)}"
        if int(kpi["nb_projets_convention_publiee"])
        else f"{fmt.compte(conventions, 'lauréat a', 'lauréats ont')} une convention signée "
        "connue, sans montant publié"
    )
    verse = (
        f"versé {fmt.euros_compact(kpi['montant_verse_eur'])}, "
        f"{fmt.couverture(int(kpi['nb_projets_versement_publie']), n)}"
        if int(kpi["nb_projets_versement_publie"])
        else "aucun versement publié"
    )
    return f"**Argent publié** : {attribue} ; {conventionne} ; {verse}."


def _total_publie(total, vagues_du_perimetre: set[str]) -> str:
    """A published aggregate as its source gives it, what it covers, and what it may include."""
    prefixe = "plus de " if total.est_minimum else ""
    couvertes = list(total.vague_libelles)
    hors = [v for v in couvertes if v not in vagues_du_perimetre]
    deborde = f" ; {', '.join(hors)} hors de ce périmètre" if hors else ""
    liens = ", ".join(texte_brut.lien(u, "source") for u in texte_brut.sources(total.source_url))
    note = (
        ""
        if fmt.manquant(total.total_publie_notes)
        else " " + texte_brut.markdown(total.total_publie_notes)
    )
    return (
        f"**Total publié** : {prefixe}{fmt.euros_compact(total.montant_publie_eur)} – "
        f"{texte_brut.markdown(total.total_publie_libelle)} "
        f"({texte_brut.markdown(', '.join(couvertes))}{deborde}), "
        f"publié le {fmt.date_longue(total.date_publication)}"
        f"{' (' + liens + ')' if liens else ''}.{note}"
    )


def concerne(total, perimetre: set[str]) -> bool:
    """A published aggregate speaks of this scope when it covers one of its waves."""
    return bool(perimetre & set(total.vague_libelles))


def _non_publie(kpi) -> str:
    n = int(kpi["nb_projets"])
    morceaux = [
        f"le montant attribué de {fmt.nombre(kpi['nb_projets_sans_attribution_publiee'])} "
        f"{fmt.accord(kpi['nb_projets_sans_attribution_publiee'], 'lauréat', 'lauréats')} "
        f"sur {fmt.nombre(n)}"
    ]
    if int(kpi["nb_projets_convention_publiee"]) < n:
        morceaux.append(
            "les montants conventionnés"
            if not int(kpi["nb_projets_convention_publiee"])
            else "une partie des montants conventionnés"
        )
    if int(kpi["nb_projets_versement_publie"]) < n:
        morceaux.append(
            "les versements"
            if not int(kpi["nb_projets_versement_publie"])
            else "une partie des versements"
        )
    return "**Non publié** : " + ", ".join(morceaux) + " ; rien n'est estimé."


def reponse(kpi, vagues, jalons, territoires, axes, totaux, territorial: bool) -> str:
    """The answer as a Markdown list, one item per question a decision-maker asks."""
    perimetre = set(vagues["vague_libelle"])
    items = [
        _vagues(kpi, vagues, jalons, territorial),
        _laureats(kpi, vagues),
        _repartition("Par type de territoire", territoires),
        _repartition("Par axe", axes),
        _argent(kpi, territorial),
        *(_total_publie(t, perimetre) for t in totaux.itertuples() if concerne(t, perimetre)),
        _non_publie(kpi),
    ]
    return "\n".join(f"- {item}" for item in items)
