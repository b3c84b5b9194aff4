"""tid/filtres.py: one normal form for filters from widgets, URL and command line."""

import pytest

from tid import filtres


@pytest.mark.parametrize(
    ("entree", "attendu"),
    [
        ({}, {}),
        ({"programme": "TID"}, {"programme": ["TID"]}),
        ({"programme": ""}, {}),
        ({"region": ["53", "11"], "inconnu": ["x"]}, {"region": ["53", "11"]}),
        ({"vague": None, "axe": ("2",)}, {"axe": ["2"]}),
        ({"theme": ["eau", None, ""]}, {"theme": ["eau"]}),
    ],
)
def test_normaliser(entree, attendu):
    assert filtres.normaliser(entree) == {**filtres.aucun(), **attendu}


def test_elaguer_keeps_order_drops_unknown_and_duplicates():
    assert filtres.elaguer(["53", "99", "11", "53"], {"11", "53"}) == ["53", "11"]


def test_territoriaux_actifs():
    assert not filtres.territoriaux_actifs({**filtres.aucun(), "programme": ["TID"]})
    assert filtres.territoriaux_actifs({**filtres.aucun(), "theme": ["eau"]})


def test_description():
    libelles = {("region", "53"): "Bretagne", ("region", "94"): "Corse"}
    libelles[("programme", "TID")] = "TID – Territoires intelligents et durables"
    choix = {**filtres.aucun(), "programme": ["TID"], "region": ["53", "94"], "axe": ["2"]}
    assert filtres.description(choix, libelles) == (
        "Programme : TID – Territoires intelligents et durables ; "
        "Région : Bretagne, Corse ; Axe : 2"
    )
    # no programme is no longer « everything by default »: both are named
    assert filtres.description(filtres.aucun(), libelles) == "Programme : TID et DIAT"


def test_tid_is_the_default_scope_and_tous_means_both():
    assert filtres.par_defaut() == {**filtres.aucun(), "programme": ["TID"]}
    assert filtres.normaliser({"programme": "tous", "region": "53"}) == {
        **filtres.aucun(),
        "region": ["53"],
    }
    assert filtres.normaliser({"programme": ["DIAT", "tous"]})["programme"] == []


def test_a_link_without_programme_keeps_the_meaning_it_had():
    """Bare link: TID. A link with other parameters was written when no programme meant both."""
    assert filtres.programme_du_lien({}) == "TID"
    assert filtres.programme_du_lien({"programme": "DIAT", "region": "53"}) == "DIAT"
    assert filtres.programme_du_lien({"region": "53"}) == "tous"
    assert filtres.programme_du_lien({"niveau": "departement"}) == "tous"
    # parameters born with the TID default do not make a link old
    assert filtres.programme_du_lien({"au": "2024-06-30"}) == "TID"


def test_the_url_always_names_the_programme():
    assert filtres.dans_url(filtres.par_defaut()) == {"programme": ["TID"]}
    assert filtres.dans_url({**filtres.aucun(), "region": ["53"]}) == {
        "programme": ["tous"],
        "region": ["53"],
    }


def test_every_filter_is_a_parameter_of_the_shared_sql_macro():
    """R4: widget key = URL key = SQL parameter; the macro takes exactly these names, then the
    « Situation au » date (optional: NULL = now)."""
    from tid import db

    macro = (db.QUERIES_DIR / "schema" / "04_derives.sql").read_text(encoding="utf-8")
    entete = macro.split("CREATE MACRO projets_filtres(")[1].split(")")[0]
    assert [m.strip() for m in entete.split(",")] == [*filtres.CLES, f"{filtres.AU} := NULL"]


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [("2024-06-30", "2024-06-30"), ("", None), (None, None), ("30/06/2024", None), ("x", None)],
)
def test_date_iso(texte, attendu):
    valeur = filtres.date_iso(texte)
    assert (valeur.isoformat() if valeur else None) == attendu
