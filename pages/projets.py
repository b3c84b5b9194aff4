"""Projets: the laureates under the shared filters, a text search, a project sheet, downloads."""

import streamlit as st

from tid import db, exports, fmt, texte_brut, vocabulaire
from tid.exports import scdl
from tid.filtres import description
from tid.textes import projets as t
from tid.ui import blocs, cadre, fiche, url

# The table shows the first rows; downloads always hold every matching row (built on click).
# 200, not more: the French display goes through a pandas Styler, whose cost grows with the
# cells (1 000 rows: 0.34 s of a page run at 100 000 projects; 200 rows: 0.1 s, bench/).
LIGNES_AFFICHEES = 200
# Beyond this many rows the XLSX takes minutes to build: say so before the reader waits.
LIGNES_XLSX_LENT = 20_000
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

with cadre.page("Projets") as filtres:
    legende = blocs.legende_filtres(filtres)

    st.title("Projets")
    st.caption(legende)

    recherche = st.text_input(
        t.RECHERCHE, key="recherche", bind="query-params", placeholder="ex. : Lyon, énergie, Upciti"
    )
    projets = db.fetch("projets", **filtres, recherche=recherche or None, limite=LIGNES_AFFICHEES)
    blocs.arret_si_vide(len(projets), t.AUCUN_PROJET)

    # totals of every matching row, not of the rows shown (queries/projets.sql); without a search
    # they are the KPI of the other pages (tests/pages/test_projets.py checks both)
    nb = int(projets.iloc[0]["nb_lignes_total"])
    st.markdown(t.resume(projets.iloc[0]))
    if nb > len(projets):
        st.caption(t.lignes_affichees(len(projets), nb))

    colonnes = vocabulaire.libelles(
        "nom_projet",
        "porteur",
        "programme_id",
        "vague_id",
        "region",
        "departement",
        "type_territoire",
        "axe",
        "themes",
        "montant_attribue_eur",
        "montant_conventionne_eur",
        "date_convention",
        "statut",
    )
    tableau = (
        projets[list(colonnes)]
        .rename(columns=colonnes)
        .fillna({colonnes["nom_projet"]: t.NOM_NON_PUBLIE})
    )
    # The Styler formats for display only: the columns stay numeric and sort as numbers.
    formats = {"montant_attribue_eur": fmt.euros, "montant_conventionne_eur": fmt.euros}
    formats["date_convention"] = fmt.date_fr
    style = texte_brut.tableau(tableau).style.format({colonnes[c]: f for c, f in formats.items()})
    st.dataframe(style, hide_index=True, width="stretch", height=min(38 * (nb + 1) + 4, 640))
    st.caption(t.legende_tableau(legende, recherche))

    st.header("Télécharger exactement ces lignes")
    date_donnees = blocs.date_donnees()
    description_filtres = description(filtres, blocs.libelles_filtres())

    def _generateur(objet, format_fichier):
        """Deferred: the rows are read and the bytes built only when the button is clicked."""

        def construire() -> bytes:
            requete = exports.OBJETS[objet][0]
            frame = db.fetch(requete, **filtres, recherche=recherche or None, limite=None)
            prov = exports.provenance(
                objet, frame, filtres, description_filtres, date_donnees, recherche
            )
            return exports.fichier(objet, format_fichier, frame, prov)

        return construire

    for colonne, (objet, format_fichier, libelle) in zip(
        st.columns(4), t.TELECHARGEMENTS, strict=True
    ):
        colonne.download_button(
            libelle,
            data=_generateur(objet, format_fichier),
            file_name=exports.nom_fichier(objet, filtres, format_fichier),
            mime=MIME[format_fichier],
            icon=":material/download:",
            key=f"telecharger_{objet}_{format_fichier}",
            width="stretch",
        )
    if nb > LIGNES_XLSX_LENT:
        st.caption(t.duree_xlsx(nb))
    st.caption(t.legende_telechargements(nb))

    # the open-data file: which laureates can have a valid row is said beside the button
    st.subheader(t.SCDL_TITRE)
    apercu = scdl.apercu(db.fetch("scdl_subventions", **filtres, recherche=recherche or None))

    def _fichier_scdl() -> bytes:
        """Deferred like the other downloads: the rows are built only when clicked."""
        lignes = db.fetch("scdl_subventions", **filtres, recherche=recherche or None)
        return scdl.scdl(lignes).contenu()

    st.download_button(
        t.SCDL_BOUTON,
        data=_fichier_scdl,
        file_name=exports.nom_fichier("scdl-subventions", filtres, "csv"),
        mime=MIME["csv"],
        icon=":material/download:",
        key="telecharger_scdl",
    )
    st.caption(t.legende_scdl(apercu.bilan()))
    if len(apercu.exclus):
        with st.expander(t.SCDL_EXCLUS):
            st.dataframe(
                texte_brut.tableau(apercu.exclus.head(LIGNES_AFFICHEES)),
                hide_index=True,
                width="stretch",
            )
            if len(apercu.exclus) > LIGNES_AFFICHEES:
                st.caption(t.exclus_affiches(LIGNES_AFFICHEES, len(apercu.exclus)))

    st.header("Fiche projet")
    libelles_projets = t.libelles_projets(projets)
    choix = url.choix(
        st.selectbox,
        "Projet",
        libelles_projets,
        "projet",
        index=None,
        placeholder="Choisissez un projet de la liste",
    )
    if choix:
        fiche.fiche_projet(projets, choix, libelles_projets[choix], au=filtres["au"])
