"""DataFrame in, plotly Figure out: French separators, accessible palette; no st.* calls (R7)."""

from __future__ import annotations

import math
import tomllib
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from tid import fmt
from tid.db import ROOT

# plotly draws U+202F with no width: NBSP as thousands separator (STACK_NOTES.md)
SEPARATEURS = ",\u00a0"
POLICE = "Source Sans, sans-serif"
GRIS_NON_PUBLIE = "#6b6b6b"
ETAPES = (
    ("enveloppe_eur", "Enveloppe de la vague"),
    ("montant_attribue_eur", "Attribué (publié)"),
    ("montant_conventionne_eur", "Conventionné (publié)"),
    ("montant_verse_eur", "Versé (publié)"),
)


@lru_cache(maxsize=1)
def theme() -> dict:
    """The [theme] table of .streamlit/config.toml: one palette for the app and its charts."""
    with open(ROOT / ".streamlit" / "config.toml", "rb") as f:
        return tomllib.load(f)["theme"]


def palette() -> list[str]:
    """Colour-blind-safe categorical colours (Okabe–Ito), in the order of config.toml."""
    return list(theme()["chartCategoricalColors"])


def _mise_en_page(fig: go.Figure, titre: str, hauteur: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": fmt.pour_plotly(titre), "x": 0, "xanchor": "left"},
        separators=SEPARATEURS,
        font={"family": POLICE, "size": 14},
        height=hauteur,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        plot_bgcolor="white",
        hoverlabel={"font_family": POLICE},
    )
    return fig


def graduations_euros(maximum: float, nb: int = 5) -> tuple[list[float], list[str]]:
    """Round tick values from 0 to above `maximum`, labelled « 15 M€ » (Babel via tid.fmt)."""
    if not maximum or maximum <= 0 or math.isnan(maximum):
        return [0.0], [fmt.pour_plotly(fmt.euros_compact(0))]
    brut = maximum / nb
    puissance = 10 ** math.floor(math.log10(brut))
    pas = next(m * puissance for m in (1, 2, 2.5, 5, 10) if m * puissance >= brut)
    valeurs = [i * pas for i in range(math.ceil(maximum / pas) + 1)]
    return valeurs, [fmt.pour_plotly(fmt.euros_compact(v)) for v in valeurs]


def chaine_par_vague(df: pd.DataFrame, titre: str) -> go.Figure:
    """Grouped bars per wave: envelope, then published attributed / conventioned / paid amounts."""
    fig = go.Figure()
    couleurs = [GRIS_NON_PUBLIE, *palette()]
    libelles_x = [
        fmt.pour_plotly(
            f"{r.libelle}<br>{fmt.nombre(r.nb_projets)} lauréat{'s' if r.nb_projets > 1 else ''}"
        )
        for r in df.itertuples()
    ]
    maximum = 0.0
    for (colonne, nom), couleur in zip(ETAPES, couleurs, strict=False):
        valeurs = pd.to_numeric(df[colonne], errors="coerce")
        maximum = max(maximum, float(valeurs.max()) if valeurs.notna().any() else 0.0)
        textes = [fmt.pour_plotly(fmt.euros_compact(v)) for v in valeurs]
        survols = [fmt.pour_plotly(fmt.euros(v)) for v in valeurs]
        fig.add_bar(
            name=nom,
            x=libelles_x,
            y=valeurs.fillna(0),
            text=textes,
            textposition="outside",
            customdata=survols,
            hovertemplate=f"{nom} : %{{customdata}}<extra></extra>",
            marker_color=couleur,
            marker_pattern_shape="/" if colonne == "enveloppe_eur" else "",
        )
    valeurs_y, textes_y = graduations_euros(maximum * 1.1)
    fig.update_yaxes(
        tickvals=valeurs_y, ticktext=textes_y, range=[0, valeurs_y[-1]], gridcolor="#e5e5e5"
    )
    fig.update_layout(barmode="group", bargap=0.25)
    return _mise_en_page(fig, titre)
