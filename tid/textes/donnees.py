"""Sentences of « Données »: the import preview, its problems, apply and revert messages."""

from __future__ import annotations

import pandas as pd

from tid import fmt, texte_brut, vocabulaire
from tid.ingest import (
    AVERTISSEMENTS_NOUVEAUX,
    LIMITE_LIGNES,
    LIMITE_OCTETS,
    bilan_scdl,
    extrait,
    genre_du_fichier,
)

INTRODUCTION = (
    "Réservé à l'équipe du programme : importer un fichier de projets ou de mouvements "
    "financiers, vérifier l'aperçu, appliquer, annuler. Les autres pages restent publiques et en "
    "lecture seule."
)
# the four templates, in the order of their buttons: (kind of file, format)
MODELES = [("projets", "csv"), ("projets", "xlsx"), ("mouvements", "csv"), ("mouvements", "xlsx")]
AIDE_MODELES = (
    "Colonnes et règles : data/README.md, section « Importer des données ». Un extrait "
    "téléchargé depuis la page « Projets » se réimporte tel quel."
)
LIBELLE_FICHIER = (
    f"Fichier CSV (UTF-8 ou Windows-1252, « ; » ou « , ») ou XLSX – {LIMITE_OCTETS // 2**20} Mo "
    f"et {fmt.nombre(LIMITE_LIGNES)} lignes au plus"
)
# ingest words it as the end of a sentence; on the page it stands alone
NOUVEAUX_AVERTISSEMENTS = AVERTISSEMENTS_NOUVEAUX[:1].upper() + AVERTISSEMENTS_NOUVEAUX[1:]
# A SCDL « subventions » file (French grant open data) needs two choices it cannot give itself
SCDL_AIDE = (
    "Fichier SCDL « subventions » : chaque ligne est rattachée au lauréat du programme choisi "
    "dont le SIREN est celui du bénéficiaire (9 premiers chiffres de idBeneficiaire) et devient "
    "une attribution (montant × pourcentageSubvention) et une convention, datées de "
    "dateConvention. Les lignes sans SIRET, sans lauréat ou avec plusieurs lauréats pour ce "
    "SIREN sont listées et ne sont pas importées. Chaque mouvement cite l'adresse ci-dessous "
    "comme source."
)
SCDL_PROGRAMME = "Programme que concernent les lignes du fichier"
SCDL_CHOISIR = "Choisir le programme"
SCDL_ADRESSE = "Adresse publique où le fichier est publié"
SCDL_A_CHOISIR = "Choisissez le programme et donnez l'adresse publique du fichier : l'aperçu suit."
LU_LES_AVERTISSEMENTS = "J'ai lu les avertissements et j'applique quand même"
RIEN_A_IMPORTER = "Rien à importer : toutes les lignes sont déjà dans la base."
AUCUN_LOT_A_ANNULER = "Aucun lot à annuler (la base initiale ne s'annule pas)."
CONFIRMATION_ANNULATION = (
    "Je confirme : des écritures inverses seront ajoutées au registre (rien n'est effacé)."
)
# Column titles of the preview and history tables (blocs.tableau formats by suffix)
COLONNES_MOUVEMENTS = vocabulaire.libelles(
    "projet_id", "nature", "date_mouvement", "montant_eur", "source_url"
)
COLONNES_ENVELOPPES = {  # after the import, programme by programme
    "programme_id": "Programme",
    "enveloppe_eur": "Enveloppe",
    "montant_attribue_eur": "Attribué avant",
    "montant_attribue_apres_eur": "Attribué après",
    "montant_conventionne_eur": "Conventionné avant",
    "montant_conventionne_apres_eur": "Conventionné après",
    "montant_verse_eur": "Versé avant",
    "montant_verse_apres_eur": "Versé après",
}
COLONNES_HISTORIQUE = {  # « Résumé »: the message of each batch
    "import_id": "Lot",
    "horodatage_import": "Date et heure",
    "nom_fichier": "Fichier",
    "auteur": "Auteur",
    "statut": "Statut",
    "message": "Résumé",
    "nb_mouvements": "Mouvements",
    "nb_projets": "Projets écrits",
}


