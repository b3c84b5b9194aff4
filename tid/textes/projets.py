"""Sentences of « Projets »: totals of the matching rows, captions, downloads, the project sheet."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tid import fmt, texte_brut

RECHERCHE = "Rechercher un projet, un porteur, un partenaire ou une commune"
AUCUN_PROJET = (
    "Aucun projet ne correspond à ces filtres et à cette recherche. Modifiez la recherche, "
    "retirez un filtre ou utilisez « Réinitialiser les filtres »."
)
NOM_NON_PUBLIE = "(nom non publié)"
# (exported object, file format, button label), in the order of the buttons
TELECHARGEMENTS = (
    ("projets", "csv", "Projets (CSV pour Excel)"),
    ("projets", "xlsx", "Projets (XLSX)"),
    ("registre", "csv", "Registre (CSV pour Excel)"),
    ("registre", "xlsx", "Registre (XLSX)"),
)
# openpyxl writes ~1 500 rows a second on this hardware (BENCHMARKS.md)
LIGNES_XLSX_PAR_SECONDE = 1_500
AUCUN_MOUVEMENT = "Aucun mouvement publié pour ce projet."


def resume(premiere) -> str:
    """Count and published total of every matching row (queries/projets.sql), not of those shown."""
    nb = int(premiere["nb_lignes_total"])
    couverture = fmt.couverture(int(premiere["nb_lignes_attribution_publiee"]), nb)
    return (
        f"**{fmt.compte(nb, 'projet', 'projets')}** · attribué publié : "
        f"**{fmt.euros(premiere['montant_attribue_total_eur'])}** ({couverture})"
    )


def lignes_affichees(nb_affichees: int, nb: int) -> str:
    return (
        f"Le tableau montre les {fmt.nombre(nb_affichees)} premières lignes sur "
        f"{fmt.nombre(nb)} ; affinez les filtres ou la recherche. Les téléchargements contiennent "
        "toutes les lignes."
    )


def legende_tableau(legende_filtres: str, recherche: str | None) -> str:
    """The table's caption; the search is shown as typed (Markdown neutralised)."""
    return (
        "Montants publiés seulement : « non publié » n'est pas zéro. Cliquez sur un en-tête pour "
        "trier. "
        + legende_filtres
        + (f" Recherche : « {texte_brut.markdown(recherche)} »." if recherche else "")
    )


def duree_xlsx(nb: int) -> str:
    """Say how long a large XLSX takes before the reader waits for it."""
    minutes = max(1, round(nb / LIGNES_XLSX_PAR_SECONDE / 60))
    return (
        f"Le fichier XLSX de {fmt.nombre(nb)} lignes demande environ {fmt.nombre(minutes)} min "
        "de préparation ; le CSV est prêt en quelques secondes."
    )


def legende_telechargements(nb: int) -> str:
    return (
        f"{fmt.compte(nb, 'projet', 'projets')} et leurs mouvements. CSV : UTF-8 avec BOM, "
        'séparateur « ; », virgule décimale (Excel en français), codes écrits ="01" pour '
        "garder le zéro initial. XLSX : codes gardés en texte, "
        "feuille « Lisez-moi » (définitions, filtres, lien, date des données, sources)."
    )


SCDL_TITRE = "Publier en données ouvertes (SCDL « subventions »)"
SCDL_BOUTON = "Subventions (SCDL, données ouvertes)"
SCDL_EXCLUS = "Lauréats sans ligne publiable, et ce qui manque"


def exclus_affiches(nb_affiches: int, nb: int) -> str:
    return (
        f"Les {fmt.nombre(nb_affiches)} premiers lauréats sans ligne publiable sur "
        f"{fmt.nombre(nb)} ; la liste complète : `python -m tid export --format scdl` "
        "(sortie d'erreur), ou affinez les filtres ou la recherche."
    )


def legende_scdl(bilan: str) -> str:
    """What the SCDL file is, and how many of the laureates it can hold (never guessed)."""
    return (
        f"{bilan}. Format réglementaire des données essentielles des conventions de subvention "
        "(décret n° 2017-779) : UTF-8, séparateur « , », point décimal, dates AAAA-MM-JJ, "
        "validé par le schéma versionné dans le dépôt (data/schemas). Une ligne n'est écrite "
        "que si le montant attribué, la date de convention et au moins un versement sont "
        "publiés : rien n'est estimé."
    )


def libelles_projets(projets: pd.DataFrame) -> dict[str, str]:
    """projet_id -> « name – carrier », the options of the project sheet's menu."""
    return {
        r.projet_id: texte_brut.nettoyer(
            f"{r.nom_projet if pd.notna(r.nom_projet) else NOM_NON_PUBLIE} – {r.porteur}"
        )
        for r in projets.itertuples()
    }


