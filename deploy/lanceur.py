"""N `streamlit run` processes and HAProxy in front of them, started and stopped together."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deploy import config

RACINE = Path(__file__).resolve().parent.parent
DEMARRAGE_S = 90
ARRET_S = 10


class ErreurLancement(RuntimeError):
    """A process did not start: the message says which and quotes the end of its log."""


def reglages_lecteurs(port: int, nom_public: str) -> dict[str, str]:
    """The settings of a readers' process (they win over .streamlit/config.toml)."""
    return {
        "server.port": str(port),
        # only the proxy reaches the processes
        "server.address": "127.0.0.1",
        "server.headless": "true",
        "server.fileWatcherType": "none",
        "server.enableXsrfProtection": "true",
        # the public instance takes no file (README « Déploiement »)
        "server.maxUploadSize": "0",
        "browser.gatherUsageStats": "false",
        # the name readers type: a headless server would otherwise look up its public address
        "browser.serverAddress": nom_public,
    }


@dataclass
class Deploiement:
    """What `servir` started: the proxy's URL, each Streamlit process and its port, the logs."""

    url: str
    ports: list[int]
    processus: list[subprocess.Popen]
    haproxy: subprocess.Popen | None
    dossier: Path
    socket_stats: Path
    journaux: list[Path] = field(default_factory=list)

    def etat_serveurs(self) -> dict[str, dict[str, str]]:
        """HAProxy's view of each process (s1, s2…): status (UP, DOWN…), scur, stot…"""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.socket_stats))
            s.sendall(b"show stat\n")
            texte = b""
            while morceau := s.recv(65536):
                texte += morceau
        lignes = texte.decode().lstrip("# ").splitlines()
        noms = lignes[0].split(",")
        etats = (dict(zip(noms, ligne.split(","), strict=False)) for ligne in lignes[1:] if ligne)
        return {
            e["svname"]: e
            for e in etats
            if e.get("pxname") == "streamlit" and e["svname"] != "BACKEND"
        }

    def tuer(self, numero: int, sig: int = signal.SIGKILL) -> None:
        """Send `sig` to Streamlit process number `numero` (1-based, as s1, s2… in HAProxy)."""
        self.processus[numero - 1].send_signal(sig)
        self.processus[numero - 1].wait(ARRET_S)


# The launcher's own health requests over local TLS: the certificate names the public host.
_TLS_LOCAL = ssl.create_default_context()
_TLS_LOCAL.check_hostname = False
_TLS_LOCAL.verify_mode = ssl.CERT_NONE


def _sante_ok(url: str) -> bool:
    with (
        contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError, OSError),
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=_TLS_LOCAL) as reponse,
    ):
        return reponse.read().strip() == b"ok"
    return False


def _attendre(url: str, processus: subprocess.Popen, nom: str, journal: Path) -> None:
    debut = time.monotonic()
    while not _sante_ok(url):
        if processus.poll() is not None or time.monotonic() - debut > DEMARRAGE_S:
            raison = (
                f"arrêté (code {processus.returncode})"
                if processus.poll() is not None
                else f"pas prêt après {DEMARRAGE_S} s"
            )
            fin = journal.read_text(errors="replace")[-3000:] if journal.exists() else ""
            raise ErreurLancement(f"{nom} {raison} ; fin de son journal {journal} :\n{fin}")
        time.sleep(0.1)


def _lancer(commande: list[str], journal: Path, env: dict[str, str]) -> subprocess.Popen:
    with journal.open("wb") as sortie:
        # a file, not a pipe (a chatty process would block on a full pipe); its own session, so a
        # Ctrl-C in the terminal reaches the launcher, which stops everything in order
        return subprocess.Popen(
            commande,
            cwd=RACINE,
            env=env,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _arreter(processus: subprocess.Popen) -> None:
    """SIGTERM (Streamlit and HAProxy stop cleanly), then SIGKILL: only a process started here."""
    if processus.poll() is not None:
        return
    processus.terminate()
    try:
        processus.wait(ARRET_S)
    except subprocess.TimeoutExpired:
        processus.kill()
        processus.wait(ARRET_S)


def _commande_streamlit(port: int, nom_public: str, reglages: dict[str, str]) -> list[str]:
    commande = [sys.executable, "-m", "streamlit", "run", str(RACINE / "dashboard.py")]
    for cle, valeur in {**reglages_lecteurs(port, nom_public), **reglages}.items():
        commande += [f"--{cle}", valeur]
    return commande


def environnement(base: Path | None, env: dict[str, str]) -> dict[str, str]:
    """Every process's environment: the caller's, the base, one cookie secret for all."""
    return {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        # one secret for all: a cookie Streamlit signs in one process is read by the others
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        **({"TID_DB": str(base)} if base else {}),
        **env,
    }


def _haproxy() -> str:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).is_file():
        raise ErreurLancement(
            "haproxy introuvable : `make serve` l'installe (apt-get install haproxy, droits root)"
        )
    return haproxy


@contextlib.contextmanager
def servir(
    ports: Sequence[int],
    *,
    port: int = 8080,
    adresse: str = "127.0.0.1",
    dossier: Path,
    base: Path | None = None,
    nom_public: str = "127.0.0.1",
    env: dict[str, str] | None = None,
    reglages: dict[str, str] | None = None,
    csp: str | None = None,
    tls: config.Tls | None = None,
) -> Iterator[Deploiement]:
    """One `streamlit run dashboard.py` per port of `ports`, then HAProxy on `port`, until the
    block ends; every process started here is stopped on the way out, even after an error.

    `dossier` receives haproxy.cfg and every log; `base` is the published base (TID_DB, else
    the caller's environment decides); `env` joins every process's environment; `reglages`
    (Streamlit settings) win over the readers' ones; with `tls`, HAProxy serves HTTPS on
    tls.port_https and redirects tls.port_http to it (`port` is then unused).
    """
    haproxy = _haproxy()
    dossier = Path(dossier).resolve()  # HAProxy reads a relative socket path as host:port
    dossier.mkdir(parents=True, exist_ok=True)
    d = Deploiement(
        url=f"https://127.0.0.1:{tls.port_https}" if tls else f"http://127.0.0.1:{port}",
        ports=list(ports),
        processus=[],
        haproxy=None,
        dossier=dossier,
        socket_stats=dossier / "haproxy.sock",
    )
    d.socket_stats.unlink(missing_ok=True)
    texte = config.configuration(
        ports, port=port, adresse=adresse, csp=csp, socket_stats=d.socket_stats, tls=tls
    )
    (dossier / "haproxy.cfg").write_text(texte, encoding="utf-8")
    env_commun = environnement(base, env or {})
    try:
        for numero, port_streamlit in enumerate(ports, start=1):
            d.journaux.append(dossier / f"streamlit-{numero}.log")
            commande = _commande_streamlit(port_streamlit, nom_public, reglages or {})
            d.processus.append(_lancer(commande, d.journaux[-1], env_commun))
        # all started first, then awaited: the N processes load in parallel
        for numero, (p, processus) in enumerate(zip(ports, d.processus, strict=True), start=1):
            _attendre(
                f"http://127.0.0.1:{p}", processus, f"streamlit {numero}", d.journaux[numero - 1]
            )
        d.journaux.append(dossier / "haproxy.log")
        commande = [haproxy, "-db", "-f", str(dossier / "haproxy.cfg")]
        d.haproxy = _lancer(commande, d.journaux[-1], env_commun)
        _attendre(d.url, d.haproxy, "haproxy", d.journaux[-1])
        yield d
    finally:
        for processus in [d.haproxy, *d.processus]:
            if processus is not None:
                _arreter(processus)
