"""Integrity and reconciliation report of a base: the rules in queries/controles/, coverage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tid import db, fmt

# One French title per rule file in queries/controles/ (a test keeps both lists in step).
REGLES = {
    "controles/annulation_incoherente": "Une ligne d'annulation vise un mouvement antérieur du "
    "même projet, de même nature et de même montant, une seule fois",
    "controles/chaine_financiere": "Pour chaque projet, versé ≤ conventionné ≤ attribué (quand "
    "ils sont publiés)",
    "controles/montant_negatif": "Aucun montant publié négatif (une annulation ne dépasse pas "
    "l'attribué)",
    "controles/projet_id_canonique": "Identifiants de projet canoniques, jamais deux pour un même "
    "projet (casse, accents, caractères invisibles)",
    "controles/attribution_depasse_enveloppe": "L'attribué publié ne dépasse pas l'enveloppe "
    "du programme ni celle de la vague",
    "controles/codes_orphelins": "Aucun code orphelin (département, région, axe, thème, projet, "
    "vague)",
    "controles/derives_a_jour": "Tables dérivées (montants par projet, sources, chaînes "
    "d'annulations) à jour",
    "controles/dates_desordre": "Dates du registre dans l'ordre (attribution, convention, "
    "versement)",
    "controles/nb_laureats_vague": "Nombre de lauréats par vague = nombre publié",
    "controles/projet_region_incoherente": "Région du projet = région de son département",
    "controles/projet_vague_autre_programme": "Vague du projet = vague de son programme",
    "controles/themes_projet": "Chaque projet a de 1 à 3 thèmes, « non publié » seul",
    "controles/total_publie_incoherent": "Totaux publiés compatibles avec les montants par "
    "projet et le nombre de projets",
    "controles/type_territoire_regle": "Type de territoire conforme à la table de règles",
}


@dataclass
class Rapport:
    """What `python -m tid check` found: broken rules, coverage and reconciliation tables."""

    violations: dict[str, pd.DataFrame]
    couverture: pd.DataFrame
    rapprochement: pd.DataFrame

    @property
    def ok(self) -> bool:
        return not any(len(v) for v in self.violations.values())


def controler(path: Path | str | None = None) -> Rapport:
    """Run every rule and the coverage and reconciliation queries on a base (read-only)."""
    con = db.connect(path, read_only=True)
    try:
        violations = {name: db.run(con, name) for name in db.query_names("controles")}
        return Rapport(
            violations=violations,
            couverture=db.run(con, "couverture_montants"),
            rapprochement=db.run(con, "rapprochement_totaux_publies"),
        )
    finally:
        con.close()


def texte(rapport: Rapport) -> str:
    """The report as plain French text for the terminal."""
    lignes = []
    en_echec = [name for name, v in rapport.violations.items() if len(v)]
    lignes.append(f"Règles : {len(rapport.violations)} vérifiées, {len(en_echec)} en échec")
    for name, frame in rapport.violations.items():
        marque = "ÉCHEC" if len(frame) else "ok"
        lignes.append(f"  [{marque}] {REGLES.get(name, name)}")
        for row in frame.itertuples():
            lignes.append(f"      - {row.objet} : {row.detail}")
    c = rapport.couverture
    lignes.append("")
    lignes.append("Couverture des montants attribués publiés")
    for row in c.itertuples():
        somme = (
            fmt.euros(row.montant_attribue_eur)
            if row.nb_projets_montant_publie
            else "aucun montant"
        )
        lignes.append(
            f"  {row.vague_id} : {fmt.couverture(row.nb_projets_montant_publie, row.nb_projets)}"
            f", {somme}"
        )
    total = fmt.couverture(int(c.nb_projets_montant_publie.sum()), int(c.nb_projets.sum()))
    lignes.append(f"  Total : {total}, {fmt.euros(c.montant_attribue_eur.sum())}")
    lignes.append("")
    lignes.append("Rapprochement avec les totaux publiés")
    for row in rapport.rapprochement.itertuples():
        prefixe = "plus de " if row.est_minimum else ""
        lignes.append(
            f"  {row.total_publie_libelle} ({row.vagues}) : {prefixe}"
            f"{fmt.euros(row.montant_publie_eur)} pour "
            f"{fmt.nombre(row.nb_projets_annonces)} projets ; somme par projet "
            f"{fmt.euros(row.somme_projets_eur)} "
            f"({fmt.couverture(row.nb_projets_montant_publie, row.nb_projets_base)})"
        )
    return "\n".join(lignes)
