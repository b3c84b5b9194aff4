"""tid/charts/theme.py: the palette comes from the app's theme, euro ticks read in French."""

import pytest

from tid import charts
from tid.charts import theme


def test_palette_comes_from_the_streamlit_theme():
    assert charts.palette()[:3] == ["#0072B2", "#E69F00", "#009E73"]


def test_the_theme_is_read_without_tid_db():
    """charts sit below db in the layers: config.toml is found from the package itself."""
    assert (theme.RACINE / ".streamlit" / "config.toml").is_file()
    assert theme.theme()["chartCategoricalColors"][0] == "#0072B2"


@pytest.mark.parametrize(
    ("maximum", "dernier", "texte"),
    [
        (15_000_000, 15_000_000, "15\u00a0M€"),
        (2_600_000, 3_000_000, "3\u00a0M€"),
        (0, 0, "0\u00a0€"),
    ],
)
def test_graduations_euros(maximum, dernier, texte):
    valeurs, textes = charts.graduations_euros(maximum)
    assert valeurs[0] == 0 and valeurs[-1] == dernier and textes[-1] == texte
    assert all("\u202f" not in t for t in textes)


def test_charts_are_serialized_by_orjson():
    """st.plotly_chart calls plotly.io.to_json at every run: orjson makes it ~9x faster."""
    import importlib.util

    import plotly.io as pio

    assert importlib.util.find_spec("orjson") is not None
    assert pio.json.config.default_engine in ("auto", "orjson")
