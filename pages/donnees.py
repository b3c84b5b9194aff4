"""Données (maintainers): templates, upload, preview, apply, history and revert of imports."""

import hashlib

import pandas as pd
import streamlit as st

from tid import db, exports, fmt, ingest, texte_brut
from tid.ingest import LIMITE_LIGNES, LIMITE_OCTETS, FichierRefuse
from tid.ui import blocs, cadre, connexion

with cadre.page("Données"):
    st.title("Données")
    st.caption(
        "Réservé à l'équipe du programme : importer un fichier de projets ou de mouvements "
        "financiers, vérifier l'aperçu, appliquer, annuler. Les autres pages restent publiques et en "
        "lecture seule."
    )

    auteur = connexion.connexion_mainteneur()
    if auteur is None:
        st.stop()

    MIME = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    st.header("1. Partir d'un modèle")
    modeles = st.columns(4)
    for colonne, (genre, format_fichier) in zip(
        modeles,
        [("projets", "csv"), ("projets", "xlsx"), ("mouvements", "csv"), ("mouvements", "xlsx")],
        strict=True,
    ):
        colonne.download_button(
            f"Modèle {genre} ({format_fichier.upper()})",
            data=exports.modele(genre, format_fichier),
            file_name=f"modele-{genre}.{format_fichier}",
            mime=MIME[format_fichier],
            icon=":material/download:",
            key=f"modele_{genre}_{format_fichier}",
            width="stretch",
        )
    st.caption(
        "Colonnes et règles : data/README.md, section « Importer des données ». Un extrait "
        "téléchargé depuis la page « Projets » se réimporte tel quel."
    )

    st.header("2. Déposer le fichier")
    if "televersement" not in st.session_state:
        st.session_state["televersement"] = 0
    message = st.session_state.pop("donnees_message", None)
    if message:
        st.success(message, icon=":material/check_circle:")
    fichier = st.file_uploader(
        f"Fichier CSV (UTF-8 ou Windows-1252, « ; » ou « , ») ou XLSX – {LIMITE_OCTETS // 2**20} Mo "
        f"et {fmt.nombre(LIMITE_LIGNES)} lignes au plus",
        type=["csv", "xlsx"],
        key=f"fichier_{st.session_state['televersement']}",
    )

    if fichier is not None:
        contenu = fichier.getvalue()
        try:
            plan = ingest.preparer(contenu, fichier.name)
        except FichierRefuse as refus:
            st.error(
                "**Fichier refusé, rien n'a été écrit.**\n\n"
                + blocs.liste_problemes(refus.problemes),
                icon=":material/block:",
            )
            st.stop()

        st.header("3. Vérifier l'aperçu")
        lecture = plan.lecture
        compte = ingest.compter_lignes(plan)
        st.markdown(
            f"**{texte_brut.markdown(fichier.name)}** : fichier de {plan.type_fichier}, "
            f"{fmt.compte(len(lecture.lignes), 'ligne', 'lignes')}"
            + (
                f" (encodage {lecture.encodage}, séparateur « {lecture.separateur} »)"
                if lecture.format_fichier == "csv"
                else " (XLSX)"
            )
            + f". À ajouter : **{compte['ajouts']}** ; à modifier : **{compte['modifications']}** ; "
            f"déjà dans la base : {compte['inchanges']}."
        )
        if plan.colonnes_ignorees:
            ignorees = ", ".join(plan.colonnes_ignorees)
            st.caption(f"Colonnes calculées, ignorées : {texte_brut.markdown(ignorees)}.")
        if plan.erreurs:
            st.error(
                f"**{fmt.compte(len(plan.erreurs), 'erreur', 'erreurs')} : le fichier est refusé, "
                "rien ne sera écrit.**\n\n" + blocs.liste_problemes(plan.erreurs),
                icon=":material/block:",
            )
        # The warnings the maintainer had on screen when clicking « Appliquer » (previous run): the
        # apply accepts those only, a warning appearing meanwhile refuses it (tid/ingest/).
        fichier_vu, avertissements_vus = st.session_state.get(
            "donnees_avertissements_vus", ("", [])
        )
        if fichier_vu != lecture.sha256:
            avertissements_vus = []
        avertissements = [p.texte() for p in plan.avertissements]
        st.session_state["donnees_avertissements_vus"] = (lecture.sha256, avertissements)
        if avertissements_vus and set(avertissements) - set(avertissements_vus):
            st.error(
                ingest.AVERTISSEMENTS_NOUVEAUX[:1].upper() + ingest.AVERTISSEMENTS_NOUVEAUX[1:]
            )
        if plan.avertissements:
            st.warning(
                f"**{fmt.compte(len(plan.avertissements), 'avertissement', 'avertissements')}** "
                "(à accepter pour appliquer)\n\n" + blocs.liste_problemes(plan.avertissements),
                icon=":material/warning:",
            )
        if plan.projets_ajoutes:
            st.markdown("**Projets ajoutés**")
            st.dataframe(
                texte_brut.tableau(
                    pd.DataFrame(plan.projets_ajoutes)[
                        ["projet_id", "porteur", "programme_id", "vague_id"]
                    ]
                ),
                hide_index=True,
            )
        if plan.differences:
            st.markdown("**Projets modifiés (champ par champ)**")
            differences = pd.DataFrame(plan.differences)
            differences["avant"] = differences["avant"].map(fmt.texte)
            differences["apres"] = differences["apres"].map(fmt.texte)
            st.dataframe(
                texte_brut.tableau(differences).rename(
                    columns={
                        "projet_id": "Projet",
                        "colonne": "Champ",
                        "avant": "Avant",
                        "apres": "Après",
                    }
                ),
                hide_index=True,
                width="stretch",
            )
        if plan.mouvements_ajoutes:
            st.markdown("**Mouvements ajoutés au registre**")
            st.dataframe(
                blocs.tableau_francais(
                    pd.DataFrame(plan.mouvements_ajoutes),
                    {
                        "projet_id": "Projet",
                        "nature": "Nature",
                        "date_mouvement": "Date",
                        "montant_eur": "Montant",
                        "source_url": "Source",
                    },
                ),
                hide_index=True,
                width="stretch",
            )
        if plan.chiffres is not None:
            st.markdown("**Enveloppes après l'import (montants publiés)**")
            st.dataframe(
                blocs.tableau_francais(
                    plan.chiffres,
                    {
                        "programme_id": "Programme",
                        "enveloppe_eur": "Enveloppe",
                        "montant_attribue_eur": "Attribué avant",
                        "montant_attribue_apres_eur": "Attribué après",
                        "montant_conventionne_eur": "Conventionné avant",
                        "montant_conventionne_apres_eur": "Conventionné après",
                        "montant_verse_eur": "Versé avant",
                        "montant_verse_apres_eur": "Versé après",
                    },
                ),
                hide_index=True,
                width="stretch",
            )

        if not plan.erreurs and not plan.rien_a_faire:
            st.header("4. Appliquer")
            accepte = True
            if plan.avertissements:
                # keyed by the warnings themselves: a new one unticks the box
                empreinte = hashlib.sha256("\n".join(avertissements).encode()).hexdigest()[:16]
                accepte = st.checkbox(
                    "J'ai lu les avertissements et j'applique quand même",
                    key=f"donnees_accepte_{empreinte}",
                )
            if st.button("Appliquer l'import", type="primary", disabled=not accepte):
                try:
                    import_id, applique = ingest.appliquer(
                        contenu,
                        fichier.name,
                        auteur,
                        avertissements_acceptes=avertissements_vus if accepte else (),
                    )
                except (FichierRefuse, ingest.ImportRefuse) as refus:
                    st.error(
                        "**Import refusé, rien n'a été écrit.**\n\n"
                        + blocs.liste_problemes(refus.problemes)
                    )
                else:
                    st.session_state["donnees_message"] = (
                        f"Import appliqué : lot n° {import_id} ({ingest.resume(applique)}). Les pages "
                        "affichent déjà les nouveaux chiffres."
                    )
                    st.session_state["televersement"] += 1
                    st.rerun()
        elif plan.rien_a_faire and not plan.erreurs:
            st.info("Rien à importer : toutes les lignes sont déjà dans la base.")

    st.header("Historique des imports et retour arrière")
    historique = db.fetch("historique_imports")
    STATUTS = {"applique": "appliqué", "annule": "annulé", "annulation": "annulation d'un lot"}
    affichage = historique.assign(statut=historique["statut"].map(lambda s: STATUTS.get(s, s)))
    st.dataframe(
        blocs.tableau_francais(
            affichage,
            {
                "import_id": "Lot",
                "horodatage_import": "Date et heure",
                "nom_fichier": "Fichier",
                "auteur": "Auteur",
                "statut": "Statut",
                "message": "Résumé",
                "nb_mouvements": "Mouvements",
                "nb_projets": "Projets écrits",
            },
        ),
        hide_index=True,
        width="stretch",
    )
    annulables = historique[
        (historique["statut"] == "applique") & (historique["import_id"] != db.SEED_IMPORT_ID)
    ]
    if annulables.empty:
        st.caption("Aucun lot à annuler (la base initiale ne s'annule pas).")
    else:
        libelles = {
            int(r.import_id): texte_brut.nettoyer(
                f"Lot {int(r.import_id)} – {r.nom_fichier} ({r.message})"
            )
            for r in annulables.itertuples()
        }
        choix = st.selectbox("Lot à annuler", list(libelles), format_func=libelles.get)
        confirme = st.checkbox(
            "Je confirme : des écritures inverses seront ajoutées au registre (rien n'est effacé)."
        )
        if st.button("Annuler ce lot", disabled=not confirme):
            try:
                nouvel_id = ingest.annuler(choix, auteur)
            except ingest.ImportRefuse as refus:
                st.error(
                    "**Annulation refusée, rien n'a été écrit.**\n\n"
                    + blocs.liste_problemes(refus.problemes)
                )
            else:
                st.session_state["donnees_message"] = (
                    f"Lot {choix} annulé par le lot n° {nouvel_id} : écritures inverses ajoutées."
                )
                st.rerun()
