"""Golden exports: CSV bytes and XLSX members of named cases, from the seed and nasty frames."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from tests.golden import comparer
from tid import db, exports
from tid.filtres import aucun

DOSSIER = Path(__file__).resolve().parent / "exports"
FILTRES = {
    "aucun": {},
    "region_53": {"region": ["53"]},
    "tid": {"programme": ["TID"]},
    "energie": {"theme": ["energie"]},
}
MOMENT = datetime(2026, 11, 29, 9, 30)
# the one clock of a workbook not set by `maintenant`: openpyxl writes the save time there
MODIFIE = re.compile(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>")
Bases = dict  # {"seed": connection, "fixtures": connection}


TEXTES_PIEGES = [
    "Lyon",
    "",
    "a;b",
    'il dit "oui"',
    '"',
    ";",
    "ligne 1\nligne 2",
    "retour\r chariot",
    "fin de ligne\r\n",
    "=SUM(A1)",
    "+33 1 23",
    "-2",
    "@cmd",
    "\tx",
    "\rx",
    "\nx",
    " =pas en tête",
    "a=b",
    "'=déjà",
    '="a;b"',
    "-",
    "Île-de-France, Côte-d'Or, Œuvre, ß, 日本, emoji 😀",
    "nul\x00dedans",
    "tab\tdedans",
    "\u2028séparateur",
    "  espaces  ",
    "None",
    "nan",
    "NaT",
]
MONTANTS_PIEGES = [
    0.0,
    -0.0,
    0.005,
    0.015,
    0.025,
    1.005,
    2.675,
    0.125,
    0.375,
    -0.125,
    -0.005,
    -0.001,
    99.995,
    -99.995,
    342291.97,
    -1234567.89,
    1e15 + 0.125,
    2.0**53,
    1e20,
    -1e20,
    1.7976931348623157e308,
    5e-324,
    math.inf,
    -math.inf,
    math.nan,
    None,
]
MONTANTS_FLOAT32 = [
    m for m in MONTANTS_PIEGES if m is None or not abs(m) < math.inf or abs(m) < 1e38
]


def piege(n: int = 200) -> pd.DataFrame:
    """Every kind of value the export columns can hold, the nasty ones repeated in turn."""

    def tour(valeurs):
        return [valeurs[i % len(valeurs)] for i in range(n)]

    dates = [
        pd.Timestamp("2022-10-25"),
        pd.NaT,
        pd.Timestamp("1969-12-31 23:59:59.999999"),
        pd.Timestamp("1900-02-28 12:00"),
        pd.Timestamp("2099-12-31 00:00:01"),
        pd.Timestamp("2024-02-29"),
        None,
    ]
    return pd.DataFrame(
        {
            "projet_id": pd.Series(tour([*TEXTES_PIEGES, None]), dtype="str"),
            "programme_id": pd.Series(tour([1, 2, None, 3]), dtype="Int64"),
            "vague_id": tour([np.nan, 1.0, 2.0]),
            "nom_projet": pd.Series(tour([*TEXTES_PIEGES, None, pd.NA]), dtype=object),
            "porteur": pd.Series(tour([*TEXTES_PIEGES, pd.NA]), dtype="string[python]"),
            "siren_porteur": tour([None, 200052264, -5, 1.5, True, "=1+1"]),
            "themes": pd.Series([None] * n, dtype=object),
            "date_annonce": pd.to_datetime(pd.Series(tour(dates))),
            "date_convention": tour(["2023-05-16", None, "1999-01-02", ""]),
            "montant_attribue_eur": tour(MONTANTS_PIEGES),
            "montant_verse_eur": pd.Series(tour(MONTANTS_FLOAT32), dtype="float32"),
            "cout_total_eur": tour([1, -2, 300_000, 0]),
            "montant_conventionne_eur": pd.Series(tour([1, None, -7]), dtype="Int64"),
            "notes": tour(["12,5", "abc", None, "-3.005", "1e3"]),
        }
    )


COLONNES_PIEGE = {colonne: f"Titre {colonne}" for colonne in piege(1).columns}


def _objet(base: str, objet: str, choix: dict) -> Callable[[Bases], bytes]:
    def fabrique(bases: Bases) -> bytes:
        requete, colonnes, _ = exports.OBJETS[objet]
        filtres = {**aucun(), **choix}
        frame = db.run(bases[base], requete, **filtres, recherche=None, limite=None)
        return exports.csv_excel_fr(frame, colonnes)

    return fabrique


def titres_pieges() -> tuple[pd.DataFrame, dict]:
    frame = piege(50)
    frame.index = [7, 3] * 25
    titres = {c: t for c, t in zip(frame.columns, TEXTES_PIEGES[1:], strict=False)}
    titres["projet_id"] = ""
    return frame[list(titres)], titres


def cas_pandas() -> dict[str, tuple[pd.DataFrame, dict]]:
    """Inputs the column-wise writer leaves to pandas: (frame, columns) by name."""
    frame = piege(30)
    paris = pd.DataFrame(
        {
            "date_annonce": pd.to_datetime(["2022-10-25 23:30"] * 3).tz_localize("Europe/Paris"),
            "porteur": ["a", "b", "c"],
        }
    )
    an_mil = pd.DataFrame(
        {
            "date_annonce": pd.Series([datetime(999, 1, 2), datetime(2022, 1, 1)], dtype="M8[s]"),
            "p": ["a", "b"],
        }
    )
    booleens = pd.DataFrame({"montant_eur": [True, False], "p": ["a", "b"]})
    nullables = pd.DataFrame({"montant_eur": pd.array([1.5, None], "Float64"), "p": ["a", "b"]})
    return {
        "une_colonne": (frame, {"porteur": "Porteur"}),
        "titres_doubles": (frame, {"porteur": "X", "notes": "X"}),
        "fuseau_horaire": (paris, {"date_annonce": "D", "porteur": "P"}),
        "an_mil": (an_mil, {"date_annonce": "D", "p": "P"}),
        "booleens": (booleens, {"montant_eur": "M", "p": "P"}),
        "nullables": (nullables, {"montant_eur": "M", "p": "P"}),
    }


def cas_csv() -> dict[str, Callable[[Bases], bytes]]:
    """Every golden CSV by file name (without .csv)."""
    tous = {
        f"seed.{objet}.{nom}": _objet("seed", objet, choix)
        for nom, choix in FILTRES.items()
        for objet in ("projets", "registre")
    }
    tous["fixtures.projets"] = _objet("fixtures", "projets", {})
    tous["piege"] = lambda _: exports.csv_excel_fr(piege(), COLONNES_PIEGE)
    tous["titres_pieges"] = lambda _: exports.csv_excel_fr(*titres_pieges())
    tous["aucune_ligne"] = lambda _: exports.csv_excel_fr(piege().iloc[0:0], COLONNES_PIEGE)
    for nom, (frame, colonnes) in cas_pandas().items():
        tous[f"pandas.{nom}"] = lambda _, f=frame, c=colonnes: exports.csv_excel_fr(f, c)
    return tous


def xlsx(bases: Bases, objet: str) -> bytes:
    """The workbook of `objet` on the seed, unfiltered, extracted at MOMENT."""
    requete, colonnes, _ = exports.OBJETS[objet]
    frame = db.run(bases["seed"], requete, **aucun(), recherche=None, limite=None)
    prov = exports.provenance(objet, frame, aucun(), "aucun filtre", "1 janvier 2023", None)
    return exports.xlsx(frame, colonnes, prov, maintenant=MOMENT)


def membres(classeur: bytes) -> dict[str, bytes]:
    """The files inside a workbook, in zip order, the save time set aside."""
    with zipfile.ZipFile(io.BytesIO(classeur)) as archive:
        lus = {nom: archive.read(nom) for nom in archive.namelist()}
    return {nom: MODIFIE.sub(b"<dcterms:modified/>", octets) for nom, octets in lus.items()}


def verifier_csv(bases: Bases, nom: str) -> None:
    comparer.octets_egaux_au_fichier(cas_csv()[nom](bases), DOSSIER / f"{nom}.csv")


def verifier_xlsx(bases: Bases, objet: str) -> None:
    """Each member of the workbook equals its golden file; the list of members too."""
    dossier = DOSSIER / f"{objet}.xlsx.d"
    obtenus = membres(xlsx(bases, objet))
    liste = "".join(f"{nom}\n" for nom in obtenus).encode()
    comparer.octets_egaux_au_fichier(liste, dossier / "MEMBRES.txt")
    for nom, octets in obtenus.items():
        comparer.octets_egaux_au_fichier(octets, dossier / nom, xml=nom.endswith(".xml"))


def ecrire(bases: Bases) -> list[Path]:
    """Write every golden export from today's code (tests/golden/regenerer.py)."""
    ecrits = []
    for nom, fabrique in cas_csv().items():
        ecrits.append(DOSSIER / f"{nom}.csv")
        ecrits[-1].parent.mkdir(parents=True, exist_ok=True)
        ecrits[-1].write_bytes(fabrique(bases))
    for objet in ("projets", "registre"):
        dossier = DOSSIER / f"{objet}.xlsx.d"
        obtenus = membres(xlsx(bases, objet))
        liste = "".join(f"{n}\n" for n in obtenus).encode()
        for nom, octets in {"MEMBRES.txt": liste, **obtenus}.items():
            ecrits.append(dossier / nom)
            ecrits[-1].parent.mkdir(parents=True, exist_ok=True)
            ecrits[-1].write_bytes(octets)
    return ecrits
