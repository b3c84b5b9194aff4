"""Page « Méthode et sources » in AppTest, inside the real dashboard.py frame."""

from __future__ import annotations

import csv

import pytest
from streamlit.testing.v1 import AppTest

from tid import db, documentation
from tid.db import SEED_DIR, SEED_TABLES
from tid.textes import montants_a_completer as textes_completer
from tid.ui import garde

PAGE = "pages/methode.py"
TERMES_GLOSSAIRE = (
    "attribué",
    "conventionné",
    "versé",
    "reste à attribuer",
    "reste à verser",
    "effet de levier",
    "couverture",
)


def lancer(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(db.ROOT / "dashboard.py"), default_timeout=60)
    for cle, valeur in (params or {}).items():
        at.query_params[cle] = valeur
    at.run()
    at.switch_page(PAGE).run()
    return at


def sans_erreur(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert garde.ERREUR_INATTENDUE not in [e.value for e in at.error]
    # a section of data/README.md the page could not read shows as a warning
    assert not [w.value for w in at.warning if "data/README.md" in w.value]


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.caption])


def tableau(at: AppTest, colonne: str):
    """The one dataframe of the page that has this column."""
    (frame,) = [d.value for d in at.dataframe if colonne in d.value.columns]
    return frame


def sources_du_seed() -> set[str]:
    """Every distinct token of every source column of data/seed (source_url, and the granting
    body's attribuant_source_url), read without SQL."""
    sources = set()
    for table in SEED_TABLES:
        with open(SEED_DIR / f"{table}.csv", encoding="utf-8", newline="") as f:
            for ligne in csv.DictReader(f):
                for colonne in ("source_url", "attribuant_source_url"):
                    sources.update((ligne.get(colonne) or "").split())
    return sources


@pytest.fixture(scope="module")
def page_seed(base_seed):
    """One run of the page on the real base, shared by the read-only checks below."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(db.DB_ENV_VAR, str(base_seed))
        yield lancer({"programme": "tous"})  # the whole base: both programmes


def test_page_runs_without_exception(page_seed):
    sans_erreur(page_seed)
    assert page_seed.title[0].value == "Méthode et sources"


def test_the_glossary_terms_are_shown(page_seed):
    texte = markdown(page_seed).casefold()
    for terme in TERMES_GLOSSAIRE:
        assert f"**{terme}**" in texte, terme
    assert "`outre_mer`" in texte, "table de règles des types de territoire"


def test_the_20_projects_without_a_published_amount_are_listed(page_seed):
    projets = tableau(page_seed, "Identifiant du projet")
    assert len(projets) == 20
    assert projets["Identifiant du projet"].is_unique
    assert "tid1-grandest" not in set(projets["Identifiant du projet"])  # 2,6 M€ attribués publiés
    assert "**20 lauréats sur 25**" in markdown(page_seed)
    assert "publié pour 5 projets sur 25" in markdown(page_seed)


def test_the_import_history_shows_the_seed_lot(page_seed):
    (lot,) = tableau(page_seed, "Empreinte SHA-256 (début)").to_dict("records")
    assert lot["Lot d'import"] == "1"
    assert lot["Fichier"] == "data/seed/*.csv"
    assert (lot["Auteur"], lot["Statut"], lot["Mouvements"]) == ("build", "appliqué", "12")
    assert len(lot["Empreinte SHA-256 (début)"]) == 12


def test_every_seed_source_is_counted_and_web_sources_are_links(page_seed):
    attendues = sources_du_seed()
    web = {s for s in attendues if s.startswith(("https://", "http://"))}
    texte = markdown(page_seed)
    assert f"**{len(attendues)} sources distinctes**" in texte
    assert f"({len(web)} adresses web" in texte
    for url in web:
        assert f"](<{url}>)" in texte, url
    assert "https://www.gouvernement.fr/innovation-territorial-lancement" in texte


def test_the_published_total_is_set_against_per_project_sums(page_seed):
    (total,) = tableau(page_seed, "Somme des montants publiés par projet").to_dict("records")
    assert total["Montant publié"] == "34\u202f600\u202f000\u00a0€"
    assert total["Nature du montant"] == "minimum (« plus de »)"
    assert total["Somme des montants publiés par projet"] == "6\u202f900\u202f000\u00a0€"
    # the one wording of the reconciliation (tid.textes), as on the home page and in `tid check`
    assert "plus de 34\u202f600\u202f000\u00a0€ pour 17 projets" in markdown(page_seed)


def test_only_the_coverage_list_follows_the_sidebar_filters(base_seed, app_sur):
    app_sur(base_seed)
    at = lancer({"region": "53"})
    sans_erreur(at)
    assert (
        len(tableau(at, "Identifiant du projet")) == 3
    )  # Bretagne: 3 laureates, no amount published
    assert "Région : Bretagne" in markdown(at)
    assert f"**{len(sources_du_seed())} sources distinctes**" in markdown(at)


def test_hand_checked_fixtures(base_fixtures, app_sur):
    """fx-b's only attribution is reversed: « non publié » again, like fx-c (never a 0 €)."""
    app_sur(base_fixtures)
    at = lancer()
    sans_erreur(at)
    assert list(tableau(at, "Identifiant du projet")["Identifiant du projet"]) == ["fx-b", "fx-c"]
    assert "](<https://example.org/fixture>)" in markdown(at)
    assert "**1 sources distinctes**" not in markdown(at)
    assert "**1 source distincte**" in markdown(at)


def test_a_readme_without_its_sections_degrades_to_a_warning(
    base_seed, app_sur, tmp_path, monkeypatch
):
    """The page still shows the base when data/README.md has lost a section it reads."""
    app_sur(base_seed)
    readme = tmp_path / "README.md"
    readme.write_text("# Données\n\nPlus de glossaire.\n", encoding="utf-8")
    monkeypatch.setattr(documentation, "README_DONNEES", readme)
    at = lancer({"programme": "tous"})
    assert not at.exception, [e.value for e in at.exception]
    assert garde.ERREUR_INATTENDUE not in [e.value for e in at.error]
    assert len([w for w in at.warning if "data/README.md" in w.value]) == 4
    assert len(tableau(at, "Identifiant du projet")) == 20


def test_the_coverage_list_offers_the_amounts_to_complete(base_seed, app_sur):
    """Beside « Lauréats sans montant publié »: a download, nothing a reader can upload."""
    app_sur(base_seed)
    at = lancer({"programme": "TID"})
    sans_erreur(at)
    assert [b.label for b in at.get("download_button")] == [
        textes_completer.libelle("csv"),
        textes_completer.libelle("xlsx"),
    ]
    assert textes_completer.LEGENDE in [c.value for c in at.caption]
    assert not at.file_uploader