def fiche(fiche: pd.Series) -> tuple[str, str]:
    """The project sheet's two Markdown lists: who and where, then status, dates and amounts.

    Every text field goes through texte_brut.markdown: an imported name is data, and Markdown
    would turn « ![x](https://…) » into an image fetched from that host.
    """
    champs = {cle: texte_brut.markdown(fmt.texte(valeur)) for cle, valeur in fiche.items()}
    gauche = [
        f"- **Porteur** : {champs['porteur']} ({champs['type_porteur']})",
        f"- **SIREN** : {champs['siren_porteur']}",
        f"- **Programme et vague** : {champs['programme_id']}, {champs['vague_id']}",
        f"- **Territoire** : {champs['commune_siege']} ({champs['departement']}, "
        f"{champs['region']}) – {champs['type_territoire']}",
        f"- **Axe** : {champs['axe']}",
        f"- **Thèmes** : {champs['themes']}",
        f"- **Partenaires** : {champs['partenaires']}",
    ]
    droite = [
        f"- **Statut** : {champs['statut']}",
        f"- **Annonce** : {fmt.date_longue(fiche.date_annonce)}",
        f"- **Convention** : {fmt.date_longue(fiche.date_convention)}",
        f"- **Attribué publié** : {fmt.euros(fiche.montant_attribue_eur)}",
        f"- **Conventionné publié** : {fmt.euros(fiche.montant_conventionne_eur)}",
        f"- **Versé publié** : {fmt.euros(fiche.montant_verse_eur)}",
        f"- **Coût total publié** : {fmt.euros(fiche.cout_total_eur)}",
    ]
    return "\n".join(gauche), "\n".join(droite)


def liste_sources(*champs: object) -> str:
    """A numbered list, one link per http(s) URL; any other reference (javascript:, a note)
    stays text."""
    urls = texte_brut.sources(*champs)
    return "\n".join(f"{i}. {texte_brut.lien(u)}" for i, u in enumerate(urls, 1))


# Unconfirmed indications (data/seed/indication.csv): what the source says, by nature; the
# nature's suffix gives the unit of its value (R6).
INDICATION_NON_CONFIRMEE = "Indication non confirmée"
NATURES_INDICATION = {
    "montant_aide_eur": "aide annoncée",
    "montant_non_qualifie_eur": "montant annoncé, sans dire s'il est l'aide ou le coût du projet",
    "cout_total_eur": "coût total du projet",
    "taux_aide_pct": "part de l'État dans le financement",
    "date_lancement": "lancement du projet",
    "date_accord_consortium": "accord de consortium",
}
INDICATIONS_JAMAIS_COMPTEES = (
    "Ces valeurs viennent de sources moins sûres (fourchette, source secondaire, montant de "
    "nature incertaine). Elles ne sont comptées dans aucun total, indicateur, graphique ni "
    "extrait : elles attendent une source qui les confirme."
)


def valeur_indication(nature: str, valeur: str) -> str:
    """The value in French by the nature's suffix (« de 5 000 000 € à 6 000 000 € », « 50 % »,
    « 26 novembre 2024 »); a value that does not parse is shown as written."""
    try:
        if nature.endswith("_eur"):
            bornes = [float(v) for v in valeur.split("-")]
            if len(bornes) == 2:
                return f"de {fmt.euros(bornes[0])} à {fmt.euros(bornes[1])}"
            (montant,) = bornes
            return fmt.euros(montant)
        if nature.endswith("_pct"):
            return fmt.pourcent(float(valeur))
        if nature.startswith("date_"):
            return fmt.date_longue(date.fromisoformat(valeur))
    except ValueError:
        pass
    return texte_brut.markdown(valeur)


def indication(ligne) -> str:
    """One indication as Markdown: « Indication non confirmée », what and how much, why it is
    uncertain, and its source (a link only for an http(s) URL; imported text stays text)."""
    nature = NATURES_INDICATION.get(ligne.nature, texte_brut.markdown(ligne.nature))
    sources = ", ".join(texte_brut.lien(u) for u in texte_brut.sources(ligne.source_url))
    valeur = valeur_indication(ligne.nature, ligne.valeur)
    return (
        f"**{INDICATION_NON_CONFIRMEE}** – {nature} : **{valeur}**"
        f"  \nPourquoi incertain : {texte_brut.markdown(ligne.pourquoi_incertain)} "
        f"(confiance : {texte_brut.markdown(ligne.confiance)})  \nSource : {sources}"
    )
