"""Project identifiers in one canonical form: case, accents, look-alikes never make two projects."""

from __future__ import annotations

import re
import unicodedata

# What a stored identifier may hold (queries/controles/projet_id_canonique.sql checks the same).
MOTIF = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
PERMIS = "lettres latines sans accent, chiffres, « - », « _ », « . » (64 caractères au plus)"


class IdentifiantRefuse(ValueError):
    """An identifier that no canonical form can make safe (a look-alike letter, a symbol)."""


def _sans_invisibles(texte: str) -> str:
    # format characters (zero-width, bidi controls) and spaces: they only hide a difference
    return "".join(
        c for c in texte if unicodedata.category(c) != "Cf" and not c.isspace() and c.isprintable()
    )


def cle(texte: str) -> str:
    """The comparison key of an identifier: compatibility forms folded, accents, invisible
    characters and case removed (« TÏD2-BFC », « tid2‑bfc » and « tid2-bfc » share one key)."""
    decompose = unicodedata.normalize("NFKD", _sans_invisibles(texte))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", sans_accents).lower()


def canonique(texte: str) -> str:
    """The identifier as stored, or IdentifiantRefuse naming the first character not allowed."""
    forme = cle(texte)
    if MOTIF.fullmatch(forme):
        return forme
    intrus = next((c for c in forme if not re.fullmatch(r"[a-z0-9._-]", c)), None)
    if intrus is None:
        raise IdentifiantRefuse(f"identifiant « {texte[:40]} » invalide : {PERMIS}.")
    nom = unicodedata.name(intrus, f"U+{ord(intrus):04X}")
    raise IdentifiantRefuse(
        f"identifiant « {texte[:40]} » : caractère « {intrus} » ({nom}) non permis ; {PERMIS}."
    )
