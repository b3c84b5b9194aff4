"""Concurrent sessions on a real `streamlit run` server, each a light client of its protocol.

A client does what a browser tab does on the websocket /_stcore/stream: it sends `BackMsg`
rerun requests (page, query string, widget states) and reads the `ForwardMsg`s until
`script_finished`. No browser and no AppTest: the server under test is the one readers use,
with its own threads, caches and DuckDB connection. Each rerun is timed from the request to
`script_finished`, and its deltas are checked: no exception, no « erreur inattendue », the
page's title, the filter applied, no empty result.
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
# The app's « nothing matches » messages: on a région that has projects, an empty result.
VIDES = ("Aucun lauréat ne correspond", "Aucun projet ne correspond")
# The maintainers' upload page has no filtered figure: the sessions visit the reader pages
# (and not the alias that forwards old /vue-ensemble links home).
PAGES_EXCLUES = {"donnees", "vue-ensemble"}
DELAI_S = 120
DEMARRAGE_S = 90


def _port_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- the server ---------------------------------------------------------------------------------
class Serveur:
    """`streamlit run dashboard.py` on a free port; its output in a file (a pipe could fill up)."""

    def __init__(
        self,
        base: Path,
        journal: Path,
        *,
        env: dict[str, str] | None = None,
        reglages: dict[str, str] | None = None,
    ) -> None:
        """`env` joins the server's environment; `reglages` (settings) beat config.toml."""
        self.base = Path(base)
        self.journal = Path(journal)
        self.env = dict(env or {})
        self.reglages = dict(reglages or {})
        self.port = _port_libre()
        self.processus: subprocess.Popen | None = None
        self.demarrage_s: float | None = None

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    def demarrer(self) -> None:
        commande = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py")]
        reglages = {
            "server.headless": "true",
            "browser.gatherUsageStats": "false",
            "server.port": str(self.port),
            "server.address": "127.0.0.1",
            "browser.serverAddress": "127.0.0.1",
            "server.fileWatcherType": "none",
            **self.reglages,
        }
        for cle, valeur in reglages.items():
            commande += [f"--{cle}", valeur]
        env = {**os.environ, "TID_DB": str(self.base), "PYTHONUNBUFFERED": "1", **self.env}
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        debut = time.perf_counter()
        with self.journal.open("wb") as sortie:
            self.processus = subprocess.Popen(
                commande, cwd=ROOT, env=env, stdout=sortie, stderr=subprocess.STDOUT
            )
        sante = f"http://127.0.0.1:{self.port}/_stcore/health"
        while True:
            with (
                contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
                urllib.request.urlopen(sante, timeout=2) as reponse,
            ):
                if reponse.read().strip() == b"ok":
                    break
            if self.processus.poll() is not None or time.perf_counter() - debut > DEMARRAGE_S:
                self.arreter()
                raise RuntimeError(
                    f"le serveur streamlit n'a pas démarré (code {self.processus.returncode}) :\n"
                    + self.journal.read_text(errors="replace")[-3000:]
                )
            time.sleep(0.1)
        self.demarrage_s = time.perf_counter() - debut

    def pic_mo(self) -> float | None:
        """Peak RSS of the server process (VmHWM), in MiB; None once it has exited."""
        return self._memoire_mo("VmHWM:")

    def rss_mo(self) -> float | None:
        """Current RSS of the server process (VmRSS), in MiB; None once it has exited."""
        return self._memoire_mo("VmRSS:")

    def _memoire_mo(self, champ: str) -> float | None:
        if self.processus is None:
            return None
        with contextlib.suppress(OSError):
            for ligne in Path(f"/proc/{self.processus.pid}/status").read_text().splitlines():
                if ligne.startswith(champ):
                    return int(ligne.split()[1]) / 1024
        return None

    def cpu_s(self) -> float | None:
        """CPU time (user + system) the server process has used, in seconds."""
        return None if self.processus is None else cpu_processus_s(self.processus.pid)

    def arreter(self) -> None:
        """SIGTERM (Streamlit stops cleanly), then SIGKILL: only the process started here."""
        if self.processus is None or self.processus.poll() is not None:
            return
        self.processus.terminate()
        try:
            self.processus.wait(15)
        except subprocess.TimeoutExpired:
            self.processus.kill()
            self.processus.wait(5)

    def erreurs(self) -> list[str]:
        """The tracebacks the server logged (the app hides them from readers, README « Règles »)."""
        with contextlib.suppress(OSError):
            return tracebacks(self.journal.read_text(errors="replace"))
        return []

    def __enter__(self) -> Serveur:
        self.demarrer()
        return self

    def __exit__(self, *exc) -> None:
        self.arreter()


