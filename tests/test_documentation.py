"""tid/documentation.py: section extraction, and invariants that fail when data/README.md drifts."""

from __future__ import annotations

import csv

import pytest

from tid import documentation
from tid.db import SEED_DIR, SEED_TABLES

TERMES_GLOSSAIRE = (
    "attribué",
    "conventionné",
    "versé",
    "reste à attribuer",
    "reste à verser",
    "effet de levier",
    "couverture",
)

EXEMPLE = """# Titre

Intro.

## Glossaire (référence)

| Terme | Définition |
|---|---|
| **Versé** | Payé. |

### Sous-partie

Gardée avec sa section.

```sh
# pas un titre : un commentaire dans un bloc de code
```

## Suite

Attribution à afficher : *Source : X ;
IGN.*

Autre paragraphe.
"""


@pytest.fixture(scope="module")
def readme() -> str:
    return documentation.README_DONNEES.read_text(encoding="utf-8")


def test_section_keeps_subsections_and_stops_at_the_next_heading_of_its_level():
    corps = documentation.section(EXEMPLE, "Glossaire")
    assert corps.startswith("| Terme |")
    assert "### Sous-partie" in corps
    assert "pas un titre" in corps
    assert "## Suite" not in corps
    assert "Attribution" not in corps


def test_section_runs_to_the_end_of_the_text_for_the_last_heading():
    assert documentation.section(EXEMPLE, "Suite").endswith("Autre paragraphe.")


def test_a_heading_inside_a_code_block_is_not_a_section():
    with pytest.raises(documentation.SectionIntrouvable):
        documentation.section(EXEMPLE, "pas un titre")


def test_a_missing_section_or_paragraph_is_an_error():
    with pytest.raises(documentation.SectionIntrouvable, match="Absente"):
        documentation.section(EXEMPLE, "Absente")
    with pytest.raises(documentation.SectionIntrouvable):
        documentation.paragraphe(EXEMPLE, "Rien")
    with pytest.raises(documentation.SectionIntrouvable):
        documentation.tableau("pas de tableau ici")


def test_paragraphe_returns_the_rest_of_the_paragraph_on_one_line():
    assert documentation.paragraphe(EXEMPLE, "Attribution à afficher :") == "*Source : X ; IGN.*"


def test_tableau_alone_or_with_its_introduction():
    texte = "Lire ainsi.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAprès."
    assert documentation.tableau(texte) == "| a | b |\n|---|---|\n| 1 | 2 |"
    assert documentation.tableau(texte, intro=True).startswith("Lire ainsi.\n\n| a | b |")
    assert documentation.lignes_tableau(documentation.tableau(texte)) == [["1", "2"]]


# Invariants: the page shows these parts of data/README.md; they fail if the README drifts.


def test_the_glossary_defines_every_term_the_app_uses(readme):
    table = documentation.tableau(documentation.section(readme, "Glossaire"))
    termes = {ligne[0].casefold() for ligne in documentation.lignes_tableau(table)}
    assert set(TERMES_GLOSSAIRE) <= termes
    definitions = {ligne[0].casefold(): ligne[1] for ligne in documentation.lignes_tableau(table)}
    assert all(definitions[t] for t in TERMES_GLOSSAIRE)


def test_the_territory_rule_table_lists_the_seed_territory_types(readme):
    table = documentation.tableau(documentation.section(readme, "Types de territoire"))
    codes = [ligne[1] for ligne in documentation.lignes_tableau(table)]
    with open(SEED_DIR / "type_territoire.csv", encoding="utf-8", newline="") as f:
        attendus = {ligne["type_territoire"] for ligne in csv.DictReader(f)}
    assert sorted(codes) == sorted(attendus)
    assert codes[0] == "outre_mer", "la règle outre-mer s'applique en premier"


def test_the_licence_attribution_names_its_producers(readme):
    attribution = documentation.paragraphe(
        readme, "Attribution à afficher pour les données géographiques :"
    )
    for mot in ("INSEE", "IGN", "Etalab", "Licence Ouverte", "2023", "Mayotte : recensement 2017"):
        assert mot in attribution


def test_the_files_table_gives_a_licence_for_each_seed_file(readme):
    table = documentation.tableau(documentation.section(readme, "Fichiers, sources et licences"))
    fichiers = " ".join(ligne[0] for ligne in documentation.lignes_tableau(table))
    licences = [ligne[3] for ligne in documentation.lignes_tableau(table)]
    assert [t for t in SEED_TABLES if f"{t}.csv" not in fichiers] == []
    assert all(licences)


def test_the_seed_reading_date_is_read_from_data_readme(readme):
    """« Sources consultées le … » comes from the README's « Extraction » line, not from code."""
    import datetime as dt

    assert documentation.date_extraction(readme) == dt.date(2026, 11, 29)
    texte = "- **Extraction** : faits publics relevés jusqu'au 1er mars 2027 dans …"
    assert documentation.date_extraction(texte) == dt.date(2027, 3, 1)
    assert documentation.date_extraction("- **Extraction** : non datée") is None
    assert documentation.date_extraction("**Extraction** : jusqu'au 3 brumaire 2027") is None
