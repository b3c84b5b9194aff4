"""tid/ui/blocs.py: a chart's title is also written by Streamlit, as text, for narrow screens."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tid import texte_brut

NOM_IMPORTE = "Métropole <b>**x**</b> & [lien](https://tiers.example)"


def _deux_graphiques():
    import plotly.graph_objects as go

    from tests.ui.test_blocs import NOM_IMPORTE
    from tid import texte_brut
    from tid.charts.theme import mise_en_page
    from tid.ui import blocs

    # markup in an imported name stays text, in plotly's title and in Streamlit's
    figure = mise_en_page(go.Figure(go.Bar(x=[1])), f"Par – {texte_brut.plotly(NOM_IMPORTE)}")
    figure.update_layout(title_subtitle_text="Filtres : aucun")
    blocs.graphique(figure, "Premier graphique")
    blocs.graphique(mise_en_page(go.Figure(go.Bar(x=[2])), "Second<br>titre"), "Second")


def test_the_title_is_written_again_as_plain_text_once_per_chart():
    at = AppTest.from_function(_deux_graphiques).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2
    titres = [m.value for m in at.markdown]
    assert titres == [
        f"**{texte_brut.markdown(f'Par – {NOM_IMPORTE}')}**",
        # plotly's line break becomes the dash it replaced
        "**Second – titre**",
    ]
    assert [c.value for c in at.caption] == [texte_brut.markdown("Filtres : aucun")]
