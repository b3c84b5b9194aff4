"""The command line: `python -m tid build|check` (more commands join as they are built)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from streamlit import logger as streamlit_logger

# Streamlit's cache decorators warn "No runtime found" outside the app: noise for a CLI user.
streamlit_logger.set_log_level(logging.ERROR)

import duckdb  # noqa: E402

from tid import check, db  # noqa: E402

EXIT_OK, EXIT_RULES, EXIT_INPUT = 0, 1, 2


def _build(args: argparse.Namespace) -> int:
    path = db.build_base(args.db)
    print(f"Base construite : {path}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else db.ensure_base()
    if not path.exists():
        print(f"Base introuvable : {path}. Lancez d'abord `python -m tid build`.", file=sys.stderr)
        return EXIT_INPUT
    rapport = check.controler(path)
    print(f"Contrôle de la base {path}")
    print(check.texte(rapport))
    return EXIT_OK if rapport.ok else EXIT_RULES


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed so the README and tests can list the commands)."""
    p = argparse.ArgumentParser(prog="python -m tid", description="Suivi TID en ligne de commande")
    sub = p.add_subparsers(dest="commande", required=True)
    b = sub.add_parser("build", help="crée ou reconstruit la base depuis data/seed/*.csv")
    b.add_argument("--db", help=f"fichier DuckDB (défaut : ${db.DB_ENV_VAR} ou data/tid.duckdb)")
    b.set_defaults(action=_build)
    c = sub.add_parser("check", help="contrôle d'intégrité et rapprochement ; code 1 si échec")
    c.add_argument("--db", help="fichier DuckDB à contrôler (défaut : la base en usage)")
    c.set_defaults(action=_check)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; errors become one French sentence and exit code 2, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.action(args)
    except (duckdb.Error, OSError) as erreur:
        print(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