def tracebacks(texte: str) -> list[str]:
    """Each traceback of a log with the line before it (the logged message) and its last line."""
    lignes = texte.splitlines()
    blocs = []
    for i, ligne in enumerate(lignes):
        if not ligne.startswith("Traceback (most recent call last)"):
            continue
        fin = i + 1
        while fin < len(lignes) and (not lignes[fin] or lignes[fin][0].isspace()):
            fin += 1
        blocs.append("\n".join(lignes[max(0, i - 1) : fin + 1]))
    return blocs


# ---- one session --------------------------------------------------------------------------------
@dataclass
class Execution:
    """One rerun as the browser sees it: its duration and what its deltas said."""

    ms: float = 0.0
    statut: str | None = None
    page: str | None = None
    titres: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    introuvable: bool = False


def connecter(url: str):
    """The websocket a browser opens (websockets, a dependency of Streamlit), as a `with` block.

    permessage-deflate is kept (the default, browsers ask for it too); no frame-size limit: a
    page's chart or table is one ForwardMsg.
    """
    from websockets.sync.client import connect

    return connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=60)


class Client:
    """One browser tab: the websocket, the widget states it sends back, the URL's query string."""

    def __init__(self, ws, delai_s: float = DELAI_S) -> None:
        self.ws = ws
        self.delai_s = delai_s
        self.pages: dict[str, object] = {}  # url_pathname -> AppPage
        self.page_courante = ""
        self.query_string = ""
        self.session_id: str | None = None  # the server's id of this tab (its upload URLs use it)
        self.widgets: dict[str, str] = {}  # user key (else label) -> element id
        self.etats: dict[str, object] = {}  # element id -> WidgetState sent on each rerun
        self.cache: dict[str, object] = {}  # hash -> ForwardMsg (the browser's message cache)

    def ouvrir(self, query_string: str = "") -> Execution:
        """First display: the browser at / (the default page), with the URL's query string."""
        return self._relancer(query_string, page_script_hash="")

    def changer_page(self, url_pathname: str) -> Execution:
        """A navigation click: the browser drops the URL's params (this app binds none)."""
        page = self.pages[url_pathname]
        return self._relancer("", page_script_hash=page.page_script_hash)

    def choisir(self, cle: str, libelles: list[str]) -> Execution:
        """A multiselect changed in the sidebar: its new value, as the formatted options."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        etat = WidgetState(id=self.widgets[cle])
        etat.string_array_value.data[:] = libelles
        self.etats[etat.id] = etat
        return self.relancer()

    def relancer(self, query_string: str | None = None) -> Execution:
        """Rerun the current page with the widget states in `etats` (a click, a typed text)."""
        page = self.pages[self.page_courante]
        if query_string is None:
            query_string = self.query_string
        return self._relancer(query_string, page_script_hash=page.page_script_hash)

    def suite(self, duree_s: float = 0.5) -> Execution:
        """What arrives after the last script_finished: a failed BackMsg's exception comes then."""
        execution = Execution()
        with contextlib.suppress(TimeoutError):
            while True:
                self._lire(self.ws.recv(timeout=duree_s), execution)
        return execution

    def _relancer(self, query_string: str, page_script_hash: str) -> Execution:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        demande = BackMsg()
        rerun = demande.rerun_script
        rerun.query_string = query_string
        rerun.page_script_hash = page_script_hash
        rerun.widget_states.widgets.extend(self.etats.values())
        rerun.cached_message_hashes[:] = list(self.cache)
        self.query_string = query_string
        execution = Execution()
        debut = time.perf_counter()
        self.ws.send(demande.SerializeToString())
        while execution.statut is None:
            reste = self.delai_s - (time.perf_counter() - debut)
            if reste <= 0:
                raise TimeoutError
            self._lire(self.ws.recv(timeout=reste), execution)
        execution.ms = (time.perf_counter() - debut) * 1000
        return execution

    def _lire(self, donnees: bytes, execution: Execution) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = ForwardMsg()
        message.ParseFromString(donnees)
        if message.HasField("ref_hash"):
            message = self.cache[message.ref_hash]
        elif message.metadata.cacheable:
            self.cache[message.hash] = message
        genre = message.WhichOneof("type")
        if genre == "new_session":
            self.session_id = message.new_session.initialize.session_id
        elif genre == "delta" and message.delta.WhichOneof("type") == "new_element":
            self._element(message.delta.new_element, execution)
        elif genre == "navigation":
            self.pages = {p.url_pathname: p for p in message.navigation.app_pages}
            execution.page = message.navigation.page_script_hash
            self.page_courante = next(
                p.url_pathname for p in self.pages.values() if p.page_script_hash == execution.page
            )
        elif genre == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif genre == "page_not_found":
            execution.introuvable = True
        elif genre == "script_finished":
            execution.statut = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)

    def _element(self, element, execution: Execution) -> None:
        from streamlit.proto.Alert_pb2 import Alert
        from streamlit.runtime.state.common import user_key_from_element_id

        genre = element.WhichOneof("type")
        widget = getattr(element, genre)
        if getattr(widget, "id", ""):
            # widgets without a key (most buttons) are found by their label
            cle = user_key_from_element_id(widget.id) or getattr(widget, "label", "")
            self.widgets[cle] = widget.id
        if genre == "exception":
            execution.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif genre == "heading" and element.heading.tag == "h1":
            execution.titres.append(element.heading.body)
        elif genre == "alert":
            if element.alert.format == Alert.ERROR:
                execution.erreurs.append(element.alert.body)
            else:
                execution.infos.append(element.alert.body)
        elif genre == "markdown":
            execution.infos.append(element.markdown.body)
        elif genre == "multiselect" and widget.set_value:
            # the app set the value itself (URL, pruned options): the browser keeps that one
            # and sends it back on every rerun
            from streamlit.proto.WidgetStates_pb2 import WidgetState

            etat = WidgetState(id=widget.id)
            etat.string_array_value.data[:] = list(widget.raw_values)
            self.etats[widget.id] = etat


