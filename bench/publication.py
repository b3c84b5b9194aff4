"""The 20-session burst through HAProxy in front of N processes while new versions of the base
are copied in (`python -m deploy copy`, what each readers' machine does when the maintainers
publish): does a reader ever see an error, and what does a copy cost them?"""

from __future__ import annotations

import threading
from pathlib import Path

from bench import concurrence, proxy
from deploy import lanceur
from tid import db
from tid.db.copie import copier_base


def _deux_versions(base: Path, dossier: Path) -> tuple[Path, Path]:
    """The same data in two files of different bytes (the base, and its Parquet backup
    restored), so that every copy publishes a new version and no figure changes under the
    burst's checks."""
    partage = dossier / "partage"
    partage.mkdir(parents=True, exist_ok=True)
    premiere = partage / "v1.duckdb"
    copier_base(base, premiere)
    seconde = copier_base(db.sauvegarder(partage / "sauvegarde", premiere), partage / "v2.duckdb")
    return premiere, seconde.cible


def mesurer(
    base: Path,
    n: int,
    sessions: int,
    interactions: int,
    graine: int,
    dossier: Path,
    periode_s: float = 3.0,
) -> dict:
    """The burst on N processes with a copy of a new version every `periode_s` seconds."""
    concurrence.verifier_schema(base)
    versions = _deux_versions(base, dossier)
    cible = dossier / "machine" / "tid.duckdb"
    copier_base(versions[0], cible)
    copies: list[float] = []
    echecs: list[str] = []
    fin = threading.Event()

    def publier() -> None:
        rang = 1
        while not fin.wait(periode_s):
            try:
                copies.append(copier_base(versions[rang % 2], cible).duree_s)
            except Exception as erreur:
                echecs.append(repr(erreur))
            rang += 1

    *ports, port = proxy.ports_libres(n + 1)
    with lanceur.servir(ports, port=port, dossier=dossier / f"n{n}", base=cible) as d:
        url, horloges = proxy.flux(d)
        editeur = threading.Thread(target=publier, daemon=True)
        editeur.start()
        try:
            m = concurrence.rafale(
                url, cible, sessions, interactions, graine, None, concurrence.DELAI_S, horloges
            )
        finally:
            fin.set()
            editeur.join(timeout=120)
    return {
        **proxy.resume(m, d),
        "sessions": sessions,
        "periode_s": periode_s,
        "copies": len(copies),
        "copie_p50_s": proxy.quantile(copies, 0.5),
        "copie_max_s": max(copies, default=None),
        "octets": cible.stat().st_size,
        "echecs_copie": echecs,
    }
