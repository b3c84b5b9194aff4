"""The home page's KPI tiles as words, on the real seed: values, captions, plurals."""

from __future__ import annotations

from tid import db, vocabulaire
from tid.filtres import aucun, normaliser
from tid.textes.indicateurs import tuiles


def _tuiles(con, territorial=False, **filtres):
    kpi = db.run(con, "kpi", **normaliser(filtres)).iloc[0]
    return {t.titre: t for t in tuiles(kpi, territorial)}


def test_the_eight_tiles_say_the_seed_figures(con_seed):
    t = _tuiles(con_seed, **aucun())
    assert list(t)[:4] == [
        "Enveloppe",
        "Attribué (publié)",
        "Conventionné (publié)",
        "Versé (publié)",
    ]
    assert t["Enveloppe"].valeur == "70\u00a0M€"
    assert t["Attribué (publié)"].detail == "montant publié pour 5 projets sur 25"
    assert t["Couverture des montants"].valeur == "20\u00a0%"
    assert t["Versé (publié)"].detail == "aucun versement publié"
    assert t["Reste à attribuer (au plus)"].valeur.startswith("≤ ")


def test_a_territorial_filter_gives_no_remainder_and_says_why(con_seed):
    t = _tuiles(con_seed, territorial=True, region=["53"])
    assert t["Reste à attribuer"].valeur == "—"
    assert t["Enveloppe"].detail == "nationale : non répartie par territoire"


def test_counts_take_the_french_singular_for_0_and_1(con_seed):
    t = _tuiles(con_seed, region=["53"])
    assert t["Conventionné (publié)"].detail.startswith("1 convention signée connue,")
    assert "(s)" not in " ".join(str(x.detail) for x in t.values())


def test_every_tile_help_is_the_glossary_of_data_readme(con_seed):
    """One vocabulary: the help under each tile is data/README.md's definition, word for word."""
    glossaire = vocabulaire.glossaire()
    for tuile in _tuiles(con_seed, **aucun()).values():
        paragraphes = tuile.aide.split("\n\n")
        for paragraphe in paragraphes:
            terme, definition = paragraphe.removeprefix("**").split("** : ", 1)
            assert glossaire[terme] == definition, tuile.titre
