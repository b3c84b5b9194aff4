"""Browser test harness: real Streamlit server, Debian Chromium, external-request guard."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

# The app under test; TID_APP_ROOT lets the harness be tried on a stand-in app.
APP_ROOT = Path(os.environ.get("TID_APP_ROOT") or Path(__file__).resolve().parents[2]).resolve()
SCREENSHOT_DIR = Path(
    os.environ.get("TID_SCREENSHOT_DIR") or APP_ROOT / "artifacts" / "screenshots"
).resolve()
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Full Chromium, not headless-shell: only it fetches favicons, so only it sees a favicon leak.
# Never pass --disable-features: it replaces Playwright's list and adds Google requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SERVER_START_TIMEOUT_S = 60
SERVER_LOG_NAME = "streamlit.log"
APP_READY_TIMEOUT_MS = 30_000
# Idle time required before the app counts as ready: after a nav click the old page stays
# "notRunning" for ~150 ms, and chained reruns (st.rerun, switch_page) leave gaps of a few ms.
APP_QUIET_MS = 300

# Busy while: no app yet, script not finished, websocket not connected, a lazy element still
# loading (skeletons, aria-busy) or a plotly chart not drawn yet.
_APP_STATE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {
    script: app ? app.dataset.testScriptState : null,
    connection: app ? app.dataset.testConnectionState : null,
    loading: document.querySelectorAll(
      '[data-testid="stAppSkeleton"], [data-testid="stSkeleton"], '
      + '[data-testid="stApp"] [aria-busy="true"]').length,
    undrawnCharts: charts.filter((c) => !c.querySelector('svg.main-svg')).length,
    url: location.href,
  };
}"""
_READY_JS = (
    """(quietMs) => {
  const s = ("""
    + _APP_STATE_JS
    + """)();
  const done = s.script === 'notRunning' || s.script === 'compilationError';
  const busy = !done || s.connection !== 'CONNECTED' || s.loading > 0 || s.undrawnCharts > 0;
  const now = performance.now();
  if (busy || window.__tidIdleSince === undefined) window.__tidIdleSince = now;
  return !busy && now - window.__tidIdleSince >= quietMs;
}"""
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: opens the real app in Chromium (slow, needs a browser)"
    )


def _free_port() -> int:
    """A free local port; TID_E2E_PORTS="8620-8629" picks it in that range (a shared machine)."""
    debut, _, fin = os.environ.get("TID_E2E_PORTS", "0-0").partition("-")
    for port in range(int(debut), int(fin or debut) + 1):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    pytest.fail(f"no free port in TID_E2E_PORTS={os.environ['TID_E2E_PORTS']}")


def free_ports(count: int) -> list[int]:
    """`count` distinct free local ports, in TID_E2E_PORTS="a-b" when set (a shared machine)."""
    debut, _, fin = os.environ.get("TID_E2E_PORTS", "0-0").partition("-")
    candidats = range(int(debut), int(fin or debut) + 1) if int(debut) else [0] * count
    with contextlib.ExitStack() as pile:
        trouves = []
        for candidat in candidats:
            sock = pile.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            try:
                sock.bind(("127.0.0.1", candidat))
            except OSError:
                continue
            trouves.append(sock.getsockname()[1])
            if len(trouves) == count:
                return trouves
    pytest.fail(f"not {count} free ports in TID_E2E_PORTS={os.environ['TID_E2E_PORTS']}")


def _health_ok(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
            return resp.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="session")
def _server_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("tid_server")


@contextlib.contextmanager
def serve(
    entry: Path,
    log_path: Path,
    *,
    cwd: Path = APP_ROOT,
    env: dict[str, str] | None = None,
    options: dict[str, str] | None = None,
):
    """Run `streamlit run entry` on a free local port until the block ends; yield the base URL.

    `options` are Streamlit settings given on the command line (they win over config.toml).
    """
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = {
        "server.headless": "true",
        "server.port": str(port),
        "server.address": "127.0.0.1",
        # Set explicitly: without it a headless server looks up its public IP on an outside host.
        "browser.serverAddress": "127.0.0.1",
        "browser.gatherUsageStats": "false",
        # Edits made while the suite runs must not pop a "source changed" prompt mid-test.
        "server.fileWatcherType": "none",
        **(options or {}),
    }
    cmd = [sys.executable, "-m", "streamlit", "run", str(entry)]
    for name, value in settings.items():
        cmd += [f"--{name}", value]
    # Unbuffered, so a traceback the app logs is in the file by the time its page is checked.
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    with log_path.open("wb") as log:
        # A file, not a pipe: a chatty server would block on a full pipe nobody reads.
        # A new session makes the server a process-group leader, so teardown reaches children.
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = time.monotonic()
    try:
        while not _health_ok(base_url):
            if proc.poll() is not None or time.monotonic() - started > SERVER_START_TIMEOUT_S:
                why = "exited" if proc.poll() is not None else "not healthy after 60 s"
                pytest.fail(
                    f"streamlit {why} (rc={proc.returncode}); its stderr and stdout:\n"
                    + log_path.read_text(errors="replace")
                )
            time.sleep(0.1)
        elapsed = time.monotonic() - started
        print(f"\nstreamlit {entry.name} healthy on {base_url} in {elapsed:.2f} s")
        yield base_url
    finally:
        _stop_group(proc)


