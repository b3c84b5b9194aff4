"""Integrity and reconciliation report of a base: the rules in queries/controles/, coverage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tid import db, fmt, textes
from tid.filtres import aucun

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
    couverture: pd.DataFrame  # one row per wave: the money chain of the home page, unfiltered
    total: pd.Series  # the KPI row, unfiltered: the same totals the dashboard shows
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
            couverture=db.run(con, "chaine_par_vague", **aucun()),
            total=db.run(con, "kpi", **aucun()).iloc[0],
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
        publies = int(row.nb_projets_attribution_publiee)
        somme = fmt.euros(row.montant_attribue_eur) if publies else "aucun montant"
        couverture = fmt.couverture(publies, int(row.nb_projets))
        lignes.append(f"  {row.vague_id} : {couverture}, {somme}")
    t = rapport.total
    total = fmt.couverture(int(t.nb_projets_attribution_publiee), int(t.nb_projets))
    lignes.append(f"  Total : {total}, {fmt.euros(t.montant_attribue_eur)}")
    lignes.append("")
    lignes.append("Rapprochement avec les totaux publiés")
    for row in rapport.rapprochement.itertuples():
        lignes.append("  " + textes.rapprochement(row, markdown=False))
    return "\n".join(lignes)
