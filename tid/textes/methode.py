"""Sentences of « Méthode et sources »: reading guide, coverage, sources of the base, imports."""

from __future__ import annotations

import pandas as pd

from tid import fmt, texte_brut, vocabulaire
from tid.textes.communs import rapprochement

INTRODUCTION = (
    "D'où viennent les chiffres du tableau de bord, ce que veut dire chaque mot, et ce qui "
    "n'est pas publié."
)
FILTRES_IGNORES = (
    "Cette page décrit **toute la base** : les filtres du panneau latéral ne s'y appliquent pas, "
    "sauf à la liste des lauréats sans montant publié, qui les suit."
)
DOC_ABSENTE = (
    "Ce passage de la documentation des données (`data/README.md`) n'a pas pu être lu. "
    "Signalez-le à l'équipe du programme."
)
NOTE_CONVENTION = (
    "« Convention signée connue » : la signature d'une convention de financement est "
    "publiée, mais pas son montant."
)
AUCUNE_SOURCE = "Aucune source n'est enregistrée dans la base."
REGISTRE_AJOUT_SEUL = (
    "Le registre des mouvements est en ajout seul : une correction ou un retour arrière est un "
    "nouveau lot, dont les lignes annulent les précédentes sans les effacer."
)
# Column titles of the page's tables (blocs.tableau formats by suffix)
COLONNES_SANS_MONTANT = {
    **vocabulaire.libelles("projet_id", "programme_id", "vague_id", "porteur", "nom_projet"),
    "convention": "Convention signée connue",
}
COLONNES_TOTAUX = {
    **vocabulaire.libelles("total_publie_libelle"),
    "vagues": "Vagues",
    **vocabulaire.libelles("montant_publie_eur"),
    # not the ledger's « Nature »: whether a published total is exact or a minimum
    "nature": "Nature du montant",
    **vocabulaire.libelles(
        "nb_projets_annonces",
        "date_publication",
        "nb_projets_base",
        "nb_projets_montant_publie",
        "somme_projets_eur",
    ),
}
COLONNES_IMPORTS = vocabulaire.libelles(
    "import_id",
    "horodatage_import",
    "nom_fichier",
    "sha256_court",
    "nb_lignes",
    "nb_mouvements",
    "auteur",
    "statut",
    "message",
)
# Formatting row by row costs seconds at 100 000 laureates: show the first ones (bench/).
LIGNES_SANS_MONTANT = 1_000
# Beyond this many objects, a source's line lists the first ones and the count.
OBJETS_AFFICHES = 5
# The base's tables by name (a source line says which tables it supports): plural nouns.
TABLES = {
    "programme": "Programmes",
    "vague": "Vagues",
    "axe": "Axes",
    "projet": "Lauréats",
    "mouvement": "Mouvements financiers",
    "total_publie": "Totaux publiés",
    "region": "Régions",
    "departement": "Départements",
    "indication": "Indications non confirmées (jamais additionnées)",
}


def date_des_donnees(date_donnees: str, info) -> str:
    """What « the date of the data » means: when the sources were read, the last import since
    (never the day the base file was built), and the last dated movement."""
    lots = fmt.compte(int(info["nb_imports"]), "lot", "lots")
    return (
        f"**{date_donnees}** : date de consultation des sources de la base de référence "
        f"(`data/README.md`, « Extraction ») et du dernier import depuis ({lots} d'import, "
        "détaillés plus bas). "
        f"Dernier mouvement financier daté : {fmt.date_longue(info['date_dernier_mouvement'])}."
    )


def lecture(base, totaux: pd.DataFrame) -> str:
    """« Comment lire les chiffres » as a Markdown list; `base` is the KPI row of the whole base."""
    couverture = fmt.couverture(
        int(base["nb_projets_attribution_publiee"]), int(base["nb_projets"])
    )
    lignes = [
        "**Montants publiés seulement.** Chaque montant vient d'une source publique citée "
        "(communiqué, article, site du porteur) ; aucun montant n'est estimé, extrapolé ni "
        "réparti.",
        f"**« {fmt.NON_PUBLIE} » n'est pas zéro.** Un montant que les sources ne donnent pas "
        f"s'affiche « {fmt.NON_PUBLIE} » et n'entre dans aucune somme : une somme de montants "
        "publiés est un minimum, et le reste à attribuer une borne haute (« au plus »). "
        f"Sur toute la base, le montant attribué est {couverture}.",
        *(
            "**Totaux publiés et sommes par projet.** " + rapprochement(total)
            for total in totaux.itertuples()
        ),
        "**Populations.** Populations municipales de référence INSEE 2023 ; pour Mayotte, "
        "recensement 2017 : les montants par habitant y sont donc surestimés.",
        "**Type de territoire.** Il est déterminé par le porteur du projet (pas par le lieu des "
        "actions), selon la table de règles ci-dessous : la première règle qui s'applique "
        "l'emporte.",
    ]
    return "\n".join(f"- {ligne}" for ligne in lignes)


def tous_publies(nb_projets: int) -> str:
    return f"Tous les lauréats retenus ({fmt.nombre(nb_projets)}) ont un montant attribué publié."


