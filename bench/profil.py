"""Where a process's time goes under the 20-session burst: py-spy samples one Streamlit process
(behind HAProxy, as `make serve` runs it) while the burst runs, then sums the samples by what
the code was doing. `python bench/profil.py BASE` prints the table (needs py-spy, ptrace)."""

from __future__ import annotations

import argparse
import collections
import functools
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import concurrence, proxy  # noqa: E402
from bench.cibles import INTERACTIONS_PAR_SESSION, SESSIONS  # noqa: E402
from deploy import lanceur  # noqa: E402

# First match wins, from the innermost frame outwards: the work a sample was doing.
POSTES = [
    ("requêtes DuckDB (exécution, conversion en DataFrame)", ("duckdb", "tid/db/")),
    ("graphiques plotly (construction, validation, JSON)", ("plotly", "_plotly_utils")),
    ("tableaux (Styler pandas, Arrow)", ("pandas/io/formats/style", "pyarrow", "dataframe_util")),
    ("pandas (autres)", ("pandas",)),
    ("Markdown, textes et formats (Babel)", ("babel", "tid/fmt", "tid/textes", "texte_brut")),
    ("ramasse-miettes après chaque exécution (runner.postScriptGC)", ("_on_script_finished",)),
    ("Streamlit (éléments, protobuf, session, websocket)", ("streamlit", "google/protobuf")),
    ("tornado, asyncio (réseau)", ("tornado", "asyncio", "selectors")),
]


AUTRE = "autre (pages et tid/ hors requêtes, interpréteur)"


def _poste(pile: str) -> tuple[str, str]:
    """(the work, the innermost frame of it) of one sampled stack."""
    cadres = pile.split(";")
    for cadre in reversed(cadres):
        for nom, motifs in POSTES:
            if any(m in cadre for m in motifs):
                return nom, cadre
    return AUTRE, cadres[-1] if cadres else ""


def profiler(base: Path, secondes: int, dossier: Path) -> tuple:
    *ports, port = proxy.ports_libres(2)
    sortie = dossier / "py-spy.txt"
    with lanceur.servir(ports, port=port, dossier=dossier, base=base) as d:
        pid = d.processus[0].pid
        espion = subprocess.Popen(
            [
                sys.executable.replace("python", "py-spy"),
                "record",
                "--pid",
                str(pid),
                "--rate",
                "50",
                "--duration",
                str(secondes),
                "--format",
                "raw",
                "--nonblocking",
                "--output",
                str(sortie),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = d.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        horloge = [functools.partial(concurrence.cpu_processus_s, pid)]
        resultat: dict = {}

        def rafale() -> None:
            m = concurrence.rafale(
                url,
                base,
                SESSIONS,
                INTERACTIONS_PAR_SESSION,
                2030,
                None,
                concurrence.DELAI_S,
                horloge,
            )
            total = len(m.premiers) + len(m.pages) + len(m.filtres)
            resultat.update(interactions=total, duree_s=m.duree_s, cpu_s=m.cpu_serveur_s)

        fil = threading.Thread(target=rafale)
        fil.start()
        fil.join()
        espion.wait()
    postes: collections.Counter = collections.Counter()
    cadres: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    echantillons = 0
    for ligne in sortie.read_text().splitlines():
        pile, _, nombre = ligne.rpartition(" ")
        if not nombre.isdigit():
            continue
        n = int(nombre)
        echantillons += n
        nom, cadre = _poste(pile)
        postes[nom] += n
        cadres[nom][cadre] += n
    return postes, cadres, echantillons, resultat


def main() -> int:
    parseur = argparse.ArgumentParser(description=__doc__)
    parseur.add_argument("base", type=Path)
    parseur.add_argument("--secondes", type=int, default=60)
    args = parseur.parse_args()
    with tempfile.TemporaryDirectory(prefix="tid-profil-") as dossier:
        postes, cadres, total, r = profiler(args.base, args.secondes, Path(dossier))
    print(
        f"Rafale : {r['interactions']} interactions en {r['duree_s']:.1f} s, "
        f"CPU du processus {r['cpu_s']:.0f} s ({r['cpu_s'] / r['interactions']:.2f} s par "
        f"interaction) ; {total} échantillons py-spy (50/s, fils actifs seulement)."
    )
    print("| Poste | Part des échantillons |\n|---|---|")
    for nom, n in postes.most_common():
        print(f"| {nom} | {100 * n / total:.0f} % |")
    print("\nLes fonctions les plus échantillonnées de chaque poste (cadre le plus profond) :")
    for nom, _ in postes.most_common(4):
        for cadre, n in cadres[nom].most_common(4):
            print(f"- {nom} : {cadre} — {100 * n / total:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
