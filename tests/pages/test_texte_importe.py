"""Pages in AppTest on a base whose texts are hostile: every one is shown as data, never markup."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tid import charts, db, mots_de_passe, texte_brut
from tid.ui import garde

APP = str(db.ROOT / "dashboard.py")
MOT_DE_PASSE = "cheval correct agrafe"
PROJET = "tid2-bfc"
BIDI = "\u202e"
# Written into the base as they are: a base may hold them whatever the importer accepts today.
PROJET_HOSTILE = {
    "nom_projet": "# Titre injecté <a href='https://tiers.example/s'>soleil</a>",
    "porteur": f"![x](https://tiers.example/pixel.png) **Gras** :streamlit: {BIDI}fdp.exe",
    "partenaires": "[clic](https://tiers.example) www.tiers.example contact@tiers.example "
    ":red[rouge] $x^2$",
    "commune_siege": "<b>Ville</b> <img src=https://tiers.example/c.png> & Cie",
    "notes": "<img src=https://tiers.example/a.png>\n\n# Note titre\n> [n](javascript:alert(1))",
    "source_url": "javascript:alert(1) https://www.banquedesterritoires.fr/ok "
    "https://www.banquedesterritoires.fr@tiers.example/",
}
MOUVEMENT_HOSTILE = {
    "notes": "| a | b | <script>alert(1)</script>",
    "source_url": "data:text/html,x //tiers.example/m",
}
LOT_HOSTILE = {
    "nom_fichier": f"![f](https:tiers.example){BIDI}.csv",
    "message": "[m](https://tiers.example) lot",
}
LIEN_AUTORISE = "https://www.banquedesterritoires.fr/ok"
# a link target in Markdown source: `](` not escaped by a backslash
_CIBLE = re.compile(r"(?<!\\)\]\(<?([^)>\s]*)")


@pytest.fixture(scope="module")
def base_hostile(base_seed, tmp_path_factory):
    """The real base with hostile texts on one project, its ledger row and one import batch."""
    chemin = tmp_path_factory.mktemp("hostile") / "tid.duckdb"
    shutil.copy(base_seed, chemin)
    with db.writer(chemin) as con:
        for colonne, valeur in PROJET_HOSTILE.items():
            con.execute(
                f"UPDATE projet SET {colonne} = $v WHERE projet_id = $p", {"v": valeur, "p": PROJET}
            )
        for colonne, valeur in MOUVEMENT_HOSTILE.items():
            con.execute(
                f"UPDATE mouvement SET {colonne} = $v WHERE projet_id = $p",
                {"v": valeur, "p": PROJET},
            )
        con.execute(
            "INSERT INTO import_lot VALUES (99, now()::TIMESTAMP, $f, repeat('0', 64), 1, "
            "'Camille', 'applique', NULL, $m)",
            {"f": LOT_HOSTILE["nom_fichier"], "m": LOT_HOSTILE["message"]},
        )
    return chemin


@pytest.fixture(autouse=True)
def base(base_hostile, app_sur, monkeypatch):
    app_sur(base_hostile)
    monkeypatch.setenv(mots_de_passe.VARIABLE_ENV, mots_de_passe.hacher(MOT_DE_PASSE, n=2**10))


def ouvrir(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for cle, valeur in (params or {}).items():
        at.query_params[cle] = valeur
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert garde.ERREUR_INATTENDUE not in [e.value for e in at.error]
    return at


def markdown_rendu(at: AppTest) -> str:
    """Every text of the page that Streamlit renders as Markdown, as written by the page."""
    elements = [
        *at.title,
        *at.header,
        *at.markdown,
        *at.caption,
        *at.info,
        *at.warning,
        *at.error,
        *at.success,
    ]
    return "\n".join([e.value for e in elements] + [e.label for e in at.expander])


def assert_inerte(source: str) -> None:
    """No image, no link but to an http(s) source URL, no raw HTML, heading or bidi from data."""
    assert not re.search(r"(?<!\\)!\[", source)
    cibles = _CIBLE.findall(source)
    assert all(re.match(r"https?://[^@]+$", c) for c in cibles), cibles
    assert not [c for c in cibles if "tiers.example" in c or "javascript" in c], cibles
    assert not re.search(r"(?<!\\)<(img|a |b>|script)", source)
    assert not re.search(r"^\s*#+\s*(Titre injecté|Note titre)", source, re.M)
    assert BIDI not in source


def test_project_sheet_shows_every_field_as_written():
    at = ouvrir("pages/projets.py", {"projet": PROJET})
    source = markdown_rendu(at)
    assert_inerte(source)
    for colonne in ("nom_projet", "partenaires", "commune_siege"):
        assert texte_brut.markdown(PROJET_HOSTILE[colonne]) in source, colonne
    assert texte_brut.markdown(PROJET_HOSTILE["porteur"].replace(BIDI, "")) in source
    # the notes keep their lines, each escaped
    assert texte_brut.markdown(PROJET_HOSTILE["notes"], lignes=True) in source
    # sources: one link per http(s) URL, everything else as text
    assert source.count(f"(<{LIEN_AUTORISE}>)") == 1
    for reference in (
        "javascript:alert(1)",
        "https://www.banquedesterritoires.fr@tiers.example/",
        "data:text/html,x",
        "//tiers.example/m",
    ):
        assert texte_brut.markdown(reference) in source, reference
    # the select box and the tables are plain text: only the bidi override is dropped
    options = at.selectbox(key="projet").options
    assert not [o for o in options if BIDI in o]
    porteurs = at.dataframe[0].value["Porteur"].tolist()
    assert PROJET_HOSTILE["porteur"].replace(BIDI, "") in porteurs


def test_a_search_from_the_url_is_echoed_as_text():
    recherche = "![x](https://tiers.example/pixel.png)"
    at = ouvrir("pages/projets.py", {"recherche": recherche})
    source = markdown_rendu(at)
    assert_inerte(source)
    assert f"Recherche : « {texte_brut.markdown(recherche)} »" in source


def test_methode_lists_hostile_sources_as_text():
    at = ouvrir("pages/methode.py")
    source = markdown_rendu(at)
    assert_inerte(source)
    assert source.count(f"(<{LIEN_AUTORISE}>)") == 1
    assert f"{texte_brut.markdown('javascript:alert(1)')} (référence hors web)" in source
    # a source with user info counts as a web address but is shown as text, not as a link
    assert texte_brut.markdown("https://www.banquedesterritoires.fr@tiers.example/") in source
    historique = at.dataframe[-1].value
    assert LOT_HOSTILE["nom_fichier"].replace(BIDI, "") in historique["Fichier"].tolist()


def test_donnees_history_and_refused_cells_are_text():
    at = ouvrir("pages/donnees.py")
    at.text_input(key="tid_connexion_nom").input("Camille Martin")
    at.text_input(key="tid_connexion_mot_de_passe").input(MOT_DE_PASSE)
    at.button[0].click().run()
    lots = at.selectbox[0].options
    assert any(LOT_HOSTILE["nom_fichier"].replace(BIDI, "") in o for o in lots), lots
    assert not [o for o in lots if BIDI in o]
    # refused files: their problems quote the header or the cell as written
    for entete, cellule, cite in (
        ("![h](https://tiers.example/h.png)", "a", "![h](https://tiers.example/h.png)"),
        ("date_annonce", "[c](https://tiers.example) **x**", "[c](https://tiers.example) **x**"),
    ):
        fichier = f"projet_id;{entete}\r\n{PROJET};{cellule}\r\n".encode()
        at.file_uploader[0].upload("[f](https:tiers.example).csv", fichier, "text/csv").run()
        assert not at.exception, [e.value for e in at.exception]
        source = markdown_rendu(at)
        assert_inerte(source)
        assert f"« {texte_brut.markdown(cite)} »" in source


def test_sunburst_labels_are_escaped():
    at = ouvrir("pages/axes-et-themes.py")
    soleil = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if json.loads(c.proto.spec)["data"][0]["type"] == "sunburst"
    )
    labels = soleil["data"][0]["labels"]
    assert texte_brut.plotly(PROJET_HOSTILE["nom_projet"]) in labels
    assert "<a " not in json.dumps(soleil)


def test_map_tooltips_are_escaped():
    at = ouvrir("pages/territoires.py")
    carte = json.loads(at.get("plotly_chart")[0].proto.spec)
    sieges = next(t for t in carte["data"] if t.get("name") == charts.LIBELLE_SIEGES)
    survol = next(s for s in sieges["customdata"] if "Ville" in s)
    assert survol.startswith("<b>&lt;b&gt;Ville&lt;/b&gt; &lt;img src=https://tiers.example/c.png")
    assert "![x](https://tiers.example/pixel.png) **Gras**" in survol  # plotly reads no Markdown
    spec = json.dumps(carte)
    assert "<img" not in spec and "<a " not in spec and BIDI not in spec
