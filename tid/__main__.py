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

from tid import check, db, exports, fmt, ingest, mots_de_passe, synth, textes, vocabulaire  # noqa: E402
from tid.exports import dossier, paquet, scdl  # noqa: E402
from tid.exports.paquet_schema import RESSOURCES  # noqa: E402
from tid.filtres import (  # noqa: E402
    CLES,
    PAR_CLE,
    PROGRAMME_DEFAUT,
    TOUS_PROGRAMMES,
    date_iso,
    description,
    normaliser,
)
from tid.ingest.problemes import (  # noqa: E402
    LIMITE_PROBLEMES_AFFICHES,
    FichierRefuse,
    affichable,
    extrait,
)

EXIT_OK, EXIT_RULES, EXIT_INPUT = 0, 1, 2


def _build(args: argparse.Namespace) -> int:
    path, copie = db.reconstruire(args.db, ecraser_imports=args.ecraser_imports)
    if copie:
        _ecrire(f"Ancienne base gardée telle quelle dans {copie}")
    _ecrire(f"Base construite : {path}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else db.ensure_base()
    if not path.exists():
        _ecrire(
            f"Base introuvable : {path}. Lancez d'abord `python -m tid build`.", file=sys.stderr
        )
        return EXIT_INPUT
    # every table read in full: the rules alone may never touch a damaged block
    db.verifier_base(path)
    rapport = check.controler(path)
    _ecrire(f"Contrôle de la base {path}")
    _ecrire(check.texte(rapport))
    return EXIT_OK if rapport.ok else EXIT_RULES


class ErreurSaisie(ValueError):
    """A command-line value the base does not know: one French sentence, exit code 2."""


def _filtres_valides(con, args: argparse.Namespace) -> tuple[dict[str, list[str]], dict]:
    """The filters given on the command line, each code checked against the base."""
    options = db.run(con, "options_filtres")
    libelles = {(r.filtre, r.code): r.libelle for r in options.itertuples()}
    demandes = {cle: getattr(args, cle) for cle in CLES}
    # without --programme: TID, the product's question; --programme tous: TID and DIAT
    demandes["programme"] = demandes["programme"] or [PROGRAMME_DEFAUT]
    filtres = normaliser(demandes)
    for cle, codes in filtres.items():
        valides = set(options.loc[options["filtre"] == cle, "code"])
        inconnus = [code for code in codes if code not in valides]
        if inconnus:
            option = "--" + cle.replace("_", "-")
            raise ErreurSaisie(
                f"{option} : code inconnu {', '.join(inconnus)} "
                f"(codes valides : {', '.join(sorted(valides))}"
                + (f", {TOUS_PROGRAMMES} pour TID et DIAT)." if cle == "programme" else ").")
            )
    return filtres, libelles


def _situation_au(texte: str | None):
    """--au AAAA-MM-JJ: the data as they stood that day (« Situation au »), None = now."""
    au = date_iso(texte)
    if texte and au is None:
        raise ErreurSaisie(f"--au : date attendue au format AAAA-MM-JJ, pas « {texte} ».")
    return au


def _options_d_extrait(args: argparse.Namespace) -> list[str]:
    """The extract options given on the command line (filters, search, date, ledger)."""
    options = ["--" + cle.replace("_", "-") for cle in CLES if getattr(args, cle)]
    autres = (("--recherche", args.recherche), ("--au", args.au), ("--registre", args.registre))
    return options + [option for option, valeur in autres if valeur]


def _export_paquet(args: argparse.Namespace) -> int:
    """The whole published base as a Data Package: one choice, no filter (an open-data package
    is the base, never a view of it)."""
    options = _options_d_extrait(args)
    if options:
        raise ErreurSaisie(
            f"{', '.join(options)} : le paquet « datapackage » contient toujours toute la base "
            "publiée, sans filtre ; ces options ne valent que pour les extraits csv, xlsx et scdl."
        )
    sortie = Path(args.output)
    try:
        dossier.verifier_libre(sortie)  # before reading the base: a refusal costs nothing
        path = db.verifier_base(args.db) if args.db else db.ensure_base()
        con = db.connect(path, read_only=True)
        try:
            tables = {r.nom: db.run(con, r.requete) for r in RESSOURCES}
            info = db.run(con, "base_info", lot_initial=db.SEED_IMPORT_ID).iloc[0]
        finally:
            con.close()
        extraction = vocabulaire.date_extraction()
        fichiers = paquet.fichiers(
            tables,
            date_donnees=textes.dates_des_donnees(info, extraction),
            jour_donnees=paquet.jour_des_donnees(info, extraction),
            est_synthetique=bool(info["est_synthetique"]),
        )
        dossier.publier(sortie, fichiers)
    except dossier.DossierRefuse as refus:
        raise ErreurSaisie(str(refus)) from None
    lignes = sum(len(frame) for frame in tables.values())
    _ecrire(
        f"Paquet Data Package écrit dans {sortie} : {len(RESSOURCES)} tables CSV, "
        f"{fmt.nombre(lignes)} lignes, et {paquet.DESCRIPTEUR} "
        f"({fmt.nombre(sum(len(c) for c in fichiers.values()))} octets)"
    )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    if args.format == "datapackage":
        return _export_paquet(args)
    # checked like the app's base: a damaged file says so in French, not in DuckDB's words
    path = db.verifier_base(args.db) if args.db else db.ensure_base()
    con = db.connect(path, read_only=True)
    try:
        filtres, libelles = _filtres_valides(con, args)
        au = _situation_au(args.au)
        if args.format == "scdl":
            frame = db.run(con, "scdl_subventions", **filtres, au=au, recherche=args.recherche)
            return _ecrire_scdl(scdl.scdl(frame), Path(args.output))
        objet = "registre" if args.registre else "projets"
        requete = exports.OBJETS[objet][0]
        frame = db.run(con, requete, **filtres, au=au, recherche=args.recherche, limite=None)
        info = db.run(con, "base_info", lot_initial=db.SEED_IMPORT_ID)
    finally:
        con.close()
    prov = exports.provenance(
        objet,
        frame,
        filtres,
        description(filtres, libelles) + (f" ; situation au {fmt.date_longue(au)}" if au else ""),
        textes.dates_des_donnees(info.iloc[0], vocabulaire.date_extraction()),
        args.recherche,
    )
    contenu = exports.fichier(objet, args.format, frame, prov)
    sortie = Path(args.output)
    sortie.write_bytes(contenu)
    _ecrire(f"{len(frame)} lignes écrites dans {sortie} ({fmt.nombre(len(contenu))} octets)")
    return EXIT_OK


def _ecrire_scdl(fichier: scdl.Scdl, sortie: Path) -> int:
    """The SCDL file, and on stderr why each laureate left out cannot have a valid row."""
    contenu = fichier.contenu()
    sortie.write_bytes(contenu)
    lignes = fmt.compte(len(fichier.lignes), "ligne écrite", "lignes écrites")
    _ecrire(f"{lignes} dans {sortie} ({fmt.nombre(len(contenu))} octets)")
    _ecrire(fichier.bilan(), file=sys.stderr)
    for ligne in fichier.rapport():
        _ecrire(f"  non publiable : {ligne}", file=sys.stderr)
    return EXIT_OK


def _ecrire(texte: str, file=None) -> None:
    """print(), with control and invisible characters written « <U+001B> »: what a file holds
    (or its name) must not command the terminal (escape sequences) nor reorder a line (bidi)."""
    print(affichable(texte), file=file)


def _afficher_problemes(problemes: list) -> None:
    """The capped report (first problems by row, the others counted), one line each."""
    rapport = extrait(problemes)
    for probleme in rapport.montres:
        marque = "ERREUR" if probleme.gravite == "erreur" else "avertissement"
        _ecrire(f"  [{marque}] {probleme.texte()}")
    if rapport.reste:
        _ecrire(f"  {rapport.reste}")


def _afficher_borne(lignes: list[str]) -> None:
    """The first lines of a list of changes, then how many more: 20 000 rows stay readable."""
    for ligne in lignes[:LIMITE_PROBLEMES_AFFICHES]:
        _ecrire(ligne)
    if len(lignes) > LIMITE_PROBLEMES_AFFICHES:
        _ecrire(f"  … et {fmt.nombre(len(lignes) - LIMITE_PROBLEMES_AFFICHES)} de plus")


def _afficher_plan(plan: ingest.Plan) -> None:
    lecture = plan.lecture
    genre = ingest.genre_du_fichier(plan) if plan.scdl else plan.type_fichier
    _ecrire(
        f"Fichier {lecture.nom_fichier} : {genre}, {len(lecture.lignes)} ligne(s)"
        + (
            f", encodage {lecture.encodage}, séparateur « {lecture.separateur} »"
            if lecture.format_fichier == "csv"
            else ", XLSX"
        )
    )
    if plan.colonnes_ignorees:
        _ecrire(f"Colonnes calculées ignorées : {', '.join(plan.colonnes_ignorees)}")
    if bilan := ingest.bilan_scdl(plan):
        _ecrire(bilan[:1].upper() + bilan[1:])
    _afficher_problemes(plan.problemes)
    _ecrire(
        f"À ajouter : {len(plan.projets_ajoutes) + len(plan.mouvements_ajoutes)} ; à modifier :"
        f" {len(plan.projets_modifies)} ; inchangées : {plan.inchanges}"
        + (f" ; laissées à compléter, ignorées : {plan.a_completer}" if plan.a_completer else "")
    )
    _afficher_borne(
        [f"  + projet {ligne['projet_id']} ({ligne['porteur']})" for ligne in plan.projets_ajoutes]
    )
    _afficher_borne(
        [
            f"  ~ {diff['projet_id']} · {diff['colonne']} : {diff['avant']!r} -> {diff['apres']!r}"
            for diff in plan.differences
        ]
    )
    _afficher_borne(
        [
            f"  + {ligne['nature']} {ligne['projet_id']} du {ligne['date_mouvement']:%d/%m/%Y} : "
            f"{fmt.euros(ligne.get('montant_eur'), 2)}"
            for ligne in plan.mouvements_ajoutes
        ]
    )
    if plan.chiffres is not None:
        _ecrire("Programmes (montants publiés) : avant -> après l'import")
        for r in plan.chiffres.itertuples():
            _ecrire(
                f"  {r.programme_id} (enveloppe {fmt.euros(r.enveloppe_eur)}) : attribué "
                f"{fmt.euros(r.montant_attribue_eur)} -> {fmt.euros(r.montant_attribue_apres_eur)}"
                f", conventionné {fmt.euros(r.montant_conventionne_eur)} -> "
                f"{fmt.euros(r.montant_conventionne_apres_eur)}, versé "
                f"{fmt.euros(r.montant_verse_eur)} -> {fmt.euros(r.montant_verse_apres_eur)}"
            )


def _options_scdl(args: argparse.Namespace) -> ingest.OptionsImport:
    """--programme and --source-url, checked before the base is read when they are wrong."""
    if args.source_url and not ingest.adresse_publique(args.source_url):
        raise ErreurSaisie(
            f"--source-url : une adresse http:// ou https:// attendue, pas « {args.source_url} »."
        )
    programme = args.programme.strip().upper() if args.programme else None
    return ingest.OptionsImport(programme or None, args.source_url)


def _verifier_options_scdl(args: argparse.Namespace, plan: ingest.Plan) -> None:
    """A SCDL file needs both options (the file cannot say them); another file takes neither."""
    nom = Path(args.fichier).name
    if plan.scdl is None:
        if args.programme or args.source_url:
            raise ErreurSaisie(
                f"--programme et --source-url ne servent qu'à un fichier SCDL « subventions » ; "
                f"{nom} est un {ingest.genre_du_fichier(plan)}."
            )
        return
    manquantes = []
    if not args.programme:
        manquantes.append("le programme que ses lignes concernent (--programme TID ou DIAT)")
    if not args.source_url:
        manquantes.append(
            "l'adresse publique où il est publié (--source-url https://…), que chaque "
            "mouvement du registre citera comme source"
        )
    if manquantes:
        raise ErreurSaisie(
            f"{nom} est un {ingest.genre_du_fichier(plan)} : précisez "
            + " et ".join(manquantes)
            + "."
        )


def _import(args: argparse.Namespace) -> int:
    chemin = Path(args.fichier)
    if not chemin.is_file():
        raise ErreurSaisie(f"fichier introuvable : {chemin}")
    contenu = chemin.read_bytes()
    options = _options_scdl(args)
    plan = ingest.preparer(contenu, chemin.name, args.db, options)
    _verifier_options_scdl(args, plan)
    _afficher_plan(plan)
    if plan.erreurs:
        _ecrire(
            f"Fichier refusé : {fmt.compte(len(plan.erreurs), 'erreur', 'erreurs')}, rien n'a été "
            "écrit.",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if args.dry_run:
        _ecrire("Aperçu seulement (--dry-run) : rien n'a été écrit.")
        return EXIT_OK
    if plan.rien_a_faire:
        _ecrire("Rien à importer : toutes les lignes sont déjà dans la base.")
        return EXIT_OK
    # the warnings just printed are the ones accepted: one appearing meanwhile refuses
    acceptes = [p.texte() for p in plan.avertissements] if args.accepter_avertissements else []
    import_id, _ = ingest.appliquer(contenu, chemin.name, args.auteur, args.db, acceptes, options)
    _ecrire(f"Import appliqué : lot n° {import_id}.")
    return EXIT_OK


def _revert(args: argparse.Namespace) -> int:
    nouvel_id = ingest.annuler(args.import_id, args.auteur, args.db)
    _ecrire(f"Lot {args.import_id} annulé par le lot n° {nouvel_id} (écritures inverses ajoutées).")
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    dossier = db.sauvegarder(Path(args.output), args.db)
    _ecrire(f"Base sauvegardée en Parquet dans {dossier}")
    return EXIT_OK


def _synth(args: argparse.Namespace) -> int:
    try:
        path = synth.generer(args.projects, args.events, args.seed, Path(args.db))
    except synth.CibleInterdite as refus:
        raise ErreurSaisie(str(refus)) from None
    _ecrire(
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
        _ecrire(f"Base remplacée gardée telle quelle dans {copie}")
    _ecrire(f"Base restaurée depuis {dossier} : {path}")
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
    e.set_defaults(action=_export)
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
    i.set_defaults(action=_import)
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
        _ecrire(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT
    except db.ErreurBase as erreur:
        # French and without a trace (illegible base, older schema, full disk); db logged it
        _ecrire(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT
    except (FichierRefuse, ingest.ImportRefuse) as refus:
        _ecrire("Fichier refusé, rien n'a été écrit :", file=sys.stderr)
        for ligne in extrait(refus.problemes).lignes():
            _ecrire(f"  - {ligne}", file=sys.stderr)
        return EXIT_INPUT
    except PermissionError as erreur:
        # a read-only folder or disk: said in French, like a full disk (db.DisquePlein)
        _ecrire(
            f"Erreur : écriture refusée par le système ({erreur.filename or 'fichier'} : droits "
            "du dossier ou disque en lecture seule) ; rien n'a été modifié.",
            file=sys.stderr,
        )
        return EXIT_INPUT
    except (duckdb.Error, OSError) as erreur:
        _ecrire(f"Erreur : {erreur}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
