"""Page « Quoi de neuf » and the « Situation au » banner in AppTest, inside the frame."""

from __future__ import annotations

import pytest

from tests.appli import metriques, ouvrir, sans_erreur
from tid.textes import quoi_de_neuf as t
from tid.textes import situation

PAGE = "pages/quoi-de-neuf.py"


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)
    return base_seed


def test_seed_only_lists_its_history_since_the_first_call():
    at = ouvrir(PAGE, {"programme": "TID"})
    sans_erreur(at)
    texte = "\n".join(m.value for m in at.markdown)
    assert "aucun import" in texte
    assert "Nouveau lauréat" in texte and "Convention signée" in texte
    assert "DIAT" not in texte.split("Nouveau lauréat", 1)[1].split("\n")[0]


def test_depuis_in_the_url_narrows_the_list():
    at = ouvrir(PAGE, {"programme": "TID", "depuis": "2023-06-01"})
    sans_erreur(at)
    assert at.date_input(key="depuis").value.isoformat() == "2023-06-01"
    lignes = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert lignes and "2022" not in lignes[0].split("·")[0]
    assert at.query_params["depuis"] == "2023-06-01"


def test_a_past_date_shows_the_banner_and_past_kpis_on_the_home_page():
    actuel = metriques(ouvrir(None, {"programme": "TID"}))
    at = ouvrir(None, {"programme": "TID", "au": "2023-01-01"})
    sans_erreur(at)
    assert any(m.value.startswith("**Situation au 1 janvier 2023**") for m in at.markdown)
    passe = metriques(at)
    assert passe != actuel
    assert any(v.startswith("5") for v in passe.values())  # TID wave 1: 5 laureates
    assert at.query_params["au"] == "2023-01-01"
    retour = next(b for b in at.button if b.label == situation.REVENIR)
    retour.click().run()
    assert "au" not in at.query_params
    assert metriques(at) == actuel


def test_a_date_in_the_future_or_unreadable_is_the_current_situation():
    for valeur in ("2999-01-01", "demain"):
        at = ouvrir(None, {"au": valeur})
        sans_erreur(at)
        assert not any(m.value.startswith("**Situation au") for m in at.markdown)


def test_the_menu_carries_the_date():
    at = ouvrir(None, {"programme": "TID", "au": "2023-01-01"})
    lien = next(p for p in at.get("page_link") if p.proto.label == t.TITRE)
    assert "au=2023-01-01" in str(lien.proto)


def test_a_long_history_shows_the_newest_changes_and_says_how_many_there_are(app_sur, tmp_path):
    """A base of hundreds of changes: the page lists the newest LIGNES_AFFICHEES and says the
    total, which is the full query's row count."""
    import datetime as dt

    from tid import db, filtres, synth

    path = synth.generer(300, 1500, 3, tmp_path / "synth.duckdb")
    app_sur(path)
    at = ouvrir(PAGE, {"depuis": "2020-01-01"})
    sans_erreur(at)
    [liste] = [m.value for m in at.markdown if m.value.startswith("- **")]
    assert liste.count("\n- **") + 1 == 200
    con = db.connect(path)
    try:
        toutes = db.run(
            con,
            "quoi_de_neuf",
            **filtres.par_defaut(),  # the page's scope: TID
            depuis=dt.date(2020, 1, 1),
            lot_initial=db.SEED_IMPORT_ID,
            limite=None,
        )
    finally:
        con.close()
    assert len(toutes) > 200
    [legende] = [c.value for c in at.caption if "les plus récents" in c.value]
    assert legende.startswith(t.plus_recents(200, len(toutes)).split(" :")[0])
    # the newest first: the first line shown is the full list's first change's day
    assert toutes.iloc[0]["date_evenement"].year == int(liste.split("**")[1].split()[-1])
