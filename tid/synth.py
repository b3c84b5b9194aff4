"""Synthetic bases for benchmarks only: realistic shapes, programmes flagged « fictif »."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from tid import db

# Reference tables copied as they are from the real seed (geography, vocabularies).
REFERENTIELS = ("axe", "theme", "type_territoire", "type_porteur", "region", "departement")
# Shapes taken from the real laureates (data/seed): carrier and territory mix, axis 2 dominant,
# published aids between 1.58 and 3.1 MEUR (median about 2.3 MEUR).
TYPES_PORTEUR = {
    "metropole": 0.28,
    "region": 0.16,
    "epci": 0.16,
    "commune": 0.12,
    "syndicat": 0.16,
    "departement": 0.06,
    "gip": 0.04,
    "collectivite_outre_mer": 0.02,
}
TERRITOIRE_PAR_PORTEUR = {
    "metropole": "metropole_grand_paris",
    "region": "echelle_departementale_regionale",
    "departement": "echelle_departementale_regionale",
    "gip": "echelle_departementale_regionale",
    "syndicat": "echelle_departementale_regionale",
    "epci": "agglomeration_ville_moyenne",
    "commune": "petite_ville_rural",
    "collectivite_outre_mer": "outre_mer",
}
AXES = {"1": 0.08, "2": 0.8, "3": 0.08, "": 0.04}
MEDIANE_AIDE_EUR = 2_300_000
SIGMA_AIDE = 0.45
URL = "https://example.org/donnees-fictives"


class CibleInterdite(ValueError):
    """A synthetic base must never replace the real one."""


def _programmes(enveloppes: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "programme_id": ["TID", "DIAT"],
            "nom": [
                "Territoires intelligents et durables (données fictives)",
                "Démonstrateurs d'IA frugale (données fictives)",
            ],
            "ordre": [1, 2],
            "enveloppe_eur": [enveloppes["TID"], enveloppes["DIAT"]],
            "operateur": ["Opérateur fictif", "Opérateur fictif"],
            "date_lancement": ["2021-10-27", "2022-07-01"],
            "nb_vagues_annoncees": [2, 3],
            "est_synthetique": ["true", "true"],
            "source_url": [URL, URL],
            "notes": ["Base synthétique pour les tests de performance"] * 2,
            "attribuant_nom": ["Attribuant fictif"] * 2,
            "attribuant_siret": ["00000000000000"] * 2,
            "notification_ue": ["false"] * 2,
            "attribuant_source_url": [URL, URL],
            "attribuant_notes": ["SIRET fictif (zéros) : base synthétique"] * 2,
        }
    )


def _vagues(nb_projets: int, enveloppes: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "vague_id": ["TID-1", "TID-2", "DIAT-1", "DIAT-2"],
            "programme_id": ["TID", "TID", "DIAT", "DIAT"],
            "numero": [1, 2, 1, 2],
            "date_ouverture": ["2021-10-27", "2021-10-27", "2022-07-01", "2023-06-01"],
            "date_cloture_annoncee": ["2022-01-17", "2022-09-07", "2022-11-07", "2023-12-01"],
            "date_cloture_effective": ["2022-01-17", "2022-11-07", "2022-11-07", "2023-12-01"],
            "date_resultats": ["2022-10-25", "2023-06-07", "2023-06-07", "2024-05-15"],
            "enveloppe_eur": [enveloppes["TID-1"], enveloppes["TID-2"], "", ""],
            "nb_candidatures": [round(16 * max(nb_projets / 25, 1)), "", "", ""],
            "nb_laureats_publie": [""] * 4,
            "source_url": [URL] * 4,
            "notes": ["fictif"] * 4,
        }
    )


def _projets(rng: np.random.Generator, n: int, departements: pd.DataFrame) -> pd.DataFrame:
    poids = departements["population"].to_numpy(dtype=float)
    choix_dep = rng.choice(len(departements), size=n, p=poids / poids.sum())
    deps = departements.iloc[choix_dep].reset_index(drop=True)
    vagues = rng.choice(["TID-1", "TID-2", "DIAT-1", "DIAT-2"], size=n, p=[0.2, 0.32, 0.16, 0.32])
    types = rng.choice(list(TYPES_PORTEUR), size=n, p=list(TYPES_PORTEUR.values()))
    outre_mer = deps["departement_code"].str.startswith("97").to_numpy()
    types = np.where(outre_mer, "collectivite_outre_mer", types)
    types = np.where(~outre_mer & (types == "collectivite_outre_mer"), "commune", types)
    territoires = np.array([TERRITOIRE_PAR_PORTEUR[t] for t in types])
    axes = rng.choice(list(AXES), size=n, p=list(AXES.values()))
    annonce = pd.to_datetime(
        pd.Series(vagues).map(
            {
                "TID-1": "2022-10-25",
                "TID-2": "2023-06-07",
                "DIAT-1": "2023-06-07",
                "DIAT-2": "2024-05-15",
            }
        )
    )
    cout = np.where(rng.random(n) < 0.3, np.round(rng.lognormal(np.log(4e6), 0.4, n), -3), np.nan)
    return pd.DataFrame(
        {
            "projet_id": [f"syn-{i:07d}" for i in range(n)],
            "programme_id": np.where(np.char.startswith(vagues.astype(str), "TID"), "TID", "DIAT"),
            "vague_id": vagues,
            "nom_projet": [f"Projet fictif {i}" for i in range(n)],
            "porteur": [f"Porteur fictif {i}" for i in range(n)],
            "type_porteur": types,
            "type_territoire": territoires,
            "siren_porteur": "",
            "nature_juridique_porteur": "",
            "commune_siege": deps["chef_lieu"],
            "code_commune_siege": "",
            "departement_code": deps["departement_code"],
            "region_code": deps["region_code"],
            "axe_code": axes,
            "description": "projet fictif",
            "partenaires": "",
            "date_annonce": annonce.dt.strftime("%Y-%m-%d"),
            "cout_total_eur": cout,
            "latitude": "",
            "longitude": "",
            "population_perimetre": "",
            "annee_population_perimetre": "",
            "perimetre_population": "",
            "grille_densite_3": "",
            "source_url": URL,
            "notes": "Données fictives",
        }
    )


def _themes(rng: np.random.Generator, projets: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """1 to 3 distinct themes per project (vectorised: random ranks per row)."""
    n = len(projets)
    nombres = rng.choice([1, 2, 3], size=n, p=[0.4, 0.4, 0.2])
    rangs = np.argsort(rng.random((n, len(codes))), axis=1)[:, :3]
    garder = np.arange(3)[None, :] < nombres[:, None]
    lignes, colonnes = np.nonzero(garder)
    return pd.DataFrame(
        {
            "projet_id": projets["projet_id"].to_numpy()[lignes],
            "theme_code": np.asarray(codes)[rangs[lignes, colonnes]],
        }
    )


def _mouvements(rng: np.random.Generator, projets: pd.DataFrame, m: int) -> pd.DataFrame:
    """One attribution per project (80 % published), a convention for most, then payments
    after the convention until M events; lognormal aids around the real ones."""
    n = len(projets)
    aide = np.round(rng.lognormal(np.log(MEDIANE_AIDE_EUR), SIGMA_AIDE, n), -3)
    annonce = pd.to_datetime(projets["date_annonce"]).to_numpy()
    publie = rng.random(n) < 0.8
    attribution = pd.DataFrame(
        {
            "projet_id": projets["projet_id"],
            "nature": "attribution",
            "date_mouvement": annonce,
            "montant_eur": np.where(publie, aide, np.nan),
        }
    )
    avec_convention = rng.random(n) < 0.85
    delai = pd.to_timedelta(rng.integers(120, 400, n), unit="D")
    date_convention = annonce + delai
    convention = pd.DataFrame(
        {
            "projet_id": projets["projet_id"],
            "nature": "convention",
            "date_mouvement": date_convention,
            "montant_eur": np.where(publie, aide, np.nan),
        }
    )[avec_convention]
    reste = max(m - len(attribution) - len(convention), 0)
    eligibles = np.flatnonzero(avec_convention)
    if reste and len(eligibles):
        qui = rng.choice(eligibles, size=reste)
        jours = pd.to_timedelta(rng.integers(30, 700, reste), unit="D")
        dates = np.minimum(date_convention[qui] + jours, np.datetime64("2026-11-01"))
        versements = pd.DataFrame(
            {
                "projet_id": projets["projet_id"].to_numpy()[qui],
                "nature": "versement",
                "date_mouvement": dates,
                "montant_eur": np.round(aide[qui] * rng.uniform(0.01, 0.05, reste), 2),
            }
        )
    else:
        versements = pd.DataFrame(columns=attribution.columns)
    frame = pd.concat([attribution, convention, versements], ignore_index=True).head(m)
    frame.insert(0, "mouvement_id", np.arange(1, len(frame) + 1))
    frame["date_mouvement"] = pd.to_datetime(frame["date_mouvement"]).dt.strftime("%Y-%m-%d")
    frame["annule_mouvement_id"] = ""
    frame["source_url"] = URL
    frame["notes"] = ""
    return frame


def _enveloppes(projets: pd.DataFrame, mouvements: pd.DataFrame) -> dict[str, float]:
    """Envelopes 30 % above what the synthetic attributions use, like a call not yet spent."""
    attribue = mouvements[mouvements["nature"] == "attribution"].merge(projets, on="projet_id")
    par_vague = attribue.groupby("vague_id")["montant_eur"].sum()
    par_programme = attribue.groupby("programme_id")["montant_eur"].sum()
    enveloppes = {k: float(round(v * 1.3, -6)) + 1e6 for k, v in par_vague.items()}
    enveloppes.update({k: float(round(v * 1.3, -6)) + 2e6 for k, v in par_programme.items()})
    for cle in ("TID", "DIAT", "TID-1", "TID-2"):
        enveloppes.setdefault(cle, 1e6)
    return enveloppes


def generer(nb_projets: int, nb_mouvements: int, graine: int, cible: Path) -> Path:
    """Write a synthetic base to `cible` (never the real base): seed-shaped CSVs, then build."""
    cible = Path(cible).resolve()
    if cible in (db.DEFAULT_DB.resolve(), db.db_path().resolve()):
        raise CibleInterdite(
            f"{cible} est la base réelle : choisissez un autre fichier pour une base fictive."
        )
    if cible.exists() and not db.est_fictive(cible):
        # a copy of the real base, one holding imports, or a file it cannot read: never erased
        raise CibleInterdite(
            f"{cible.name} existe et n'est pas une base fictive : choisissez un nouveau fichier "
            "(une base fictive existante peut être remplacée)."
        )
    rng = np.random.default_rng(graine)
    with tempfile.TemporaryDirectory(prefix="tid-synth-") as dossier:
        graines = Path(dossier)
        for table in REFERENTIELS:
            shutil.copy(db.SEED_DIR / f"{table}.csv", graines / f"{table}.csv")
        departements = pd.read_csv(db.SEED_DIR / "departement.csv", dtype=str)
        departements["population"] = departements["population"].astype(int)
        codes_themes = [
            c
            for c in pd.read_csv(db.SEED_DIR / "theme.csv", dtype=str)["theme_code"]
            if c != "non_publie"
        ]
        projets = _projets(rng, nb_projets, departements)
        mouvements = _mouvements(rng, projets, nb_mouvements)
        tables = {
            "programme": _programmes(_enveloppes(projets, mouvements)),
            "vague": _vagues(nb_projets, _enveloppes(projets, mouvements)),
            "projet": projets,
            "projet_theme": _themes(rng, projets, codes_themes),
            "mouvement": mouvements,
            "total_publie": pd.DataFrame(
                columns=pd.read_csv(db.SEED_DIR / "total_publie.csv", nrows=0).columns
            ),
            "indication": pd.DataFrame(
                columns=pd.read_csv(db.SEED_DIR / "indication.csv", nrows=0).columns
            ),
        }
        for table, frame in tables.items():
            frame.to_csv(graines / f"{table}.csv", index=False)
        return db.build_base(cible, seed_dir=graines)
