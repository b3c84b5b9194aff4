"""Quoi de neuf: what changed in the data after a day the reader picks (URL `?depuis=`)."""

import datetime as dt

import streamlit as st

from tid import db
from tid.filtres import date_iso
from tid.textes import quoi_de_neuf as t
from tid.ui import blocs, cadre

# The newest changes only: a base of a million ledger rows listed them all in 60 s of page
# Python and a page no browser could show (BENCHMARKS.md, 100 000 projects).
LIGNES_AFFICHEES = 200

with cadre.page(t.TITRE) as filtres:
    info = db.fetch("quoi_de_neuf_depuis", lot_initial=db.SEED_IMPORT_ID).iloc[0]
    defaut = info["date_depuis_defaut"].date()
    if "depuis" not in st.session_state:
        st.session_state["depuis"] = date_iso(st.query_params.get("depuis")) or defaut

    st.title(t.TITRE)
    st.caption(blocs.legende_filtres(filtres))
    depuis = (
        st.date_input(t.LIBELLE_DEPUIS, format="DD/MM/YYYY", key="depuis", help=t.AIDE_DEPUIS)
        or defaut
    )
    if depuis == defaut:
        st.query_params.pop("depuis", None)
    else:
        st.query_params["depuis"] = dt.date.isoformat(depuis)
    st.markdown(t.introduction(depuis, info, filtres["au"]))

    evenements = db.fetch(
        "quoi_de_neuf",
        **filtres,
        depuis=depuis,
        lot_initial=db.SEED_IMPORT_ID,
        limite=LIGNES_AFFICHEES,
    )
    if evenements.empty:
        st.info(t.AUCUN)
    else:
        nb = int(evenements.iloc[0]["nb_changements"])
        if nb > len(evenements):
            st.caption(t.plus_recents(len(evenements), nb))
    st.markdown("\n".join(t.ligne(e) for e in evenements.itertuples()))
