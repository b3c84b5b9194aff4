"""Who may make the server hold a file: only sessions logged in as maintainers, a few files each."""

from __future__ import annotations

import logging
import threading
import time

import streamlit as st

# Newest files kept per maintainer session: the page's uploader shows one file, and a new
# uploader (after an import) may briefly coexist with the last one. Each file is at most
# server.maxUploadSize megabytes (Streamlit checks it).
FICHIERS_PAR_SESSION = 2
REFUS = "Dépôt de fichier réservé aux mainteneurs connectés sur la page « Données »."

_LOG = logging.getLogger("tid")
_verrou = threading.Lock()
_autorisees: set[str] = set()
_recents: dict[str, list[str]] = {}  # session id -> its file ids, oldest first


def autoriser(session_id: str | None) -> None:
    """Let this session upload (its maintainer is logged in)."""
    if session_id:
        with _verrou:
            _autorisees.add(session_id)


def retirer(session_id: str | None) -> None:
    """Refuse this session's uploads from now on (logout, password changed, session over)."""
    with _verrou:
        _autorisees.discard(session_id)


def est_autorisee(session_id: str | None) -> bool:
    with _verrou:
        return session_id in _autorisees


def session_courante() -> str | None:
    """The id Streamlit gives this browser tab's session; its upload URLs carry it."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    contexte = get_script_run_ctx()
    return contexte.session_id if contexte is not None else None


def accepte_les_fichiers() -> bool:
    """False on an instance started with server.maxUploadSize = 0: the public one (README)."""
    return st.get_option("server.maxUploadSize") > 0


# A flood of refused uploads must not flood the log either: one line per interval at most,
# counting the refusals it stands for (fixed memory, whatever the number of sessions).
INTERVALLE_JOURNAL_S = 10.0
_journal = {"refus": 0, "derniere_ligne": float("-inf")}


def _refus(session_id: str) -> Exception:
    from starlette.exceptions import HTTPException

    with _verrou:
        _journal["refus"] += 1
        maintenant = time.monotonic()
        nombre = 0
        if maintenant - _journal["derniere_ligne"] >= INTERVALLE_JOURNAL_S:
            nombre, _journal["refus"], _journal["derniere_ligne"] = _journal["refus"], 0, maintenant
    if nombre:
        _LOG.warning(
            "dépôt refusé : session %s non connectée comme mainteneur (%d refus depuis la "
            "ligne précédente)",
            session_id,
            nombre,
        )
    return HTTPException(status_code=403, detail=REFUS)


def _garder_les_recents(fichiers, session_id: str, file_id: str) -> None:
    """Forget the session's older files beyond FICHIERS_PAR_SESSION: what one session can hold."""
    with _verrou:
        recents = _recents.setdefault(session_id, [])
        if file_id in recents:
            recents.remove(file_id)
        recents.append(file_id)
        anciens = recents[:-FICHIERS_PAR_SESSION]
        del recents[:-FICHIERS_PAR_SESSION]
    for ancien in anciens:
        fichiers.remove_file(session_id, ancien)


def installer(serveur=None) -> bool:
    """Guard Streamlit's upload endpoint in this process, once; False without a server."""
    # Streamlit 1.67 accepts a PUT to /_stcore/upload_file/<session id>/<any id> from any open
    # session, file_uploader or not, and holds the bytes until the session ends: anonymous
    # readers could fill the server's memory. Its upload route asks runtime.is_active_session
    # before reading a byte of the body, and nothing else asks it: answering 403 there refuses
    # without holding anything. add_file (after the body) refuses too, for a request that
    # started before a logout or before this guard, and keeps only the newest files.
    # remove_session_files is what Streamlit calls when a session ends. tests/test_televersement.py
    # pins these internals; the deployment adds a second, independent barrier (README).
    from streamlit import runtime

    if serveur is None:
        if not runtime.exists():
            return False  # AppTest, bare mode: no HTTP server
        serveur = runtime.get_instance()
    fichiers = serveur.uploaded_file_mgr
    with _verrou:
        if getattr(serveur, "_tid_televersement_garde", False):
            return True
        attendus = ("add_file", "remove_file", "remove_session_files")
        if not all(hasattr(fichiers, nom) for nom in attendus):
            _LOG.error("Streamlit a changé : dépôts de fichiers non gardés (tid/televersement.py)")
            return False
        session_active = serveur.is_active_session
        ajouter = fichiers.add_file
        oublier = fichiers.remove_session_files

        def is_active_session(session_id: str) -> bool:
            if not session_active(session_id):
                return False  # an unknown or closed session: Streamlit's own 400
            if not est_autorisee(session_id):
                raise _refus(session_id)
            return True

        def add_file(session_id: str, file) -> None:
            if not est_autorisee(session_id):
                raise _refus(session_id)
            ajouter(session_id, file)
            _garder_les_recents(fichiers, session_id, file.file_id)

        def remove_session_files(session_id: str) -> None:
            oublier(session_id)
            retirer(session_id)
            with _verrou:
                _recents.pop(session_id, None)

        serveur.is_active_session = is_active_session
        fichiers.add_file = add_file
        fichiers.remove_session_files = remove_session_files
        serveur._tid_televersement_garde = True
    # The first session's first run installs the guard: anything it pushed before is dropped.
    for session_id in list(getattr(fichiers, "file_storage", {})):
        if not est_autorisee(session_id):
            oublier(session_id)
    return True
