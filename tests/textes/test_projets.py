"""Sentences of « Projets »: totals of the matching rows, the sheet, sources, downloads."""

from __future__ import annotations

import pandas as pd

from tid import db, texte_brut
from tid.filtres import aucun
from tid.textes import projets as t


def test_the_summary_counts_every_matching_row(con_seed):
    projets = db.run(con_seed, "projets", **aucun(), recherche=None, limite=3)
    assert t.resume(projets.iloc[0]) == (
        "**25 projets** · attribué publié : **11\u202f580\u202f000\u00a0€** "
        "(publié pour 5 projets sur 25)"
    )
    assert t.lignes_affichees(3, 25).startswith("Le tableau montre les 3 premières lignes sur 25 ;")


def test_captions_plurals_and_the_xlsx_wait():
    assert t.legende_tableau("F.", None).endswith("trier. F.")
    assert t.legende_tableau("F.", "*x*").endswith("F. Recherche : « \\*x\\* ».")
    assert t.legende_telechargements(1).startswith("1 projet et leurs mouvements.")
    assert t.legende_telechargements(2).startswith("2 projets et leurs mouvements.")
    assert "environ 1 min de préparation" in t.duree_xlsx(20_001)
    assert "environ 11 min de préparation" in t.duree_xlsx(1_000_000)


def test_the_sheet_shows_imported_text_as_text_and_missing_values_as_such(con_seed):
    projets = db.run(con_seed, "projets", **aucun(), recherche=None, limite=None)
    fiche = projets.set_index("projet_id").loc["tid2-bfc"].copy()
    fiche["porteur"] = "![x](https://tiers.example/a.png)"
    gauche, droite = t.fiche(fiche)
    assert "](https://tiers.example" not in gauche and "\\!\\[x\\]" in gauche
    assert "- **Convention** : date non publiée" in droite
    assert "- **Attribué publié** : 2\u202f300\u202f000\u00a0€" in droite


def test_menu_labels_and_sources():
    projets = pd.DataFrame(
        {"projet_id": ["a", "b"], "nom_projet": [None, "Nom"], "porteur": ["P1", "P2\u202e"]}
    )
    assert t.libelles_projets(projets) == {"a": "(nom non publié) – P1", "b": "Nom – P2"}
    sources = t.liste_sources("https://exemple.fr/a javascript:alert(1)", "https://exemple.fr/a")
    premiere, seconde = sources.splitlines()  # the repeated URL is listed once
    assert premiere == "1. " + texte_brut.lien("https://exemple.fr/a")
    assert premiere.endswith("](<https://exemple.fr/a>)")
    assert seconde == "2. " + texte_brut.markdown("javascript:alert(1)")


def test_an_indication_value_is_said_in_french_by_its_suffix():
    assert t.valeur_indication("cout_total_eur", "5000000-6000000") == (
        "de 5\u202f000\u202f000\u00a0€ à 6\u202f000\u202f000\u00a0€"
    )
    assert t.valeur_indication("montant_aide_eur", "1200000") == "1\u202f200\u202f000\u00a0€"
    assert t.valeur_indication("taux_aide_pct", "0.5") == "50\u00a0%"
    assert t.valeur_indication("date_lancement", "2024-11-26") == "26 novembre 2024"
    # a value that does not parse is shown as written, as text
    assert t.valeur_indication("montant_aide_eur", "*environ* 1 M€") == "\\*environ\\* 1 M€"
    assert t.valeur_indication("date_lancement", "printemps") == "printemps"


def test_every_seed_indication_has_a_label_and_a_value_that_parses(con_seed):
    for ligne in con_seed.execute("SELECT nature, valeur FROM indication").fetchall():
        nature, valeur = ligne
        assert nature in t.NATURES_INDICATION
        assert t.valeur_indication(nature, valeur) != texte_brut.markdown(valeur), ligne


def test_an_indication_says_why_and_links_only_a_web_source():
    ligne = pd.Series(
        {
            "nature": "montant_aide_eur",
            "valeur": "1200000",
            "source_url": "https://exemple.fr/blog javascript:alert(1)",
            "pourquoi_incertain": "Billet de *blog*.",
            "confiance": "probable",
        }
    )
    texte = t.indication(ligne)
    assert texte.startswith("**Indication non confirmée** – aide annoncée : **1\u202f200\u202f000")
    pourquoi = texte_brut.markdown("Billet de *blog*.")
    assert f"Pourquoi incertain : {pourquoi} (confiance : probable)" in texte
    assert texte.endswith(
        "Source : "
        + texte_brut.lien("https://exemple.fr/blog")
        + ", "
        + texte_brut.markdown("javascript:alert(1)")
    )
    assert "](<https://exemple.fr/blog>)" in texte and "](<javascript" not in texte
