"""« Situation au … »: the sidebar date every page reads the data at, and its banner."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from tid.filtres import AU, date_iso
from tid.textes import situation as t
from tid.ui.url import vers_url

# The ledger accepts no date before 2021 (queries/schema/02_projets.sql)
PREMIER_JOUR = dt.date(2021, 1, 1)


def _revenir() -> None:
    # a callback runs before the widget is drawn again: the URL follows
    st.session_state[AU] = None


def date_sidebar() -> dt.date | None:
    """The « Situation au » date input (empty = now), seeded from `?au=` on a session's first
    view and written back to the URL; not bind="query-params", like the other filters."""
    if AU not in st.session_state:
        demandee = date_iso(st.query_params.get(AU))
        dans_bornes = demandee is not None and PREMIER_JOUR <= demandee < dt.date.today()
        st.session_state[AU] = demandee if dans_bornes else None
    au = st.sidebar.date_input(
        t.LIBELLE_DATE,
        min_value=PREMIER_JOUR,
        max_value=dt.date.today(),
        format="DD/MM/YYYY",
        key=AU,
        help=t.AIDE_DATE,
    )
    au = au if isinstance(au, dt.date) and au < dt.date.today() else None
    vers_url(AU, au.isoformat() if au else None)
    return au


def bandeau(au: dt.date | None) -> None:
    """On every page read at a past date: say so, and offer the way back."""
    if au is None:
        return
    with st.container(border=True, key="bandeau_situation"):
        st.markdown(t.bandeau(au))
        st.button(t.REVENIR, on_click=_revenir, type="tertiary", icon=":material/undo:")
