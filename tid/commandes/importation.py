"""`python -m tid import`: the preview printed line by line, then the apply (SCDL options too)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tid import fmt, ingest
from tid.commandes.sortie import (
    EXIT_INPUT,
    EXIT_OK,
    ErreurSaisie,
    afficher_borne,
    afficher_problemes,
    ecrire,
)


def _afficher_plan(plan: ingest.Plan) -> None:
    lecture = plan.lecture
    genre = ingest.genre_du_fichier(plan) if plan.scdl else plan.type_fichier
    ecrire(
        f"Fichier {lecture.nom_fichier} : {genre}, {len(lecture.lignes)} ligne(s)"
        + (
            f", encodage {lecture.encodage}, séparateur « {lecture.separateur} »"
            if lecture.format_fichier == "csv"
            else ", XLSX"
        )
    )
    if plan.colonnes_ignorees:
        ecrire(f"Colonnes calculées ignorées : {', '.join(plan.colonnes_ignorees)}")
    if bilan := ingest.bilan_scdl(plan):
        ecrire(bilan[:1].upper() + bilan[1:])
    afficher_problemes(plan.problemes)
    ecrire(
        f"À ajouter : {len(plan.projets_ajoutes) + len(plan.mouvements_ajoutes)} ; à modifier :"
        f" {len(plan.projets_modifies)} ; inchangées : {plan.inchanges}"
        + (f" ; laissées à compléter, ignorées : {plan.a_completer}" if plan.a_completer else "")
    )
    afficher_borne(
        [f"  + projet {ligne['projet_id']} ({ligne['porteur']})" for ligne in plan.projets_ajoutes]
    )
    afficher_borne(
        [
            f"  ~ {diff['projet_id']} · {diff['colonne']} : {diff['avant']!r} -> {diff['apres']!r}"
            for diff in plan.differences
        ]
    )
    afficher_borne(
        [
            f"  + {ligne['nature']} {ligne['projet_id']} du {ligne['date_mouvement']:%d/%m/%Y} : "
            f"{fmt.euros(ligne.get('montant_eur'), 2)}"
            for ligne in plan.mouvements_ajoutes
        ]
    )
    if plan.chiffres is not None:
        ecrire("Programmes (montants publiés) : avant -> après l'import")
        for r in plan.chiffres.itertuples():
            ecrire(
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


def importer(args: argparse.Namespace) -> int:
    chemin = Path(args.fichier)
    if not chemin.is_file():
        raise ErreurSaisie(f"fichier introuvable : {chemin}")
    contenu = chemin.read_bytes()
    options = _options_scdl(args)
    plan = ingest.preparer(contenu, chemin.name, args.db, options)
    _verifier_options_scdl(args, plan)
    _afficher_plan(plan)
    if plan.erreurs:
        ecrire(
            f"Fichier refusé : {fmt.compte(len(plan.erreurs), 'erreur', 'erreurs')}, rien n'a été "
            "écrit.",
            file=sys.stderr,
        )
        return EXIT_INPUT
    if args.dry_run:
        ecrire("Aperçu seulement (--dry-run) : rien n'a été écrit.")
        return EXIT_OK
    if plan.rien_a_faire:
        ecrire("Rien à importer : toutes les lignes sont déjà dans la base.")
        return EXIT_OK
    # the warnings just printed are the ones accepted: one appearing meanwhile refuses
    acceptes = [p.texte() for p in plan.avertissements] if args.accepter_avertissements else []
    import_id, _ = ingest.appliquer(contenu, chemin.name, args.auteur, args.db, acceptes, options)
    ecrire(f"Import appliqué : lot n° {import_id}.")
    return EXIT_OK
