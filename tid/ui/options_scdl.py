"""What a SCDL file cannot say (its programme, its public address), asked on « Données »."""

from __future__ import annotations

import streamlit as st

from tid import ingest
from tid.textes import donnees as t
from tid.ui.filtres import options_filtres


def lues(cle: int) -> ingest.OptionsImport:
    """The choices made for upload number `cle` (keys follow the upload: a new file, none)."""
    adresse = (st.session_state.get(f"scdl_adresse_{cle}") or "").strip()
    return ingest.OptionsImport(st.session_state.get(f"scdl_programme_{cle}"), adresse or None)


def demander(cle: int, options: ingest.OptionsImport) -> None:
    """The programme list and address field; the page stops here until both are given."""
    st.caption(t.SCDL_AIDE)
    programmes = options_filtres().query("filtre == 'programme'")
    st.selectbox(
        t.SCDL_PROGRAMME,
        list(programmes["code"]),
        index=None,
        placeholder=t.SCDL_CHOISIR,
        format_func=dict(zip(programmes["code"], programmes["libelle"], strict=True)).get,
        key=f"scdl_programme_{cle}",
    )
    st.text_input(t.SCDL_ADRESSE, placeholder="https://…", key=f"scdl_adresse_{cle}")
    if options.programme_id is None or options.source_url is None:
        st.info(t.SCDL_A_CHOISIR)
        st.stop()
