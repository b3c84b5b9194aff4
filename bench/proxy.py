"""The same burst of sessions through HAProxy in front of N = 1 and N = 2 Streamlit processes
(deploy/lanceur.py, what `make serve` starts), side by side in one run; and a reader's first
visit in Chromium, navigation start → first KPI drawn, straight to a process and through the
proxy."""

from __future__ import annotations

import functools
import socket
import statistics
import time
from pathlib import Path

from bench import concurrence
from deploy import lanceur

CHROMIUM = "/usr/bin/chromium"
# Recorded in the page itself: the moment (ms after navigation start, performance.now()) the
# first KPI value is in the DOM, so Playwright's polling adds nothing to the figure.
_GUETTEUR_KPI = """
new MutationObserver((_, observateur) => {
  if (document.querySelector('[data-testid="stMetricValue"]')) {
    window.__premierKpiMs = performance.now();
    observateur.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
# Where the time goes: the browser's long tasks (main thread busy > 50 ms: JS parsing and
# rendering) and the app's websocket (opened, last message before the KPI), page-side.
_GUETTEUR_DETAIL = """
window.__taches = [];
new PerformanceObserver(l => {
  for (const e of l.getEntries()) window.__taches.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
window.__ws = {};
const WebSocketOriginal = window.WebSocket;
window.WebSocket = function (...args) {
  const ws = new WebSocketOriginal(...args);
  ws.addEventListener('open', () => { window.__ws.ouvert = performance.now(); });
  ws.addEventListener('message', () => {
    if (window.__premierKpiMs === undefined) window.__ws.dernier = performance.now();
  });
  return ws;
};
window.WebSocket.prototype = WebSocketOriginal.prototype;
Object.assign(window.WebSocket, WebSocketOriginal);
"""
_DETAIL = """() => {
  const kpi = window.__premierKpiMs;
  const js = performance.getEntriesByType('resource').filter(r => r.name.endsWith('.js'));
  return {
    kpi: kpi,
    taches_longues: window.__taches.filter(t => t[0] < kpi).reduce((s, t) => s + t[1], 0),
    ws_ouvert: window.__ws.ouvert ?? null,
    ws_dernier: window.__ws.dernier ?? null,
    js_fichiers: js.length,
    js_transferes: js.reduce((s, r) => s + r.transferSize, 0),
    js_decodes: js.reduce((s, r) => s + r.decodedBodySize, 0),
  };
}"""


def ports_libres(nombre: int) -> list[int]:
    """Free local ports, held together until all are chosen (no port handed out twice)."""
    prises = []
    for _ in range(nombre):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.1", 0))
        prises.append(s)
    ports = [s.getsockname()[1] for s in prises]
    for s in prises:
        s.close()
    return ports


def quantile(valeurs: list[float], q: float) -> float | None:
    if not valeurs:
        return None
    rangees = sorted(valeurs)
    return rangees[min(len(rangees) - 1, round(q * (len(rangees) - 1)))]


def flux(d: lanceur.Deploiement) -> tuple[str, list]:
    """The proxy's websocket address and the CPU clocks of the processes behind it."""
    horloges = [functools.partial(concurrence.cpu_processus_s, p.pid) for p in d.processus]
    return d.url.replace("http://", "ws://", 1) + "/_stcore/stream", horloges


def resume(m: concurrence.Mesure, d: lanceur.Deploiement) -> dict:
    """A burst's figures as the report reads them, the processes' tracebacks included."""
    erreurs = [
        t for j in d.journaux for t in concurrence.tracebacks(j.read_text("utf-8", "replace"))
    ]
    total = len(m.premiers) + len(m.pages) + len(m.filtres)
    return {
        "processus": len(d.processus),
        "interactions": total,
        "duree_s": m.duree_s,
        "par_seconde": total / m.duree_s if m.duree_s else None,
        "changement_p50_ms": quantile(m.filtres, 0.5),
        "changement_p95_ms": quantile(m.filtres, 0.95),
        "premier_p50_ms": quantile(m.premiers, 0.5),
        "page_p50_ms": quantile(m.pages, 0.5),
        "cpu_serveurs_s": m.cpu_serveur_s,
        "problemes": m.problemes,
        "erreurs_serveur": erreurs,
    }


def rafales(
    base: Path, ns: tuple[int, ...], sessions: int, interactions: int, graine: int, dossier: Path
) -> dict[str, dict]:
    """For each N: the burst through the proxy (fresh processes, cold caches), its rate, the
    région change's p50/p95, and how HAProxy spread the sessions over the processes."""
    concurrence.verifier_schema(base)
    resultats = {}
    for n in ns:
        *ports, port = ports_libres(n + 1)
        with lanceur.servir(ports, port=port, dossier=dossier / f"n{n}", base=base) as d:
            url, horloges = flux(d)
            m = concurrence.rafale(
                url, base, sessions, interactions, graine, None, concurrence.DELAI_S, horloges
            )
            repartition = {nom: int(e.get("stot") or 0) for nom, e in d.etat_serveurs().items()}
        resultats[str(n)] = {**resume(m, d), "sessions": sessions, "repartition": repartition}
    return resultats


def premier_kpi(base: Path, essais: int, dossier: Path) -> dict:
    """A first visit (new browser context: nothing cached), navigation start → first KPI, on
    one process straight and through the proxy in front of it, alternated; one visit each
    first to warm the server's caches (the figure is the page's load, not the first query)."""
    from playwright.sync_api import sync_playwright

    *ports, port = ports_libres(2)
    temps: dict[str, list[dict]] = {"direct": [], "mandataire": []}
    with (
        lanceur.servir(ports, port=port, dossier=dossier / "premier-kpi", base=base) as d,
        sync_playwright() as pw,
    ):
        navigateur = pw.chromium.launch(executable_path=CHROMIUM)
        adresses = {"direct": f"http://127.0.0.1:{ports[0]}/", "mandataire": f"{d.url}/"}
        try:
            for tour in range(essais + 1):
                for voie, adresse in adresses.items():
                    ms = _visite(navigateur, adresse)
                    if tour:
                        temps[voie].append(ms)
        finally:
            navigateur.close()
    resultat: dict = {"essais": essais}
    for voie, visites in temps.items():
        resultat[f"{voie}_ms"] = [v["kpi"] for v in visites]
        if visites:
            resultat[f"{voie}_p50_ms"] = statistics.median(v["kpi"] for v in visites)
            resultat[f"{voie}_detail_p50"] = {
                cle: statistics.median(v[cle] for v in visites if v[cle] is not None)
                for cle in visites[0]
                if any(v[cle] is not None for v in visites)
            }
    return resultat


def _visite(navigateur, adresse: str) -> dict:
    contexte = navigateur.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = contexte.new_page()
        page.add_init_script(_GUETTEUR_KPI)
        page.add_init_script(_GUETTEUR_DETAIL)
        page.goto(adresse, wait_until="commit")
        # a selector wait, not wait_for_function: the proxy's CSP forbids the string eval the
        # latter runs in the page (no 'unsafe-eval'), and the measure must run under that CSP
        page.wait_for_selector('[data-testid="stMetricValue"]', timeout=120_000)
        return page.evaluate(_DETAIL)
    finally:
        contexte.close()


def mesurer(base: Path, sessions: int, interactions: int, graine: int, dossier: Path) -> dict:
    """Both measures, in that order, on a machine left to them."""
    debut = time.perf_counter()
    resultat = {
        "rafales": rafales(base, (1, 2), sessions, interactions, graine, dossier),
        "premier_kpi": premier_kpi(base, 5, dossier),
    }
    resultat["duree_s"] = time.perf_counter() - debut
    return resultat