def erreurs(execution: Execution) -> list[str]:
    """Uncaught exceptions (Streamlit's own element) and error boxes, the app's included."""
    from tid.ui import garde

    trouves = [f"exception {e[:300]}" for e in execution.exceptions]
    for erreur in execution.erreurs:
        inattendue = erreur == garde.ERREUR_INATTENDUE
        trouves.append("erreur inattendue affichée" if inattendue else f"erreur : {erreur[:200]}")
    return trouves


def problemes(execution: Execution, titre: str, region: str | None, query_string: str) -> list[str]:
    """What is wrong with a rerun, in French; empty when the page is whole and filtered."""
    trouves = erreurs(execution)
    if execution.statut != "FINISHED_SUCCESSFULLY":
        trouves.append(f"script terminé en {execution.statut}")
    if execution.introuvable:
        trouves.append("page introuvable")
    if titre not in execution.titres:
        trouves.append(f"titre « {titre} » absent (titres : {execution.titres or 'aucun'})")
    vides = [v for v in VIDES if any(v in info for info in execution.infos)]
    if vides:
        trouves.append(f"résultat vide (« {vides[0]} »)")
    if region is not None and parse_qs(query_string).get("region") != [region]:
        trouves.append(f"filtre non appliqué (adresse : ?{query_string})")
    return trouves


