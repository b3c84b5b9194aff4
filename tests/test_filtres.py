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
    choix = {**filtres.aucun(), "region": ["53", "94"], "axe": ["2"]}
    assert filtres.description(choix, libelles) == "Région : Bretagne, Corse ; Axe : 2"
    assert filtres.description(filtres.aucun(), libelles) == "aucun filtre"


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
