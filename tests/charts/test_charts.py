"""tid/charts/: every figure is valid plotly, escapes the data's HTML, and the package stays low."""

import ast
import json
from pathlib import Path

import plotly.graph_objects as go

from tests.golden import figures as golden
from tid import charts, db

PAQUET = Path(charts.__file__).parent


def _toutes_les_figures(con) -> list[go.Figure]:
    """Every kind of figure the pages draw, on the seed, with and without a filter."""
    return [fabrique(con) for fabrique in golden.cas().values()]


def test_every_figure_passes_plotly_validation(con_seed):
    figures = _toutes_les_figures(con_seed)
    assert len(figures) == 26
    for fig in figures:
        go.Figure(fig.to_dict())  # raises ValueError on any unknown or invalid property


def test_every_golden_figure_is_checked_by_its_module_test():
    """A golden file per case, and each case named after a module of tid/charts."""
    modules = {chemin.stem for chemin in PAQUET.glob("*.py")}
    assert {nom.split(".")[0] for nom in golden.cas()} <= modules
    assert sorted(f"{nom}.json" for nom in golden.cas()) == sorted(
        chemin.name for chemin in golden.DOSSIER.glob("*.json")
    )


def test_charts_need_neither_streamlit_nor_the_database():
    """The layer rule: DataFrame in, Figure out; tid.db and st.* are above or beside."""
    for chemin in PAQUET.glob("*.py"):
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.Import):
                importes = [alias.name for alias in noeud.names]
            elif isinstance(noeud, ast.ImportFrom):
                base = noeud.module or ""
                importes = [base, *(f"{base}.{alias.name}" for alias in noeud.names)]
            else:
                continue
            for nom in importes:
                assert not nom.startswith(("streamlit", "tid.db", "duckdb")), (chemin.name, nom)


# Text columns the figures show; codes and milestone names stay as they are (they select things)
ETIQUETTES = {
    "libelle",
    "nom",
    "porteur",
    "nom_projet",
    "commune_siege",
    "axe_libelle",
    "theme_libelle",
    "type_territoire_libelle",
    "projet_libelle",
    "vague_libelle",
    "departement_libelle",
    "region_libelle",
}
HTML_HOSTILE = "<a href='https://tiers.example'>lien</a> <img src=https://tiers.example/i.png> "


def test_no_figure_reads_html_from_the_data(con_seed, monkeypatch):
    """plotly reads <a href>, <img>, <b> in any text: every label from the data is escaped."""
    lire = db.run

    def lire_hostile(con, nom, **parametres):
        df = lire(con, nom, **parametres)
        for colonne in ETIQUETTES & set(df.columns):
            df[colonne] = [HTML_HOSTILE + v if isinstance(v, str) else v for v in df[colonne]]
        return df

    monkeypatch.setattr(db, "run", lire_hostile)
    for fig in _toutes_les_figures(con_seed):
        # parsed back: plotly's JSON writes < as \u003c
        spec = json.dumps(json.loads(fig.to_json()), ensure_ascii=False)
        assert "<a href" not in spec and "<img" not in spec, spec[:300]
        assert "&lt;a href='https://tiers.example'&gt;lien&lt;/a&gt;" in spec, spec[:300]
