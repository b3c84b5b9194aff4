"""Each project's published money chain as the rows of a ledger file change it, row by row."""

from __future__ import annotations

from dataclasses import dataclass, field

from tid import fmt

# The stage a nature moves (an « annulation » withdraws part of an attributed aid).
ETAPE = {
    "attribution": "attribution",
    "annulation": "attribution",
    "convention": "convention",
    "versement": "versement",
}
LIBELLE = {"attribution": "attribué", "convention": "conventionné", "versement": "versé"}
# (lower stage, higher stage): the amount of the first may not exceed the second's.
ORDRE = (("versement", "convention"), ("versement", "attribution"), ("convention", "attribution"))


def montant_signe(nature: str, montant: float | None) -> float | None:
    """What a plain (non-reversing) row adds to its stage; None when not published."""
    if montant is None:
        return None
    return -montant if nature == "annulation" else montant


@dataclass
class Soldes:
    """Published amounts per project and stage (None = nothing published), kept current while
    a file's rows are checked in order, so each row is judged on what the rows before it did."""

    montants: dict[str, dict[str, float | None]] = field(default_factory=dict)
    signales: set[tuple[str, str, str]] = field(default_factory=set)

    def montant(self, projet_id: str, etape: str) -> float | None:
        return self.montants.get(projet_id, {}).get(etape)

    def apres(self, projet_id: str, etape: str, effet: float | None) -> float | None:
        """The stage's amount after a row adding `effet` (None: nothing published, no change)."""
        avant = self.montant(projet_id, etape)
        if effet is None:
            return avant
        return round((avant or 0.0) + effet, 2)

    def appliquer(self, projet_id: str, etape: str, effet: float | None) -> None:
        self.montants.setdefault(projet_id, {})[etape] = self.apres(projet_id, etape, effet)

    def incoherences(self, projet_id: str) -> list[str]:
        """New climbs of the chain for this project (versé above conventionné…), said once each."""
        phrases = []
        for bas, haut in ORDRE:
            montant_bas, montant_haut = self.montant(projet_id, bas), self.montant(projet_id, haut)
            if montant_bas is None or montant_haut is None or montant_bas <= montant_haut:
                continue
            if (projet_id, bas, haut) in self.signales:
                continue
            self.signales.add((projet_id, bas, haut))
            phrases.append(
                f"{LIBELLE[bas]} de « {projet_id} » ({fmt.euros(montant_bas, 2)}) au-dessus de "
                f"son {LIBELLE[haut]} ({fmt.euros(montant_haut, 2)}) : vérifiez les montants."
            )
        return phrases
