"""Compare today's output with a golden file, failing with a short, readable diff."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

LIGNES_MAX = 80
REGENERER = "python -m tests.golden.regenerer"


def json_lisible(valeur) -> str:
    """Keys sorted and one value per line, so a diff points at the very property that moved."""
    return json.dumps(valeur, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def egal_au_fichier(obtenu: str, chemin: Path) -> None:
    """Fail with a unified diff (golden file -> today's output) when they differ."""
    attendu = _lire(chemin).decode("utf-8")
    if obtenu != attendu:
        _echouer(chemin, attendu.splitlines(), obtenu.splitlines())


def octets_egaux_au_fichier(obtenu: bytes, chemin: Path, xml: bool = False) -> None:
    """Same bytes as the golden file, or a diff of their lines (XML: one element per line)."""
    attendu = _lire(chemin)
    if obtenu != attendu:
        _echouer(chemin, _lignes(attendu, xml), _lignes(obtenu, xml))


def _lignes(octets: bytes, xml: bool) -> list[str]:
    """Lines with invisible characters spelled out, so a BOM, a \\r or a NUL that moved shows."""
    texte = octets.decode("utf-8", "backslashreplace")
    morceaux = texte.replace("><", ">\n<").split("\n") if xml else texte.split("\n")
    return ["".join(c if c.isprintable() else repr(c)[1:-1] for c in m) for m in morceaux]


def _lire(chemin: Path) -> bytes:
    if not chemin.exists():
        pytest.fail(f"fichier de référence absent : {chemin.name} (le créer : {REGENERER})")
    return chemin.read_bytes()


def _echouer(chemin: Path, attendu: list[str], obtenu: list[str]) -> None:
    diff = list(
        difflib.unified_diff(
            attendu,
            obtenu,
            f"{chemin.name} (référence)",
            f"{chemin.name} (aujourd'hui)",
            n=2,
            lineterm="",
        )
    )
    if len(diff) > LIGNES_MAX:
        diff = [*diff[:LIGNES_MAX], f"… et {len(diff) - LIGNES_MAX} lignes de diff de plus"]
    pytest.fail(
        f"{chemin.name} diffère de sa référence ; si le changement est voulu, régénérer "
        f"({REGENERER}) et relire le diff du commit :\n" + "\n".join(diff),
        pytrace=False,
    )
