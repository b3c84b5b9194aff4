"""SCDL both ways in Chromium: a maintainer imports a SCDL « subventions » file on « Données »
(programme and public address asked, preview, apply), the home page's attributed amount moves
by its amount, and « Projets » offers the SCDL file with the laureates it cannot hold listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import (
    connecter_et_deposer,
    serve_for_maintainers,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

NOM_FICHIER = "subventions-cdc.csv"
# Toulouse Métropole (SIREN 243100518, TID), whose attributed amount is not published; the
# establishment digits and the amount are made up for the test.
SCDL = (
    "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,"
    "idBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,"
    "notificationUE,pourcentageSubvention\n"
    "Caisse des dépôts et consignations,18002002600019,2023-05-16,ESSAI-1,Toulouse Métropole,"
    "24310051800017,Essai,1500000.00,aide en numéraire,unique,2023-06-01,non,1\n"
).encode()


def _attribue(page) -> str:
    tuile = page.locator('[data-testid="stMetric"]').filter(has_text="Attribué")
    return tuile.first.locator('[data-testid="stMetricValue"]').inner_text().replace("\xa0", " ")


@pytest.fixture(scope="module")
def serveur(tmp_path_factory):
    """Its own server and base: the import below writes to it."""
    with serve_for_maintainers(tmp_path_factory.mktemp("tid_scdl")) as base_url:
        yield base_url


def test_a_scdl_file_is_imported_on_donnees_and_moves_the_attributed_amount(page, serveur):
    page.goto(f"{serveur}/?programme=TID")
    wait_for_app(page)
    assert _attribue(page) == "6,9 M€"
    connecter_et_deposer(page, serveur, NOM_FICHIER, SCDL)
    # the file cannot say which programme nor where it is published: asked before the preview
    assert page.get_by_role("heading", name="3. Vérifier l'aperçu").count() == 0
    page.get_by_role("combobox", name="Programme que concernent les lignes du fichier").click()
    page.get_by_role("option", name=re.compile("^TID")).click()
    wait_for_app(page)
    adresse = page.get_by_label("Adresse publique où le fichier est publié")
    adresse.fill("https://example.org/essai/subventions-cdc.csv")
    adresse.press("Enter")
    wait_for_app(page)
    page.get_by_role("heading", name="3. Vérifier l'aperçu").wait_for()
    texte = page.locator('[data-testid="stMain"]').inner_text()
    assert "SCDL" in texte, texte
    page.get_by_role("button", name="Appliquer l'import").click()
    wait_for_app(page)
    assert "Import appliqué" in page.locator('[data-testid="stAlertContentSuccess"]').inner_text()

    page.goto(f"{serveur}/?programme=TID")
    wait_for_app(page)
    assert _attribue(page) == "8,4 M€"  # 6,9 M€ + the file's 1,5 M€

    page.goto(f"{serveur}/projets?programme=TID")
    wait_for_app(page)
    page.get_by_text("Publier en données ouvertes").scroll_into_view_if_needed()
    assert page.get_by_text(re.compile(r"^0 ligne publiable sur 13 lauréats")).count() == 1
    with page.expect_download() as telechargement:
        page.get_by_role("button", name="Subventions (SCDL, données ouvertes)").click()
    contenu = Path(telechargement.value.path()).read_bytes()
    assert contenu.startswith(b"nomAttribuant,idAttribuant,dateConvention,")
