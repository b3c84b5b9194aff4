"""Through HAProxy in front of two Streamlit processes (deploy/, `make serve`): every page in
Chromium under the CSP, downloads in parallel sessions, a killed process, gzip, headers, uploads."""

from __future__ import annotations

import gzip
import http.client
import importlib.util
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from bench import concurrence
from deploy import config, lanceur
from tid.ui.cadre import PAGES

from .conftest import free_ports, guarded_context, nav_links, open_via_nav, wait_for_app
from .ui import read_csv_excel_fr

pytestmark = pytest.mark.proxy

STATIQUES = Path(importlib.util.find_spec("streamlit").origin).parent / "static"
COOKIE = "TID_PROCESSUS"
CSV_PROJETS = "Projets (CSV pour Excel)"
# Every CSP violation of the page, as the browser reports it (the test reads window.__csp).
ECOUTE_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
  `${e.effectiveDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`), true);
"""
EN_TETES_SECURITE = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "permissions-policy",
)
# `inter 1s fall 2` in deploy/haproxy.cfg: out of the pool after two failed checks; the margin
# covers a check under way and a loaded machine.
SORTIE_DU_POOL_S = 2 * 1 + 2


@pytest.fixture(scope="module")
def base_publiee(base_seed, tmp_path_factory) -> Path:
    """A copy of the seed base for these processes alone (they open it read-only)."""
    return Path(shutil.copy(base_seed, tmp_path_factory.mktemp("proxy_base") / "tid.duckdb"))


@pytest.fixture(scope="module")
def deploiement(base_publiee, tmp_path_factory):
    """`make serve` with N = 2: two Streamlit processes, HAProxy in front."""
    if shutil.which("haproxy") is None:
        pytest.fail("haproxy absent : `make haproxy` (apt-get install haproxy)")
    port, *ports = free_ports(3)
    debut = time.monotonic()
    with lanceur.servir(
        ports, port=port, dossier=tmp_path_factory.mktemp("proxy"), base=base_publiee
    ) as d:
        print(f"\n2 processus + HAProxy prêts en {time.monotonic() - debut:.1f} s sur {d.url}")
        yield d


def processus_de(ctx) -> str | None:
    """The process (s1, s2) the proxy made this browser context stick to, if any."""
    return next((c["value"] for c in ctx.cookies() if c["name"] == COOKIE), None)


def ecouter_csp(ctx) -> None:
    ctx.add_init_script(ECOUTE_CSP)


def violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def _get(url: str, **en_tetes: str):
    """(status, headers, body) of a GET, whatever the status."""
    requete = urllib.request.Request(
        url, headers={k.replace("_", "-"): v for k, v in en_tetes.items()}
    )
    try:
        with urllib.request.urlopen(requete, timeout=30) as reponse:
            return reponse.status, reponse.headers, reponse.read()
    except urllib.error.HTTPError as erreur:
        return erreur.code, erreur.headers, erreur.read()


# ---- (a) every page, under the CSP, nothing from another host ----------------------------------
def test_every_page_renders_with_no_csp_violation_and_no_third_party_request(browser, deploiement):
    ctx = guarded_context(browser)
    ecouter_csp(ctx)
    page = ctx.new_page()
    refus_console = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and refus_console.append(m.text),
    )
    page.goto(deploiement.url)
    wait_for_app(page)
    liens = nav_links(page)
    assert [titre for titre, _ in liens] == [p.titre for p in PAGES]
    # a chart's PNG download (plotly draws it in a blob: image)
    page.locator('[data-testid="stPlotlyChart"]').first.hover()
    try:
        with page.expect_download(timeout=15_000) as png:
            page.locator(
                '[data-testid="stPlotlyChart"] .modebar-btn[data-title*="PNG"]'
            ).first.click()
    except PlaywrightError:
        pytest.fail(f"pas de PNG ; violations de la CSP : {violations(page)}")
    assert png.value.failure() is None
    assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG")
    # one document: the menu changes pages in place, the list grows; each page gets its own part
    vus = {liens[0][0]: violations(page)}
    for titre, href in liens[1:]:
        deja = sum(len(v) for v in vus.values())
        open_via_nav(page, href)
        vus[titre] = violations(page)[deja:]
    assert {t: v for t, v in vus.items() if v} == {}
    assert refus_console == []
    assert ctx.external_requests == []
    ctx.close()
    _chaque_requete_porte_le_cookie(deploiement)


# HAProxy's log line (option httplog): server, status, termination state, method and path; the
# state's 3rd letter is the cookie the request carried (V: valid, N: none), its 4th what HAProxy
# did with it (I: inserted, N: nothing).
_LIGNE_HTTP = re.compile(
    r'\] lecteurs (\S+) \S+ (\d+) .* (\S\S(\S)(\S)) [\d/]+ [\d/]+ "(\w+) (\S+)'
)


def _chaque_requete_porte_le_cookie(d: lanceur.Deploiement) -> None:
    """Every request of the browser so far but the first carried the cookie HAProxy set on it:
    the websocket, /_stcore/*, static files, /media/… (read in HAProxy's log, written when each
    request, or the websocket, ends)."""
    limite = time.monotonic() + 10
    while "/_stcore/stream" not in d.journaux[-1].read_text():
        assert time.monotonic() < limite, "websocket absent du journal de HAProxy"
        time.sleep(0.2)
    lignes = [_LIGNE_HTTP.search(x) for x in d.journaux[-1].read_text().splitlines()]
    requetes = [(m[7], m[4], m[5]) for m in lignes if m]
    # before the browser's first page (no cookie, one inserted), only the launcher's health checks
    premiere = requetes.index(("/", "N", "I"))
    assert {chemin for chemin, _, _ in requetes[:premiere]} == {"/_stcore/health"}
    sans_cookie = [r for r in requetes[premiere + 1 :] if r[1] != "V"]
    assert sans_cookie == [], sans_cookie
    chemins = {chemin for chemin, _, _ in requetes[premiere + 1 :]}
    for attendu in ["/_stcore/stream", "/_stcore/host-config", "/_stcore/health"]:
        assert attendu in chemins, attendu
    assert any(c.startswith("/static/js/") for c in chemins)
    assert any(c.startswith("/media/") for c in chemins)


def test_the_browser_itself_blocks_a_request_to_another_host(browser, deploiement):
    ctx = guarded_context(browser)
    ecouter_csp(ctx)
    page = ctx.new_page()
    page.goto(deploiement.url)
    wait_for_app(page)
    echecs = {}
    page.on("requestfailed", lambda r: echecs.__setitem__(r.url, r.failure))
    page.evaluate(
        """() => {
          fetch('https://tiers.example/suivi.json').catch(() => {});
          const img = document.createElement('img');
          img.src = 'https://tiers.example/pixel.png';
          document.body.appendChild(img);
        }"""
    )
    page.wait_for_function("window.__csp.length >= 2")
    bloques = violations(page)
    assert any(v.startswith("connect-src https://tiers.example/suivi.json") for v in bloques)
    assert any(v.startswith("img-src https://tiers.example/pixel.png") for v in bloques)
    # Blocked by the browser's CSP (Chromium names the reason « csp »), not by this harness's
    # guard, which would abort them as « net::ERR_BLOCKED_BY_CLIENT »: the fetch never even
    # became a request, the image did and was cancelled at once.
    assert {url: echecs.get(url) for url in ctx.external_requests} == {
        "https://tiers.example/pixel.png": "csp"
    }
    ctx.close()


# ---- (b) downloads: each session's bytes live in its process ------------------------------------
REGIONS = ["53", "84", "11", "76", "44"]


@pytest.fixture(scope="module")
def csv_attendus(base_seed, tmp_path_factory) -> dict[str, bytes]:
    """`python -m tid export` of each région's projects: the page's « Projets (CSV pour Excel) »
    gives the same bytes (README « Exporter »). One interpreter for the five."""
    dossier = tmp_path_factory.mktemp("csv_attendus")
    commandes = "; ".join(
        f"main(['export', '--format', 'csv', '-o', {str(dossier / r)!r}, '--db', "
        f"{str(base_seed)!r}, '--programme', 'tous', '--region', {r!r}])"
        for r in REGIONS
    )
    subprocess.run(
        [sys.executable, "-c", f"from tid.__main__ import main; {commandes}"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return {r: (dossier / r).read_bytes() for r in REGIONS}


def test_five_sessions_download_their_own_csv_at_once(browser, deploiement, csv_attendus):
    regions = REGIONS
    contextes = [guarded_context(browser) for _ in regions]
    pages = [ctx.new_page() for ctx in contextes]
    for page, region in zip(pages, regions, strict=True):
        page.goto(f"{deploiement.url}/projets?programme=tous&region={region}")
    for page in pages:
        wait_for_app(page)
    recus: list[list] = [[] for _ in pages]
    medias = []  # (status, Cache-Control) of every /media/ answer: a session's file
    for page, liste in zip(pages, recus, strict=True):
        page.on("download", lambda telechargement, liste=liste: liste.append(telechargement))
        page.on(
            "response",
            lambda r: (
                "/media/" in r.url and medias.append((r.status, r.headers.get("cache-control")))
            ),
        )
    for page in pages:  # five clicks in a row, the downloads run together
        page.get_by_role("button", name=CSV_PROJETS).click()
    limite = time.monotonic() + 30
    while not all(recus):
        # a /media/ request answered 404 (another process's file) may never become a download
        manquants = [r for r, liste in zip(regions, recus, strict=True) if not liste]
        assert time.monotonic() < limite, f"aucun téléchargement en 30 s pour {manquants}"
        pages[0].wait_for_timeout(100)  # lets Playwright deliver the events
    for region, liste in zip(regions, recus, strict=True):
        telechargement = liste[0]
        assert telechargement.failure() is None, (region, telechargement.failure())
        octets = Path(telechargement.path()).read_bytes()
        entete, lignes = read_csv_excel_fr(octets)
        assert entete[0] == "Identifiant" and lignes, region
        assert octets == csv_attendus[region], region
    # (Chromium does not report every download's response to the page: not counted)
    assert medias and all(statut == 200 for statut, _ in medias), medias
    assert not [cache for _, cache in medias if "immutable" in (cache or "")], medias
    # the sessions were spread over both processes: each download was served by its own
    assert {processus_de(ctx) for ctx in contextes} == {"s1", "s2"}
    for ctx in contextes:
        ctx.close()


# ---- (d) gzip and the long cache, for the hashed static files only -----------------------------
def _script_principal(url: str) -> str:
    """The path of the main script index.html loads (/static/js/index.<hash>.js)."""
    _, _, html = _get(f"{url}/")
    return "/" + re.search(r'src="\./(static/js/index\.[^"]+\.js)"', html.decode()).group(1)


def test_the_main_script_comes_gzipped_and_cached_for_a_year_the_page_does_not(deploiement):
    url = deploiement.url
    chemin = _script_principal(url)
    sur_disque = (STATIQUES / chemin.lstrip("/")).read_bytes()
    statut, en_tetes, corps = _get(url + chemin, Accept_Encoding="gzip, deflate, br")
    assert statut == 200
    assert en_tetes["Content-Encoding"] == "gzip"
    assert gzip.decompress(corps) == sur_disque
    print(f"\n{chemin} : {len(sur_disque):,} octets, {len(corps):,} compressés")
    assert len(corps) < 0.6 * len(sur_disque)
    assert en_tetes["Cache-Control"] == "public, max-age=31536000, immutable"
    # a client that does not ask for gzip gets the file as it is
    _, en_tetes, corps = _get(url + chemin)
    assert "Content-Encoding" not in en_tetes and corps == sur_disque
    for autre in ["/", "/projets", "/_stcore/health", "/_stcore/host-config", "/favicon.png",
                  "/app/static/favicon.png"]:  # fmt: skip
        statut, en_tetes, _ = _get(url + autre, Accept_Encoding="gzip")
        assert statut == 200, autre
        cache = en_tetes.get("Cache-Control", "")
        assert "immutable" not in cache and "max-age=31536000" not in cache, (autre, cache)
    assert _get(f"{url}/", Accept_Encoding="gzip")[1]["Content-Encoding"] == "gzip"


# ---- (e) security headers on every response ------------------------------------------------------
def test_every_response_carries_the_security_headers(deploiement):
    url = deploiement.url
    csp = config.politique_securite([*config.scripts_de_streamlit(), *config.scripts_de_l_app()])
    reponses = {
        chemin: _get(url + chemin)
        for chemin in [
            "/",
            _script_principal(url),
            "/_stcore/health",
            "/app/static/favicon.png",
            "/_stcore/upload_file/refus/refus",
        ]
    }
    assert reponses["/_stcore/upload_file/refus/refus"][0] == 403  # HAProxy's own answer
    for chemin, (_, en_tetes, _) in reponses.items():
        assert {nom: en_tetes.get(nom) for nom in EN_TETES_SECURITE} == {
            "content-security-policy": csp,
            "x-content-type-options": "nosniff",
            "referrer-policy": "same-origin",
            "x-frame-options": "DENY",
            "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        }, chemin
        assert "strict-transport-security" not in en_tetes, chemin  # plain HTTP here


# ---- (f) no anonymous upload reaches a process ---------------------------------------------------
def _envoyer_en_tetes(url: str, methode: str, chemin: str, en_tetes: dict[str, str]) -> int:
    """Send a request's headers but not the body they announce; the status the proxy answers."""
    hote, port = url.removeprefix("http://").split(":")
    connexion = http.client.HTTPConnection(hote, int(port), timeout=30)
    try:
        connexion.putrequest(methode, chemin)
        for nom, valeur in en_tetes.items():
            connexion.putheader(nom, valeur)
        connexion.endheaders()
        return connexion.getresponse().status
    finally:
        connexion.close()


def test_an_anonymous_upload_is_refused_at_the_proxy_before_its_body(deploiement):
    url = deploiement.url
    with concurrence.connecter(url.replace("http://", "ws://") + "/_stcore/stream") as ws:
        client = concurrence.Client(ws)
        client.ouvrir()
        cinq_mo = {
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": str(5 << 20),
        }
        for chemin in [f"/_stcore/upload_file/{client.session_id}/{uuid.uuid4()}",
                       f"/_stcore/upload%5Ffile/{client.session_id}/{uuid.uuid4()}",
                       f"//_stcore/upload_file/{client.session_id}/{uuid.uuid4()}"]:  # fmt: skip
            assert _envoyer_en_tetes(url, "PUT", chemin, cinq_mo) == 403, chemin
        # any other large or unannounced body is refused as well
        assert _envoyer_en_tetes(url, "POST", "/", {"Content-Length": str(2 << 20)}) == 413
        assert _envoyer_en_tetes(url, "POST", "/", {"Transfer-Encoding": "chunked"}) == 400
    # no process saw them: the app logs each refusal it makes (« dépôt refusé »)
    for journal in deploiement.journaux[:-1]:
        assert "dépôt refusé" not in journal.read_text(errors="replace"), journal
    for port in deploiement.ports:
        metriques = _get(f"http://127.0.0.1:{port}/_stcore/metrics")[2].decode()
        tenus = [x for x in metriques.splitlines() if 'cache_type="UploadedFileManager"' in x]
        assert sum(int(x.rsplit(" ", 1)[1]) for x in tenus) == 0, tenus


# ---- (c) a dead process -------------------------------------------------------------------------
def _quand_hors_du_pool(d: lanceur.Deploiement, serveur: str, debut: float) -> dict[str, float]:
    """Watch, in a thread, for HAProxy to mark `serveur` DOWN; the dict gets the delay in "s"."""
    releve: dict[str, float] = {}

    def surveiller() -> None:
        while time.monotonic() - debut < 30:
            if d.etat_serveurs()[serveur]["status"] == "DOWN":
                releve["s"] = time.monotonic() - debut
                return
            time.sleep(0.05)

    threading.Thread(target=surveiller, daemon=True).start()
    return releve


def test_a_killed_process_leaves_the_pool_and_the_other_serves_every_reader(
    browser, base_publiee, tmp_path
):
    port, *ports = free_ports(3)
    with lanceur.servir(ports, port=port, dossier=tmp_path, base=base_publiee) as d:
        ancien = guarded_context(browser)
        page_ancienne = ancien.new_page()
        page_ancienne.goto(d.url)
        wait_for_app(page_ancienne)
        victime = processus_de(ancien)
        survivant = ({"s1", "s2"} - {victime}).pop()
        debut = time.monotonic()
        d.tuer(int(victime[1:]), signal.SIGKILL)
        hors_pool = _quand_hors_du_pool(d, victime, debut)
        # new readers right away, before the health checks have seen anything: a request sent
        # to the dead process is retried on the other one (option redispatch)
        nouveaux, servis_s = [], []
        for _ in range(3):
            nouveaux.append(guarded_context(browser))
            page = nouveaux[-1].new_page()
            page.goto(d.url)
            wait_for_app(page)
            assert processus_de(nouveaux[-1]) == survivant
            servis_s.append(time.monotonic() - debut)
        # the reader whose process died: its tab reconnects, to the survivor, and shows the page
        wait_for_app(page_ancienne)
        assert page_ancienne.get_by_role("heading", level=1).count() == 1
        assert processus_de(ancien) == survivant
        while "s" not in hors_pool and time.monotonic() - debut < SORTIE_DU_POOL_S:
            time.sleep(0.05)
        print(
            f"\n{victime} tué : hors du pool en {hors_pool.get('s', float('nan')):.1f} s ; "
            f"nouvelles sessions affichées à {', '.join(f'{s:.1f}' for s in servis_s)} s"
        )
        assert hors_pool.get("s", float("inf")) < SORTIE_DU_POOL_S
        for ctx in [ancien, *nouveaux]:
            ctx.close()


# ---- production: HTTPS terminated by HAProxy -----------------------------------------------------
def test_the_https_variant_serves_the_app_with_hsts_and_a_secure_cookie(
    browser, base_publiee, tmp_path
):
    pem = tmp_path / "tid.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(pem), "-out", str(pem)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    https, http, streamlit = free_ports(3)
    tls = config.Tls(pem, port_https=https, port_http=http)
    with lanceur.servir([streamlit], dossier=tmp_path, base=base_publiee, tls=tls) as d:
        ctx = guarded_context(browser, ignore_https_errors=True)
        ecouter_csp(ctx)
        page = ctx.new_page()
        reponse = page.goto(d.url)
        wait_for_app(page)
        assert reponse.headers["strict-transport-security"] == "max-age=63072000"
        assert violations(page) == [] and ctx.external_requests == []
        cookie = next(c for c in ctx.cookies() if c["name"] == COOKIE)
        assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        # plain HTTP only redirects
        statut = _envoyer_en_tetes(f"http://127.0.0.1:{http}", "GET", "/", {})
        assert statut == 301
        ctx.close()
