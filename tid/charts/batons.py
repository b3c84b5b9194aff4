"""Bar charts (« diagrammes en bâtons »): chain per wave, horizontal bars, funnel, breakdowns."""

from __future__ import annotations

import copy
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tid import fmt, texte_brut, vocabulaire
from tid.charts.libelles import LIBELLE_SANS_LAUREAT, couverture_totale, pluriel
from tid.charts.theme import (
    GRIS_NON_PUBLIE,
    TEXTE_SECONDAIRE,
    graduations_euros,
    mise_en_page,
    palette,
)

NON_PUBLIE_COURT = "n. p."
ETAPES = tuple(
    vocabulaire.libelles(
        "enveloppe_eur", "montant_attribue_eur", "montant_conventionne_eur", "montant_verse_eur"
    ).items()
)


def chaine_par_vague(df: pd.DataFrame, titre: str) -> go.Figure:
    """Grouped bars per wave: envelope, then published attributed / conventioned / paid amounts."""
    fig = go.Figure()
    couleurs = [GRIS_NON_PUBLIE, *palette()]
    libelles_x = [
        texte_brut.plotly(r.vague_libelle)
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
    return mise_en_page(fig, titre)


def _textes_valeur(valeurs: pd.Series, colonne: str) -> list[str]:
    """Bar labels by column suffix: « 2,6 M€ » for _eur, « 5 » for nb_, « non publié » if NULL."""
    if colonne.endswith("_eur"):
        return [fmt.pour_plotly(fmt.euros_compact(v)) for v in valeurs]
    return [fmt.pour_plotly(fmt.nombre(v)) for v in valeurs]


def libelle_et_detail(libelle: str, detail: str) -> str:
    """A tick on two lines, counts under the name: after the bar they ran past a phone's chart."""
    style = f"font-size:12px;color:{TEXTE_SECONDAIRE}"
    return f"{libelle}<br><span style='{style}'>{texte_brut.plotly(detail)}</span>"


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
    noms = [texte_brut.plotly(c) for c in df[categorie]]
    survol = {"y": noms, "hovertemplate": "%{y} : %{text}<extra></extra>"}
    if detail is not None:
        survol = {
            "y": list(map(libelle_et_detail, noms, detail)),
            "customdata": [
                (nom, f"{t} · {fmt.pour_plotly(d)}")
                for nom, t, d in zip(noms, textes, detail, strict=True)
            ],
            "hovertemplate": "%{customdata[0]} : %{customdata[1]}<extra></extra>",
        }
    fig = go.Figure(
        go.Bar(
            x=valeurs.fillna(0),
            orientation="h",
            text=textes,
            textposition="outside",
            cliponaxis=False,
            marker_color=palette()[0],
            **survol,
        )
    )
    maximum = float(valeurs.max()) if valeurs.notna().any() else 0.0
    # room after the longest bar for its value, written outside (« 79 925 », « 12,3 M€ »)
    marge = 1.35
    if valeur.endswith("_eur"):
        graduations, textes_axe = graduations_euros(maximum * marge)
        fig.update_xaxes(tickvals=graduations, ticktext=textes_axe, range=[0, graduations[-1]])
    else:
        fig.update_xaxes(range=[0, max(maximum * marge, 1)], tickformat=",d")
    fig.update_xaxes(gridcolor="#e5e5e5")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return mise_en_page(fig, titre, hauteur=max(260, 60 + 38 * len(df)))


def entonnoir(df: pd.DataFrame, titre: str) -> go.Figure:
    """Per wave: applications -> laureates -> conventions; unknown counts are labelled, not 0."""
    fig = go.Figure()
    etapes = vocabulaire.libelles(
        "nb_candidatures", "nb_projets", "nb_projets_conventionnes"
    ).items()
    maximum = 1.0
    for (colonne, nom), couleur in zip(etapes, palette(), strict=False):
        valeurs = pd.to_numeric(df[colonne], errors="coerce")
        maximum = max(maximum, float(valeurs.max()) if valeurs.notna().any() else 0.0)
        fig.add_bar(
            name=nom,
            x=[texte_brut.plotly(v) for v in df["vague_libelle"]],
            y=valeurs.fillna(0),
            text=["inconnu" if pd.isna(v) else fmt.nombre(v) for v in valeurs],
            textposition="outside",
            cliponaxis=False,
            marker_color=couleur,
            hovertemplate=f"%{{x}} – {nom} : %{{text}}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, maximum * 1.2], tickformat=",d", gridcolor="#e5e5e5")
    return mise_en_page(fig, titre)


def _texte_montant(ligne) -> str:
    """The amount bar's label: its coverage is in the category's tick (_libelle_repartition)."""
    if int(ligne.nb_projets) == 0:
        return LIBELLE_SANS_LAUREAT.lower()
    if int(ligne.nb_projets_attribution_publiee) == 0:
        return fmt.NON_PUBLIE
    return fmt.euros_compact(ligne.montant_attribue_eur)


def _libelle_repartition(ligne) -> str:
    """The category, and under it « publié pour 3 projets sur 9 » when it has laureates."""
    nom = texte_brut.plotly(ligne.libelle)
    nb = int(ligne.nb_projets)
    if nb == 0:
        return nom
    return libelle_et_detail(nom, fmt.couverture(int(ligne.nb_projets_attribution_publiee), nb))


@lru_cache(maxsize=1)
def _grille_repartition() -> dict:
    """The layout of two panels sharing the y axis, made once: make_subplots took ~60 ms per
    chart; repartition places its traces on x/y and x2/y2 itself (tests/golden/)."""
    return make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.03,
        column_widths=[0.3, 0.7],
        subplot_titles=list(vocabulaire.libelles("nb_projets", "montant_attribue_eur").values()),
    ).to_dict()["layout"]


def _barres_montants(ordre: pd.DataFrame, montants: pd.Series, libelles: list[str]) -> go.Bar:
    """The right panel of repartition: published amounts (their coverage is in the ticks)."""
    return go.Bar(
        name=vocabulaire.LIBELLES["montant_attribue_eur"],
        y=libelles,
        x=montants.fillna(0).tolist(),
        orientation="h",
        text=[fmt.pour_plotly(_texte_montant(r)) for r in ordre.itertuples()],
        textposition="outside",
        cliponaxis=False,
        marker_color=palette()[0],
        customdata=[
            (texte_brut.plotly(nom), fmt.pour_plotly(fmt.euros(v)))
            for nom, v in zip(ordre["libelle"], montants, strict=True)
        ],
        hovertemplate="%{customdata[0]} : %{customdata[1]}<extra></extra>",
        showlegend=False,
        xaxis="x2",
        yaxis="y2",
    )


def repartition(df: pd.DataFrame, titre: str, sous_titre: str = "") -> go.Figure:
    """Horizontal bars per category: laureates on the left, published amount on the right."""
    hauteur = 160 + 46 * max(len(df), 1)
    fig = go.Figure(layout=copy.deepcopy(_grille_repartition()), _validate=False)
    # plotly draws the first category at the bottom: reverse to read in the table's order
    ordre = df.iloc[::-1]
    libelles = [_libelle_repartition(r) for r in ordre.itertuples()]
    nb = ordre["nb_projets"].astype(int)
    fig.add_trace(
        go.Bar(
            name=vocabulaire.LIBELLES["nb_projets"],
            y=libelles,
            x=nb.tolist(),
            orientation="h",
            text=[fmt.nombre(v) for v in nb],
            textposition="outside",
            cliponaxis=False,
            marker_color=palette()[1],
            customdata=[texte_brut.plotly(v) for v in ordre["libelle"]],
            hovertemplate="%{customdata} : %{text} lauréat(s)<extra></extra>",
            showlegend=False,
            xaxis="x",
            yaxis="y",
        )
    )
    montants = pd.to_numeric(ordre["montant_attribue_eur"], errors="coerce")
    fig.add_trace(_barres_montants(ordre, montants, libelles))
    maximum_nb = int(nb.max()) if len(nb) else 0
    fig.layout.xaxis.update(
        range=[0, max(maximum_nb, 1) * 1.35], showticklabels=False, showgrid=False
    )
    maximum = float(montants.max()) if montants.notna().any() else 0.0
    valeurs, etiquettes = graduations_euros(maximum)
    # room on the right for « 2,6 M€ » written outside the bar on a phone (90 px of panel)
    fig.layout.xaxis2.update(
        range=[0, max(valeurs[-1], 1.0) * 2.1],
        tickvals=valeurs,
        ticktext=etiquettes,
        gridcolor="#e5e5e5",
    )
    fig.update_yaxes(automargin=True)
    # the metric on one line, the total on the next: at 100 000 laureates the one-line title
    # ran past the chart's width and plotly cut it mid-word
    fig = mise_en_page(fig, titre.replace(" – ", "<br>", 1), hauteur=hauteur)
    fig.update_layout(bargap=0.3, margin={"l": 10, "r": 10, "t": 120, "b": 10})
    if sous_titre:
        fig.update_layout(title_subtitle_text=fmt.pour_plotly(sous_titre))
    return fig


def titre_repartition(objet: str, df: pd.DataFrame) -> str:
    """« Lauréats et montant attribué publié par type de territoire – total : … »."""
    nb = int(df["nb_projets"].sum())
    total, couverture = couverture_totale(df)
    return (
        f"Lauréats et montant attribué publié par {objet} – total : {pluriel(nb, 'lauréat')}, "
        f"{fmt.euros(total)} attribués ({couverture})"
    )
