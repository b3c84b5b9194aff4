"""DataFrame in, plotly Figure out: French separators, accessible palette; no st.* calls (R7)."""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from functools import cache, lru_cache

import pandas as pd
import plotly.graph_objects as go

from tid import fmt, texte_brut
from tid.db import ROOT

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
NON_PUBLIE_COURT = "n. p."
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


def _mise_en_page(fig: go.Figure, titre: str, hauteur: int = 420) -> go.Figure:
    """The house layout (title, French separators, fonts, readable text colours) on a new figure.

    Done on the figure's dict and rebuilt without re-validation: plotly's update_* methods cost
    ~30 ms per chart, most of a page's fixed cost (BENCHMARKS.md); the dict is the same
    (tests/test_charts.py compares it with the update_* version, and validates every chart).
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


def chaine_par_vague(df: pd.DataFrame, titre: str) -> go.Figure:
    """Grouped bars per wave: envelope, then published attributed / conventioned / paid amounts."""
    fig = go.Figure()
    couleurs = [GRIS_NON_PUBLIE, *palette()]
    libelles_x = [
        texte_brut.plotly(r.libelle)
        + fmt.pour_plotly(
            f"<br>{fmt.nombre(r.nb_projets)} lauréat{'s' if r.nb_projets > 1 else ''}"
        )
        for r in df.itertuples()
    ]
    maximum = 0.0
    for (colonne, nom), couleur in zip(ETAPES, couleurs, strict=False):
        valeurs = pd.to_numeric(df[colonne], errors="coerce")
        maximum = max(maximum, float(valeurs.max()) if valeurs.notna().any() else 0.0)
        # « n. p. » keeps four labels side by side legible; the caption spells it out
        textes = [
            NON_PUBLIE_COURT if pd.isna(v) else fmt.pour_plotly(fmt.euros_compact(v))
            for v in valeurs
        ]
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
    # one label size for every bar: plotly shrinks only the labels wider than their bar
    fig.update_layout(barmode="group", bargap=0.25, uniformtext={"minsize": 9, "mode": "show"})
    return _mise_en_page(fig, titre)


def _textes_valeur(valeurs: pd.Series, colonne: str) -> list[str]:
    """Bar labels by column suffix: « 2,6 M€ » for _eur, « 5 » for nb_, « non publié » if NULL."""
    if colonne.endswith("_eur"):
        return [fmt.pour_plotly(fmt.euros_compact(v)) for v in valeurs]
    return [fmt.pour_plotly(fmt.nombre(v)) for v in valeurs]


def barres(
    df: pd.DataFrame,
    categorie: str,
    valeur: str,
    titre: str,
    detail: list[str] | None = None,
) -> go.Figure:
    """Horizontal bars, one per category, the first row on top; NULL amounts say « non publié »."""
    valeurs = pd.to_numeric(df[valeur], errors="coerce")
    textes = _textes_valeur(valeurs, valeur)
    if detail is not None:
        textes = [f"{t} · {fmt.pour_plotly(d)}" for t, d in zip(textes, detail, strict=True)]
    fig = go.Figure(
        go.Bar(
            x=valeurs.fillna(0),
            y=[texte_brut.plotly(c) for c in df[categorie]],
            orientation="h",
            text=textes,
            textposition="outside",
            cliponaxis=False,
            marker_color=palette()[0],
            hovertemplate="%{y} : %{text}<extra></extra>",
        )
    )
    maximum = float(valeurs.max()) if valeurs.notna().any() else 0.0
    # room after the longest bar for its label, written outside: 35 % fits « 34 · 3 avec
    # montant publié » (26 characters); longer labels (large bases) get more
    longueur = max((len(t) for t in textes), default=0)
    marge = 1.35 + 0.015 * max(0, longueur - 26)
    if valeur.endswith("_eur"):
        graduations, textes_axe = graduations_euros(maximum * marge)
        fig.update_xaxes(tickvals=graduations, ticktext=textes_axe, range=[0, graduations[-1]])
    else:
        fig.update_xaxes(range=[0, max(maximum * marge, 1)], tickformat=",d")
    fig.update_xaxes(gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return _mise_en_page(fig, titre, hauteur=max(260, 60 + 38 * len(df)))


def calendrier(df: pd.DataFrame, titre: str) -> go.Figure:
    """Timeline per wave: announced dates hollow, actual dates filled, one symbol per milestone."""
    fig = go.Figure()
    symboles = {
        "Ouverture": "circle",
        "Clôture annoncée": "diamond-open",
        "Clôture effective": "diamond",
        "Résultats publiés": "star",
        "Convention(s) signée(s)": "square",
    }
    couleurs = dict(zip(symboles, [palette()[i] for i in (0, 1, 1, 2, 3)], strict=True))
    for jalon, symbole in symboles.items():
        lignes = df[df["jalon"] == jalon]
        if lignes.empty:
            continue
        survols = [
            texte_brut.plotly(r.libelle)
            + fmt.pour_plotly(
                f" – {jalon} : {fmt.date_longue(r.date_jalon)}"
                + (f" ({fmt.nombre(r.nb_projets)} projet(s))" if pd.notna(r.nb_projets) else "")
            )
            for r in lignes.itertuples()
        ]
        fig.add_scatter(
            x=lignes["date_jalon"],
            y=[texte_brut.plotly(v) for v in lignes["libelle"]],
            mode="markers",
            name=jalon,
            marker={"symbol": symbole, "size": 14, "color": couleurs[jalon], "line_width": 2},
            customdata=survols,
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_yaxes(
        autorange="reversed",
        categoryorder="array",
        categoryarray=list(dict.fromkeys(texte_brut.plotly(v) for v in df["libelle"])),
    )
    graduations = graduations_semestres(df["date_jalon"])
    fig.update_xaxes(
        gridcolor="#e5e5e5",
        tickvals=graduations,
        # plotly would print English month names: French labels from Babel instead
        ticktext=[fmt.mois(g) for g in graduations],
    )
    return _mise_en_page(fig, titre, hauteur=max(300, 120 + 60 * df["libelle"].nunique()))


def graduations_semestres(dates: pd.Series) -> list[pd.Timestamp]:
    """1 January and 1 July between the first and last date (a tick every six months), or
    every quarter when the dates span less than two years."""
    valeurs = pd.to_datetime(dates).dropna()
    if valeurs.empty:
        return []
    debut = pd.Timestamp(valeurs.min().year, 1, 1)
    fin = valeurs.max()
    pas = 3 if fin - valeurs.min() < pd.Timedelta(days=730) else 6
    return list(pd.date_range(debut, fin + pd.DateOffset(months=pas), freq=f"{pas}MS"))


def entonnoir(df: pd.DataFrame, titre: str) -> go.Figure:
    """Per wave: applications -> laureates -> conventions; unknown counts are labelled, not 0."""
    fig = go.Figure()
    etapes = (
        ("nb_candidatures", "Candidatures"),
        ("nb_projets", "Lauréats"),
        ("nb_projets_conventionnes", "Conventions signées connues"),
    )
    maximum = 1.0
    for (colonne, nom), couleur in zip(etapes, palette(), strict=False):
        valeurs = pd.to_numeric(df[colonne], errors="coerce")
        maximum = max(maximum, float(valeurs.max()) if valeurs.notna().any() else 0.0)
        fig.add_bar(
            name=nom,
            x=[texte_brut.plotly(v) for v in df["libelle"]],
            y=valeurs.fillna(0),
            text=["inconnu" if pd.isna(v) else fmt.nombre(v) for v in valeurs],
            textposition="outside",
            cliponaxis=False,
            marker_color=couleur,
            hovertemplate=f"%{{x}} – {nom} : %{{text}}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, maximum * 1.2], tickformat=",d", gridcolor="#e5e5e5")
    return _mise_en_page(fig, titre)


def carte_chaleur(
    df: pd.DataFrame, lignes: str, colonnes: str, valeur: str, titre: str
) -> go.Figure:
    """Heatmap of a count (or amount) over two categories, each cell labelled with its value."""
    pivot = df.pivot_table(
        index=lignes, columns=colonnes, values=valeur, aggfunc="sum", sort=False, fill_value=0
    )
    textes = [[fmt.pour_plotly(fmt.nombre(v)) for v in ligne] for ligne in pivot.to_numpy()]
    # One text colour for every cell (plotly cannot vary it): the light half of the ramp, where
    # dark text keeps ≥ 5.3:1; plotly's own black-or-white choice fell to 3.5:1 mid-ramp.
    echelle = theme()["chartSequentialColors"][:6]
    fig = go.Figure(
        go.Heatmap(
            z=pivot.to_numpy(),
            x=[texte_brut.plotly(c) for c in pivot.columns],
            y=[texte_brut.plotly(v) for v in pivot.index],
            text=textes,
            texttemplate="%{text}",
            textfont={"color": TEXTE},
            colorscale=[[i / (len(echelle) - 1), c] for i, c in enumerate(echelle)],
            hovertemplate="%{y} · %{x} : %{text}<extra></extra>",
            colorbar={"title": {"text": "Projets"}},
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _mise_en_page(fig, titre, hauteur=max(300, 120 + 55 * len(pivot.index)))


def soleil(df: pd.DataFrame, titre: str) -> go.Figure:
    """Sunburst axis -> theme (-> project when `df` has one row per project leaf, each worth one;
    else `nb_projets` per theme): a multi-theme project appears under each of its themes."""
    feuilles_projet = "projet_id" in df.columns
    ids, parents, libelles, valeurs, couleurs = [], [], [], [], []
    couleurs_axes = palette()
    for rang, (axe, lignes_axe) in enumerate(df.groupby("axe_libelle", sort=False)):
        # a whole branch in its axis's colour, so each label's text colour can be chosen for it
        couleur = couleurs_axes[rang % len(couleurs_axes)]
        debut = len(ids)
        total_axe = len(lignes_axe) if feuilles_projet else int(lignes_axe["nb_projets"].sum())
        ids.append(axe)
        parents.append("")
        libelles.append(axe)
        valeurs.append(total_axe)
        for theme_libelle, lignes_theme in lignes_axe.groupby("theme_libelle", sort=False):
            id_theme = f"{axe}/{theme_libelle}"
            ids.append(id_theme)
            parents.append(axe)
            libelles.append(theme_libelle)
            valeurs.append(
                len(lignes_theme) if feuilles_projet else int(lignes_theme["nb_projets"].sum())
            )
            if not feuilles_projet:
                continue
            for r in lignes_theme.itertuples():
                ids.append(f"{id_theme}/{r.projet_id}")
                parents.append(id_theme)
                libelles.append(r.projet_libelle)
                valeurs.append(1)
        couleurs += [couleur] * (len(ids) - debut)
    fig = go.Figure(
        go.Sunburst(
            # ids too are data (labels, project ids), escaped alike so parents still match
            ids=[texte_brut.plotly(i) for i in ids],
            parents=[texte_brut.plotly(p) for p in parents],
            labels=[texte_brut.plotly(t) for t in libelles],
            values=valeurs,
            branchvalues="total",
            insidetextorientation="radial",
            marker={"colors": couleurs, "line": {"color": BLANC, "width": 1}},
            # plotly fades leaves to 70 % by default, which took white labels under 4.5:1
            leaf={"opacity": 1},
            # black or white per sector: plotly's own pick left white on orange (2.3:1)
            insidetextfont={"color": [texte_sur(c) for c in couleurs]},
            hovertemplate="%{label} : %{value} projet(s)<extra></extra>",
        )
    )
    return _mise_en_page(fig, titre, hauteur=620)


def _place_entre_les_vagues(dates: pd.Series, marques: pd.Series) -> dict:
    """Where the envelope label crosses no wave mark: the middle of the widest gap between
    the marks (the axis ends included); on the left when there is no mark."""
    jours = sorted({pd.Timestamp(j) for j in marques.dropna()})
    if not jours:
        return {"xref": "x domain", "x": 0, "xanchor": "left"}
    toutes = [pd.Timestamp(d) for d in pd.concat([dates, marques]).dropna()]
    bornes = [min(toutes), *jours, max(toutes)]
    debut, fin = max(itertools.pairwise(bornes), key=lambda paire: paire[1] - paire[0])
    return {"xref": "x", "x": (debut + (fin - debut) / 2).to_pydatetime(), "xanchor": "center"}


def cumul_attributions(
    df: pd.DataFrame, enveloppe: float | None, jalons: pd.DataFrame, titre: str
) -> go.Figure:
    """Running total of published attributions (a step per decision) against the envelope,
    with the wave results as vertical marks."""
    fig = go.Figure()
    survols = [
        fmt.pour_plotly(
            f"{fmt.date_longue(r.date_mouvement)} : +{fmt.euros(r.montant_jour_eur)}"
            f", cumul {fmt.euros(r.montant_cumule_eur)}"
        )
        for r in df.itertuples()
    ]
    fig.add_scatter(
        x=df["date_mouvement"],
        y=df["montant_cumule_eur"],
        mode="lines+markers",
        line_shape="hv",
        name="Attribué publié (cumul)",
        line_color=palette()[0],
        customdata=survols,
        hovertemplate="%{customdata}<extra></extra>",
    )
    maximum = float(df["montant_cumule_eur"].max()) if len(df) else 0.0
    # lines and labels written as plotly's add_hline / add_vline write them, without their
    # per-call machinery (~25 ms each, most of Vue d'ensemble's rerun; tests/test_charts.py)
    traits, etiquettes = [], []
    if enveloppe is not None and pd.notna(enveloppe):
        maximum = max(maximum, float(enveloppe))
        niveau = float(enveloppe)
        traits.append(
            {"type": "line", "line": {"color": GRIS_NON_PUBLIE, "dash": "dash"}}
            | {"xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": niveau, "y1": niveau}
        )
        etiquettes.append(
            {
                "text": fmt.pour_plotly(f"Enveloppe {fmt.euros_compact(enveloppe)}"),
                "showarrow": False,
                **_place_entre_les_vagues(df["date_mouvement"], jalons["date_jalon"]),
                "yref": "y",
                "y": niveau,
                "yanchor": "bottom",
            }
        )
    # waves published the same day (TID-2 and DIAT-1) share one mark and one label
    for jour, libelles in jalons.groupby("date_jalon", sort=True)["libelle"]:
        date = pd.Timestamp(jour).to_pydatetime()
        traits.append(
            {"type": "line", "line": {"color": "#9a9a9a", "dash": "dot"}}
            | {"xref": "x", "x0": date, "x1": date, "yref": "y domain", "y0": 0, "y1": 1}
        )
        etiquettes.append(
            {
                "x": date,
                "y": 1,
                "yref": "paper",
                "text": " · ".join(texte_brut.plotly(v) for v in libelles),
                "showarrow": False,
                "textangle": -90,
                "xanchor": "right",
                "yanchor": "top",
                "font": {"size": 11, "color": "#555"},
            }
        )
    if traits:  # one label per line: both lists are empty or not together
        fig.update_layout(shapes=traits, annotations=etiquettes)
    graduations, textes = graduations_euros(maximum * 1.1)
    fig.update_yaxes(
        tickvals=graduations, ticktext=textes, range=[0, graduations[-1]], gridcolor="#e5e5e5"
    )
    dates = pd.concat([pd.to_datetime(df["date_mouvement"]), pd.to_datetime(jalons["date_jalon"])])
    axe = graduations_semestres(dates)
    fig.update_xaxes(tickvals=axe, ticktext=[fmt.mois(g) for g in axe], gridcolor="#f0f0f0")
    fig.update_layout(showlegend=False)
    return _mise_en_page(fig, titre, hauteur=380)
