"""Only logged-in maintainers make the server hold files: the guard alone, then a real server."""

from __future__ import annotations

import inspect
import time
import uuid
from pathlib import Path

import pytest
import requests
import streamlit
from starlette.exceptions import HTTPException
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from bench import concurrence
from tid import mots_de_passe
from tid.ui import televersement

MOT_DE_PASSE = "cheval correct agrafe"
MO = 2**20


# ---- the guard on a stand-in for Streamlit's runtime --------------------------------------------
class _Runtime:
    """What the guard uses of streamlit.runtime.Runtime, with a real upload manager."""

    def __init__(self) -> None:
        self.ouvertes: set[str] = set()
        self.uploaded_file_mgr = MemoryUploadedFileManager("/_stcore/upload_file")

    def is_active_session(self, session_id: str) -> bool:
        return session_id in self.ouvertes


def _fichier(taille: int = 10) -> UploadedFileRec:
    return UploadedFileRec(str(uuid.uuid4()), "versements.csv", "text/csv", b"x" * taille)


@pytest.fixture
def runtime():
    runtime = _Runtime()
    assert televersement.installer(runtime)
    return runtime


def _session(runtime: _Runtime) -> str:
    session_id = str(uuid.uuid4())
    runtime.ouvertes.add(session_id)
    return session_id


def test_an_anonymous_session_is_refused_before_its_file_is_read(runtime):
    anonyme = _session(runtime)
    with pytest.raises(HTTPException) as refus:
        runtime.is_active_session(anonyme)
    assert refus.value.status_code == 403
    # an unknown id keeps Streamlit's own answer (400)
    assert runtime.is_active_session(str(uuid.uuid4())) is False


def test_an_anonymous_file_is_not_held(runtime):
    anonyme = _session(runtime)
    fichier = _fichier()
    with pytest.raises(HTTPException):
        runtime.uploaded_file_mgr.add_file(anonyme, fichier)
    assert runtime.uploaded_file_mgr.get_files(anonyme, [fichier.file_id]) == []


def test_a_maintainer_holds_only_the_newest_files(runtime):
    mainteneur = _session(runtime)
    televersement.autoriser(mainteneur)
    assert runtime.is_active_session(mainteneur) is True
    fichiers = [_fichier() for _ in range(5)]
    for fichier in fichiers:
        runtime.uploaded_file_mgr.add_file(mainteneur, fichier)
    tenus = runtime.uploaded_file_mgr.get_files(mainteneur, [f.file_id for f in fichiers])
    assert tenus == fichiers[-televersement.FICHIERS_PAR_SESSION :]


def test_logout_and_session_end_take_the_right_back(runtime):
    mainteneur = _session(runtime)
    televersement.autoriser(mainteneur)
    televersement.retirer(mainteneur)
    with pytest.raises(HTTPException):
        runtime.is_active_session(mainteneur)

    televersement.autoriser(mainteneur)
    fichier = _fichier()
    runtime.uploaded_file_mgr.add_file(mainteneur, fichier)
    # what Streamlit calls when a session ends
    runtime.uploaded_file_mgr.remove_session_files(mainteneur)
    assert not televersement.est_autorisee(mainteneur)
    assert runtime.uploaded_file_mgr.get_files(mainteneur, [fichier.file_id]) == []


def test_files_pushed_before_the_guard_are_dropped():
    runtime = _Runtime()
    avant = _session(runtime)
    fichier = _fichier()
    runtime.uploaded_file_mgr.add_file(avant, fichier)
    televersement.installer(runtime)
    assert runtime.uploaded_file_mgr.get_files(avant, [fichier.file_id]) == []
    # installed once: a second call does not wrap the guard again
    garde = runtime.is_active_session
    televersement.installer(runtime)
    assert runtime.is_active_session is garde


def test_the_streamlit_internals_the_guard_relies_on():
    """Fails loudly when a Streamlit upgrade moves what tid.televersement.installer wraps."""
    from streamlit.runtime.app_session import AppSession
    from streamlit.web.server.starlette import starlette_app, starlette_routes

    assert streamlit.__version__ == "1.67.0", "relire tid/ui/televersement.py avant de monter"
    # the upload route checks the session before reading the body, then hands the bytes over
    route = inspect.getsource(starlette_routes.create_upload_routes)
    verification = route.index("runtime.is_active_session(session_id)")
    assert verification < route.index("request.stream()") < route.index("upload_mgr.add_file(")
    # ... to the runtime's own manager
    routes = inspect.getsource(starlette_app.create_streamlit_routes)
    assert "upload_mgr: MemoryUploadedFileManager = runtime.uploaded_file_mgr" in routes
    assert "create_upload_routes(runtime, upload_mgr, base_url)" in routes
    # nothing but the upload route asks is_active_session: the guard's 403 reaches no one else
    paquet = Path(streamlit.__file__).parent
    appels = [
        f.relative_to(paquet).as_posix()
        for f in paquet.rglob("*.py")
        if ".is_active_session(" in f.read_text(encoding="utf-8")
    ]
    assert sorted(appels) == ["runtime/runtime.py", "web/server/starlette/starlette_routes.py"]
    # a session's end goes through remove_session_files
    assert "remove_session_files(self.id)" in inspect.getsource(AppSession.shutdown)


# ---- a real server ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def serveur(base_seed, tmp_path_factory):
    """`streamlit run dashboard.py` with a maintainers' password, as `make run` serves it."""
    dossier = tmp_path_factory.mktemp("televersement")
    with concurrence.Serveur(
        base_seed,
        dossier / "serveur.log",
        env={mots_de_passe.VARIABLE_ENV: mots_de_passe.hacher(MOT_DE_PASSE, n=2**10)},
        # secrets.toml wins over the environment: point Streamlit at none
        reglages={"secrets.files": str(dossier / "aucun-secrets.toml")},
    ) as serveur:
        yield serveur


