"""SCDL both ways: our own SCDL export, imported into a fresh base (the same laureates, an
empty ledger), gives back the same attributed amounts and convention dates; imported into the
base it came from, it adds nothing."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tid import db, filtres, ingest
from tid.exports import scdl

from .registres import VERSEMENTS_SCDL

PUBLICATION = "https://example.org/essai/subventions-scdl.csv"
# The establishment number (NIC) of the carriers is not published: the test completes the
# SIRET our export leaves empty with a made-up NIC, as the team would from its own records.
NIC_ESSAI = "00017"


def _base_versee(dossier: Path, base_seed: Path) -> Path:
    path = dossier / "source.duckdb"
    shutil.copyfile(base_seed, path)
    ingest.appliquer(VERSEMENTS_SCDL, "versements.csv", "test", path, ())
    return path


def _base_neuve(dossier: Path) -> Path:
    """The seed's laureates and reference tables, and an empty ledger."""
    seed = dossier / "seed"
    shutil.copytree(db.SEED_DIR, seed)
    entete = (seed / "mouvement.csv").read_text(encoding="utf-8").splitlines()[0]
    (seed / "mouvement.csv").write_text(entete + "\n", encoding="utf-8")
    return db.build_base(dossier / "neuve.duckdb", seed_dir=seed)


def _scdl(base: Path, programme: str) -> tuple[bytes, list[str]]:
    """Our SCDL export of one programme, idBeneficiaire completed (SIREN + NIC_ESSAI)."""
    con = db.connect(base, read_only=True)
    try:
        frame = db.run(
            con,
            "scdl_subventions",
            **filtres.normaliser({"programme": [programme]}),
            au=None,
            recherche=None,
        )
    finally:
        con.close()
    fichier = scdl.scdl(frame)
    siren = dict(zip(frame["porteur"], frame["siren_porteur"], strict=True))
    for ligne in fichier.lignes:
        ligne["idBeneficiaire"] = siren[ligne["nomBeneficiaire"]] + NIC_ESSAI
    ecrits = frame[frame["porteur"].isin([ligne["nomBeneficiaire"] for ligne in fichier.lignes])]
    return fichier.contenu(), sorted(ecrits["projet_id"])


def _chaine(base: Path, ids: list[str]) -> dict[str, tuple]:
    """Per laureate: attributed amount and first convention date, as every page reads them."""
    con = db.connect(base, read_only=True)
    try:
        projets = db.run(con, "projets", **filtres.aucun(), recherche=None, limite=None)
    finally:
        con.close()
    projets = projets.set_index("projet_id").loc[ids]
    return {
        i: (float(r.montant_attribue_eur), r.date_convention.date()) for i, r in projets.iterrows()
    }


def _attribue(base: Path, programme: str) -> float:
    con = db.connect(base, read_only=True)
    try:
        kpi = db.run(con, "kpi", **filtres.normaliser({"programme": [programme]})).iloc[0]
    finally:
        con.close()
    montant = kpi["montant_attribue_eur"]
    return 0.0 if pd.isna(montant) else float(montant)


@pytest.mark.parametrize(("programme", "attendus"), [("TID", 1), ("DIAT", 1)])
def test_our_scdl_export_reimports_into_a_fresh_base_to_the_same_amounts(
    tmp_path, base_seed, programme, attendus
):
    source = _base_versee(tmp_path, base_seed)
    neuve = _base_neuve(tmp_path)
    contenu, ids = _scdl(source, programme)
    assert len(ids) == attendus
    assert _attribue(neuve, programme) == 0
    options = ingest.OptionsImport(programme, PUBLICATION)
    plan = ingest.preparer(contenu, "subventions.csv", neuve, options)
    assert not plan.erreurs, [p.texte() for p in plan.erreurs]
    acceptes = [p.texte() for p in plan.avertissements]
    ingest.appliquer(contenu, "subventions.csv", "test", neuve, acceptes, options)
    assert _chaine(neuve, ids) == _chaine(source, ids)
    # the fresh base's attributed total is exactly the file's amounts
    montants = [float(r["montant"]) for r in csv.DictReader(io.StringIO(contenu.decode()))]
    assert _attribue(neuve, programme) == pytest.approx(sum(montants))
    # and a second import of the same file adds nothing
    assert ingest.preparer(contenu, "subventions.csv", neuve, options).rien_a_faire


def test_our_scdl_export_imported_into_the_base_it_came_from_adds_nothing(tmp_path, base_seed):
    source = _base_versee(tmp_path, base_seed)
    contenu, ids = _scdl(source, "TID")
    assert ids == ["tid1-grandest"]
    plan = ingest.preparer(
        contenu, "subventions.csv", source, ingest.OptionsImport("TID", PUBLICATION)
    )
    assert not plan.erreurs and plan.rien_a_faire, [p.texte() for p in plan.problemes]
