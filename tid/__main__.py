"""The command line: build, check, export, import, revert, backup, restore, hash-password."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from streamlit import logger as streamlit_logger

# Streamlit's cache decorators warn "No runtime found" outside the app: noise for a CLI user.
streamlit_logger.set_log_level(logging.ERROR)

import duckdb  # noqa: E402

from tid import check, db, fmt, ingest, mots_de_passe, synth  # noqa: E402
from tid.commandes import export as commande_export  # noqa: E402
from tid.commandes import importation as commande_import  # noqa: E402
from tid.commandes.sortie import (  # noqa: E402
    EXIT_INPUT,
    EXIT_OK,
    EXIT_RULES,
    ErreurSaisie,
    ecrire,
)
from tid.filtres import CLES, PAR_CLE  # noqa: E402
from tid.ingest.problemes import FichierRefuse, extrait  # noqa: E402

__all__ = ["EXIT_INPUT", "EXIT_OK", "EXIT_RULES", "main", "parser"]


def _build(args: argparse.Namespace) -> int:
    path, copie = db.reconstruire(args.db, ecraser_imports=args.ecraser_imports)
    if copie:
        ecrire(f"Ancienne base gardée telle quelle dans {copie}")
    ecrire(f"Base construite : {path}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else db.ensure_base()
    if not path.exists():
        ecrire(f"Base introuvable : {path}. Lancez d'abord `python -m tid build`.", file=sys.stderr)
        return EXIT_INPUT
    # every table read in full: the rules alone may never touch a damaged block
    db.verifier_base(path)
    rapport = check.controler(path)
    ecrire(f"Contrôle de la base {path}")
    ecrire(check.texte(rapport))
    return EXIT_OK if rapport.ok else EXIT_RULES


def _revert(args: argparse.Namespace) -> int:
    nouvel_id = ingest.annuler(args.import_id, args.auteur, args.db)
    ecrire(f"Lot {args.import_id} annulé par le lot n° {nouvel_id} (écritures inverses ajoutées).")
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    dossier = db.sauvegarder(Path(args.output), args.db)
    ecrire(f"Base sauvegardée en Parquet dans {dossier}")
    return EXIT_OK


def _synth(args: argparse.Namespace) -> int:
    try:
        path = synth.generer(args.projects, args.events, args.seed, Path(args.db))
    except synth.CibleInterdite as refus:
        raise ErreurSaisie(str(refus)) from None
    ecrire(
        f"Base fictive écrite : {path} ({fmt.nombre(args.projects)} projets, "
        f"{fmt.nombre(args.events)} mouvements, graine {args.seed})"
    )
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    dossier = Path(args.dossier)
    if not dossier.is_dir():
        raise ErreurSaisie(f"dossier de sauvegarde introuvable : {dossier}")
    path, copie = db.restaurer(dossier, args.db)
    if copie:
        ecrire(f"Base remplacée gardée telle quelle dans {copie}")
    ecrire(f"Base restaurée depuis {dossier} : {path}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed so the README and tests can list the commands)."""
    p = argparse.ArgumentParser(prog="python -m tid", description="Suivi TID en ligne de commande")
    sub = p.add_subparsers(dest="commande", required=True)
    b = sub.add_parser("build", help="crée ou reconstruit la base depuis data/seed/*.csv")
    b.add_argument("--db", help=f"fichier DuckDB (défaut : ${db.DB_ENV_VAR} ou data/tid.duckdb)")
    b.add_argument(
        "--ecraser-imports",
        action="store_true",
        help="reconstruit même une base qui contient des imports ou qui est illisible ; "
        "le fichier actuel est d'abord copié à côté (<base>.avant-reconstruction-<date>)",
    )
    b.set_defaults(action=_build)
    c = sub.add_parser("check", help="contrôle d'intégrité et rapprochement ; code 1 si échec")
    c.add_argument("--db", help="fichier DuckDB à contrôler (défaut : la base en usage)")
    c.set_defaults(action=_check)
    e = sub.add_parser(
        "export",
        help="extrait CSV (Excel en français) ou XLSX, mêmes filtres et mêmes octets que la page ; "
        "ou toute la base en Data Package (datapackage)",
    )
    e.add_argument(
        "--format",
        choices=["csv", "xlsx", "scdl", "datapackage"],
        required=True,
        help="csv (Excel en français), xlsx, scdl (SCDL « subventions » 2.1.1, données ouvertes : "
        "une ligne par convention publiable, les autres lauréats listés sur stderr), ou "
        "datapackage (toute la base)",
    )
    e.add_argument(
        "-o",
        "--output",
        required=True,
        help="fichier à écrire ; pour datapackage, dossier nouveau ou vide (toute la base, "
        "sans filtre)",
    )
    e.add_argument("--db", help="fichier DuckDB (défaut : la base en usage)")
    e.add_argument("--recherche", help="recherche dans projet, porteur, partenaires, commune")
    e.add_argument(
        "--registre", action="store_true", help="une ligne par mouvement financier (registre)"
    )
    for cle in CLES:
        e.add_argument(
            "--" + cle.replace("_", "-"),
            dest=cle,
            action="append",
            metavar="CODE",
            help=f"{PAR_CLE[cle].libelle.lower()} (code de l'URL, répétable)"
            + (" ; défaut : TID, « tous » pour TID et DIAT" if cle == "programme" else ""),
        )
    e.add_argument("--au", metavar="AAAA-MM-JJ", help="situation à cette date (défaut : actuelle)")
    e.set_defaults(action=commande_export.exporter)
    i = sub.add_parser(
        "import",
        help="importe un fichier de projets, de mouvements ou SCDL « subventions » (CSV ou XLSX)",
    )
    i.add_argument("fichier")
    i.add_argument(
        "--programme",
        metavar="TID|DIAT",
        help="fichier SCDL « subventions » (obligatoire pour lui) : programme que ses lignes "
        "concernent ; chaque ligne est rattachée au lauréat de ce programme par le SIREN",
    )
    i.add_argument(
        "--source-url",
        metavar="https://…",
        help="fichier SCDL « subventions » (obligatoire pour lui) : adresse publique où il est "
        "publié, citée comme source par chaque mouvement",
    )
    i.add_argument("--dry-run", action="store_true", help="aperçu seulement : rien n'est écrit")
    i.add_argument("--auteur", default=os.environ.get("USER", "ligne de commande"))
    i.add_argument(
        "--accepter-avertissements",
        action="store_true",
        help="applique malgré les avertissements (jamais malgré une erreur)",
    )
    i.add_argument("--db", help="fichier DuckDB (défaut : la base en usage)")
    i.set_defaults(action=commande_import.importer)
    r = sub.add_parser("revert", help="annule un lot d'import (ajoute les écritures inverses)")
    r.add_argument("import_id", type=int)
    r.add_argument("--auteur", default=os.environ.get("USER", "ligne de commande"))
    r.add_argument("--db", help="fichier DuckDB (défaut : la base en usage)")
    r.set_defaults(action=_revert)
    s = sub.add_parser("backup", help="sauvegarde toute la base en Parquet dans un dossier")
    s.add_argument("-o", "--output", required=True, help="dossier de sauvegarde (créé)")
    s.add_argument("--db", help="fichier DuckDB (défaut : la base en usage)")
    s.set_defaults(action=_backup)
    sy = sub.add_parser("synth", help="base FICTIVE pour les mesures de performance")
    sy.add_argument("--projects", type=int, required=True, help="nombre de projets")
    sy.add_argument("--events", type=int, required=True, help="nombre de mouvements")
    sy.add_argument("--seed", type=int, default=2030, help="graine du générateur")
    sy.add_argument("--db", required=True, help="fichier à écrire (jamais la base réelle)")
    sy.set_defaults(action=_synth)
    rs = sub.add_parser("restore", help="reconstruit la base depuis une sauvegarde Parquet")
    rs.add_argument("dossier")
    rs.add_argument("--db", help="fichier DuckDB à écrire (défaut : la base en usage)")
    rs.set_defaults(action=_restore)
    h = sub.add_parser(
        "hash-password", help="empreinte scrypt du mot de passe de la page « Données »"
    )
    h.add_argument(
        "--stdin", action="store_true", help="lit le mot de passe sur l'entrée standard (scripts)"
    )
    h.set_defaults(action=lambda args: mots_de_passe.commande_hash(args, sys.stdin, sys.stdout))
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; errors become one French sentence and exit code 2, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.action(args)
    except ErreurSaisie as erreur:
        ecrire(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT
    except db.ErreurBase as erreur:
        # French and without a trace (illegible base, older schema, full disk); db logged it
        ecrire(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT
    except (FichierRefuse, ingest.ImportRefuse) as refus:
        ecrire("Fichier refusé, rien n'a été écrit :", file=sys.stderr)
        for ligne in extrait(refus.problemes).lignes():
            ecrire(f"  - {ligne}", file=sys.stderr)
        return EXIT_INPUT
    except PermissionError as erreur:
        # a read-only folder or disk: said in French, like a full disk (db.DisquePlein)
        ecrire(
            f"Erreur : écriture refusée par le système ({erreur.filename or 'fichier'} : droits "
            "du dossier ou disque en lecture seule) ; rien n'a été modifié.",
            file=sys.stderr,
        )
        return EXIT_INPUT
    except (duckdb.Error, OSError) as erreur:
        ecrire(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
