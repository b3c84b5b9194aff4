"""The house look of every figure: palette, French separators and tool bar, euro ticks, layout."""

from __future__ import annotations

import math
import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path

import plotly.graph_objects as go

from tid import fmt

# the app's root, found from here: charts read config.toml without depending on tid.db
RACINE = Path(__file__).resolve().parents[2]
# plotly draws U+202F with no width: NBSP as thousands separator (STACK_NOTES.md)
SEPARATEURS = ",\u00a0"
POLICE = "Source Sans, sans-serif"
GRIS_NON_PUBLIE = "#6b6b6b"
# Chart text is set here, not left to Streamlit's plotly theme: its grey #808495 gives axis
# ticks and bar labels 3.7:1 on white, under the 4.5:1 of WCAG 1.4.3 (docs/accessibility.md).
TEXTE = "#161616"  # titles, labels, values: 18:1 on white, as the app's theme.textColor
TEXTE_SECONDAIRE = "#595959"  # ticks, subtitles (filters): 7:1 on white
BLANC = "#ffffff"
# The plotly tool bar and dates in French: plotly.js ships English only, and a locale passed in
# the config needs no file (nothing is fetched). Keys are plotly.js's own English strings.
LOCALE_FR = {
    "dictionary": {
        "Autoscale": "Échelle automatique",
        "Box Select": "Sélection rectangulaire",
        "Click to enter Colorscale title": "Cliquez pour saisir le titre de l'échelle",
        "Compare data on hover": "Comparer les valeurs au survol",
        "Double-click to zoom back out": "Double-cliquez pour revenir à la vue d'ensemble",
        "Download plot as a PNG": "Télécharger le graphique (PNG)",
        "Download plot": "Télécharger le graphique",
        "Fullscreen": "Plein écran",
        "Image download succeeded": "Image téléchargée",
        "Lasso Select": "Sélection au lasso",
        "Pan": "Déplacer",
        "Preparing image - this may take a few seconds": "Préparation de l'image…",
        "Reset axes": "Réinitialiser les axes",
        "Reset view": "Réinitialiser la vue",
        "Reset views": "Réinitialiser les vues",
        "Reset": "Réinitialiser",
        "Show closest data on hover": "Valeur la plus proche au survol",
        "Sorry, there was a problem downloading your image!": (
            "Le téléchargement de l'image a échoué."
        ),
        "Toggle Spike Lines": "Lignes de repère",
        "Toggle show closest data on hover": "Valeur la plus proche au survol",
        "Zoom in": "Zoom avant",
        "Zoom out": "Zoom arrière",
        "Zoom": "Zoom",
    },
    "format": {
        "days": ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        "shortDays": ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
        "months": [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "shortMonths": [
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ],
        "date": "%d/%m/%Y",
        "decimal": ",",
        "thousands": "\u00a0",
    },
}
# `config` of every st.plotly_chart: French tool bar, no plotly logo (a link to its site).
CONFIG_PLOTLY = {"displaylogo": False, "locale": "fr", "locales": {"fr": LOCALE_FR}}


@lru_cache(maxsize=1)
def theme() -> dict:
    """The [theme] table of .streamlit/config.toml: one palette for the app and its charts."""
    with open(RACINE / ".streamlit" / "config.toml", "rb") as f:
        return tomllib.load(f)["theme"]


def palette() -> list[str]:
    """Colour-blind-safe categorical colours (Okabe–Ito), in the order of config.toml."""
    return list(theme()["chartCategoricalColors"])


def contraste(couleur_a: str, couleur_b: str) -> float:
    """WCAG 2.1 contrast ratio of two "#rrggbb" colours, from 1 to 21."""

    def luminance(couleur: str) -> float:
        canaux = [int(couleur.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in canaux)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    clair, sombre = sorted((luminance(couleur_a), luminance(couleur_b)), reverse=True)
    return (clair + 0.05) / (sombre + 0.05)


def texte_sur(fond: str) -> str:
    """Black or white, whichever reads best on `fond` (≥ 4.5:1 on every colour of the palette)."""
    return "#000000" if contraste(fond, "#000000") >= contraste(fond, BLANC) else BLANC


def _fusionner(cible: dict, ajout: dict) -> None:
    """Deep-merge `ajout` into `cible` (dicts merged, anything else replaced), as plotly's
    update_* methods do."""
    for cle, valeur in ajout.items():
        if isinstance(valeur, dict) and isinstance(cible.get(cle), dict):
            _fusionner(cible[cle], valeur)
        elif isinstance(valeur, dict):
            cible[cle] = {}
            _fusionner(cible[cle], valeur)
        else:
            cible[cle] = valeur


@cache
def _a_une_barre_de_couleur(type_trace: str) -> bool:
    """Whether a trace type has a top-level `colorbar` (choropleth, heatmap…), per plotly."""
    return "colorbar" in go.Figure({"data": [{"type": type_trace}]}, _validate=False).data[0]


AXE_X = re.compile(r"xaxis\d*")
AXE_Y = re.compile(r"yaxis\d*")


def mise_en_page(fig: go.Figure, titre: str, hauteur: int = 420) -> go.Figure:
    """The house layout (title, French separators, fonts, readable text colours) on a new figure.

    Done on the figure's dict and rebuilt without re-validation: plotly's update_* methods cost
    ~30 ms per chart, most of a page's fixed cost (BENCHMARKS.md); the dict is the same
    (compared with the update_* version until issue 12, pinned since by tests/golden/).
    """
    spec = fig.to_dict()
    layout = spec.setdefault("layout", {})
    _fusionner(
        layout,
        {
            "title": {
                "text": fmt.pour_plotly(titre),
                "x": 0,
                "xanchor": "left",
                "font": {"color": TEXTE},
                "subtitle": {"font": {"color": TEXTE_SECONDAIRE}},
            },
            "separators": SEPARATEURS,
            "font": {"family": POLICE, "size": 14, "color": TEXTE},
            "height": hauteur,
            "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
            "legend": {
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.0,
                "x": 0,
                "font": {"color": TEXTE},
            },
            "plot_bgcolor": "white",
            "hoverlabel": {"font": {"family": POLICE}},
        },
    )
    # Streamlit's theme colours ticks, subplot titles, bar labels and colour bars in a light grey
    axes_x = [cle for cle in layout if AXE_X.fullmatch(cle)] or ["xaxis"]
    axes_y = [cle for cle in layout if AXE_Y.fullmatch(cle)] or ["yaxis"]
    for axes, couleur_graduations in ((axes_x, TEXTE_SECONDAIRE), (axes_y, TEXTE)):
        for cle in axes:
            _fusionner(
                layout.setdefault(cle, {}),
                {"tickfont": {"color": couleur_graduations}, "title": {"font": {"color": TEXTE}}},
            )
    for annotation in layout.get("annotations", []):
        _fusionner(annotation, {"font": {"color": TEXTE}})
    for trace in spec.get("data", []):
        if trace.get("type") == "bar":
            _fusionner(trace, {"textfont": {"color": TEXTE}})
        if _a_une_barre_de_couleur(trace.get("type", "scatter")):
            _fusionner(
                trace,
                {
                    "colorbar": {
                        "tickfont": {"color": TEXTE_SECONDAIRE},
                        "title": {"font": {"color": TEXTE}},
                    }
                },
            )
    return go.Figure(spec, _validate=False)


def graduations_euros(maximum: float, nb: int = 5) -> tuple[list[float], list[str]]:
    """Round tick values from 0 to above `maximum`, labelled « 15 M€ » (Babel via tid.fmt)."""
    if not maximum or maximum <= 0 or math.isnan(maximum):
        return [0.0], [fmt.pour_plotly(fmt.euros_compact(0))]
    brut = maximum / nb
    puissance = 10 ** math.floor(math.log10(brut))
    pas = next(m * puissance for m in (1, 2, 2.5, 5, 10) if m * puissance >= brut)
    valeurs = [i * pas for i in range(math.ceil(maximum / pas) + 1)]
    return valeurs, [fmt.pour_plotly(fmt.euros_compact(v)) for v in valeurs]
