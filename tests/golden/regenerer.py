"""`python -m tests.golden.regenerer`: rewrite the golden files once a change is meant."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.golden import exports, figures
from tid import db

RACINE = Path(__file__).resolve().parents[2]


def main() -> None:
    """Build the seed and fixtures bases as tests/conftest.py does, then write every file."""
    with tempfile.TemporaryDirectory() as dossier:
        seed = db.build_base(Path(dossier) / "seed.duckdb")
        fixtures = db.build_base(
            Path(dossier) / "fixtures.duckdb", seed_dir=RACINE / "tests" / "fixtures" / "seed"
        )
        bases = {"seed": db.connect(seed), "fixtures": db.connect(fixtures)}
        try:
            ecrits = figures.ecrire(bases["seed"]) + exports.ecrire(bases)
        finally:
            for con in bases.values():
                con.close()
    for chemin in ecrits:
        print(chemin.relative_to(RACINE))


if __name__ == "__main__":
    main()
