"""The « Données fictives » banner (components.bandeau_synthetique) on every page of a synthetic
base, and on no page of the real one."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tid import db, fmt, synth, textes
from tid.filtres import aucun
from tid.ui import garde

APP = str(db.ROOT / "dashboard.py")
PAGES = sorted(p.relative_to(db.ROOT).as_posix() for p in (db.ROOT / "pages").glob("*.py"))
BANDEAU = "Données fictives"


@pytest.fixture(scope="module")
def base_fictive(tmp_path_factory):
    return synth.generer(200, 1_000, 3, tmp_path_factory.mktemp("fictive") / "fictive.duckdb")


def page(path, nom: str) -> AppTest:
    """A page over the whole fictive base (both programmes): the thresholds count every row."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["programme"] = "tous"
    at.switch_page(nom).run()
    assert not at.exception, [e.value for e in at.exception]
    assert garde.ERREUR_INATTENDUE not in [e.value for e in at.error]
    return at


def bandeaux(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if BANDEAU in w.value]


@pytest.mark.parametrize("nom", PAGES)
def test_every_page_of_a_synthetic_base_shows_the_banner(base_fictive, app_sur, nom):
    app_sur(base_fictive)
    at = page(base_fictive, nom)
    assert len(bandeaux(at)) == 1, [w.value for w in at.warning]


@pytest.mark.parametrize("nom", PAGES)
def test_no_page_of_the_real_base_shows_it(base_seed, app_sur, nom):
    app_sur(base_seed)
    at = page(base_seed, nom)
    assert bandeaux(at) == []


def test_the_banner_stays_after_a_filter_change(base_fictive, app_sur):
    app_sur(base_fictive)
    at = page(base_fictive, "dashboard.py")
    at.sidebar.multiselect(key="region").set_value(["53"]).run()
    assert not at.exception
    assert len(bandeaux(at)) == 1


def test_seats_start_hidden_beyond_2000_laureates(tmp_path, base_seed, app_sur):
    """A 19 MB map at 100 000 laureates (BENCHMARKS.md): seats start off above 2 000."""
    grande = synth.generer(2_500, 5_000, 4, tmp_path / "grande.duckdb")
    app_sur(grande)
    assert page(grande, "pages/territoires.py").toggle(key="sieges").value is False
    app_sur(base_seed)
    assert page(base_seed, "pages/territoires.py").toggle(key="sieges").value is True


def test_large_lists_show_their_first_rows_and_warn_before_a_long_xlsx(tmp_path, app_sur):
    """Projets shows 200 rows of 20 500 and says the XLSX takes minutes; Méthode lists 1 000."""
    grande = synth.generer(20_500, 20_500, 5, tmp_path / "grande.duckdb")
    app_sur(grande)
    projets = page(grande, "pages/projets.py")
    legendes = [c.value for c in projets.caption]
    assert any("200 premières lignes sur 20\u202f500" in c for c in legendes), legendes
    assert any(c.startswith("Le fichier XLSX de 20\u202f500 lignes demande") for c in legendes)
    assert len(projets.dataframe[0].value) == 200
    # the totals above the table count every matching row, not the 200 shown
    projets.text_input(key="recherche").input("Lyon").run()
    con = db.connect(grande)
    try:
        tout = db.run(con, "projets", **aucun(), recherche="Lyon", limite=None)
    finally:
        con.close()
    assert len(tout) > 200
    attendu = (
        f"**{fmt.compte(len(tout), 'projet', 'projets')}** · attribué publié : "
        f"**{fmt.euros(tout['montant_attribue_eur'].sum())}** "
        f"({fmt.couverture(int(tout['montant_attribue_eur'].notna().sum()), len(tout))})"
    )
    assert attendu in [m.value for m in projets.markdown]
    assert any(c.value.endswith("Recherche : « Lyon ».") for c in projets.caption)
    methode = page(grande, "pages/methode.py")
    sans_montant = [d.value for d in methode.dataframe if "Porteur" in d.value.columns]
    assert sans_montant and len(sans_montant[0]) == 1_000, [len(d) for d in sans_montant]


@pytest.mark.parametrize("nom", ["dashboard.py", "pages/methode.py"])
def test_a_base_without_published_total_says_so(base_fictive, base_seed, app_sur, nom):
    app_sur(base_fictive)
    assert textes.AUCUN_TOTAL_PUBLIE in [c.value for c in page(base_fictive, nom).caption]
    app_sur(base_seed)
    assert textes.AUCUN_TOTAL_PUBLIE not in [c.value for c in page(base_seed, nom).caption]


def test_seats_without_coordinates_are_announced_not_silently_missing(base_fictive, app_sur):
    app_sur(base_fictive)  # 200 synthetic laureates, no seat coordinates
    at = page(base_fictive, "pages/territoires.py")
    assert at.toggle(key="sieges").value is True
    legendes = " ".join(c.value for c in at.caption)
    assert "200 lauréats sans coordonnées de siège publiées, non placés" in legendes
