"""No traceback for readers: any error becomes the French message; its trace goes to the log."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import streamlit as st

from tid import db

_LOG = logging.getLogger("tid")
ERREUR_INATTENDUE = (
    "Une erreur inattendue empêche d'afficher cette page. Les données enregistrées ne sont pas "
    "touchées ; réessayez, ou signalez-la à l'équipe du programme avec l'adresse de la page."
)


@contextlib.contextmanager
def message_francais(ou: str) -> Iterator[None]:
    """Run the block; an exception in it is logged (`ou` says where) and shown in French."""
    try:
        yield
    except db.ErreurBase as refus:
        # a write that met a full disk, a base damaged since the frame checked it: its own
        # French words (tid.db logged the details, the path included)
        st.error(str(refus))
    except Exception:
        # Exception, not BaseException: st.stop() and st.rerun() raise BaseException subclasses
        # (StopException, RerunException) that Streamlit must receive untouched.
        _LOG.exception("erreur %s", ou)
        st.error(ERREUR_INATTENDUE)


def _en_francais(erreur: Exception) -> bool:
    """Streamlit's `on_script_error`: the French message instead of its exception element."""
    # Streamlit has logged the trace already (« Uncaught app execution »); True: no element
    st.error(ERREUR_INATTENDUE)
    return True


def installer() -> bool:
    """Show the French message for errors outside the script too; False if it could not."""
    # Some errors happen before the script's first line (a forged widget value Streamlit cannot
    # deserialize) or in a widget callback: no message_francais can catch them. `streamlit run`
    # has no setting for the handler `st.App(on_script_error=...)` takes, so it is set where
    # Streamlit reads it: the session manager (sessions to come), the sessions already open, and
    # this run's context (a script thread keeps it for its next reruns). Without a server
    # (AppTest) there is nothing to do; tests/test_erreurs.py pins these attributes.
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if not runtime.exists():
        return False
    sessions = getattr(runtime.get_instance(), "_session_mgr", None)
    if not hasattr(sessions, "_on_script_error"):
        _LOG.error("Streamlit a changé : messages d'erreur en français non installés")
        return False
    if sessions._on_script_error is not _en_francais:
        sessions._on_script_error = _en_francais
        for info in sessions.list_active_sessions():
            info.session._on_script_error = _en_francais
    contexte = get_script_run_ctx()
    if contexte is not None:
        contexte.on_script_error = _en_francais
    return True
