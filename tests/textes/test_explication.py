"""« D'où vient ce chiffre ? »: the rows shown add up to the KPI, on the seed and after imports."""

from __future__ import annotations

import shutil

import pytest

from tests.ingest.bases import IMPORTS, VERSEMENTS, appliquer
from tid import db, ingest
from tid.filtres import aucun
from tid.textes import explication as t
from tid.textes import indicateurs

PERIMETRES = [
    {"programme": ["TID"]},
    {"programme": ["DIAT"]},
    {},
    {"programme": ["TID"], "region": ["44"]},
    {"vague": ["TID-1"]},
]
MONTANTS = {"attribue": "montant_attribue_eur", "conventionne": "montant_conventionne_eur"}
MONTANTS["verse"] = "montant_verse_eur"


@pytest.fixture(scope="module")
def base_corrigee(base_seed, tmp_path_factory):
    """The real base after a new laureate, payments and their revert, and an attribution
    correction then its revert (reversals of reversals: the first amount counts again)."""
    path = tmp_path_factory.mktemp("corrigee") / "tid.duckdb"
    shutil.copyfile(base_seed, path)
    appliquer(path, IMPORTS / "nouveau_projet.csv")
    ingest.annuler(appliquer(path, VERSEMENTS), "test", path)
    correction = (
        b"projet_id;nature;date_mouvement;montant_eur;annule_mouvement_id;source_url\n"
        b"tid1-grandest;attribution;2022-10-25;2600000;1;https://example.org/c\n"
        b"tid1-grandest;attribution;2022-10-25;2500000;;https://example.org/c\n"
    )
    ingest.annuler(appliquer(path, "correction.csv", correction), "test", path)
    return path


def _lignes(code: str, filtres: dict) -> object:
    indicateur = t.INDICATEURS[code]
    requete = "mouvements" if indicateur.lignes == "mouvements" else "projets"
    frame = db.fetch(requete, **filtres, recherche=None, limite=None)
    return t.selection(indicateur, frame)


@pytest.mark.parametrize("nom_base", ["base_seed", "base_corrigee"])
@pytest.mark.parametrize("perimetre", PERIMETRES, ids=str)
def test_the_ledger_rows_shown_add_up_to_each_money_kpi(request, app_sur, nom_base, perimetre):
    app_sur(request.getfixturevalue(nom_base))
    filtres = {**aucun(), **perimetre}
    kpi = db.fetch("kpi", **filtres).iloc[0]
    for code, colonne in MONTANTS.items():
        lignes = _lignes(code, filtres)
        assert set(lignes["etape"]) <= {t.INDICATEURS[code].etape}
        attendu = 0 if kpi[colonne] != kpi[colonne] else float(kpi[colonne])  # NaN: none
        assert float(lignes["montant_signe_eur"].fillna(0).sum()) == pytest.approx(attendu), code


def test_after_a_revert_of_a_correction_every_row_of_the_chain_is_shown(base_corrigee, app_sur):
    app_sur(base_corrigee)
    lignes = _lignes("attribue", {**aucun(), "vague": ["TID-1"]})
    chaine = lignes[lignes["projet_id"] == "tid1-grandest"]
    # the first amount, its reversal, the new amount, and the two reversals of the revert
    assert len(chaine) == 5
    assert float(chaine["montant_signe_eur"].sum()) == 2_600_000
    assert (chaine["montant_signe_eur"] < 0).sum() == 2


@pytest.mark.parametrize("perimetre", PERIMETRES, ids=str)
def test_project_rows_are_the_kpi_counts(base_seed, app_sur, perimetre):
    app_sur(base_seed)
    filtres = {**aucun(), **perimetre}
    kpi = db.fetch("kpi", **filtres).iloc[0]
    assert len(_lignes("laureats", filtres)) == int(kpi["nb_projets"])
    assert len(_lignes("levier", filtres)) == int(kpi["nb_projets_levier"])


@pytest.mark.parametrize("perimetre", PERIMETRES, ids=str)
def test_envelope_rows_add_up_to_the_envelope_kpi(base_seed, app_sur, perimetre):
    app_sur(base_seed)
    filtres = {**aucun(), **perimetre}
    kpi = db.fetch("kpi", **filtres).iloc[0]
    lignes = db.fetch("explication_enveloppe", **filtres)
    if lignes["enveloppe_eur"].isna().any():
        assert kpi["enveloppe_eur"] != kpi["enveloppe_eur"]  # unknown, never a partial sum
    else:
        assert float(lignes["enveloppe_eur"].sum()) == float(kpi["enveloppe_eur"])


def test_every_tile_has_an_explanation(base_seed, app_sur):
    app_sur(base_seed)
    for territorial in (False, True):
        kpi = db.fetch("kpi", **aucun()).iloc[0]
        for tuile in indicateurs.tuiles(kpi, territorial):
            code = t.CODES_DES_TUILES[tuile.titre]
            assert t.INDICATEURS[code].aide in ("reste_a_attribuer_max_eur",) or (
                t.INDICATEURS[code].titre == tuile.titre
            )


def test_sources_are_links_only_for_web_addresses():
    import pandas as pd

    texte = t.sources(
        pd.DataFrame({"source_url": ["https://a.fr/x npm:paquet", "javascript:alert(1)"]})
    )
    assert "](<https://a.fr/x>)" in texte
    assert "javascript" in texte and "](<javascript" not in texte
    assert t.sources(pd.DataFrame({"source_url": []})) == "Aucune source : aucune ligne."
