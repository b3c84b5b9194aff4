"""What every command writes: exit codes, French one-line errors, text safe for a terminal."""

from __future__ import annotations

from tid import fmt
from tid.ingest.problemes import LIMITE_PROBLEMES_AFFICHES, affichable, extrait

EXIT_OK, EXIT_RULES, EXIT_INPUT = 0, 1, 2


class ErreurSaisie(ValueError):
    """A command-line value the base does not know: one French sentence, exit code 2."""


def ecrire(texte: str, file=None) -> None:
    """print(), with control and invisible characters written « <U+001B> »: what a file holds
    (or its name) must not command the terminal (escape sequences) nor reorder a line (bidi)."""
    print(affichable(texte), file=file)


def afficher_problemes(problemes: list) -> None:
    """The capped report (first problems by row, the others counted), one line each."""
    rapport = extrait(problemes)
    for probleme in rapport.montres:
        marque = "ERREUR" if probleme.gravite == "erreur" else "avertissement"
        ecrire(f"  [{marque}] {probleme.texte()}")
    if rapport.reste:
        ecrire(f"  {rapport.reste}")


def afficher_borne(lignes: list[str]) -> None:
    """The first lines of a list of changes, then how many more: 20 000 rows stay readable."""
    for ligne in lignes[:LIMITE_PROBLEMES_AFFICHES]:
        ecrire(ligne)
    if len(lignes) > LIMITE_PROBLEMES_AFFICHES:
        ecrire(f"  … et {fmt.nombre(len(lignes) - LIMITE_PROBLEMES_AFFICHES)} de plus")
