"""Sentences of « Données »: preview, problems (quoted cells as text), revertable batches."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from tid import db, texte_brut
from tid.ingest import Probleme
from tid.textes import donnees as t


def test_problems_are_a_titled_list_with_their_cells_escaped():
    problemes = [Probleme("cellule « **x** »", ligne=2, colonne="porteur")]
    assert t.refus("Fichier refusé", problemes) == (
        "**Fichier refusé, rien n'a été écrit.**\n\n- "
        + texte_brut.markdown("Ligne 2, colonne « porteur » : cellule « **x** »")
    )
    assert t.erreurs(problemes).startswith("**1 erreur : le fichier est refusé")
    assert t.erreurs(problemes * 2).startswith("**2 erreurs : le fichier est refusé")
    assert t.avertissements(problemes * 2).startswith("**2 avertissements** (à accepter")


def test_the_preview_says_how_the_file_was_read():
    lecture = SimpleNamespace(
        format_fichier="csv", encodage="cp1252", separateur=";", lignes=[{}, {}, {}]
    )
    plan = SimpleNamespace(lecture=lecture, type_fichier="mouvements")
    compte = {"ajouts": 3, "modifications": 0, "inchanges": 1}
    assert t.apercu("a_b.csv", plan, compte) == (
        "**a\\_b\\.csv** : fichier de mouvements, 3 lignes (encodage cp1252, séparateur « ; »). "
        "À ajouter : **3** ; à modifier : **0** ; déjà dans la base : 1."
    )
    plan.lecture = SimpleNamespace(format_fichier="xlsx", lignes=[{}])
    assert "mouvements, 1 ligne (XLSX). À ajouter" in t.apercu("a.xlsx", plan, compte)
    assert "ignorées" not in t.apercu("a.xlsx", plan, {**compte, "a_completer": 0})
    assert t.apercu("a.xlsx", plan, {**compte, "a_completer": 7}).endswith(
        "déjà dans la base : 1. Laissées à compléter (sans date, montant ni source), ignorées : 7."
    )


def test_a_new_warning_stands_as_its_own_sentence():
    assert t.NOUVEAUX_AVERTISSEMENTS.startswith("La base a changé depuis l'aperçu")


def test_changed_fields_show_an_empty_value_as_not_published():
    (ligne,) = t.differences(
        [{"projet_id": "p1", "colonne": "porteur", "avant": None, "apres": "A\u202eB"}]
    ).to_dict("records")
    assert ligne == {"Projet": "p1", "Champ": "porteur", "Avant": "non publié", "Après": "AB"}


def test_the_seed_is_never_offered_for_revert(con_seed):
    assert db.run(con_seed, "lots_annulables", lot_initial=db.SEED_IMPORT_ID).empty
    assert len(db.run(con_seed, "lots_annulables", lot_initial=0)) == 1


def test_revertable_batches_are_labelled_as_text():
    lots = pd.DataFrame({"import_id": [4], "nom_fichier": ["x\u202e.csv"], "message": ["2 ajouts"]})
    assert t.lots_annulables(lots) == {4: "Lot 4 – x.csv (2 ajouts)"}
