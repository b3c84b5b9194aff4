"""`python -m deploy copy`: what the operator (or the journal of tid-copie.service) reads."""

from __future__ import annotations

import subprocess
import sys

from tid import db


def _copy(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deploy", "copy", *map(str, args)],
        cwd=db.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_copy_publishes_then_says_up_to_date_then_refuses_a_damaged_file(base_seed, tmp_path):
    cible = tmp_path / "machine" / "tid.duckdb"
    premiere = _copy(base_seed, cible)
    assert premiere.returncode == 0, premiere.stderr
    assert premiere.stdout.startswith(f"Base publiée : {cible} (")
    seconde = _copy(base_seed, cible)
    assert seconde.returncode == 0
    assert seconde.stdout.startswith("Déjà à jour")
    abimee = tmp_path / "partage.duckdb"
    abimee.write_bytes(base_seed.read_bytes()[:8192])
    refus = _copy(abimee, cible)
    assert refus.returncode == 1
    assert f"Copie refusée : {abimee} n'a pas été publiée" in refus.stderr
    assert "Traceback" not in refus.stderr + refus.stdout
    assert cible.read_bytes() == base_seed.read_bytes()