def _app_entry() -> Path:
    entry = APP_ROOT / "dashboard.py"
    if not entry.is_file():
        pytest.fail(f"no app entry point at {entry} (set TID_APP_ROOT?)")
    return entry


@pytest.fixture(scope="session")
def app_server(_server_dir: Path):
    """Run `streamlit run dashboard.py` on a free port with a fresh TID_DB; yield the base URL.

    Read-only for the tests: every test that uses it sees the seed figures.
    """
    env = {
        "TID_DB": str(_server_dir / "tid.duckdb"),
        # the « Données » page shows its setup help whatever the developer's shell holds
        "TID_MOT_DE_PASSE_HASH": "",
    }
    with serve(_app_entry(), _server_dir / SERVER_LOG_NAME, env=env) as base_url:
        yield base_url


# The maintainers' password of the second server; only its scrypt hash reaches the server.
MOT_DE_PASSE_MAINTENEUR = "cheval correct agrafe"


def connecter_et_deposer(page, serveur: str, nom_fichier: str, contenu: bytes) -> None:
    """Open « Données » from the menu, log in as a maintainer, drop a file in the uploader."""
    open_via_nav(page, f"{serveur}/donnees")
    page.get_by_label("Nom (pour l'historique des imports)").fill("Camille Martin")
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE_MAINTENEUR)
    page.get_by_role("button", name="Se connecter").click()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": nom_fichier, "mimeType": "text/csv", "buffer": contenu}
    )
    wait_for_app(page)


@contextlib.contextmanager
def serve_for_maintainers(folder: Path):
    """A server with its own base in `folder` and the maintainers' password; yield its URL."""
    from tid import mots_de_passe  # the app's own hashing, imported only when this server is wanted

    env = {
        "TID_DB": str(folder / "tid.duckdb"),
        # cheap scrypt cost: the hash is made and checked in tests, never stored
        mots_de_passe.VARIABLE_ENV: mots_de_passe.hacher(MOT_DE_PASSE_MAINTENEUR, n=2**10),
    }
    # secrets.toml wins over the environment: point Streamlit at none, whatever the checkout has
    options = {"secrets.files": str(folder / "aucun-secrets.toml")}
    with serve(_app_entry(), folder / SERVER_LOG_NAME, env=env, options=options) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def maintainer_server(tmp_path_factory: pytest.TempPathFactory):
    """A second server with its own base and a maintainers' password: imports write to it."""
    with serve_for_maintainers(tmp_path_factory.mktemp("tid_maintainer_server")) as base_url:
        yield base_url


@pytest.fixture
def server_log(app_server, _server_dir: Path) -> Path:
    """The server's combined stdout and stderr, where the app logs the tracebacks it hides."""
    return _server_dir / SERVER_LOG_NAME


def read_log(path: Path, since: int = 0) -> tuple[str, int]:
    """Text appended to `path` after byte offset `since`, and the new offset."""
    with path.open("rb") as log:
        log.seek(since)
        data = log.read()
    return data.decode(errors="replace"), since + len(data)


def _stop_group(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def browser():
    """Headless full Chromium from Debian (Playwright cannot download its own build here)."""
    if not Path(CHROMIUM_PATH).is_file():
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}: `apt-get install -y chromium`, set "
            "CHROMIUM_PATH, or deselect these tests with -m 'not e2e'"
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def url_path(url: str) -> str:
    """The path of `url` without its trailing slash ("/" for the root)."""
    return urlparse(url).path.rstrip("/") or "/"


