"""What an import would do (the plan the preview shows and the apply writes), counted in words."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tid import fmt
from tid.ingest.problemes import Probleme

if TYPE_CHECKING:
    import pandas as pd

    from tid.ingest.fichier import Lecture


@dataclass
class BilanScdl:
    """What became of a SCDL file's rows: matched to one laureate, or listed and left out."""

    version: str
    programme_id: str | None = None
    rattachees: int = 0
    ecartees: int = 0


@dataclass
class Plan:
    """What an import would do: problems, rows to add or change, and envelope figures."""

    lecture: Lecture
    type_fichier: str
    problemes: list[Probleme] = field(default_factory=list)
    projets_ajoutes: list[dict] = field(default_factory=list)
    projets_modifies: list[dict] = field(default_factory=list)
    differences: list[dict] = field(default_factory=list)
    mouvements_ajoutes: list[dict] = field(default_factory=list)
    inchanges: int = 0
    colonnes_ignorees: list[str] = field(default_factory=list)
    chiffres: pd.DataFrame | None = None
    # ledger rows left blank (project and nature only): skipped, counted in the preview
    a_completer: int = 0
    # a SCDL « subventions » file: its version and what became of its rows
    scdl: BilanScdl | None = None

    @property
    def erreurs(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite == "erreur"]

    @property
    def avertissements(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite == "avertissement"]

    @property
    def rien_a_faire(self) -> bool:
        return not (self.projets_ajoutes or self.projets_modifies or self.mouvements_ajoutes)


# What a row of the « Montants à compléter » template (tid.exports.modele) leaves empty until it is
# filled in: a ledger row with none of these is skipped, whatever file it comes from.
A_REMPLIR = ("date_mouvement", "montant_eur", "source_url", "notes", "annule_mouvement_id")
RIEN_DE_REMPLI = (
    "aucune ligne remplie : {lignes} (modèle « Montants à compléter » non rempli ?). Rien n'a "
    "été importé."
)


def a_completer(ligne: dict) -> bool:
    """A ledger row that names only its project and nature: left to fill in, not an error."""
    return ligne.get("mouvement_id") is None and all(ligne.get(c) is None for c in A_REMPLIR)


def refuser_si_rien_de_rempli(plan: Plan) -> None:
    """A file of blank rows only (an untouched template) is refused in words, not « imported »."""
    if plan.a_completer and plan.rien_a_faire and not plan.inchanges and not plan.erreurs:
        n = plan.a_completer
        lignes = (
            "la seule ligne attend encore sa date, son montant et sa source"
            if n == 1
            else f"les {n} lignes attendent encore leur date, leur montant et leur source"
        )
        plan.problemes.append(Probleme(RIEN_DE_REMPLI.format(lignes=lignes)))


def genre_du_fichier(plan: Plan) -> str:
    """« fichier de mouvements », or « fichier SCDL « subventions » (version détectée 2.x) »."""
    if plan.type_fichier == "scdl":
        return f"fichier SCDL « subventions » (version détectée {plan.scdl.version})"
    return f"fichier de {plan.type_fichier}"


def bilan_scdl(plan: Plan) -> str | None:
    """How many rows of a SCDL file matched a laureate, how many are listed and left out."""
    bilan = plan.scdl
    if bilan is None or bilan.programme_id is None:
        return None
    rattachees = fmt.compte(bilan.rattachees, "ligne rattachée", "lignes rattachées")
    ecartees = fmt.compte(bilan.ecartees, "ligne écartée", "lignes écartées")
    return (
        f"{rattachees} à un lauréat {bilan.programme_id} par le SIREN du bénéficiaire ; "
        f"{ecartees} (sans SIRET, aucun lauréat ou plusieurs pour ce SIREN : listées en "
        "avertissement, non importées)."
    )


def resume(plan: Plan) -> str:
    """One line for the import history: what the batch did."""
    if plan.type_fichier == "projets":
        return (
            f"{len(plan.projets_ajoutes)} projet(s) ajouté(s), "
            f"{len(plan.projets_modifies)} modifié(s), {plan.inchanges} inchangé(s)"
        )
    return (
        f"{len(plan.mouvements_ajoutes)} mouvement(s) ajouté(s), {plan.inchanges} déjà présent(s)"
    )


def compter_lignes(plan: Plan) -> Counter:
    """Counts for the preview headline."""
    return Counter(
        ajouts=len(plan.projets_ajoutes) + len(plan.mouvements_ajoutes),
        modifications=len(plan.projets_modifies),
        inchanges=plan.inchanges,
        a_completer=plan.a_completer,
        erreurs=len(plan.erreurs),
        avertissements=len(plan.avertissements),
    )
