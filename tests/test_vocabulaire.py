"""tid/vocabulaire.py: one label per column, and the glossary of data/README.md read the same by
the XLSX « Lisez-moi », the KPI help and the Méthode page (R14: fails when they drift)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import datetime

import openpyxl
import pytest

from tid import db, documentation, exports, vocabulaire
from tid.filtres import aucun

# The home page's KPI tiles (dashboard.py), each with its help text from the glossary.
KPI_ACCUEIL = (
    "enveloppe_eur",
    "montant_attribue_eur",
    "montant_conventionne_eur",
    "montant_verse_eur",
    "reste_a_attribuer_max_eur",
    "nb_projets",
    "couverture",
    "effet_levier",
)
_LIGNE_GLOSSAIRE = re.compile(r"^\| \*\*(?P<terme>[^*]+)\*\* \| (?P<definition>.+?) \|$")


def _glossaire_du_readme() -> dict[str, str]:
    """data/README.md's glossary read here on its own (not by tid.vocabulaire's parser), as
    plain text: bold dropped, `code` in French quotes."""
    texte = documentation.README_DONNEES.read_text(encoding="utf-8")
    section = texte.split("\n## Glossaire", 1)[1].split("\n## ", 1)[0]
    termes = {}
    for ligne in section.splitlines():
        trouve = _LIGNE_GLOSSAIRE.match(ligne.strip())
        if trouve:
            definition = re.sub(r"`([^`]+)`", r"« \1 »", trouve["definition"].replace("**", ""))
            termes[trouve["terme"]] = definition
    return termes


@pytest.fixture(scope="module")
def glossaire_readme() -> dict[str, str]:
    termes = _glossaire_du_readme()
    assert len(termes) >= 10, "le glossaire de data/README.md n'a pas été trouvé"
    return termes


def _definitions_lisez_moi(contenu: bytes) -> dict[str, str]:
    """The rows between « Définitions » and the next blank row of the « Lisez-moi » sheet."""
    feuille = openpyxl.load_workbook(io.BytesIO(contenu))["Lisez-moi"]
    lignes = [(cle, valeur) for cle, valeur in feuille.iter_rows(values_only=True)]
    debut = next(i for i, (cle, _) in enumerate(lignes) if cle == "Définitions") + 1
    fin = next(i for i in range(debut, len(lignes)) if not lignes[i][0])
    return dict(lignes[debut:fin])


def test_le_glossaire_lu_est_celui_du_readme(glossaire_readme):
    assert vocabulaire.glossaire() == glossaire_readme
    assert glossaire_readme == vocabulaire.GLOSSAIRE


@pytest.mark.parametrize("objet", list(exports.OBJETS))
def test_le_lisez_moi_d_un_vrai_extrait_dit_le_glossaire(con_fixtures, glossaire_readme, objet):
    requete = exports.OBJETS[objet][0]
    frame = db.run(con_fixtures, requete, **aucun(), recherche=None, limite=None)
    prov = exports.provenance(objet, frame, aucun(), "aucun filtre", "1 janvier 2023", None)
    contenu = exports.fichier(objet, "xlsx", frame, prov, datetime(2026, 11, 29, 9, 30))
    definitions = _definitions_lisez_moi(contenu)
    assert list(definitions) == list(vocabulaire.TERMES_LISEZ_MOI)
    for terme, texte in definitions.items():
        assert texte == glossaire_readme[terme], terme
    licence = openpyxl.load_workbook(io.BytesIO(contenu))["Lisez-moi"]
    assert [v for c, v in licence.iter_rows(values_only=True) if c == "Licence"] == [
        vocabulaire.licence_extraits()
    ]


@pytest.mark.parametrize("cle", KPI_ACCUEIL)
def test_l_aide_d_un_indicateur_est_faite_du_glossaire(glossaire_readme, cle):
    paragraphes = vocabulaire.aide(cle).split("\n\n")
    assert paragraphes
    for paragraphe in paragraphes:
        terme, definition = re.fullmatch(r"\*\*(.+?)\*\* : (.+)", paragraphe, re.S).groups()
        assert definition == glossaire_readme[terme], (cle, terme)


def test_chaque_aide_sert_un_indicateur_de_l_accueil():
    assert set(vocabulaire.AIDES) == set(KPI_ACCUEIL)


def test_un_terme_absent_du_glossaire_leve_keyerror():
    with pytest.raises(KeyError):
        vocabulaire.definition("Montant estimé")


@pytest.mark.parametrize("objet", list(exports.OBJETS))
def test_chaque_colonne_exportee_a_son_libelle(con_fixtures, objet):
    """An exported column without a label in LIBELLES fails here; headers are labels + unit."""
    requete, colonnes, _ = exports.OBJETS[objet]
    frame = db.run(con_fixtures, requete, **aucun(), recherche=None, limite=None)
    assert set(colonnes) <= set(frame.columns)
    sans_libelle = [code for code in colonnes if code not in vocabulaire.LIBELLES]
    assert not sans_libelle
    # the one header a file keeps apart from its label (the projects' identifier, tid.entetes)
    propres = {("projets", "projet_id"): "Identifiant"}
    for code, entete in colonnes.items():
        libelle = vocabulaire.LIBELLES[code] + (" (€)" if code.endswith("_eur") else "")
        assert entete == propres.get((objet, code), libelle), code


def test_libelles_garde_l_ordre_et_refuse_une_faute_de_frappe():
    assert list(vocabulaire.libelles("nb_projets", "montant_attribue_eur").items()) == [
        ("nb_projets", "Lauréats"),
        ("montant_attribue_eur", "Attribué publié"),
    ]
    with pytest.raises(KeyError):
        vocabulaire.libelles("montant_atribue_eur")


def test_un_libelle_par_mot_du_glossaire():
    """attribué ≠ conventionné ≠ versé (R14): each amount column says its glossary word."""
    for code, mot in (
        ("montant_attribue_eur", "Attribué"),
        ("montant_conventionne_eur", "Conventionné"),
        ("montant_verse_eur", "Versé"),
        ("enveloppe_eur", "Enveloppe"),
        ("reste_a_attribuer_max_eur", "Reste à attribuer"),
        ("effet_levier", "Effet de levier"),
    ):
        assert vocabulaire.LIBELLES[code].startswith(mot), code
        assert mot in vocabulaire.glossaire()


def test_un_readme_modifie_change_aide_et_lisez_moi(tmp_path, monkeypatch):
    """The one source: a definition changed in the README is what every reader then says."""
    texte = documentation.README_DONNEES.read_text(encoding="utf-8")
    modifie = tmp_path / "README.md"
    ancien = "| **Versé** | Montant effectivement payé au lauréat. |"
    assert ancien in texte
    modifie.write_text(texte.replace(ancien, "| **Versé** | Payé, `versement` compris. |"))
    monkeypatch.setattr(documentation, "README_DONNEES", modifie)
    assert vocabulaire.definition("Versé") == "Payé, « versement » compris."
    assert vocabulaire.aide("montant_verse_eur").startswith("**Versé** : Payé, « versement »")


def test_les_attributions_sont_celles_des_readme():
    assert vocabulaire.licence_extraits() == (
        "faits publics cités ; données géographiques INSEE / IGN sous Licence Ouverte."
    )
    attribution = vocabulaire.attribution_carte()
    assert attribution.startswith("Contours : IGN – Admin Express COG 2018 (Licence Ouverte)")
    assert attribution.endswith(
        "Sièges : centroïdes des communes calculés d'après IGN – Admin Express COG 2018."
    )
    # the Data Package's description: data/README.md's sentence, its Markdown italics dropped
    geographique = vocabulaire.attribution_geographique()
    assert geographique.startswith("Source : INSEE – Code officiel géographique ;")
    assert geographique.endswith("via Etalab – Licence Ouverte.")
    assert "*" not in geographique


def test_aucune_lecture_a_l_import():
    """R12: importing the module reads no file; the glossary is read on first use."""
    code = (
        "import tid.vocabulaire as v, tid.exports, tid.exports.paquet, tid.entetes;"
        "assert v._glossaire.cache_info().currsize == 0;"
        "assert v._paragraphe.cache_info().currsize == 0"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
