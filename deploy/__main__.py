"""`python -m deploy`: serve N processes behind HAProxy (`make serve`), print its config, or
copy a published base onto this machine."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from deploy import config, lanceur
from tid import fmt
from tid.db import ErreurBase
from tid.db.copie import copier_base


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parseur = argparse.ArgumentParser(
        prog="python -m deploy",
        description="Suivi TID derrière HAProxy : N processus Streamlit, une seule adresse",
    )
    commandes = parseur.add_subparsers(dest="commande", required=True)
    for nom, aide in (
        (
            "serve",
            "lance N processus Streamlit et HAProxy devant, au premier plan (Ctrl-C arrête tout)",
        ),
        ("config", "écrit sur la sortie standard la configuration HAProxy de production"),
    ):
        sous = commandes.add_parser(nom, help=aide, description=aide)
        sous.add_argument(
            "--processus",
            type=int,
            default=os.cpu_count() or 1,
            help="nombre de processus Streamlit (défaut : nombre de cœurs)",
        )
        sous.add_argument(
            "--premier-port",
            type=int,
            default=8501,
            help="port du premier processus Streamlit, les suivants à la suite (défaut : 8501)",
        )
        sous.add_argument("--port", type=int, default=8080, help="port de HAProxy (défaut : 8080)")
        sous.add_argument(
            "--adresse",
            default="127.0.0.1",
            help="adresse d'écoute de HAProxy (défaut : 127.0.0.1 ; '' pour toutes)",
        )
    serve = commandes.choices["serve"]
    serve.add_argument(
        "--dossier",
        type=Path,
        default=Path("artifacts/serve"),
        help="configuration et journaux (défaut : artifacts/serve)",
    )
    serve.add_argument(
        "--nom-public",
        default="127.0.0.1",
        help="nom d'hôte que tapent les lecteurs (browser.serverAddress ; défaut : 127.0.0.1)",
    )
    conf = commandes.choices["config"]
    conf.add_argument(
        "--certificat",
        type=Path,
        help="certificat et clé en un fichier PEM : HTTPS sur 443 (HTTP 80 redirigé), HSTS",
    )
    conf.add_argument("--socket-stats", type=Path, help="socket `show stat` de HAProxy")
    aide = (
        "publie ici une base venue d'ailleurs (fichier DuckDB ou dossier de `python -m tid "
        "backup`) : copiée sous un nom temporaire, vérifiée en entier, puis renommée d'un coup"
    )
    copie = commandes.add_parser("copy", help=aide, description=aide)
    copie.add_argument("source", type=Path, help="base publiée (.duckdb) ou dossier Parquet")
    copie.add_argument("cible", type=Path, help="la base que lisent les processus de cette machine")
    args = parseur.parse_args(argv)
    if args.commande == "copy":
        return args
    if args.processus < 1:
        parseur.error("--processus : au moins 1")
    return args


def _arret_demande(_numero, _cadre) -> None:
    raise KeyboardInterrupt


def _veiller(d: lanceur.Deploiement, dossier: Path) -> int:
    """Until Ctrl-C: say when a Streamlit process dies (HAProxy serves its readers elsewhere);
    stop when HAProxy itself does."""
    signales: set[int] = set()
    while d.haproxy.poll() is None:
        for numero, processus in enumerate(d.processus, start=1):
            if processus.poll() is not None and numero not in signales:
                signales.add(numero)
                print(
                    f"Processus Streamlit {numero} arrêté (code {processus.returncode}) ; "
                    "HAProxy envoie ses lecteurs aux autres.",
                    file=sys.stderr,
                    flush=True,
                )
        time.sleep(0.5)
    print(
        f"HAProxy s'est arrêté (code {d.haproxy.returncode}) : voir {dossier}/haproxy.log",
        file=sys.stderr,
    )
    return 1


def _servir(args: argparse.Namespace) -> int:
    ports = [args.premier_port + i for i in range(args.processus)]
    # a service manager's SIGTERM as Ctrl-C (also while starting): the block below is left
    # and every process started is stopped
    signal.signal(signal.SIGTERM, _arret_demande)
    signal.signal(signal.SIGINT, _arret_demande)
    try:
        with lanceur.servir(
            ports,
            port=args.port,
            adresse=args.adresse,
            dossier=args.dossier,
            nom_public=args.nom_public,
        ) as d:
            print(
                f"Suivi TID : http://{args.adresse or '0.0.0.0'}:{args.port} — {len(ports)} "
                f"processus Streamlit (ports {ports[0]}–{ports[-1]}) derrière HAProxy. Journaux "
                f"et configuration : {args.dossier}/. Ctrl-C arrête tout.",
                flush=True,
            )
            return _veiller(d, args.dossier)
    except lanceur.ErreurLancement as erreur:
        print(f"Démarrage impossible : {erreur}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Arrêté : HAProxy et les processus Streamlit.")
        return 0


def _copier(args: argparse.Namespace) -> int:
    try:
        copie = copier_base(args.source, args.cible)
    except ErreurBase as erreur:
        print(f"Copie refusée : {erreur}", file=sys.stderr)
        return 1
    taille = f"{fmt.nombre(copie.octets / 2**20, 1)} Mio"
    if copie.publiee:
        print(f"Base publiée : {copie.cible} ({taille}, {fmt.nombre(copie.duree_s, 1)} s).")
    else:
        print(f"Déjà à jour : {copie.cible} contient exactement ces octets ({taille}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.commande == "serve":
        return _servir(args)
    if args.commande == "copy":
        return _copier(args)
    tls = config.Tls(args.certificat) if args.certificat else None
    ports = [args.premier_port + i for i in range(args.processus)]
    sys.stdout.write(
        config.configuration(
            ports, port=args.port, adresse=args.adresse, tls=tls, socket_stats=args.socket_stats
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
