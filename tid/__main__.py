"""The command line: `python -m tid build|check|export`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from streamlit import logger as streamlit_logger

# Streamlit's cache decorators warn "No runtime found" outside the app: noise for a CLI user.
streamlit_logger.set_log_level(logging.ERROR)

import duckdb  # noqa: E402

from tid import check, db, exports, fmt  # noqa: E402
from tid.filtres import CLES, PAR_CLE, description, normaliser  # noqa: E402

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


class ErreurSaisie(ValueError):
    """A command-line value the base does not know: one French sentence, exit code 2."""


def _filtres_valides(con, args: argparse.Namespace) -> tuple[dict[str, list[str]], dict]:
    """The filters given on the command line, each code checked against the base."""
    options = db.run(con, "options_filtres")
    libelles = {(r.filtre, r.code): r.libelle for r in options.itertuples()}
    filtres = normaliser({cle: getattr(args, cle) for cle in CLES})
    for cle, codes in filtres.items():
        valides = set(options.loc[options["filtre"] == cle, "code"])
        inconnus = [code for code in codes if code not in valides]
        if inconnus:
            option = "--" + cle.replace("_", "-")
            raise ErreurSaisie(
                f"{option} : code inconnu {', '.join(inconnus)} "
                f"(codes valides : {', '.join(sorted(valides))})."
            )
    return filtres, libelles


def _export(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else db.ensure_base()
    con = db.connect(path, read_only=True)
    try:
        filtres, libelles = _filtres_valides(con, args)
        objet = "registre" if args.registre else "projets"
        requete = exports.OBJETS[objet][0]
        frame = db.run(con, requete, **filtres, recherche=args.recherche)
        info = db.run(con, "base_info")
    finally:
        con.close()
    prov = exports.provenance(
        objet,
        frame,
        filtres,
        description(filtres, libelles),
        fmt.date_longue(info["date_donnees"].iloc[0]),
        args.recherche,
    )
    contenu = exports.fichier(objet, args.format, frame, prov)
    sortie = Path(args.output)
    sortie.write_bytes(contenu)
    print(f"{len(frame)} lignes écrites dans {sortie} ({fmt.nombre(len(contenu))} octets)")
    return EXIT_OK


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
    e = sub.add_parser(
        "export",
        help="extrait CSV (Excel en français) ou XLSX, mêmes filtres et mêmes octets que la page",
    )
    e.add_argument("--format", choices=["csv", "xlsx"], required=True)
    e.add_argument("-o", "--output", required=True, help="fichier à écrire")
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
            help=f"{PAR_CLE[cle].libelle.lower()} (code de l'URL, répétable)",
        )
    e.set_defaults(action=_export)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; errors become one French sentence and exit code 2, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.action(args)
    except ErreurSaisie as erreur:
        print(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT
    except (duckdb.Error, OSError) as erreur:
        print(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
