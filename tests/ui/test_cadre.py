"""The frame (dashboard.py, .streamlit/config.toml): readers never see a traceback."""

from __future__ import annotations

import tomllib

import pytest
import streamlit as st
from streamlit import config
from streamlit.elements import exception as exception_streamlit
from streamlit.proto.Exception_pb2 import Exception as ExceptionProto
from streamlit.testing.v1 import AppTest

from tid import db
from tid.ui import blocs, garde
from tid.ui import filtres as filtres_ui


def test_config_hides_the_details_of_an_uncaught_error(monkeypatch):
    reglages = tomllib.loads((db.ROOT / ".streamlit" / "config.toml").read_text())
    # read from the file, not from the process: its config depends on the working directory
    valeur = reglages["client"].get("showErrorDetails", "full")
    lire = config.get_option
    monkeypatch.setattr(
        config, "get_option", lambda cle: valeur if cle == "client.showErrorDetails" else lire(cle)
    )
    try:
        open(db.ROOT / "dossier-absent" / "fichier.csv")  # noqa: SIM115
    except OSError as erreur:
        proto = ExceptionProto()
        exception_streamlit.marshall(proto, erreur, apply_show_error_details=True)
    assert not proto.stack_trace and not proto.type
    assert "dossier-absent" not in proto.message and str(db.ROOT) not in proto.message


APP = str(db.ROOT / "dashboard.py")
# What a leaked traceback would show: a server path
CHEMIN = "/srv/tid/secret/base.duckdb"


@pytest.fixture
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def _panne(*args, **kwargs):
    raise OSError(f"[Errno 30] Read-only file system: '{CHEMIN}'")


def _francais_sans_trace(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert garde.ERREUR_INATTENDUE in [e.value for e in at.error]
    genres = ("markdown", "caption", "error", "warning", "info", "text", "code")
    assert not [e.value for g in genres for e in at.get(g) if CHEMIN in str(e.value)]


@pytest.mark.parametrize(
    "bloc", ["filtres_sidebar", "bandeau_synthetique", "date_donnees"], ids=str
)
def test_an_error_in_the_frame_shows_the_french_message(base, monkeypatch, caplog, bloc):
    monkeypatch.setattr(filtres_ui if bloc == "filtres_sidebar" else blocs, bloc, _panne)
    at = AppTest.from_file(APP, default_timeout=60).run()
    _francais_sans_trace(at)
    # the trace is in the server log
    assert CHEMIN in caplog.text and "Traceback" in caplog.text
    if bloc != "filtres_sidebar":
        # the page itself still shows
        assert [t.value for t in at.title] == ["Vue d'ensemble"]


def test_an_error_building_the_navigation_shows_the_french_message(base, monkeypatch):
    monkeypatch.setattr(st, "page_link", _panne)
    _francais_sans_trace(AppTest.from_file(APP, default_timeout=60).run())


def test_st_stop_and_st_rerun_in_the_frame_pass_through(base, monkeypatch):
    appels = []

    def filtres_puis_rerun():
        appels.append(1)
        if len(appels) == 1:
            st.rerun()  # the rerun happens: the second run draws the page
        return filtres_sidebar()

    filtres_sidebar = filtres_ui.filtres_sidebar
    monkeypatch.setattr(filtres_ui, "filtres_sidebar", filtres_puis_rerun)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert len(appels) == 2 and not at.exception and not at.error
    assert [t.value for t in at.title] == ["Vue d'ensemble"]

    monkeypatch.setattr(filtres_ui, "filtres_sidebar", st.stop)
    at = AppTest.from_file(APP, default_timeout=60).run()
    # stopped: no page, no message
    assert not at.exception and not at.error and not at.title
