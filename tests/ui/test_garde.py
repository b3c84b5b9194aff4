"""No traceback, ever: forged widget values and hostile URLs on a real server get French text."""

from __future__ import annotations

import inspect

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench import concurrence
from tid import db
from tid.ui import garde

# What a leaked traceback or server path looks like in a ForwardMsg
FUITES = (b"Traceback", b"site-packages", b'File "', str(db.ROOT).encode())


class Navigateur(concurrence.Client):
    """The bench's protocol client, keeping every ForwardMsg delivered since the last rerun."""

    def __init__(self, ws) -> None:
        super().__init__(ws)
        self.recus: list[ForwardMsg] = []

    def _lire(self, donnees: bytes, execution: concurrence.Execution) -> None:
        message = ForwardMsg()
        message.ParseFromString(donnees)
        self.recus.append(message)
        super()._lire(donnees, execution)

    def fuites(self) -> list[str]:
        trouvees = []
        for message in self.recus:
            # Streamlit itself sends the entry point's absolute path in each session's first
            # message (NewSession.main_script_path), whatever the settings: README, Déploiement
            if message.WhichOneof("type") == "new_session":
                # (touching new_session on another message would turn it into one)
                message.new_session.ClearField("main_script_path")
            octets = message.SerializeToString()
            trouvees += [
                f"{m!r} dans un {message.WhichOneof('type')}" for m in FUITES if m in octets
            ]
        return trouvees


@pytest.fixture(scope="module")
def serveur(base_seed, tmp_path_factory):
    journal = tmp_path_factory.mktemp("erreurs") / "serveur.log"
    with concurrence.Serveur(base_seed, journal) as serveur:
        yield serveur


def _etat(id_: str, **valeur) -> WidgetState:
    etat = WidgetState(id=id_)
    for champ, v in valeur.items():
        if champ.endswith("_array_value"):
            getattr(etat, champ).data[:] = v
        else:
            setattr(etat, champ, v)
    return etat


# widget key (or None: an id no widget has) -> forged value, as a WidgetState field
FORGES = {
    "liste au lieu d'un entier": ("programme", {"string_array_value": ["TID", "DIAT"]}),
    "indice hors plage": ("programme", {"int_value": 999}),
    "réel au lieu d'un indice": ("programme", {"double_value": 1.5}),
    "entier au lieu d'une liste": ("region", {"int_value": 99999}),
    "libellés inconnus et longs": ("region", {"string_array_value": ["<script>", "x" * 10_000]}),
    "indices hors plage": ("region", {"int_array_value": [999, -5]}),
    "identifiant inconnu": (None, {"int_value": 3}),
}


@pytest.mark.serveur
@pytest.mark.parametrize("cas", FORGES, ids=str)
def test_a_forged_widget_value_gets_french_text_and_no_trace(serveur, cas):
    cle, valeur = FORGES[cas]
    with concurrence.connecter(serveur.url) as ws:
        navigateur = Navigateur(ws)
        navigateur.ouvrir()
        id_ = navigateur.widgets[cle] if cle else "$$ID-0000-region"
        navigateur.etats[id_] = _etat(id_, **valeur)
        navigateur.recus.clear()
        execution = navigateur.relancer()
        suite = navigateur.suite()
    assert not execution.exceptions + suite.exceptions
    # either the page, or the French message instead of it
    francais = garde.ERREUR_INATTENDUE in execution.erreurs
    assert francais or execution.titres == ["Vue d'ensemble"], execution
    assert navigateur.fuites() == []


HOSTILES = {
    "balise": "region=%3Cscript%3Ealert(1)%3C/script%3E",
    "500 fois le même filtre": "&".join(["vague=x", "vague=y"] * 250),
    "valeur très longue": "region=" + "9" * 100_000,
    "octets invalides": "programme=%00%ff&region=%C3",
    "accents en masse": "departement=" + "%C3%A9" * 5_000,
}


@pytest.mark.serveur
@pytest.mark.parametrize("cas", HOSTILES, ids=str)
def test_a_hostile_query_string_shows_the_page_without_trace(serveur, cas):
    with concurrence.connecter(serveur.url) as ws:
        navigateur = Navigateur(ws)
        execution = navigateur.ouvrir(HOSTILES[cas])
        execution.exceptions += navigateur.suite().exceptions
    assert concurrence.problemes(execution, "Vue d'ensemble", None, "") == []
    assert navigateur.fuites() == []


def test_the_streamlit_internals_the_french_handler_relies_on():
    """Fails loudly when a Streamlit upgrade moves what tid.ui.garde.installer sets."""
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.scriptrunner import exec_code
    from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    lie = "on_script_error=self._on_script_error"
    assert lie in inspect.getsource(WebsocketSessionManager.connect_session)
    assert lie in inspect.getsource(AppSession._create_scriptrunner)
    assert "ctx.on_script_error" in inspect.getsource(exec_code.exec_func_with_error_handling)
    assert "on_script_error" in ScriptRunContext.__dataclass_fields__