# ---- the measure --------------------------------------------------------------------------------
def regions_avec_projets(base: Path) -> dict[str, str]:
    """Région code -> label as the sidebar shows it, for the régions that have projects in the
    scope a session opens on (TID, the default; every projet is a laureate): on those, a
    « nothing matches » message is an empty result."""
    from tid import db
    from tid.filtres import PROGRAMME_DEFAUT

    con = db.connect(base, read_only=True)
    try:
        options = db.run(con, "options_filtres")
        requete = "SELECT DISTINCT region_code FROM projet WHERE programme_id = ?"
        codes = {r[0] for r in con.execute(requete, [PROGRAMME_DEFAUT]).fetchall()}
    finally:
        con.close()
    options = options[options["filtre"] == "region"]
    return {r.code: r.libelle for r in options.itertuples() if r.code in codes}


def verifier_schema(base: Path) -> None:
    """Refuse a base built by another queries/schema/: the app's first run would rebuild it from
    data/seed in place (tid.db.ensure_base), a synthetic base included, and the measure with it."""
    import duckdb

    from tid import db

    con = db.connect(base, read_only=True)
    try:
        empreinte = db.run(con, "base_schema").iloc[0]["schema_sha256"]
    except duckdb.Error:
        empreinte = None  # older than base_meta: rebuilt too
    finally:
        con.close()
    if empreinte != db.empreinte_schema():
        raise RuntimeError(
            f"La base {base} a été construite par une autre version de queries/schema/ : l'app "
            "la reconstruirait depuis data/seed au premier affichage. Reconstruisez-la d'abord."
        )


def _version(base: Path) -> tuple[int, int]:
    etat = Path(base).stat()
    return etat.st_ino, etat.st_mtime_ns


def _cpu_soi() -> float:
    temps = os.times()
    return temps.user + temps.system


@dataclass
class Mesure:
    """Raw figures: durations in ms per kind of rerun, problems in French, server's peak RSS."""

    premiers: list[float] = field(default_factory=list)
    pages: list[float] = field(default_factory=list)
    filtres: list[float] = field(default_factory=list)
    problemes: list[str] = field(default_factory=list)
    erreurs_serveur: list[str] = field(default_factory=list)
    rss_mo: float | None = None
    cpu_serveur_s: float | None = None
    cpu_clients_s: float | None = None
    demarrage_s: float | None = None
    duree_s: float | None = None


def titre_attendu(page, titres: dict[str, str]) -> str:
    """The h1 a page shows: its title in the French menu (tid.ui.cadre), unless overridden."""
    from tid.ui.cadre import PAGES

    par_chemin = {Path(p.script).stem if p.script != "dashboard.py" else "": p.titre for p in PAGES}
    titre = par_chemin.get(page.url_pathname, page.page_name)
    return titres.get(titre, titre)


def mesurer(
    base: Path,
    sessions: int,
    interactions: int,
    graine: int,
    journal: Path,
    titres: dict[str, str] | None = None,
    delai_s: float = DELAI_S,
) -> Mesure:
    """`sessions` tabs at once on one `streamlit run` started here: first display, then
    `interactions` times a page, then a région (`rafale`). `titres` overrides the title
    expected on a page (by its title): a test that the check can fail."""
    verifier_schema(base)
    version = _version(base)
    with Serveur(base, journal) as serveur:
        mesure = rafale(
            serveur.url, base, sessions, interactions, graine, titres, delai_s, [serveur.cpu_s]
        )
        mesure.demarrage_s = serveur.demarrage_s
        mesure.rss_mo = serveur.pic_mo()
    mesure.erreurs_serveur = serveur.erreurs()
    if _version(base) != version:
        mesure.problemes.append(f"la base {base} a été remplacée pendant la mesure")
    return mesure


