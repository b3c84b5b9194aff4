"""tid/textes/quoi_de_neuf.py: one line per change, sources as links only for http(s)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from tid.textes import quoi_de_neuf as t


def _evenement(**champs):
    base = dict(
        date_evenement=date(2024, 3, 1),
        evenement="annule_par_lot",
        projet_id="tid1-grandest",
        porteur="Région Grand Est",
        montant_eur=1_000_000,
        mouvement_id=42,
        annule_mouvement_id=30,
        annule_import_id=2,
        date_mouvement=date(2023, 9, 15),
        nom_fichier=None,
        import_id=3,
        source_url="https://example.org/a npm:x@1",
        notes=None,
    )
    return SimpleNamespace(**{**base, **champs})


def test_a_reversal_names_what_it_cancels_with_its_sources():
    ligne = t.ligne(_evenement())
    assert ligne.startswith("- **1 mars 2024** · Annulé par un retour arrière : Région Grand Est")
    assert "annule le n° 30" in ligne and "retour arrière du lot n° 2" in ligne
    assert "[source](<https://example.org/a>)" in ligne
    assert "npm\\:x" in ligne and "(<npm" not in ligne  # plain text, never a link


def test_imported_text_is_data_not_markup():
    ligne = t.ligne(_evenement(porteur="**gras** [lien](javascript:x)", source_url="javascript:x"))
    assert "**gras**" not in ligne and "](javascript" not in ligne


def test_a_batch_line_names_its_file():
    lot = _evenement(
        evenement="import",
        projet_id=None,
        porteur=None,
        montant_eur=None,
        mouvement_id=None,
        annule_mouvement_id=None,
        annule_import_id=None,
        date_mouvement=None,
        nom_fichier="versements.csv",
        source_url=None,
        notes="3 lignes",
    )
    assert t.ligne(lot) == (
        "- **1 mars 2024** · Import : lot n° 3 (fichier versements\\.csv) — 3 lignes"
    )


def test_introduction_says_when_there_is_no_import():
    info = SimpleNamespace(nb_imports=0, date_dernier_import=None)
    assert "aucun import" in t.introduction(date(2021, 10, 26), info)
    info = SimpleNamespace(nb_imports=2, date_dernier_import=date(2024, 5, 1))
    texte = t.introduction(date(2024, 3, 1), info, au=date(2024, 6, 30))
    assert texte.startswith("Changements après le 1 mars 2024, jusqu'au 30 juin 2024. 2 imports")
