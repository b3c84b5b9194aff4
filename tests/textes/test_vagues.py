"""Sentences of « Vagues » read from the data: undated milestones, postponements, rates."""

from __future__ import annotations

from tid import db
from tid.filtres import aucun, normaliser
from tid.textes import vagues as t


def test_undated_milestones_are_named_from_the_data(con_seed):
    vagues = db.run(con_seed, "vagues", **aucun())
    legende = t.legende_calendrier(vagues, "Filtres : aucun filtre.")
    assert "DIAT – vague 1 (ouverture, clôture)" in legende
    assert legende.endswith("Filtres : aucun filtre.")
    tid = db.run(con_seed, "vagues", **normaliser({"programme": "TID"}))
    assert "non datés" not in t.legende_calendrier(tid, "")


def test_selection_rates_and_the_territorial_note(con_seed):
    vagues = db.run(con_seed, "vagues", **aucun())
    assert "Taux de sélection – " in t.legende_entonnoir(vagues, False, "")
    assert "que par vague" in t.legende_entonnoir(vagues, True, "")
    assert "que par vague" not in t.legende_entonnoir(vagues, False, "")


def test_the_wave_notes_keep_imported_text_as_text():
    class Vague:
        vague_libelle = "V*1*"
        notes = "[x](javascript:alert(1))"
        source_url = "https://exemple.fr/a"

    texte = t.notes_et_sources(Vague)
    assert "\\*1\\*" in texte and "](javascript:" not in texte
    assert "[source 1](<https://exemple.fr/a>)" in texte
