"""The frame (dashboard.py, .streamlit/config.toml): readers never see a traceback."""

from __future__ import annotations

import tomllib

from streamlit import config
from streamlit.elements import exception as exception_streamlit
from streamlit.proto.Exception_pb2 import Exception as ExceptionProto

from tid import db


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
