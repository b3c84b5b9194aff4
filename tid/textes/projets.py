"""Sentences of « Projets »: totals of the matching rows, captions, downloads, the project sheet."""

from __future__ import annotations

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
        "séparateur « ; », virgule décimale (Excel en français). XLSX : codes gardés en texte, "
        "feuille « Lisez-moi » (définitions, filtres, lien, date des données, sources)."
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
