"""`python -m tid export`: the extracts of the page (CSV, XLSX), the SCDL file, the Data Package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tid import db, exports, fmt, textes, vocabulaire
from tid.commandes.sortie import EXIT_OK, ErreurSaisie, ecrire
from tid.exports import dossier, paquet, scdl
from tid.exports.paquet_schema import RESSOURCES
from tid.filtres import CLES, PROGRAMME_DEFAUT, TOUS_PROGRAMMES, date_iso, description, normaliser


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


def exporter_paquet(args: argparse.Namespace) -> int:
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
    ecrire(
        f"Paquet Data Package écrit dans {sortie} : {len(RESSOURCES)} tables CSV, "
        f"{fmt.nombre(lignes)} lignes, et {paquet.DESCRIPTEUR} "
        f"({fmt.nombre(sum(len(c) for c in fichiers.values()))} octets)"
    )
    return EXIT_OK


def exporter(args: argparse.Namespace) -> int:
    if args.format == "datapackage":
        return exporter_paquet(args)
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
    ecrire(f"{len(frame)} lignes écrites dans {sortie} ({fmt.nombre(len(contenu))} octets)")
    return EXIT_OK


def _ecrire_scdl(fichier: scdl.Scdl, sortie: Path) -> int:
    """The SCDL file, and on stderr why each laureate left out cannot have a valid row."""
    contenu = fichier.contenu()
    sortie.write_bytes(contenu)
    lignes = fmt.compte(len(fichier.lignes), "ligne écrite", "lignes écrites")
    ecrire(f"{lignes} dans {sortie} ({fmt.nombre(len(contenu))} octets)")
    ecrire(fichier.bilan(), file=sys.stderr)
    for ligne in fichier.rapport():
        ecrire(f"  non publiable : {ligne}", file=sys.stderr)
    return EXIT_OK
