"""Méthode et sources: definitions, reading guide, coverage, sources, licences, imports."""

import logging

import pandas as pd
import streamlit as st

from tid import db, documentation, fmt, texte_brut, textes
from tid.filtres import aucun
from tid.ui import blocs, cadre

TABLES = {
    "programme": "Programmes",
    "vague": "Vagues",
    "axe": "Axes",
    "projet": "Lauréats",
    "mouvement": "Mouvements financiers",
    "total_publie": "Totaux publiés",
    "region": "Régions",
    "departement": "Départements",
}
STATUTS = {"applique": "appliqué", "annule": "annulé", "annulation": "annulation d'un lot"}
# Beyond this many objects, a source's line lists the first ones and the count.
OBJETS_AFFICHES = 5

with cadre.page("Méthode et sources") as filtres:
    info = db.fetch("base_info").iloc[0]
    base = db.fetch("kpi", **aucun()).iloc[0]
    totaux = db.fetch("rapprochement_totaux_publies")

    # data/README.md is the one reference for definitions and licences (R14): read, never copied.
    try:
        readme = documentation.README_DONNEES.read_text(encoding="utf-8")
        glossaire = documentation.tableau(documentation.section(readme, "Glossaire"))
        types_territoire = documentation.tableau(
            documentation.section(readme, "Types de territoire"), intro=True
        )
        fichiers = documentation.tableau(
            documentation.section(readme, "Fichiers, sources et licences")
        )
        attribution = documentation.paragraphe(
            readme, "Attribution à afficher pour les données géographiques :"
        )
    except (OSError, documentation.SectionIntrouvable):
        logging.getLogger("tid").exception("data/README.md illisible pour la page Méthode")
        glossaire = types_territoire = fichiers = attribution = None
    DOC_ABSENTE = (
        "Ce passage de la documentation des données (`data/README.md`) n'a pas pu être lu. "
        "Signalez-le à l'équipe du programme."
    )

    st.title("Méthode et sources")
    st.markdown(
        "D'où viennent les chiffres du tableau de bord, ce que veut dire chaque mot, et ce qui "
        "n'est pas publié."
    )
    st.info(
        "Cette page décrit **toute la base** : les filtres du panneau latéral ne s'y appliquent pas, "
        "sauf à la liste des lauréats sans montant publié, qui les suit.",
        icon=":material/filter_alt_off:",
    )

    st.header("Date des données")
    nb_imports = int(info["nb_imports"])
    st.markdown(
        f"Données du **{blocs.date_donnees()}** : date du dernier import appliqué à la base "
        f"({fmt.compte(nb_imports, 'lot', 'lots')} d'import, détaillés plus bas). "
        f"Dernier mouvement financier daté : {fmt.date_longue(info['date_dernier_mouvement'])}."
    )

    st.header("Comment lire les chiffres")
    lecture = [
        "**Montants publiés seulement.** Chaque montant vient d'une source publique citée "
        "(communiqué, article, site du porteur) ; aucun montant n'est estimé, extrapolé ni réparti.",
        f"**« {fmt.NON_PUBLIE} » n'est pas zéro.** Un montant que les sources ne donnent pas "
        f"s'affiche « {fmt.NON_PUBLIE} » et n'entre dans aucune somme : une somme de montants "
        "publiés est un minimum, et le reste à attribuer une borne haute (« au plus »). "
        f"Sur toute la base, le montant attribué est "
        f"{fmt.couverture(int(base['nb_projets_attribution_publiee']), int(base['nb_projets']))}.",
    ]
    lecture += [
        "**Totaux publiés et sommes par projet.** " + textes.rapprochement(total)
        for total in totaux.itertuples()
    ]
    lecture += [
        "**Populations.** Populations municipales de référence INSEE 2023 ; pour Mayotte, "
        "recensement 2017 : les montants par habitant y sont donc surestimés.",
        "**Type de territoire.** Il est déterminé par le porteur du projet (pas par le lieu des "
        "actions), selon la table de règles ci-dessous : la première règle qui s'applique l'emporte.",
    ]
    st.markdown("\n".join(f"- {ligne}" for ligne in lecture))

    st.header("Glossaire")
    if glossaire:
        st.markdown(glossaire)
    else:
        st.warning(DOC_ABSENTE)
    st.header("Types de territoire : table de règles")
    if types_territoire:
        st.markdown(types_territoire)
    else:
        st.warning(DOC_ABSENTE)

    st.header("Couverture : lauréats sans montant attribué publié")
    perimetre = db.fetch("kpi", **filtres).iloc[0]
    nb_projets = int(perimetre["nb_projets"])
    # Formatting row by row costs seconds at 100 000 laureates: show the first ones (bench/).
    LIGNES_SANS_MONTANT = 1_000
    sans_montant = db.fetch("projets_sans_montant", **filtres, limite=LIGNES_SANS_MONTANT)
    # the same rule as the query (no published attributed amount), counted over every row
    nb_sans_montant = nb_projets - int(perimetre["nb_projets_attribution_publiee"])
    st.caption(blocs.legende_filtres(filtres))
    if nb_projets == 0:
        st.info(
            "Aucun lauréat ne correspond à ces filtres. Retirez un filtre ou utilisez "
            "« Réinitialiser les filtres » dans le panneau latéral."
        )
    elif nb_sans_montant == 0:
        st.success(
            f"Tous les lauréats retenus ({fmt.nombre(nb_projets)}) ont un montant attribué publié."
        )
    else:
        plusieurs = nb_sans_montant > 1
        st.markdown(
            f"**{fmt.compte(nb_sans_montant, 'lauréat', 'lauréats')} sur {fmt.nombre(nb_projets)}** "
            + ("n'ont" if plusieurs else "n'a")
            + " aucun montant attribué publié (montant "
            + fmt.couverture(int(perimetre["nb_projets_attribution_publiee"]), nb_projets)
            + "). "
            + ("Ils comptent" if plusieurs else "Il compte")
            + " parmi les lauréats, jamais pour zéro euro dans les sommes."
        )
        if nb_sans_montant > len(sans_montant):
            st.caption(
                f"Le tableau montre les {fmt.nombre(len(sans_montant))} premiers ; les "
                "téléchargements de la page « Projets » les listent tous."
            )
        sans_montant["convention"] = [
            (f"oui, le {fmt.date_fr(r.date_convention)}" if pd.notna(r.date_convention) else "oui")
            if r.nb_conventions > 0
            else "aucune connue"
            for r in sans_montant.itertuples()
        ]
        st.dataframe(
            blocs.tableau_francais(
                sans_montant,
                {
                    "projet_id": "Identifiant",
                    "programme": "Programme",
                    "vague": "Vague",
                    "porteur": "Porteur",
                    "nom_projet": "Projet",
                    "convention": "Convention signée connue",
                },
            ),
            hide_index=True,
            width="stretch",
        )
        if (sans_montant["nb_conventions"] > 0).any():
            st.caption(
                "« Convention signée connue » : la signature d'une convention de financement est "
                "publiée, mais pas son montant."
            )

    st.header("Totaux publiés et sommes par projet")
    if totaux.empty:
        st.caption(blocs.AUCUN_TOTAL_PUBLIE)
    else:
        totaux["nature"] = [
            "minimum (« plus de »)" if m else "exact" for m in totaux["est_minimum"]
        ]
        st.dataframe(
            blocs.tableau_francais(
                totaux,
                {
                    "libelle": "Total publié",
                    "vagues": "Vagues",
                    "montant_publie_eur": "Montant publié",
                    "nature": "Nature du montant",
                    "nb_projets_annonces": "Projets annoncés",
                    "date_publication": "Publié le",
                    "nb_projets_base": "Lauréats de ces vagues dans la base",
                    "nb_projets_montant_publie": "Lauréats avec montant publié",
                    "somme_projets_eur": "Somme des montants publiés par projet",
                },
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(
            "Sources des totaux : "
            + " ; ".join(
                texte_brut.lien(url, total.libelle)
                for total in totaux.itertuples()
                for url in texte_brut.sources(total.source_url)
            )
            + ". Un total « plus de » est un minimum : la somme par projet peut rester en dessous, "
            "jamais au-dessus."
        )

    st.header("Sources")
    sources = db.fetch("sources")
    if sources.empty:
        st.info("Aucune source n'est enregistrée dans la base.")
    else:
        resume = sources.iloc[0]
        autres = int(resume["nb_sources"]) - int(resume["nb_sources_lien"])
        st.markdown(
            f"**{fmt.compte(resume['nb_sources'], 'source distincte', 'sources distinctes')}** dans "
            f"la base ({fmt.compte(resume['nb_sources_lien'], 'adresse web', 'adresses web')}"
            + (f", {fmt.compte(autres, 'autre référence', 'autres références')}" if autres else "")
            + f"), sur {fmt.compte(resume['nb_domaines'], 'domaine', 'domaines')}. "
            "Chaque ligne de la base porte sa ou ses sources ; sous chaque adresse, ce qu'elle appuie."
        )
        par_table = sources.drop_duplicates("table_source").sort_values("table_ordre")
        st.caption(
            "Sources par table : "
            + " · ".join(
                f"{TABLES.get(r.table_source, r.table_source)} : {fmt.nombre(r.nb_sources_table)}"
                for r in par_table.itertuples()
            )
            + "."
        )
        for domaine, lignes in sources.groupby("domaine", sort=False):
            nb = int(lignes["nb_sources_domaine"].iloc[0])
            titre = f"{texte_brut.markdown(domaine)} · {fmt.compte(nb, 'source', 'sources')}"
            with st.expander(titre):
                items = []
                for url, appuis in lignes.groupby("source_url", sort=False):
                    # a link only for a well-formed http(s) URL (texte_brut.url_web), whatever the
                    # coarser est_lien of the query says: « https://x@y » would hide its real host
                    if texte_brut.url_web(url):
                        texte = url.removeprefix("https://").removeprefix("http://")
                        tete = texte_brut.lien(url, texte)
                    elif bool(appuis["est_lien"].iloc[0]):
                        tete = texte_brut.markdown(url)
                    else:
                        tete = f"{texte_brut.markdown(url)} (référence hors web)"
                    detail = []
                    for r in appuis.itertuples():
                        objets = [texte_brut.markdown(o) for o in r.objets[:OBJETS_AFFICHES]]
                        suite = ", …" if r.nb_objets > OBJETS_AFFICHES else ""
                        detail.append(
                            f"{TABLES.get(r.table_source, r.table_source)} "
                            f"({fmt.nombre(r.nb_objets)}) : {', '.join(objets)}{suite}"
                        )
                    items.append(f"- {tete}  \n  appuie : {' ; '.join(detail)}")
                st.markdown("\n".join(items))

    st.header("Licences et attribution")
    if attribution:
        st.markdown(f"Attribution des données géographiques et de population : {attribution}")
    else:
        st.warning(DOC_ABSENTE)
    with st.expander("Fichiers de données, sources et licences"):
        if fichiers:
            st.markdown(fichiers)
        else:
            st.warning(DOC_ABSENTE)

    st.header("Historique des imports")
    imports = db.fetch("historique_imports")
    imports["statut"] = [STATUTS.get(s, s) for s in imports["statut"]]
    st.dataframe(
        blocs.tableau_francais(
            imports,
            {
                "import_id": "Lot",
                "horodatage_import": "Date et heure",
                "nom_fichier": "Fichier",
                "sha256_court": "Empreinte SHA-256 (début)",
                "nb_lignes": "Lignes de données",
                "nb_mouvements": "Mouvements apportés",
                "auteur": "Auteur",
                "statut": "Statut",
                "message": "Message",
            },
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(
        "Le registre des mouvements est en ajout seul : une correction ou un retour arrière est un "
        "nouveau lot, dont les lignes annulent les précédentes sans les effacer."
    )