def sans_montant(perimetre) -> str:
    """How many laureates of the filtered scope have no published amount, never counted as 0 €."""
    nb_sans_montant = int(perimetre["nb_projets_sans_attribution_publiee"])
    nb_projets = int(perimetre["nb_projets"])
    couverture = fmt.couverture(int(perimetre["nb_projets_attribution_publiee"]), nb_projets)
    return (
        f"**{fmt.compte(nb_sans_montant, 'lauréat', 'lauréats')} sur {fmt.nombre(nb_projets)}** "
        + fmt.accord(nb_sans_montant, "n'a", "n'ont")
        + f" aucun montant attribué publié (montant {couverture}). "
        + fmt.accord(nb_sans_montant, "Il compte", "Ils comptent")
        + " parmi les lauréats, jamais pour zéro euro dans les sommes."
    )


def premiers_seulement(nb_lignes: int) -> str:
    return (
        f"Le tableau montre les {fmt.nombre(nb_lignes)} premiers ; les "
        "téléchargements de la page « Projets » les listent tous."
    )


def avec_convention(sans_montant: pd.DataFrame) -> pd.DataFrame:
    """The list with a « convention » column in words: signed on a date, signed, or none known."""
    convention = [
        (f"oui, le {fmt.date_fr(r.date_convention)}" if pd.notna(r.date_convention) else "oui")
        if r.nb_conventions > 0
        else "aucune connue"
        for r in sans_montant.itertuples()
    ]
    return sans_montant.assign(convention=convention)


def note_convention(sans_montant: pd.DataFrame) -> str | None:
    """The caption explaining « Convention signée connue », when a row of the list has one."""
    return NOTE_CONVENTION if (sans_montant["nb_conventions"] > 0).any() else None


def avec_nature(totaux: pd.DataFrame) -> pd.DataFrame:
    """The published totals with their nature in words: exact, or a minimum (« plus de »)."""
    return totaux.assign(
        nature=["minimum (« plus de »)" if m else "exact" for m in totaux["est_minimum"]]
    )


def sources_des_totaux(totaux: pd.DataFrame) -> str:
    liens = " ; ".join(
        texte_brut.lien(url, total.total_publie_libelle)
        for total in totaux.itertuples()
        for url in texte_brut.sources(total.source_url)
    )
    return (
        f"Sources des totaux : {liens}. Un total « plus de » est un minimum : la somme par projet "
        "peut rester en dessous, jamais au-dessus."
    )


def resume_sources(resume) -> str:
    """How many sources, web addresses and domains: `resume` is any row of queries/sources.sql."""
    autres = int(resume["nb_sources"]) - int(resume["nb_sources_lien"])
    return (
        f"**{fmt.compte(resume['nb_sources'], 'source distincte', 'sources distinctes')}** dans "
        f"la base ({fmt.compte(resume['nb_sources_lien'], 'adresse web', 'adresses web')}"
        + (f", {fmt.compte(autres, 'autre référence', 'autres références')}" if autres else "")
        + f"), sur {fmt.compte(resume['nb_domaines'], 'domaine', 'domaines')}. "
        "Chaque ligne de la base porte sa ou ses sources ; sous chaque adresse, ce qu'elle appuie."
    )


def _table(table_source: str) -> str:
    return TABLES.get(table_source, table_source)


def sources_par_table(sources: pd.DataFrame) -> str:
    """« Sources par table : Programmes : 3 · … », in the order of the tables in the base."""
    par_table = sources.drop_duplicates("table_source").sort_values("table_ordre")
    nombres = " · ".join(
        f"{_table(r.table_source)} : {fmt.nombre(r.nb_sources_table)}"
        for r in par_table.itertuples()
    )
    return f"Sources par table : {nombres}."


def _adresse(url: str, est_lien: bool) -> str:
    # a link only for a well-formed http(s) URL (texte_brut.url_web), whatever the coarser
    # est_lien of the query says: « https://x@y » would hide its real host
    if texte_brut.url_web(url):
        return texte_brut.lien(url, url.removeprefix("https://").removeprefix("http://"))
    if est_lien:
        return texte_brut.markdown(url)
    return f"{texte_brut.markdown(url)} (référence hors web)"


def _appui(r) -> str:
    """One table a source supports: its name, how many objects, the first ones."""
    objets = ", ".join(texte_brut.markdown(o) for o in r.objets[:OBJETS_AFFICHES])
    suite = ", …" if r.nb_objets > OBJETS_AFFICHES else ""
    return f"{_table(r.table_source)} ({fmt.nombre(r.nb_objets)}) : {objets}{suite}"


def sources_par_domaine(sources: pd.DataFrame) -> list[tuple[str, str]]:
    """One (title, Markdown list) per domain: each address, then what it supports."""
    domaines = []
    for domaine, lignes in sources.groupby("domaine", sort=False):
        nb = int(lignes["nb_sources_domaine"].iloc[0])
        titre = f"{texte_brut.markdown(domaine)} · {fmt.compte(nb, 'source', 'sources')}"
        items = [
            f"- {_adresse(url, bool(appuis['est_lien'].iloc[0]))}  \n"
            f"  appuie : {' ; '.join(_appui(r) for r in appuis.itertuples())}"
            for url, appuis in lignes.groupby("source_url", sort=False)
        ]
        domaines.append((titre, "\n".join(items)))
    return domaines


def attribution(texte: str) -> str:
    return f"Attribution des données géographiques et de population : {texte}"
