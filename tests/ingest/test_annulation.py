"""tid/ingest/annulation.py: reverting a batch brings the base back, the history keeps both."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tests.ingest.bases import (
    IMPORTS,
    appliquer,
    table,
)
from tests.ingest.registres import (
    GRANDEST_ATTRIBUTION,
    attribue,
    correction_grandest,
    importer,
    somme_du_registre,
)
from tid import check, db, ingest
from tid.ingest import lire


def test_new_laureate_is_added_and_its_revert_removes_it(base):
    avant = table(base, "projet")
    import_id = appliquer(base, IMPORTS / "nouveau_projet.csv")
    projet = table(base, "projet").query("projet_id == 'essai-nouveau-laureat'").iloc[0]
    assert projet["nom_projet"] == "Projet d'essai « Territoire connecté »"
    assert projet["porteur"] == "Commune d'essai (Finistère)"
    assert (projet["programme_id"], projet["vague_id"], projet["axe_code"]) == ("TID", "TID-2", "2")
    assert projet["date_annonce"].date() == date(2023, 6, 7)
    assert float(projet["cout_total_eur"]) == 1_250_000.50
    assert projet["source_url"] == "https://example.org/essai https://example.org/essai-2"
    assert projet["import_id"] == import_id
    themes = table(base, "projet_theme").query("projet_id == 'essai-nouveau-laureat'")
    assert themes["theme_code"].tolist() == ["eau", "energie"]
    historique = table(base, "projet_historique")
    assert historique[["historique_import_id", "action", "projet_id"]].values.tolist() == [
        [import_id, "ajout", "essai-nouveau-laureat"]
    ]

    ingest.annuler(import_id, "test", base)
    pd.testing.assert_frame_equal(table(base, "projet"), avant)
    assert table(base, "projet_theme").query("projet_id == 'essai-nouveau-laureat'").empty
    assert table(base, "projet_historique")["action"].tolist() == ["ajout", "retrait"]


def test_correction_changes_one_field_keeps_the_old_version_and_reverts(base, con_lecture):
    fichier = IMPORTS / "correction_projet.csv"
    ancien_nom = "Finistère Smart Connect (extension réseau LoRa / IoT mutualisé)"
    plan = ingest.planifier(lire(fichier.read_bytes(), fichier.name), con_lecture)
    assert plan.problemes == []
    assert plan.differences == [
        {
            "projet_id": "tid1-sdef29",
            "colonne": "nom_projet",
            "avant": ancien_nom,
            "apres": "Finistère Smart Connect",
        }
    ]
    avant = table(base, "projet").set_index("projet_id")
    themes_avant = table(base, "projet_theme")

    import_id = appliquer(base, fichier)
    apres = table(base, "projet").set_index("projet_id")
    assert apres.loc["tid1-sdef29", "nom_projet"] == "Finistère Smart Connect"
    assert apres.loc["tid1-sdef29", "import_id"] == import_id
    colonnes = [c for c in avant.columns if c not in ("nom_projet", "import_id")]
    pd.testing.assert_frame_equal(apres[colonnes], avant[colonnes])
    historique = table(base, "projet_historique").iloc[0]
    assert (historique["action"], historique["nom_projet"]) == ("modification", ancien_nom)
    assert historique["import_id"] == db.SEED_IMPORT_ID
    assert historique["themes_avant"] == "eclairage;energie;iot_reseaux"

    ingest.annuler(import_id, "test", base)
    retour = table(base, "projet").set_index("projet_id")
    colonnes = [c for c in avant.columns if c != "import_id"]
    pd.testing.assert_frame_equal(retour[colonnes], avant[colonnes])
    pd.testing.assert_frame_equal(table(base, "projet_theme"), themes_avant)


def test_reverting_a_correction_lot_brings_the_corrected_amount_back(base):
    lot = importer(base, correction_grandest())
    ingest.annuler(lot, "test", base)
    assert attribue(base, "tid1-grandest") == GRANDEST_ATTRIBUTION[1]
    assert somme_du_registre(base, "tid1-grandest") == GRANDEST_ATTRIBUTION[1]
    assert check.controler(base).ok
