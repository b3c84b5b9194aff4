"""`make bench`: timings of « Suivi TID » at three scales, printed and written to BENCHMARKS.md.

Every scale is measured in its own subprocess (peak memory per scale and per phase, no cache
or module shared between scales). Timings are medians over n runs; n is reported beside each
figure because slow steps are repeated less often, so the whole run stays under 15 minutes.
Nothing here asserts a timing: the figures are printed and compared with the targets.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
# `python bench/bench.py` puts bench/ first on the path, where `bench` would name this file:
# the project root goes first instead, so `bench` is the package and `tid` imports.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]

from bench.cibles import (  # noqa: E402
    INTERACTIONS_PAR_SESSION,
    PAGES_NOMS,
    PERIODE_COPIE_S,
    SESSIONS,
)

GRAINE = 2030
ECHELLES = {
    "reel": ("Données réelles", None, None),
    "10k": ("10 000 projets / 100 000 mouvements", 10_000, 100_000),
    "100k": ("100 000 projets / 1 000 000 mouvements", 100_000, 1_000_000),
}
# The filter changes measured: the AppTest one goes through the sidebar widget.
CHANGEMENTS = {"region": {"region": ["53"]}, "programme": {"programme": ["TID"]}}
REGION_APPTEST = ["53"]


# ---- small helpers ------------------------------------------------------------------------------
def mediane(valeurs: list[float]) -> float | None:
    return statistics.median(valeurs) if valeurs else None


def quantile(valeurs: list[float], q: float) -> float | None:
    if not valeurs:
        return None
    ordonnees = sorted(valeurs)
    return ordonnees[min(len(ordonnees) - 1, round(q * (len(ordonnees) - 1)))]


def chrono(fonction, *args, **kwargs) -> tuple[float, object]:
    """(elapsed ms, result)."""
    debut = time.perf_counter()
    resultat = fonction(*args, **kwargs)
    return (time.perf_counter() - debut) * 1000, resultat


def pic_reinitialiser() -> None:
    """Reset this process's peak RSS (VmHWM), so each phase reports its own peak (Linux)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def pic_mo() -> float:
    """Peak RSS of this process since the last reset, in MiB (VmHWM, else ru_maxrss)."""
    with contextlib.suppress(OSError):
        for ligne in Path("/proc/self/status").read_text().splitlines():
            if ligne.startswith("VmHWM:"):
                return int(ligne.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def repetitions(premier_ms: float, n_max: int) -> int:
    """Fewer runs for slow steps, to keep `make bench` under 15 minutes on 2 cores."""
    if premier_ms > 5000:
        return min(n_max, 3)
    return n_max


def silencieux() -> None:
    """Streamlit outside `streamlit run` warns about its missing runtime at every call."""
    from streamlit import logger as streamlit_logger

    streamlit_logger.set_log_level(logging.ERROR)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")


# ---- workers (run in a subprocess, one per scale and phase) -------------------------------------
def etape_synth(args) -> dict:
    """Write a synthetic base (tid.synth, the code behind `python -m tid synth`) with seats."""
    silencieux()
    from bench import sieges
    from tid import synth

    sieges.installer(GRAINE)
    pic_reinitialiser()
    ms, _ = chrono(synth.generer, args.projets, args.mouvements, GRAINE, Path(args.db))
    return {"synth_ms": ms, "synth_rss_mo": pic_mo()}


def _pages() -> list[str]:
    from tid.ui.cadre import PAGES

    trouvees = [page.script for page in PAGES]
    connues = [p for p in PAGES_NOMS if p in trouvees]
    return connues + [p for p in trouvees if p not in connues]


class Enregistreur:
    """Wraps tid.db.fetch to note which queries (and parameters) a page run asks for."""

    def __init__(self) -> None:
        from tid import db

        self.db = db
        self.original = db.fetch
        self.appels: list[tuple[str, dict]] | None = None
        db.fetch = self._fetch

    def _fetch(self, name, **params):
        if self.appels is not None:
            sql = self.db.sql_text(name)
            self.appels.append((name, self.db.bind(sql, params)))
        return self.original(name, **params)

    @contextlib.contextmanager
    def enregistrer(self):
        self.appels = []
        try:
            yield self.appels
        finally:
            self.appels = None


def _sans_erreur(at) -> str | None:
    from tid.ui import garde

    if at.exception:
        return "; ".join(str(e.value)[:200] for e in at.exception)
    if garde.ERREUR_INATTENDUE in [e.value for e in at.error]:
        return "erreur inattendue affichée"
    return None


def vider_caches() -> None:
    """Cold caches: every cached result (st.cache_data, and tid.db's result cache, which is a
    st.cache_resource so that a hit is not unpickled); the open connection is kept."""
    import streamlit as st

    from tid import db

    st.cache_data.clear()
    resultats = getattr(db, "_cached_fetch", None)
    if resultats is not None and hasattr(resultats, "clear"):
        resultats.clear()


def _distincts(appels: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    vus, sortie = set(), []
    for name, params in appels:
        cle = (name, json.dumps(params, sort_keys=True, default=str))
        if cle not in vus:
            vus.add(cle)
            sortie.append((name, params))
    return sortie


def etape_app(args) -> dict:
    """Pages in AppTest, their queries through the DuckDB path, exports; peak RSS per phase."""
    silencieux()
    from streamlit.testing.v1 import AppTest

    from tid import __main__ as cli
    from tid import db

    n_max = args.n
    app = str(ROOT / "dashboard.py")
    enregistreur = Enregistreur()
    resultat: dict = {"pages": {}, "requetes": {}, "exports": {}, "erreurs": []}

    # -- pages, server side, in AppTest --
    pic_reinitialiser()
    appels_par_page: dict[str, dict[str, list]] = {}
    for page in _pages():
        mesures: dict[str, list[float]] = {"froid": [], "chaud": [], "filtre": []}
        n = n_max
        i = 0
        while i < n:
            vider_caches()
            at = AppTest.from_file(app, default_timeout=900)
            with enregistreur.enregistrer() as appels_froid:
                ms, _ = chrono(at.switch_page(page).run)
            mesures["froid"].append(ms)
            if i == 0:
                n = repetitions(ms, n_max)
            erreur = _sans_erreur(at)
            # the same view again, every result in cache: what is left is Python and rendering
            if i < 2:
                ms, _ = chrono(at.run)
                mesures["chaud"].append(ms)
            with enregistreur.enregistrer() as appels_filtre:
                ms, _ = chrono(at.sidebar.multiselect(key="region").set_value(REGION_APPTEST).run)
            mesures["filtre"].append(ms)
            erreur = erreur or _sans_erreur(at)
            if erreur:
                resultat["erreurs"].append(f"{page} : {erreur}")
            if i == 0:
                appels_par_page[page] = {
                    "aucun": _distincts(appels_froid),
                    "region": _distincts(appels_filtre),
                }
            i += 1
        resultat["pages"][page] = {
            cle: {"ms": mediane(v), "n": len(v), "tous": v} for cle, v in mesures.items()
        }
    resultat["pages_rss_mo"] = pic_mo()

    # -- the same queries through tid.db.run on a read-only connection, no cache --
    pic_reinitialiser()
    con = db.connect(args.db, read_only=True)
    try:
        par_requete: dict[str, dict[str, float]] = {}
        for page, etats in appels_par_page.items():
            etats = dict(etats)
            etats["programme"] = [
                (name, {**p, "programme": ["TID"]} if "programme" in p else p)
                for name, p in etats["aucun"]
            ]
            resultat["requetes"][page] = {}
            for etat, appels in etats.items():
                totaux: list[float] = []
                n = n_max
                i = 0
                while i < n:
                    total = 0.0
                    for name, params in appels:
                        ms, frame = chrono(db.run, con, name, **params)
                        total += ms
                        if etat == "aucun" and i == 0:
                            # one query, one row per breakdown: repartition is timed per $par
                            cle = f"{name} ({params['par']})" if "par" in params else name
                            par_requete.setdefault(cle, {"ms": ms, "lignes": len(frame)})
                    totaux.append(total)
                    if i == 0:
                        n = repetitions(total, n_max)
                    i += 1
                resultat["requetes"][page][etat] = {
                    "ms": mediane(totaux),
                    "n": len(totaux),
                    "nb_requetes": len(appels),
                }
        resultat["par_requete"] = par_requete
    finally:
        con.close()
    resultat["requetes_rss_mo"] = pic_mo()

    # -- exports of every project, the path of `python -m tid export` --
    sortie = Path(tempfile.mkdtemp(prefix="tid-bench-export-"))
    try:
        for format_fichier, n_export in (("csv", n_max), ("xlsx", 1 if args.grand else 3)):
            pic_reinitialiser()
            fichier = sortie / f"projets.{format_fichier}"
            temps = []
            for _ in range(n_export):
                with open(os.devnull, "w") as nul, contextlib.redirect_stdout(nul):
                    ms, code = chrono(
                        cli.main,
                        ["export", "--format", format_fichier, "-o", str(fichier), "--db", args.db],
                    )
                if code != 0:
                    resultat["erreurs"].append(f"export {format_fichier} : code {code}")
                temps.append(ms)
            resultat["exports"][format_fichier] = {
                "ms": mediane(temps),
                "n": len(temps),
                "octets": fichier.stat().st_size,
                "rss_mo": pic_mo(),
            }
    finally:
        shutil.rmtree(sortie, ignore_errors=True)
    return resultat


def etape_pandas(args) -> dict:
    """The pandas baseline against our queries, interleaved run by run, totals compared."""
    silencieux()
    from bench import reference_pandas
    from tid import db
    from tid.filtres import aucun

    pic_reinitialiser()
    con = db.connect(args.db, read_only=True)
    try:
        ms_chargement, tables = chrono(reference_pandas.charger, con)
        rss_chargement = pic_mo()
        resultat: dict = {"chargement_ms": ms_chargement, "etats": {}, "ecarts": []}
        for etat, filtres in (("aucun", {}), *CHANGEMENTS.items()):
            complets = {**aucun(), **filtres}
            nous, eux = [], []
            for i in range(args.n):
                ms_nous, les_notres = chrono(reference_pandas.nos_agregats, con, complets)
                ms_eux, les_leurs = chrono(reference_pandas.agreger, tables, complets)
                nous.append(ms_nous)
                eux.append(ms_eux)
                if i == 0:
                    resultat["ecarts"] += [
                        f"{etat} : {e}" for e in reference_pandas.comparer(les_notres, les_leurs)
                    ]
            resultat["etats"][etat] = {
                "nous_ms": mediane(nous),
                "pandas_ms": mediane(eux),
                "n": args.n,
            }
        resultat["rss_mo"] = max(pic_mo(), rss_chargement)
        resultat["lignes"] = {k: len(v) for k, v in tables.items()}
    finally:
        con.close()
    return resultat


def etape_concurrence(args) -> dict:
    """SESSIONS browser sessions at once on a real `streamlit run` server, each a websocket
    client of Streamlit's protocol (bench/concurrence.py): first display, then pages and
    région changed in turn; AppTest is not thread-safe (process-wide Runtime), a server is."""
    from bench import concurrence

    journal = ROOT / "artifacts" / "bench-concurrence-serveur.log"
    m = concurrence.mesurer(Path(args.db), SESSIONS, INTERACTIONS_PAR_SESSION, GRAINE, journal)
    resultat = {"sessions": SESSIONS, "interactions": len(m.filtres)}
    for nom, temps in (("premier", m.premiers), ("page", m.pages), ("changement", m.filtres)):
        resultat[f"{nom}_n"] = len(temps)
        resultat[f"{nom}_p50_ms"] = quantile(temps, 0.5)
        resultat[f"{nom}_p95_ms"] = quantile(temps, 0.95)
        resultat[f"{nom}_max_ms"] = max(temps, default=None)
    return {
        **resultat,
        "duree_s": m.duree_s,
        "demarrage_s": m.demarrage_s,
        "problemes": m.problemes,
        "erreurs_serveur": m.erreurs_serveur,
        "journal_serveur": str(journal.relative_to(ROOT)),
        "rss_mo": m.rss_mo,
        "cpu_serveur_s": m.cpu_serveur_s,
        "cpu_clients_s": m.cpu_clients_s,
    }


def etape_proxy(args) -> dict:
    """The same burst through HAProxy in front of N = 1, then N = 2 processes, and a first
    visit in Chromium straight and through the proxy (bench/proxy.py)."""
    from bench import proxy

    dossier = ROOT / "artifacts" / "bench-proxy"
    return proxy.mesurer(Path(args.db), SESSIONS, INTERACTIONS_PAR_SESSION, GRAINE, dossier)


def etape_premier_kpi(args) -> dict:
    """A first visit in Chromium, straight and through the proxy, on this base."""
    from bench import proxy

    return proxy.premier_kpi(Path(args.db), 5, ROOT / "artifacts" / "bench-proxy")


def etape_publication(args) -> dict:
    """The burst through HAProxy, N = 2, while new versions of the base are copied in."""
    from bench import publication

    dossier = ROOT / "artifacts" / "bench-publication"
    shutil.rmtree(dossier, ignore_errors=True)
    return publication.mesurer(
        Path(args.db), 2, SESSIONS, INTERACTIONS_PAR_SESSION, GRAINE, dossier, PERIODE_COPIE_S
    )


ETAPES = {
    "synth": etape_synth,
    "app": etape_app,
    "pandas": etape_pandas,
    "concurrence": etape_concurrence,
    "proxy": etape_proxy,
    "premier_kpi": etape_premier_kpi,
    "publication": etape_publication,
}


# ---- orchestration ------------------------------------------------------------------------------
def lancer_etape(etape: str, db_path: Path, **options) -> dict:
    """Run one worker in a fresh Python process; its JSON result, or {"erreur": ...}."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        sortie = Path(tmp.name)
    commande = [sys.executable, str(Path(__file__)), "--etape", etape, "--db", str(db_path)]
    commande += ["--json", str(sortie)]
    for cle, valeur in options.items():
        option = f"-{cle}" if len(cle) == 1 else f"--{cle}"
        if valeur is True:
            commande.append(option)
        elif valeur not in (None, False):
            commande += [option, str(valeur)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TID_DB": str(db_path)}
    if etape == "synth":
        # a synthetic base never replaces the base in use: synth refuses $TID_DB as its target
        env.pop("TID_DB")
    debut = time.perf_counter()
    processus = subprocess.run(commande, cwd=ROOT, env=env, capture_output=True, text=True)
    duree = time.perf_counter() - debut
    try:
        resultat = json.loads(sortie.read_text())
    except (OSError, json.JSONDecodeError):
        resultat = {"erreur": processus.stderr[-2000:] or f"code {processus.returncode}"}
    finally:
        sortie.unlink(missing_ok=True)
    resultat["processus_s"] = duree
    return resultat


def machine() -> dict:
    modele = "inconnu"
    with contextlib.suppress(OSError):
        for ligne in Path("/proc/cpuinfo").read_text().splitlines():
            if ligne.startswith("model name"):
                modele = ligne.split(":", 1)[1].strip()
                break
    memoire = "inconnue"
    with contextlib.suppress(OSError):
        for ligne in Path("/proc/meminfo").read_text().splitlines():
            if ligne.startswith("MemTotal:"):
                memoire = f"{int(ligne.split()[1]) / 1024**2:.1f} Gio"
    versions = {}
    for paquet in ("streamlit", "duckdb", "pandas", "numpy", "pyarrow", "plotly", "openpyxl"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[paquet] = metadata.version(paquet)
    return {
        "coeurs": os.cpu_count(),
        "processeur": modele,
        "memoire": memoire,
        "python": platform.python_version(),
        "systeme": platform.platform(),
        "versions": versions,
        "charge": os.getloadavg(),
    }


def construire_bases(dossier: Path, echelles: list[str], journal) -> dict:
    bases: dict[str, dict] = {}
    for echelle in echelles:
        libelle, projets, mouvements = ECHELLES[echelle]
        chemin = dossier / f"{echelle}.duckdb"
        if projets is None:
            temps = []
            for _ in range(3):
                debut = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "tid", "build", "--db", str(chemin)],
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                )
                temps.append((time.perf_counter() - debut) * 1000)
            bases[echelle] = {"chemin": chemin, "construction_ms": mediane(temps), "n": 3}
        else:
            r = lancer_etape("synth", chemin, projets=projets, mouvements=mouvements)
            bases[echelle] = {
                "chemin": chemin,
                "construction_ms": r.get("synth_ms"),
                "n": 1,
                "rss_mo": r.get("synth_rss_mo"),
                "erreur": r.get("erreur"),
            }
        bases[echelle]["taille_mo"] = chemin.stat().st_size / 2**20 if chemin.exists() else None
        if bases[echelle].get("erreur"):
            journal(f"base {libelle} : ERREUR {bases[echelle]['erreur']}")
        else:
            journal(f"base {libelle} : {bases[echelle]['construction_ms']:.0f} ms")
    return bases


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--etape", choices=sorted(ETAPES), help=argparse.SUPPRESS)
    p.add_argument("--db", help=argparse.SUPPRESS)
    p.add_argument("--json", help=argparse.SUPPRESS)
    p.add_argument("--projets", type=int, help=argparse.SUPPRESS)
    p.add_argument("--mouvements", type=int, help=argparse.SUPPRESS)
    p.add_argument("--grand", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("-n", type=int, default=5, help="répétitions par mesure (défaut : 5)")
    p.add_argument(
        "--echelles",
        default="reel,10k,100k",
        help="échelles mesurées, parmi reel,10k,100k (défaut : toutes)",
    )
    p.add_argument("--dossier", help="dossier des bases (défaut : temporaire, effacé à la fin)")
    p.add_argument("--sortie", default=str(ROOT / "BENCHMARKS.md"), help="fichier Markdown écrit")
    p.add_argument("--sans-concurrence", action="store_true", help="saute les 20 sessions")
    p.add_argument(
        "--depuis", help="réécrit le Markdown depuis un JSON de mesures (artifacts/bench.json)"
    )
    args = p.parse_args(argv)

    if args.etape:
        resultat = ETAPES[args.etape](args)
        Path(args.json).write_text(json.dumps(resultat, default=str))
        return 0

    from bench import rapport

    if args.depuis:
        resultats = json.loads(Path(args.depuis).read_text())
        texte = rapport.markdown(resultats, BENCH_DIR / "analyse.md")
        Path(args.sortie).write_text(texte, encoding="utf-8")
        print(texte)
        return 0

    debut = time.perf_counter()

    def journal(message: str) -> None:
        print(f"[{time.perf_counter() - debut:6.0f} s] {message}", file=sys.stderr, flush=True)

    echelles = [e for e in args.echelles.split(",") if e in ECHELLES]
    dossier = Path(args.dossier) if args.dossier else Path(tempfile.mkdtemp(prefix="tid-bench-"))
    dossier.mkdir(parents=True, exist_ok=True)
    resultats: dict = {"machine": machine(), "n": args.n, "echelles": {}}
    try:
        bases = construire_bases(dossier, echelles, journal)
        for echelle in echelles:
            base = bases[echelle]
            grand = echelle == "100k"
            journal(f"{echelle} : pages, requêtes, exports")
            app = lancer_etape("app", base["chemin"], n=args.n, grand=grand)
            journal(f"{echelle} : référence pandas")
            ref = lancer_etape("pandas", base["chemin"], n=args.n)
            resultats["echelles"][echelle] = {
                "libelle": ECHELLES[echelle][0],
                "base": {k: v for k, v in base.items() if k != "chemin"},
                "app": app,
                "pandas": ref,
            }
        plus_grande = echelles[-1] if echelles else None
        if plus_grande and not args.sans_concurrence:
            journal(f"{plus_grande} : {SESSIONS} sessions simultanées")
            resultats["concurrence"] = {
                "echelle": plus_grande,
                **lancer_etape("concurrence", bases[plus_grande]["chemin"]),
            }
            journal(f"{plus_grande} : {SESSIONS} sessions par HAProxy, N = 1 puis N = 2")
            resultats["proxy"] = {
                "echelle": plus_grande,
                **lancer_etape("proxy", bases[plus_grande]["chemin"]),
            }
            if "reel" in bases:
                journal("reel : 1re visite dans Chromium, directe et par HAProxy")
                resultats["premier_kpi_reel"] = lancer_etape("premier_kpi", bases["reel"]["chemin"])
            journal(f"{plus_grande} : {SESSIONS} sessions par HAProxy pendant des publications")
            resultats["publication"] = {
                "echelle": plus_grande,
                **lancer_etape("publication", bases[plus_grande]["chemin"]),
            }
    finally:
        if not args.dossier:
            shutil.rmtree(dossier, ignore_errors=True)
    resultats["duree_s"] = time.perf_counter() - debut
    resultats["machine"]["charge_fin"] = os.getloadavg()
    texte = rapport.markdown(resultats, BENCH_DIR / "analyse.md")
    print(texte)
    Path(args.sortie).write_text(texte, encoding="utf-8")
    # raw figures for whoever wants to dig (artifacts/ is not versioned)
    brut = ROOT / "artifacts" / "bench.json"
    brut.parent.mkdir(exist_ok=True)
    brut.write_text(json.dumps(resultats, default=str, indent=1))
    journal(f"écrit : {args.sortie}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