def libelle_modele(genre: str, format_fichier: str) -> str:
    return f"Modèle {genre} ({format_fichier.upper()})"


def liste_problemes(problemes) -> str:
    """Problems of an import file as a Markdown list, capped (the first ones by row, the others
    counted: ingest.extrait); their quoted cells shown as written."""
    return "\n".join(f"- {texte_brut.markdown(ligne)}" for ligne in extrait(problemes).lignes())


def refus(quoi: str, problemes) -> str:
    """« **Fichier refusé, rien n'a été écrit.** » then the problems: nothing was written."""
    return f"**{quoi}, rien n'a été écrit.**\n\n" + liste_problemes(problemes)


def erreurs(problemes) -> str:
    return (
        f"**{fmt.compte(len(problemes), 'erreur', 'erreurs')} : le fichier est refusé, "
        "rien ne sera écrit.**\n\n" + liste_problemes(problemes)
    )


def avertissements(problemes) -> str:
    return (
        f"**{fmt.compte(len(problemes), 'avertissement', 'avertissements')}** "
        "(à accepter pour appliquer)\n\n" + liste_problemes(problemes)
    )


def apercu(nom_fichier: str, plan, compte: dict[str, int]) -> str:
    """What the file is, how it was read, and what it would add or change."""
    lecture = plan.lecture
    if lecture.format_fichier == "csv":
        format_lu = f" (encodage {lecture.encodage}, séparateur « {lecture.separateur} »)"
    else:
        format_lu = " (XLSX)"
    bilan = bilan_scdl(plan) if plan.type_fichier == "scdl" else None
    return (
        f"**{texte_brut.markdown(nom_fichier)}** : {genre_du_fichier(plan)}, "
        f"{fmt.compte(len(lecture.lignes), 'ligne', 'lignes')}{format_lu}. "
        f"À ajouter : **{compte['ajouts']}** ; à modifier : **{compte['modifications']}** ; "
        f"déjà dans la base : {compte['inchanges']}."
        + (
            f" Laissées à compléter (sans date, montant ni source), ignorées : "
            f"{compte['a_completer']}."
            if compte.get("a_completer")
            else ""
        )
        + (f" {bilan[:1].upper()}{bilan[1:]}" if bilan else "")
    )


def colonnes_ignorees(colonnes: list[str]) -> str:
    return f"Colonnes calculées, ignorées : {texte_brut.markdown(', '.join(colonnes))}."


def projets_ajoutes(projets: list[dict]) -> pd.DataFrame:
    """The new projects of the preview, by their key, holder, programme and wave, as written."""
    return texte_brut.tableau(
        pd.DataFrame(projets)[["projet_id", "porteur", "programme_id", "vague_id"]]
    )


def differences(differences: list[dict]) -> pd.DataFrame:
    """The changed fields of the preview, before and after, as written (« non publié » if empty)."""
    tableau = pd.DataFrame(differences)
    tableau["avant"] = tableau["avant"].map(fmt.texte)
    tableau["apres"] = tableau["apres"].map(fmt.texte)
    return texte_brut.tableau(tableau).rename(
        columns={"projet_id": "Projet", "colonne": "Champ", "avant": "Avant", "apres": "Après"}
    )


def import_applique(import_id: int, resume: str) -> str:
    return (
        f"Import appliqué : lot n° {import_id} ({resume}). Les pages "
        "affichent déjà les nouveaux chiffres."
    )


def lot_annule(import_id: int, nouvel_id: int) -> str:
    return f"Lot {import_id} annulé par le lot n° {nouvel_id} : écritures inverses ajoutées."


def lots_annulables(lots: pd.DataFrame) -> dict[int, str]:
    """Each batch a maintainer may revert (queries/lots_annulables.sql) and its label, as text."""
    return {
        int(r.import_id): texte_brut.nettoyer(
            f"Lot {int(r.import_id)} – {r.nom_fichier} ({r.message})"
        )
        for r in lots.itertuples()
    }
