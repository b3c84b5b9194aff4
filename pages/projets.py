"""Projets: the laureates under the shared filters, a text search, a project sheet, downloads."""

import pandas as pd
import streamlit as st

from tid import db, exports, fmt, texte_brut
from tid.filtres import description
from tid.ui import blocs, cadre

with cadre.page("Projets") as filtres:
    legende = blocs.legende_filtres(filtres)

    st.title("Projets")
    st.caption(legende)

    recherche = st.text_input(
        "Rechercher un projet, un porteur, un partenaire ou une commune",
        key="recherche",
        bind="query-params",
        placeholder="ex. : Lyon, énergie, Upciti",
    )
    # The table shows the first rows; downloads always hold every matching row (built on click).
    # 200, not more: the French display goes through a pandas Styler, whose cost grows with the
    # cells (1 000 rows: 0.34 s of a page run at 100 000 projects; 200 rows: 0.1 s, bench/).
    LIGNES_AFFICHEES = 200
    projets = db.fetch("projets", **filtres, recherche=recherche or None, limite=LIGNES_AFFICHEES)

    if projets.empty:
        st.info(
            "Aucun projet ne correspond à ces filtres et à cette recherche. Modifiez la recherche, "
            "retirez un filtre ou utilisez « Réinitialiser les filtres »."
        )
        st.stop()

    # totals of every matching row, not of the rows shown (queries/projets.sql); without a search
    # they are the KPI of the other pages (tests/pages/test_projets_apptest.py checks both)
    premiere = projets.iloc[0]
    nb = int(premiere["nb_lignes_total"])
    nb_publies = int(premiere["nb_lignes_attribution_publiee"])
    total = premiere["montant_attribue_total_eur"]
    st.markdown(
        f"**{fmt.compte(nb, 'projet', 'projets')}** · attribué publié : "
        f"**{fmt.euros(total)}** ({fmt.couverture(nb_publies, nb)})"
    )
    if nb > len(projets):
        st.caption(
            f"Le tableau montre les {fmt.nombre(len(projets))} premières lignes sur "
            f"{fmt.nombre(nb)} ; affinez les filtres ou la recherche. Les téléchargements contiennent "
            "toutes les lignes."
        )

    colonnes = {
        "nom_projet": "Projet",
        "porteur": "Porteur",
        "programme_id": "Programme",
        "vague_id": "Vague",
        "region": "Région",
        "departement": "Département",
        "type_territoire": "Type de territoire",
        "axe": "Axe",
        "themes": "Thèmes",
        "montant_attribue_eur": "Attribué publié",
        "montant_conventionne_eur": "Conventionné publié",
        "date_convention": "Convention",
        "statut": "Statut",
    }
    tableau = projets[list(colonnes)].rename(columns=colonnes)
    tableau["Projet"] = tableau["Projet"].fillna("(nom non publié)")
    tableau = texte_brut.tableau(tableau)
    # The Styler formats for display only: the columns stay numeric and sort as numbers.
    style = tableau.style.format(
        {
            "Attribué publié": fmt.euros,
            "Conventionné publié": fmt.euros,
            "Convention": fmt.date_fr,
        }
    )
    st.dataframe(style, hide_index=True, width="stretch", height=min(38 * (nb + 1) + 4, 640))
    st.caption(
        "Montants publiés seulement : « non publié » n'est pas zéro. Cliquez sur un en-tête pour "
        "trier. "
        + legende
        + (f" Recherche : « {texte_brut.markdown(recherche)} »." if recherche else "")
    )

    st.header("Télécharger exactement ces lignes")
    info = db.fetch("base_info")
    date_donnees = fmt.date_longue(info["date_donnees"].iloc[0])
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

    MIME = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    boutons = st.columns(4)
    for colonne, (objet, format_fichier, libelle) in zip(
        boutons,
        [
            ("projets", "csv", "Projets (CSV pour Excel)"),
            ("projets", "xlsx", "Projets (XLSX)"),
            ("registre", "csv", "Registre (CSV pour Excel)"),
            ("registre", "xlsx", "Registre (XLSX)"),
        ],
        strict=True,
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
    # openpyxl writes ~1 500 rows a second on this hardware (BENCHMARKS.md): say so before a wait
    LIGNES_XLSX_LENT = 20_000
    if nb > LIGNES_XLSX_LENT:
        st.caption(
            f"Le fichier XLSX de {fmt.nombre(nb)} lignes demande environ "
            f"{fmt.nombre(max(1, round(nb / 1_500 / 60)))} min de préparation ; le CSV est prêt en "
            "quelques secondes."
        )
    st.caption(
        f"{fmt.compte(nb, 'projet', 'projets')} et leurs mouvements. CSV : UTF-8 avec "
        "BOM, séparateur « ; », virgule décimale (Excel en français). XLSX : codes gardés en texte, "
        "feuille « Lisez-moi » (définitions, filtres, lien, date des données, sources)."
    )

    st.header("Fiche projet")
    libelles_projets = {
        r.projet_id: texte_brut.nettoyer(
            f"{r.nom_projet if pd.notna(r.nom_projet) else '(nom non publié)'} – {r.porteur}"
        )
        for r in projets.itertuples()
    }
    if st.session_state.get("projet") not in (None, *libelles_projets):
        st.session_state["projet"] = None
    if "projet" not in st.session_state and st.query_params.get("projet") in libelles_projets:
        st.session_state["projet"] = st.query_params.get("projet")
    choix = st.selectbox(
        "Projet",
        list(libelles_projets),
        format_func=libelles_projets.get,
        index=None,
        key="projet",
        placeholder="Choisissez un projet de la liste",
    )
    if choix:
        st.query_params["projet"] = choix
    else:
        st.query_params.pop("projet", None)

    if choix:
        fiche = projets.set_index("projet_id").loc[choix]
        # every field of the base goes through texte_brut.markdown: an imported name is data, and
        # Markdown would turn « ![x](https://…) » into an image fetched from that host
        champs = {cle: texte_brut.markdown(fmt.texte(valeur)) for cle, valeur in fiche.items()}
        st.markdown(f"### {texte_brut.markdown(libelles_projets[choix])}")
        gauche, droite = st.columns(2)
        gauche.markdown(
            "\n".join(
                [
                    f"- **Porteur** : {champs['porteur']} ({champs['type_porteur']})",
                    f"- **SIREN** : {champs['siren_porteur']}",
                    f"- **Programme et vague** : {champs['programme_id']}, {champs['vague_id']}",
                    f"- **Territoire** : {champs['commune_siege']} ({champs['departement']}, "
                    f"{champs['region']}) – {champs['type_territoire']}",
                    f"- **Axe** : {champs['axe']}",
                    f"- **Thèmes** : {champs['themes']}",
                    f"- **Partenaires** : {champs['partenaires']}",
                ]
            )
        )
        droite.markdown(
            "\n".join(
                [
                    f"- **Statut** : {champs['statut']}",
                    f"- **Annonce** : {fmt.date_longue(fiche.date_annonce)}",
                    f"- **Convention** : {fmt.date_longue(fiche.date_convention)}",
                    f"- **Attribué publié** : {fmt.euros(fiche.montant_attribue_eur)}",
                    f"- **Conventionné publié** : {fmt.euros(fiche.montant_conventionne_eur)}",
                    f"- **Versé publié** : {fmt.euros(fiche.montant_verse_eur)}",
                    f"- **Coût total publié** : {fmt.euros(fiche.cout_total_eur)}",
                ]
            )
        )
        st.markdown("**Mouvements financiers (registre)**")
        mouvements = db.fetch("projet_mouvements", projet_id=choix)
        if mouvements.empty:
            st.caption("Aucun mouvement publié pour ce projet.")
        else:
            st.dataframe(
                blocs.tableau_francais(
                    mouvements,
                    {
                        "mouvement_id": "N°",
                        "nature": "Nature",
                        "date_mouvement": "Date",
                        "montant_eur": "Montant publié",
                        "statut_libelle": "Dans les totaux",
                        "notes": "Notes",
                    },
                ),
                hide_index=True,
                width="stretch",
            )
        st.markdown("**Sources**")
        # one link per http(s) URL; any other reference (javascript:, a note) stays text
        urls = texte_brut.sources(fiche.source_url, *mouvements["source_url"])
        st.markdown("\n".join(f"{i}. {texte_brut.lien(u)}" for i, u in enumerate(urls, 1)))
        if pd.notna(fiche.notes):
            st.markdown("**Ce qui reste incertain**")
            st.info(texte_brut.markdown(fiche.notes, lignes=True), icon=":material/help:")
