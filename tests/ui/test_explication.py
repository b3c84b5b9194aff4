"""« D'où vient ce chiffre ? » in the app: a button under each tile, a dialog bound to the URL."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.appli import metriques, ouvrir, sans_erreur
from tid import db
from tid.filtres import aucun
from tid.textes import explication as t
from tid.ui import explication


def _titres(at) -> list[str]:
    return [s.value for s in at.subheader]


@pytest.mark.parametrize("code", list(t.INDICATEURS))
def test_a_link_opens_the_page_with_that_explanation_open(code):
    at = ouvrir(params={"programme": "TID", "explique": code})
    sans_erreur(at)
    tuiles = metriques(at)
    titre = next(x for x in _titres(at) if " : " in x)
    nom, valeur = titre.split(" : ", 1)
    assert t.CODES_DES_TUILES[nom] == code
    assert tuiles[nom] == valeur  # the dialog quotes the tile it explains
    assert any("Sources" in m.value for m in at.markdown)


def test_the_tile_button_writes_the_url_and_closing_removes_it():
    at = ouvrir(params={"programme": "TID"})
    assert "explique" not in at.query_params
    boutons = [b for b in at.button if b.label == t.BOUTON]
    assert len(boutons) >= 8  # one per tile, plus the charts' totals
    next(b for b in boutons if b.key == "explique_verse_tuile").click().run()
    sans_erreur(at)
    assert at.query_params["explique"] == "verse"
    assert "Versé (publié) : non publié" in _titres(at)


def test_an_unknown_code_opens_nothing():
    at = ouvrir(params={"programme": "TID", "explique": "<script>"})
    sans_erreur(at)
    assert not [x for x in _titres(at) if " : " in x]


def test_every_page_can_open_an_explanation():
    at = ouvrir("pages/vagues.py", {"programme": "DIAT", "explique": "laureats"})
    sans_erreur(at)
    assert "Lauréats : 12" in _titres(at)


@pytest.mark.parametrize("code", list(t.INDICATEURS))
def test_the_download_holds_exactly_the_rows_shown(base_seed, app_sur, code):
    """Excel-FR CSV (BOM, « ; », decimal comma): its amounts add up to the KPI."""
    app_sur(base_seed)
    filtres = {**aucun(), "programme": ["TID"]}
    indicateur = t.INDICATEURS[code]
    lignes = explication.lignes(indicateur, filtres)
    contenu, nom = explication.fichier(indicateur, lignes, filtres)
    assert contenu.startswith("\ufeff".encode())
    assert nom.endswith(".csv") and "programme-TID" in nom
    lu = pd.read_csv(io.BytesIO(contenu), sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
    assert len(lu) == len(lignes)
    kpi = db.fetch("kpi", **filtres).iloc[0]
    if indicateur.lignes == "mouvements":
        colonne = next(c for c in lu.columns if "compté" in c.lower())
        total = pd.to_numeric(lu[colonne].str.replace(",", "."), errors="coerce").sum()
        attendu = kpi[
            {
                "attribution": "montant_attribue_eur",
                "convention": "montant_conventionne_eur",
                "versement": "montant_verse_eur",
            }[indicateur.etape]
        ]
        assert total == pytest.approx(0 if pd.isna(attendu) else float(attendu))
    elif indicateur.lignes == "enveloppes":
        colonne = "Enveloppe (€)"
        total = pd.to_numeric(lu[colonne].str.replace(",", "."), errors="coerce").sum()
        assert total == float(kpi["enveloppe_eur"])
    else:
        assert set(lu["Identifiant"]) == set(lignes["projet_id"])


@pytest.mark.parametrize(
    "script", ["pages/vagues.py", "pages/axes-et-themes.py", "pages/territoires.py"]
)
def test_each_chart_total_has_its_explanation(script):
    at = ouvrir(script, {"programme": "TID"})
    boutons = [b for b in at.button if b.label == t.BOUTON]
    assert boutons, script
    boutons[0].click().run()
    sans_erreur(at)
    code = at.query_params["explique"]
    assert code in t.INDICATEURS
    assert any(x.startswith(t.INDICATEURS[code].titre + " : ") for x in _titres(at))


def test_a_large_list_shows_its_first_rows_and_says_the_file_holds_them_all(monkeypatch):
    monkeypatch.setattr(explication, "LIGNES_AFFICHEES", 2)
    at = ouvrir(params={"programme": "TID", "explique": "laureats"})
    sans_erreur(at)
    assert len(at.dataframe[-1].value) == 2
    assert "Les 2 premières lignes sur 13 ; le téléchargement les contient toutes." in [
        c.value for c in at.caption
    ]