def rafale(
    url: str,
    base: Path,
    sessions: int,
    interactions: int,
    graine: int,
    titres: dict[str, str] | None = None,
    delai_s: float = DELAI_S,
    cpu_serveurs: list | None = None,
) -> Mesure:
    """The burst on the websocket `url` (one process, or a proxy in front of several): every
    other session opens a shared link (?region=…, the URL form of the filter). `cpu_serveurs`
    are the serving processes' CPU clocks (callables), summed before and after."""
    regions = regions_avec_projets(base)
    if len(regions) < 2:
        raise RuntimeError("il faut au moins deux régions avec des projets")
    codes = sorted(regions)
    titres = titres or {}
    mesure = Mesure()
    verrou = threading.Lock()
    depart = threading.Barrier(sessions)

    def noter(liste: list[float], ms: float, quoi: str, probs: list[str]) -> None:
        with verrou:
            liste.append(ms)
            mesure.problemes += [f"{quoi} : {p}" for p in probs]

    def session(numero: int) -> None:
        hasard = random.Random(graine + numero)
        region = hasard.choice(codes) if numero % 2 else None
        quoi = f"session {numero}, 1er affichage" + (f" ?region={region}" if region else "")
        try:
            depart.wait()
            with connecter(url) as ws:
                client = Client(ws, delai_s)
                execution = client.ouvrir(f"region={region}" if region else "")
                page = client.pages[client.page_courante]
                titre = titre_attendu(page, titres)
                probs = problemes(execution, titre, region, client.query_string)
                noter(mesure.premiers, execution.ms, quoi, probs)
                lisibles = sorted(p for p in client.pages if p not in PAGES_EXCLUES)
                for _ in range(interactions):
                    chemin = hasard.choice([p for p in lisibles if p != client.page_courante])
                    page = client.pages[chemin]
                    titre = titre_attendu(page, titres)
                    quoi = f"session {numero}, page {page.page_name}"
                    execution = client.changer_page(chemin)
                    probs = problemes(execution, titre, region, client.query_string)
                    noter(mesure.pages, execution.ms, quoi, probs)
                    region = hasard.choice([c for c in codes if c != region])
                    quoi = f"session {numero}, page {page.page_name}, région {regions[region]}"
                    execution = client.choisir("region", [regions[region]])
                    probs = problemes(execution, titre, region, client.query_string)
                    noter(mesure.filtres, execution.ms, quoi, probs)
                quoi = f"session {numero}, après la dernière interaction"
                noter([], 0, quoi, erreurs(client.suite()))
        except TimeoutError:
            with verrou:
                mesure.problemes.append(f"{quoi} : pas de script_finished en {delai_s:.0f} s")
        except Exception as erreur:  # every failure is reported, none hidden
            with verrou:
                mesure.problemes.append(f"{quoi} : {erreur!r}")

    horloges = cpu_serveurs or []
    fils = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    cpu_avant, cpu_clients = [h() for h in horloges], _cpu_soi()
    debut = time.perf_counter()
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    mesure.duree_s = time.perf_counter() - debut
    cpu_apres = [h() for h in horloges]
    if horloges and None not in cpu_avant + cpu_apres:
        mesure.cpu_serveur_s = sum(cpu_apres) - sum(cpu_avant)
    mesure.cpu_clients_s = _cpu_soi() - cpu_clients
    return mesure


def cpu_processus_s(pid: int) -> float | None:
    """CPU time (user + system) a process has used, in seconds; None once it has exited."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        texte = Path(f"/proc/{pid}/stat").read_text()
        champs = texte.rsplit(")", 1)[1].split()
        return (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")
    return None
