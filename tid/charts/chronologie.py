"""Time charts: wave milestones on a calendar, running total of attributions against envelope."""

from __future__ import annotations

import itertools

import pandas as pd
import plotly.graph_objects as go

from tid import fmt, texte_brut, vocabulaire
from tid.charts.theme import GRIS_NON_PUBLIE, graduations_euros, mise_en_page, palette


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
            texte_brut.plotly(r.vague_libelle)
            + fmt.pour_plotly(
                f" – {jalon} : {fmt.date_longue(r.date_jalon)}"
                + (f" ({fmt.nombre(r.nb_projets)} projet(s))" if pd.notna(r.nb_projets) else "")
            )
            for r in lignes.itertuples()
        ]
        fig.add_scatter(
            x=lignes["date_jalon"],
            y=[texte_brut.plotly(v) for v in lignes["vague_libelle"]],
            mode="markers",
            name=jalon,
            marker={"symbol": symbole, "size": 14, "color": couleurs[jalon], "line_width": 2},
            customdata=survols,
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_yaxes(
        autorange="reversed",
        categoryorder="array",
        categoryarray=list(dict.fromkeys(texte_brut.plotly(v) for v in df["vague_libelle"])),
    )
    graduations = graduations_semestres(df["date_jalon"])
    fig.update_xaxes(
        gridcolor="#e5e5e5",
        tickvals=graduations,
        # plotly would print English month names: French labels from Babel instead
        ticktext=[fmt.mois(g) for g in graduations],
    )
    return mise_en_page(fig, titre, hauteur=max(300, 120 + 60 * df["vague_libelle"].nunique()))


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


# Lines and labels written as plotly's add_hline / add_vline write them, without their per-call
# machinery (~25 ms each, most of Vue d'ensemble's rerun; tests/golden/ holds what they gave).
def _ligne_enveloppe(enveloppe, dates: pd.Series, jalons: pd.DataFrame) -> tuple[dict, dict]:
    """The dashed envelope line and its label, placed between the wave marks."""
    niveau = float(enveloppe)
    trait = {"type": "line", "line": {"color": GRIS_NON_PUBLIE, "dash": "dash"}} | {
        "xref": "x domain",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": niveau,
        "y1": niveau,
    }
    etiquette = {
        "text": fmt.pour_plotly(f"Enveloppe {fmt.euros_compact(enveloppe)}"),
        "showarrow": False,
        **_place_entre_les_vagues(dates, jalons["date_jalon"]),
        "yref": "y",
        "y": niveau,
        "yanchor": "bottom",
    }
    return trait, etiquette


def _marques_vagues(jalons: pd.DataFrame) -> list[tuple[dict, dict]]:
    """A dotted vertical line and an upright label per results day of the waves."""
    marques = []
    # waves published the same day (TID-2 and DIAT-1) share one mark and one label
    for jour, libelles in jalons.groupby("date_jalon", sort=True)["vague_libelle"]:
        date = pd.Timestamp(jour).to_pydatetime()
        trait = {"type": "line", "line": {"color": "#9a9a9a", "dash": "dot"}} | {
            "xref": "x",
            "x0": date,
            "x1": date,
            "yref": "y domain",
            "y0": 0,
            "y1": 1,
        }
        etiquette = {
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
        marques.append((trait, etiquette))
    return marques


# The calendar milestone the cumulative chart marks: the day a wave's laureates were published.
JALON_RESULTATS = "Résultats publiés"


def cumul_attributions(
    df: pd.DataFrame, enveloppe: float | None, jalons: pd.DataFrame, titre: str
) -> go.Figure:
    """Running total of published attributions (a step per decision) against the envelope,
    with the wave results (the « Résultats publiés » milestones of `jalons`) as vertical marks."""
    if "jalon" in jalons:
        jalons = jalons[jalons["jalon"] == JALON_RESULTATS]
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
        name=f"{vocabulaire.LIBELLES['montant_attribue_eur']} (cumul)",
        line_color=palette()[0],
        customdata=survols,
        hovertemplate="%{customdata}<extra></extra>",
    )
    maximum = float(df["montant_cumule_eur"].max()) if len(df) else 0.0
    traits, etiquettes = [], []
    if enveloppe is not None and pd.notna(enveloppe):
        maximum = max(maximum, float(enveloppe))
        trait, etiquette = _ligne_enveloppe(enveloppe, df["date_mouvement"], jalons)
        traits.append(trait)
        etiquettes.append(etiquette)
    for trait, etiquette in _marques_vagues(jalons):
        traits.append(trait)
        etiquettes.append(etiquette)
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
    return mise_en_page(fig, titre, hauteur=380)
