"""Données (maintainers): templates, upload, preview, apply, history and revert of imports."""

import hashlib

import pandas as pd
import streamlit as st

from tid import db, exports, ingest, textes
from tid.ingest import FichierRefuse
from tid.textes import donnees as t
from tid.textes import montants_a_completer
from tid.ui import blocs, cadre, completer, connexion, options_scdl

MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

with cadre.page("Données") as filtres:
    st.title("Données")
    st.caption(t.INTRODUCTION)

    auteur = connexion.connexion_mainteneur()
    if auteur is None:
        st.stop()

    st.header("1. Partir d'un modèle")
    for colonne, (genre, format_fichier) in zip(st.columns(4), t.MODELES, strict=True):
        colonne.download_button(
            t.libelle_modele(genre, format_fichier),
            data=exports.modele(genre, format_fichier),
            file_name=f"modele-{genre}.{format_fichier}",
            mime=MIME[format_fichier],
            icon=":material/download:",
            key=f"modele_{genre}_{format_fichier}",
            width="stretch",
        )
    st.caption(t.AIDE_MODELES)
    st.subheader(montants_a_completer.TITRE)
    st.caption(blocs.legende_filtres(filtres))
    completer.boutons(filtres, "donnees")

    st.header("2. Déposer le fichier")
    st.session_state.setdefault("televersement", 0)
    if message := st.session_state.pop("donnees_message", None):
        st.success(message, icon=":material/check_circle:")
    fichier = st.file_uploader(
        t.LIBELLE_FICHIER, type=["csv", "xlsx"], key=f"fichier_{st.session_state['televersement']}"
    )

    if fichier is not None:
        contenu = fichier.getvalue()
        # a SCDL file's programme and address: asked below once the file is known to be one
        cle_scdl = st.session_state["televersement"]
        options = options_scdl.lues(cle_scdl)
        try:
            plan = ingest.preparer(contenu, fichier.name, options=options)
        except FichierRefuse as refus:
            st.error(t.refus("Fichier refusé", refus.problemes), icon=":material/block:")
            st.stop()
        if plan.scdl is not None:
            options_scdl.demander(cle_scdl, options)

        st.header("3. Vérifier l'aperçu")
        st.markdown(t.apercu(fichier.name, plan, ingest.compter_lignes(plan)))
        if plan.colonnes_ignorees:
            st.caption(t.colonnes_ignorees(plan.colonnes_ignorees))
        if plan.erreurs:
            st.error(t.erreurs(plan.erreurs), icon=":material/block:")
        # The warnings the maintainer had on screen when clicking « Appliquer » (previous run): the
        # apply accepts those only, a warning appearing meanwhile refuses it (tid/ingest/).
        # (a SCDL file read for another programme is another preview, not a changed base)
        vu = (plan.lecture.sha256, options)
        fichier_vu, avertissements_vus = st.session_state.get(
            "donnees_avertissements_vus", ("", [])
        )
        if fichier_vu != vu:
            avertissements_vus = []
        avertissements = [p.texte() for p in plan.avertissements]
        st.session_state["donnees_avertissements_vus"] = (vu, avertissements)
        if avertissements_vus and set(avertissements) - set(avertissements_vus):
            st.error(t.NOUVEAUX_AVERTISSEMENTS)
        if plan.avertissements:
            st.warning(t.avertissements(plan.avertissements), icon=":material/warning:")
        if plan.projets_ajoutes:
            st.markdown("**Projets ajoutés**")
            st.dataframe(t.projets_ajoutes(plan.projets_ajoutes), hide_index=True)
        if plan.differences:
            st.markdown("**Projets modifiés (champ par champ)**")
            st.dataframe(t.differences(plan.differences), hide_index=True, width="stretch")
        if plan.mouvements_ajoutes:
            st.markdown("**Mouvements ajoutés au registre**")
            blocs.tableau(pd.DataFrame(plan.mouvements_ajoutes), t.COLONNES_MOUVEMENTS)
        if plan.chiffres is not None:
            st.markdown("**Enveloppes après l'import (montants publiés)**")
            blocs.tableau(plan.chiffres, t.COLONNES_ENVELOPPES)

        if plan.rien_a_faire and not plan.erreurs:
            st.info(t.RIEN_A_IMPORTER)
        elif not plan.erreurs:
            st.header("4. Appliquer")
            accepte = True
            if plan.avertissements:
                # keyed by the warnings themselves: a new one unticks the box
                empreinte = hashlib.sha256("\n".join(avertissements).encode()).hexdigest()[:16]
                accepte = st.checkbox(t.LU_LES_AVERTISSEMENTS, key=f"donnees_accepte_{empreinte}")
            if st.button("Appliquer l'import", type="primary", disabled=not accepte):
                acceptes = avertissements_vus if accepte else ()
                try:
                    import_id, applique = ingest.appliquer(
                        contenu,
                        fichier.name,
                        auteur,
                        avertissements_acceptes=acceptes,
                        options=options,
                    )
                except (FichierRefuse, ingest.ImportRefuse) as refus:
                    st.error(t.refus("Import refusé", refus.problemes))
                else:
                    resume = ingest.resume(applique)
                    st.session_state["donnees_message"] = t.import_applique(import_id, resume)
                    st.session_state["televersement"] += 1
                    st.rerun()

    st.header("Historique des imports et retour arrière")
    historique = textes.statuts_lisibles(db.fetch("historique_imports"))
    blocs.tableau(historique, t.COLONNES_HISTORIQUE)
    annulables = t.lots_annulables(db.fetch("lots_annulables", lot_initial=db.SEED_IMPORT_ID))
    if not annulables:
        st.caption(t.AUCUN_LOT_A_ANNULER)
    else:
        choix = st.selectbox("Lot à annuler", list(annulables), format_func=annulables.get)
        confirme = st.checkbox(t.CONFIRMATION_ANNULATION)
        if st.button("Annuler ce lot", disabled=not confirme):
            try:
                nouvel_id = ingest.annuler(choix, auteur)
            except ingest.ImportRefuse as refus:
                st.error(t.refus("Annulation refusée", refus.problemes))
            else:
                st.session_state["donnees_message"] = t.lot_annule(choix, nouvel_id)
                st.rerun()
