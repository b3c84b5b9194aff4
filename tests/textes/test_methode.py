"""Sentences of « Méthode et sources » read from the data: coverage, totals, sources."""

from __future__ import annotations

import pandas as pd

from tid import db, texte_brut
from tid.filtres import aucun
from tid.textes import methode as t


def test_the_kpi_counts_every_laureate_the_coverage_list_shows(con_fixtures, con_seed):
    for con in (con_fixtures, con_seed):
        kpi = db.run(con, "kpi", **aucun()).iloc[0]
        tous = db.run(con, "projets_sans_montant", **aucun(), limite=None)
        assert int(kpi["nb_projets_sans_attribution_publiee"]) == len(tous) > 0


def test_the_coverage_sentence_agrees_with_its_count():
    plusieurs = {
        "nb_projets": 25,
        "nb_projets_attribution_publiee": 5,
        "nb_projets_sans_attribution_publiee": 20,
    }
    assert t.sans_montant(plusieurs) == (
        "**20 lauréats sur 25** n'ont aucun montant attribué publié (montant publié pour 5 "
        "projets sur 25). Ils comptent parmi les lauréats, jamais pour zéro euro dans les sommes."
    )
    un = {
        **plusieurs,
        "nb_projets_attribution_publiee": 24,
        "nb_projets_sans_attribution_publiee": 1,
    }
    phrase = t.sans_montant(un)
    assert phrase.startswith("**1 lauréat sur 25** n'a aucun montant")
    assert ". Il compte parmi les lauréats" in phrase


def test_a_convention_is_said_with_its_date_when_published():
    liste = pd.DataFrame(
        {
            "nb_conventions": [1, 2, 0],
            "date_convention": [pd.Timestamp("2023-05-17"), pd.NaT, pd.NaT],
        }
    )
    assert list(t.avec_convention(liste)["convention"]) == [
        "oui, le 17 mai 2023",
        "oui",
        "aucune connue",
    ]
    assert "convention" not in liste.columns  # the page's frame is left as fetched
    assert t.note_convention(liste) == t.NOTE_CONVENTION
    assert t.note_convention(liste.iloc[2:]) is None


def test_published_totals_with_their_nature_and_their_sources(con_seed):
    totaux = db.run(con_seed, "rapprochement_totaux_publies")
    assert list(t.avec_nature(totaux)["nature"]) == ["minimum (« plus de »)"]
    legende = t.sources_des_totaux(totaux)
    assert legende.startswith("Sources des totaux : [") and "](<https://" in legende
    lecture = t.lecture(db.run(con_seed, "kpi", **aucun()).iloc[0], totaux)
    assert lecture.count("\n- **Totaux publiés et sommes par projet.** ") == len(totaux) == 1
    assert "le montant attribué est publié pour 5 projets sur 25." in lecture


def test_sources_by_table_follow_the_order_of_the_base():
    sources = pd.DataFrame(
        {
            "table_source": ["mouvement", "programme", "inconnue", "programme"],
            "table_ordre": [5, 1, 9, 1],
            "nb_sources_table": [12, 1500, 2, 1500],
        }
    )
    assert t.sources_par_table(sources) == (
        "Sources par table : Programmes : 1\u202f500 · Mouvements financiers : 12 · inconnue : 2."
    )


def test_other_references_are_counted_only_when_there_are_some():
    resume = {"nb_sources": 3, "nb_sources_lien": 2, "nb_domaines": 1}
    assert "(2 adresses web, 1 autre référence), sur 1 domaine." in t.resume_sources(resume)
    tout_web = t.resume_sources({**resume, "nb_sources_lien": 3})
    assert "(3 adresses web), sur 1 domaine." in tout_web and "autre" not in tout_web


def test_each_domain_lists_its_addresses_and_what_they_support():
    sources = pd.DataFrame(
        {
            "domaine": ["exemple.fr", "exemple.fr", "exemple.fr", "npm"],
            "nb_sources_domaine": [2, 2, 2, 1],
            "source_url": [
                "https://exemple.fr/a",
                "https://exemple.fr/a",
                "https://exemple.fr@tiers.example/",
                "npm:*x*",
            ],
            "est_lien": [True, True, True, False],
            "table_source": ["projet", "mouvement", "projet", "programme"],
            "objets": [["p1", "p2", "p3", "p4", "p5", "p6"], ["m1"], ["p1"], ["TID"]],
            "nb_objets": [7, 1, 1, 1],
        }
    )
    (titre_web, web), (titre_npm, npm) = t.sources_par_domaine(sources)
    assert titre_web == "exemple\\.fr · 2 sources" and titre_npm == "npm · 1 source"
    premier, second = web.split("\n- ")
    assert premier == (
        f"- [{texte_brut.markdown('exemple.fr/a')}](<https://exemple.fr/a>)  \n"
        "  appuie : Lauréats (7) : p1, p2, p3, p4, p5, … ; Mouvements financiers (1) : m1"
    )
    # user info hides the real host: shown as text, never as a link
    assert second == (
        f"{texte_brut.markdown('https://exemple.fr@tiers.example/')}  \n"
        "  appuie : Lauréats (1) : p1"
    )
    assert npm == (
        f"- {texte_brut.markdown('npm:*x*')} (référence hors web)  \n"
        "  appuie : Programmes (1) : TID"
    )