def _is_external(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS


def guarded_context(browser, **options):
    """French browser context that records and aborts every request to a non-local host.

    `ctx.external_requests` lists the non-local URLs requested so far by any of its pages;
    `options` (viewport, is_mobile…) go to Playwright's new_context over the defaults.
    """
    ctx = browser.new_context(
        **{
            "locale": "fr-FR",
            "timezone_id": "Europe/Paris",
            "viewport": {"width": 1400, "height": 1600},
            "accept_downloads": True,
            **options,
        }
    )
    external: list[str] = []
    # Context-wide rather than per page, so popups, iframes and new tabs are covered too.
    ctx.on("request", lambda req: _is_external(req.url) and external.append(req.url))
    # Abort instead of letting it time out: an offline run fails fast and stays deterministic.
    ctx.route(_is_external, lambda route: route.abort("blockedbyclient"))
    # Websockets skip both the request event and ctx.route: record and close them here.
    ctx.route_web_socket(_is_external, lambda ws: (external.append(ws.url), ws.close()))
    ctx.external_requests = external
    return ctx


@pytest.fixture
def context(browser):
    """A guarded context (see `guarded_context`) closed after the test."""
    ctx = guarded_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A page of `context`; `page.external_requests` lists the non-local URLs requested so far."""
    page = context.new_page()
    page.external_requests = context.external_requests
    return page


@pytest.fixture
def external_requests(context) -> list[str]:
    """Non-local URLs requested by any page of the test's context (live list)."""
    return context.external_requests


def app_state(page) -> dict:
    """Streamlit's run state as seen in the DOM (script, connection, loading, url)."""
    return page.evaluate(_APP_STATE_JS)


def wait_for_app(page, timeout_ms: int = APP_READY_TIMEOUT_MS, quiet_ms: int = APP_QUIET_MS):
    """Wait until the script run is over, the websocket is up and nothing is still loading."""
    page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=timeout_ms)
    # Restart the idle clock so a stale "idle" from before the caller's action cannot count.
    page.evaluate("() => { window.__tidIdleSince = undefined; }")
    try:
        page.wait_for_function(_READY_JS, arg=quiet_ms, polling=50, timeout=timeout_ms)
    except PlaywrightError as exc:
        raise AssertionError(
            f"app not ready after {timeout_ms / 1000:.0f} s: {app_state(page)}"
        ) from exc


# The French menu drawn by tid/ui/cadre.py (st.page_link in a container keyed "navigation").
NAV_LINKS = '.st-key-navigation a[data-testid="stPageLink-NavLink"]'


def _lien_absolu(page, link) -> str:
    """A menu link's address; st.page_link writes the home page's as a bare query string."""
    brut = urlparse(link.get_attribute("href") or "")
    if brut.path in ("", "/"):
        racine = urlparse(page.url)
        return f"{racine.scheme}://{racine.netloc}/" + (f"?{brut.query}" if brut.query else "")
    return link.evaluate("a => a.href")


def nav_links(page) -> list[tuple[str, str]]:
    """The sidebar menu as (title, absolute href) pairs; call it once `wait_for_app` is done."""
    links = page.locator(NAV_LINKS)
    # The label sits in a stMarkdownContainer; the link text also holds the icon's ligature name.
    return [
        (
            link.locator('[data-testid="stMarkdownContainer"]').inner_text().strip(),
            _lien_absolu(page, link),
        )
        for link in links.all()
    ]


def open_via_nav(page, href: str) -> None:
    """Click the sidebar link to `href`'s page like a user, then wait for that page's run."""
    # By path, not by title (titles may prefix one another) nor by whole href (links carry the
    # active filters in their query string).
    cible = url_path(href)
    for link in page.locator(NAV_LINKS).all():
        if url_path(_lien_absolu(page, link)) == cible:
            link.click()
            break
    else:
        raise AssertionError(f"aucun lien du menu vers {cible}")
    # The URL changes in the same render as the script state, so the old page cannot pass.
    page.wait_for_url(lambda url: url_path(url) == cible, timeout=APP_READY_TIMEOUT_MS)
    wait_for_app(page)


def screenshot(page, name: str, full_height: bool = True) -> Path:
    """Save `<app root>/artifacts/screenshots/<name>.png`, by default of the whole main area."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "page"
    path = SCREENSHOT_DIR / f"{slug}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    # Streamlit's main area scrolls on its own, so full_page=True stops at the viewport:
    # grow the viewport to the content instead, then put it back.
    needed = page.evaluate(
        """() => document.querySelector('[data-testid="stMain"]')?.scrollHeight ?? 0"""
    )
    grow = full_height and viewport is not None and needed > viewport["height"]
    if grow:
        page.set_viewport_size({"width": viewport["width"], "height": needed})
        wait_for_app(page)  # charts re-lay out to the new height
    try:
        page.screenshot(path=str(path))
    finally:
        if grow:
            page.set_viewport_size(viewport)
    return path
