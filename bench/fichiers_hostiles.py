"""Hostile import files (issue 11), built in memory: timed by rapports_bornes, checked by tests."""

from __future__ import annotations

ENTETE_PROJETS = (
    "projet_id;programme_id;vague_id;porteur;type_porteur;type_territoire;departement_code;"
    "region_code;source_url;themes;date_annonce;cout_total_eur"
)


def une_cellule_mauvaise(i: int, bonnes: tuple[str, ...], mauvaises: tuple[str, ...]) -> list[str]:
    """Row i's cells, the (i mod n)-th one bad: each rule fires on its share of the rows."""
    cellules = list(bonnes)
    cellules[i % len(cellules)] = mauvaises[i % len(cellules)]
    return cellules


def projets_mauvais(n: int) -> bytes:
    """n new projects, each with one bad cell in turn: amount, date, code."""
    lignes = [ENTETE_PROJETS]
    for i in range(n):
        cout, jour, region = une_cellule_mauvaise(
            i, ("1000", "2023-01-01", "53"), (f"abc{i}", "31/02/2023", "99")
        )
        lignes.append(
            f"essai-{i};TID;TID-1;Porteur {i};commune;petite_ville_rural;29;{region};"
            f"https://example.org/{i};eau;{jour};{cout}"
        )
    return ("\r\n".join(lignes) + "\r\n").encode()


def colonnes_100000() -> bytes:
    """A projects file whose header has 100 000 columns (one known, the others not)."""
    entete = ";".join(["projet_id"] + [f"colonne_{i:05d}" for i in range(1, 100_000)])
    return (entete + "\r\ntid1-grandest\r\n").encode()
