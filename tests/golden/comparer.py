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
    if not chemin.exists():
        pytest.fail(f"fichier de référence absent : {chemin.name} (le créer : {REGENERER})")
    attendu = chemin.read_text(encoding="utf-8")
    if obtenu == attendu:
        return
    diff = list(
        difflib.unified_diff(
            attendu.splitlines(),
            obtenu.splitlines(),
            f"{chemin.name} (référence)",
            f"{chemin.name} (aujourd'hui)",
            n=4,
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
