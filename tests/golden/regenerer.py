"""`python -m tests.golden.regenerer`: rewrite the golden files once a change is meant."""

from __future__ import annotations

import tempfile
from pathlib import Path

from tests.golden import figures
from tid import db


def main() -> None:
    """Build the real seed in a temporary base, as tests/conftest.py does, and write every file."""
    with tempfile.TemporaryDirectory() as dossier:
        con = db.connect(db.build_base(Path(dossier) / "tid.duckdb"))
        try:
            ecrits = figures.ecrire(con)
        finally:
            con.close()
    racine = Path(__file__).resolve().parents[2]
    for chemin in ecrits:
        print(chemin.relative_to(racine))


if __name__ == "__main__":
    main()