def _adresse(serveur: concurrence.Serveur) -> str:
    return f"http://127.0.0.1:{serveur.port}"


def _http(serveur: concurrence.Serveur) -> requests.Session:
    """An HTTP client holding the XSRF cookie any page visit gives, as a browser (or a script)."""
    http = requests.Session()
    http.get(f"{_adresse(serveur)}/_stcore/health", timeout=10).raise_for_status()
    http.headers["X-Xsrftoken"] = http.cookies["_streamlit_xsrf"]
    return http


def _deposer(serveur, http: requests.Session, session_id: str, octets: bytes) -> int:
    """PUT one file to the upload endpoint as the browser does; the HTTP status."""
    adresse = f"{_adresse(serveur)}/_stcore/upload_file/{session_id}/{uuid.uuid4()}"
    fichier = {"file": ("versements.csv", octets, "text/csv")}
    return http.put(adresse, files=fichier, timeout=60).status_code


_derniere_mesure = [0.0]


def _octets_tenus(serveur, http: requests.Session) -> int:
    """Bytes the server's upload manager holds, from /_stcore/metrics."""
    # Streamlit caches this family for 5 s: wait for a fresh value
    time.sleep(max(0.0, _derniere_mesure[0] + 5.2 - time.monotonic()))
    texte = http.get(f"{_adresse(serveur)}/_stcore/metrics", timeout=10).text
    _derniere_mesure[0] = time.monotonic()
    lignes = [ligne for ligne in texte.splitlines() if 'cache_type="UploadedFileManager"' in ligne]
    return sum(int(ligne.rsplit(" ", 1)[1]) for ligne in lignes)


def _cliquer(client: concurrence.Client, bouton: str, **saisies: str) -> concurrence.Execution:
    """Fill text inputs and click a button (keys or labels), as a browser sends them."""
    for cle, texte in saisies.items():
        client.etats[client.widgets[cle]] = WidgetState(id=client.widgets[cle], string_value=texte)
    bouton = WidgetState(id=client.widgets[bouton], trigger_value=True)
    client.etats[bouton.id] = bouton
    execution = client.relancer()
    del client.etats[bouton.id]  # a click is sent once
    return execution


@pytest.mark.serveur
def test_anonymous_uploads_are_refused_and_the_server_holds_nothing(serveur):
    http = _http(serveur)
    with concurrence.connecter(serveur.url) as ws:
        client = concurrence.Client(ws)
        client.ouvrir()
        cinq_mo = b"x" * (5 * MO)
        assert _deposer(serveur, http, client.session_id, cinq_mo) == 403  # warms the path up
        avant = serveur.rss_mo()
        statuts = [_deposer(serveur, http, client.session_id, cinq_mo) for _ in range(20)]
        time.sleep(0.5)
        apres = serveur.rss_mo()
        assert statuts == [403] * 20
        # before the guard: +103 MiB, all 100 MiB held until the session ended
        assert apres - avant < 5, (avant, apres)
        assert _octets_tenus(serveur, http) == 0


@pytest.mark.serveur
def test_a_forged_session_id_is_refused(serveur):
    http = _http(serveur)
    assert _deposer(serveur, http, str(uuid.uuid4()), b"projet_id;nature\r\n") == 400


@pytest.mark.serveur
def test_a_logged_in_maintainer_uploads_and_holds_at_most_two_files(serveur):
    http = _http(serveur)
    un_mo = b"x" * MO
    with concurrence.connecter(serveur.url) as ws:
        client = concurrence.Client(ws)
        client.ouvrir()
        client.changer_page("donnees")
        assert _deposer(serveur, http, client.session_id, un_mo) == 403
        execution = _cliquer(
            client,
            "FormSubmitter:connexion_mainteneur-Se connecter",
            tid_connexion_nom="Camille Martin",
            tid_connexion_mot_de_passe=MOT_DE_PASSE,
        )
        assert "Connexion : Camille Martin" in execution.infos, execution
        statuts = [_deposer(serveur, http, client.session_id, un_mo) for _ in range(5)]
        assert statuts == [204] * 5
        assert _octets_tenus(serveur, http) == televersement.FICHIERS_PAR_SESSION * MO

        _cliquer(client, "Se déconnecter")
        assert _deposer(serveur, http, client.session_id, un_mo) == 403


def test_a_flood_of_refusals_writes_one_log_line_per_interval(caplog, monkeypatch):
    """1 000 refused uploads in one interval: one line saying how many, not 1 000 lines."""
    horloge = iter(range(10_000))
    monkeypatch.setattr(televersement.time, "monotonic", lambda: next(horloge) * 0.001)
    monkeypatch.setitem(televersement._journal, "derniere_ligne", float("-inf"))
    monkeypatch.setitem(televersement._journal, "refus", 0)
    with caplog.at_level("WARNING", logger="tid"):
        for _ in range(1_000):
            televersement._refus("session-x")
    lignes = [r.getMessage() for r in caplog.records if "dépôt refusé" in r.getMessage()]
    assert len(lignes) == 1  # 1 000 calls in 1 s of the fake clock, interval 10 s
    with caplog.at_level("WARNING", logger="tid"):
        monkeypatch.setattr(televersement.time, "monotonic", lambda: 60.0)
        televersement._refus("session-x")
    lignes = [r.getMessage() for r in caplog.records if "dépôt refusé" in r.getMessage()]
    assert len(lignes) == 2
    assert "(1000 refus depuis la ligne précédente)" in lignes[-1]
