"""« Projets » in AppTest: search, filters, the project sheet and its sources, download buttons."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tid import db, ingest
from tid.ui import garde

APP = str(db.ROOT / "dashboard.py")
PAGE = "pages/projets.py"


def ouvrir(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for cle, valeur in (params or {}).items():
        at.query_params[cle] = valeur
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert garde.ERREUR_INATTENDUE not in [e.value for e in at.error]
    return at


def _registre(at: AppTest):
    """The project sheet's ledger table (the SCDL list of laureates left out is another)."""
    return next(d.value for d in at.dataframe if "Nature" in d.value.columns)


@pytest.fixture(autouse=True)
def base(base_seed, app_sur):
    app_sur(base_seed)


def test_table_lists_every_laureate_with_numeric_amounts():
    at = ouvrir({"programme": "tous"})
    tableau = at.dataframe[0].value
    assert len(tableau) == 25
    assert tableau["Attribué publié"].sum() == 11_580_000  # still numbers, sortable
    assert len(at.download_button) == 5  # projects and ledger in CSV and XLSX, SCDL


@pytest.mark.parametrize(
    ("params", "bilan", "exclus"),
    [
        ({}, "0 ligne publiable sur 13 lauréats", 13),
        ({"programme": "tous", "region": "84"}, "0 ligne publiable sur 5 lauréats", 5),
    ],
)
def test_the_scdl_download_says_beside_it_how_many_laureates_it_can_hold(params, bilan, exclus):
    at = ouvrir(params)
    assert any(c.value.startswith(bilan) for c in at.caption), [c.value for c in at.caption]
    liste = at.expander[-1].dataframe[0].value
    assert len(liste) == exclus
    assert "datesPeriodeVersement" in " ".join(liste["Ce qui manque"])


def test_search_ignores_case_and_accents():
    at = ouvrir()
    at.text_input(key="recherche").input("ENERGIE").run()
    porteurs = set(at.dataframe[0].value["Porteur"])
    assert "Syndicat audois d'énergies et du numérique (SYADEN)" in porteurs


def test_search_and_filters_combine():
    at = ouvrir({"region": "84", "recherche": "lyon"})
    assert sorted(at.dataframe[0].value["Vague"]) == ["DIAT-2", "TID-2"]


def test_search_with_no_match_is_a_friendly_message():
    at = ouvrir({"recherche": "introuvable-xyz"})
    assert any("Aucun projet ne correspond" in i.value for i in at.info)


def test_project_sheet_from_the_url_shows_amount_ledger_and_sources():
    at = ouvrir({"projet": "tid2-bfc"})
    texte = " ".join(m.value for m in at.markdown)
    assert "2\u202f300\u202f000\u00a0€" in texte
    assert "https://www.macommune.info/appel-a-projets-france-2030" in texte
    assert "Convention** : date non publiée" in texte
    registre = _registre(at)
    assert list(registre["Nature"]) == ["attribution"]


def test_project_sheet_says_what_is_uncertain():
    at = ouvrir()
    at.selectbox(key="projet").set_value("tid1-siea01").run()
    assert any("déduit" in i.value or "inféré" in i.value for i in at.info)
    assert at.query_params["projet"] == "tid1-siea01"


def test_reset_on_this_page_clears_filters_and_keeps_the_search():
    """The search is bound to the URL: resetting the filters must not try to clear it."""
    at = ouvrir({"region": "84", "recherche": "lyon"})
    next(b for b in at.sidebar.button if b.label == "Réinitialiser les filtres").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "region" not in at.query_params
    # reset = the default scope (TID): the old link's « both programmes » is not kept
    assert at.query_params["programme"] == "TID"
    assert at.query_params["recherche"] == "lyon"
    assert sorted(at.dataframe[0].value["Vague"]) == ["TID-2"]


def test_project_sheet_says_which_ledger_row_counts_after_a_correction(
    base_seed, app_sur, tmp_path
):
    """A correction then its revert: five attribution rows, the sheet says what each does."""
    base = tmp_path / "tid.duckdb"
    shutil.copyfile(base_seed, base)
    app_sur(base)
    correction = (
        b"projet_id;nature;date_mouvement;montant_eur;annule_mouvement_id;source_url\n"
        b"tid1-grandest;attribution;2022-10-25;2600000;1;https://example.org/c\n"
        b"tid1-grandest;attribution;2022-10-25;2500000;;https://example.org/c\n"
    )
    lot = ingest.appliquer(correction, "correction.csv", "test", base)[0]
    ingest.annuler(lot, "test", base)
    at = ouvrir({"projet": "tid1-grandest"})
    registre = _registre(at)
    attributions = registre[registre["Nature"] == "attribution"].set_index("N° de mouvement")
    statuts = attributions["Dans les totaux"].to_dict()
    (premier, annulation, bonne, inverse_1, inverse_2) = sorted(statuts)
    assert statuts[premier] == "compté"  # the revert brought it back
    assert (
        statuts[annulation] == f"annule le n° {premier}, annulation reprise par le n° {inverse_1}"
    )
    assert statuts[bonne] == f"annulé par le n° {inverse_2}"
    assert statuts[inverse_1] == f"annule le n° {annulation}"
    assert statuts[inverse_2] == f"annule le n° {bonne}"
