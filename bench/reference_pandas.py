"""The baseline « the way most Streamlit dashboards do it »: the rows (projects and ledger) read
into pandas once, then, at every interaction, filtered and grouped in pandas into the same
aggregates as ours (KPI row, per wave, per région, per theme). `comparer` checks that both give
the same totals, so that the timing comparison is honest."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tid import db

# Shared filter -> column of projet (the theme filter goes through projet_theme).
COLONNES = {
    "programme": "programme_id",
    "vague": "vague_id",
    "region": "region_code",
    "departement": "departement_code",
    "type_territoire": "type_territoire",
    "type_porteur": "type_porteur",
    "axe": "axe_code",
}
ETAPES = ("attribution", "convention", "versement")


def charger(con) -> dict[str, pd.DataFrame]:
    """Every row of the tables the aggregates need, as a dashboard would load them at start."""
    return {table: con.table(table).df() for table in ("projet", "projet_theme", "mouvement")}


def agreger(tables: dict[str, pd.DataFrame], filtres: dict[str, list[str]]) -> dict:
    """One interaction: filter the projects, net the ledger, group (same rules as our SQL)."""
    projets = tables["projet"]
    masque = np.ones(len(projets), dtype=bool)
    for cle, colonne in COLONNES.items():
        if filtres.get(cle):
            masque &= projets[colonne].isin(filtres[cle]).to_numpy()
    themes = tables["projet_theme"]
    if filtres.get("theme"):
        avec = themes.loc[themes["theme_code"].isin(filtres["theme"]), "projet_id"]
        masque &= projets["projet_id"].isin(avec).to_numpy()
    p = projets.loc[masque, ["projet_id", "vague_id", "region_code"]]

    # mouvement_net: a reversing row and the row it reverses stop counting; an « annulation »
    # subtracts from the attributed amount. (mouvement_net also lets a reversed reversal count
    # again; synthetic ledgers hold no reversal at all, so one level is the same computation.)
    m = tables["mouvement"]
    annulees = m["annule_mouvement_id"].dropna()
    m = m[
        m["projet_id"].isin(p["projet_id"])
        & m["annule_mouvement_id"].isna()
        & ~m["mouvement_id"].isin(annulees)
    ]
    annulation = (m["nature"] == "annulation").to_numpy()
    lignes = pd.DataFrame(
        {
            "projet_id": m["projet_id"].to_numpy(),
            "etape": np.where(annulation, "attribution", m["nature"].to_numpy()),
            "nature": m["nature"].to_numpy(),
            "montant": m["montant_eur"].to_numpy(dtype=float) * np.where(annulation, -1.0, 1.0),
        }
    )
    montants = (
        lignes.groupby(["projet_id", "etape"])["montant"]
        .sum(min_count=1)
        .unstack()
        .reindex(columns=list(ETAPES))
    )
    nb = lignes.groupby(["projet_id", "nature"]).size().unstack(fill_value=0)
    nb = nb.reindex(columns=["convention", "versement"], fill_value=0)
    nb.columns = ["nb_conventions", "nb_versements"]
    pm = p.join(montants, on="projet_id").join(nb, on="projet_id")
    return {
        "kpi": {
            "nb_projets": len(pm),
            "nb_projets_attribution_publiee": int(pm["attribution"].notna().sum()),
            "montant_attribue_eur": pm["attribution"].sum(min_count=1),
            "montant_conventionne_eur": pm["convention"].sum(min_count=1),
            "montant_verse_eur": pm["versement"].sum(min_count=1),
            "nb_projets_conventionnes": int((pm["nb_conventions"] > 0).sum()),
            "nb_projets_verses": int((pm["nb_versements"] > 0).sum()),
        },
        "par_vague": _grouper(pm, "vague_id"),
        "par_region": _grouper(pm, "region_code"),
        "par_theme": _grouper(
            themes[["projet_id", "theme_code"]].merge(pm, on="projet_id"), "theme_code"
        ),
    }


def _grouper(frame: pd.DataFrame, colonne: str) -> pd.DataFrame:
    groupes = frame.groupby(colonne)
    return pd.DataFrame(
        {
            "nb_projets": groupes.size(),
            "montant_attribue_eur": groupes["attribution"].sum(min_count=1),
            "montant_conventionne_eur": groupes["convention"].sum(min_count=1),
            "montant_verse_eur": groupes["versement"].sum(min_count=1),
        }
    )


def nos_agregats(con, filtres: dict[str, list[str]]) -> dict[str, pd.DataFrame]:
    """The same aggregates through our queries (tid.db.run, no cache)."""
    return {
        "kpi": db.run(con, "kpi", **filtres),
        "par_vague": db.run(con, "chaine_par_vague", **filtres),
        "par_region": db.run(con, "repartition", par="region", **filtres),
        "par_theme": db.run(con, "repartition", par="theme", **filtres),
    }


def _egal(a: object, b: object) -> bool:
    vide_a = a is None or (isinstance(a, float) and math.isnan(a)) or pd.isna(a)
    vide_b = b is None or (isinstance(b, float) and math.isnan(b)) or pd.isna(b)
    if vide_a or vide_b:
        return vide_a and vide_b
    return abs(float(a) - float(b)) <= 0.01 + 1e-12 * abs(float(a))


def comparer(nous: dict[str, pd.DataFrame], eux: dict) -> list[str]:
    """Every difference between our figures and the baseline's (empty list: same totals)."""
    ecarts = []
    kpi = nous["kpi"].iloc[0]
    for cle, valeur in eux["kpi"].items():
        if not _egal(kpi[cle], valeur):
            ecarts.append(f"kpi.{cle} : {kpi[cle]} ≠ {valeur}")
    for nom, cle in (
        ("par_vague", "vague_id"),
        ("par_region", "code"),
        ("par_theme", "code"),
    ):
        leurs = eux[nom]
        for ligne in nous[nom].itertuples():
            code = getattr(ligne, cle)
            if ligne.nb_projets == 0:
                if code in leurs.index and leurs.loc[code, "nb_projets"] > 0:
                    ecarts.append(f"{nom}[{code}] : 0 projet ≠ {leurs.loc[code, 'nb_projets']}")
                continue
            if code not in leurs.index:
                ecarts.append(f"{nom}[{code}] : absent de pandas")
                continue
            for colonne in leurs.columns:
                if hasattr(ligne, colonne) and not _egal(
                    getattr(ligne, colonne), leurs.loc[code, colonne]
                ):
                    ecarts.append(
                        f"{nom}[{code}].{colonne} : {getattr(ligne, colonne)} ≠ "
                        f"{leurs.loc[code, colonne]}"
                    )
    return ecarts
