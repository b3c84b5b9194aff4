"""Choropleth maps by région or département, overseas moved near the mainland, seats on top."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from tid import fmt, texte_brut, vocabulaire
from tid.charts import geo
from tid.charts.libelles import LIBELLE_SANS_LAUREAT, couverture_totale, pluriel
from tid.charts.sieges import ajouter_sieges
from tid.charts.theme import graduations_euros, mise_en_page, theme


@dataclass(frozen=True)
class Metrique:
    """What a map colours: a column of queries/repartition.sql and its French wording."""

    cle: str
    libelle: str
    colonne: str
    titre_echelle: str
    monetaire: bool
    bouton: str


@dataclass(frozen=True)
class Niveau:
    """A map level: the code column of its query and its French names."""

    cle: str
    colonne_code: str
    nom: str
    pluriel: str


METRIQUES = {
    "montant": Metrique(
        "montant",
        "Montant attribué publié",
        "montant_attribue_eur",
        vocabulaire.LIBELLES["montant_attribue_eur"],
        True,
        "Montant publié",
    ),
    "nombre": Metrique(
        "nombre",
        "Nombre de lauréats",
        "nb_projets",
        vocabulaire.LIBELLES["nb_projets"],
        False,
        "Nombre de lauréats",
    ),
    "par_habitant": Metrique(
        "par_habitant",
        "Montant attribué publié par habitant",
        "montant_par_habitant_eur",
        vocabulaire.LIBELLES["montant_par_habitant_eur"],
        True,
        "€ par habitant",
    ),
}
NIVEAUX = {
    "region": Niveau("region", "code", "région", "régions"),
    "departement": Niveau("departement", "code", "département", "départements"),
}

# Map view that holds mainland France, the column of moved overseas territories (lon −8°) and
# their names on its left (to lon −11.7°) as far as Corsica (lon 9.6°) in a map ≥ 500 px wide:
# MapLibre drops a label that crosses the edge of the map.
CENTRE = {"lon": -1.05, "lat": 46.5}
ZOOM = 4.05
# Pixels per degree of longitude at ZOOM (MapLibre's 512 px world), and the mean width of a
# character of the 12 px labels: used to end each name just left of its frame.
PX_PAR_DEGRE = 512 * 2**ZOOM / 360
PX_PAR_CARACTERE = 6.4
HAUTEUR_CARTE = 660
# A MapLibre style with no tiles and no `glyphs` key: nothing is fetched, not even fonts for
# the text labels (STACK_NOTES.md, stack_check.md §4.2). No empty object anywhere: on a redraw
# (Plotly.react) plotly.js's relinkPrivateKeys deletes an empty dict of the previous layout, so
# `"sources": {}` vanished, MapLibre refused the style ("missing required property sources")
# and plotly threw « Map error. ». Hence one inline, empty GeoJSON source, which fetches nothing.
STYLE_HORS_LIGNE = {
    "version": 8,
    "sources": {"vide": {"type": "geojson", "data": {"type": "FeatureCollection", "features": []}}},
    "layers": [{"id": "fond", "type": "background", "paint": {"background-color": "#ffffff"}}],
}
# very light grey rather than white, so the legend shows a swatch for it
COULEUR_SANS_LAUREAT = "#f2f2f2"
COULEUR_NON_PUBLIE = "#bdbdbd"
COULEUR_BORDURE = "#8c8c8c"
COULEUR_CADRE = "#6b6b6b"
LIBELLE_NON_PUBLIE = "Lauréats, montant non publié"
ANNEE_POPULATION_ANCIENNE = "recensement ancien : € par habitant surestimés"


def echelle_sequentielle() -> list[list]:
    """The theme's one-hue ramp minus its two palest steps, so no value looks like « aucun »."""
    couleurs = list(theme()["chartSequentialColors"])[2:]
    dernier = len(couleurs) - 1
    return [[i / dernier, c] for i, c in enumerate(couleurs)]


def valeur_texte(metrique: str, valeur: object) -> str:
    """A value of the metric in French: « 2 600 000 € », « 3 », « 0,47 € »."""
    if metrique == "nombre":
        return fmt.nombre(valeur)
    if metrique == "par_habitant":
        return fmt.euros(valeur, decimals=2)
    return fmt.euros(valeur)


def titre_carte(metrique: str, niveau: str, df: pd.DataFrame) -> str:
    """Title stating the metric, the level and the total the map shows."""
    m, n = METRIQUES[metrique], NIVEAUX[niveau]
    nb = int(df["nb_projets"].sum())
    if metrique == "nombre":
        return f"{m.libelle} par {n.nom} – total : {pluriel(nb, 'lauréat')}"
    total, couverture = couverture_totale(df)
    sujet = (
        f"{m.libelle}, par {n.nom}" if metrique == "par_habitant" else f"{m.libelle} par {n.nom}"
    )
    return f"{sujet} – total : {fmt.euros(total)}, montant {couverture}"


def population_ancienne(df: pd.DataFrame) -> pd.Series:
    """True where the population is older than the rest (Mayotte: 2017 census, others 2023)."""
    return df["annee_population"] < df["annee_population"].max()


def _population(ligne, ancienne: bool) -> str:
    texte = f"{fmt.nombre(ligne.population)} habitants ({int(ligne.annee_population)}"
    if ancienne:
        texte += f", {ANNEE_POPULATION_ANCIENNE}"
    return texte + ")"


def _survol_zone(ligne, ancienne: bool) -> str:
    """Hover text of one area: every metric, so the hover never depends on the switch."""
    nb = int(ligne.nb_projets)
    lignes = [f"<b>{texte_brut.plotly(ligne.libelle)}</b>"]
    if nb == 0:
        lignes.append(LIBELLE_SANS_LAUREAT)
    else:
        lignes.append(pluriel(nb, "lauréat"))
        couverture = fmt.couverture(int(ligne.nb_projets_attribution_publiee), nb)
        lignes.append(f"Attribué publié : {fmt.euros(ligne.montant_attribue_eur)} ({couverture})")
        lignes.append(f"Par habitant : {fmt.euros(ligne.montant_par_habitant_eur, decimals=2)}")
    lignes.append(f"Population : {_population(ligne, ancienne)}")
    return fmt.pour_plotly("<br>".join(lignes))


def _zones(
    fig: go.Figure,
    df: pd.DataFrame,
    niveau: Niveau,
    *,
    nom: str,
    z: list[float],
    couleurs: list[list],
    anciennes: pd.Series,
    **options,
) -> None:
    if df.empty:
        return
    anciennes = anciennes.loc[df.index]
    fig.add_trace(
        go.Choroplethmap(
            name=nom,
            geojson=geo.selection(niveau.cle, df[niveau.colonne_code]),
            featureidkey="properties.code",
            locations=df[niveau.colonne_code].tolist(),
            z=z,
            colorscale=couleurs,
            marker={"line": {"color": COULEUR_BORDURE, "width": 0.6}},
            customdata=[
                _survol_zone(r, a) for r, a in zip(df.itertuples(), anciennes, strict=True)
            ],
            hovertemplate="%{customdata}<extra></extra>",
            **options,
        )
    )


def _graduations(metrique: str, maximum: float) -> tuple[list[float], list[str]]:
    """Round colour-bar ticks from 0 to above `maximum`, labelled by tid.fmt."""
    if metrique == "nombre" and maximum <= 10:
        valeurs = [float(v) for v in range(int(maximum) + 1)]
    else:
        valeurs, _ = graduations_euros(maximum)
        if metrique == "nombre":
            valeurs = [v for v in valeurs if v == int(v)]
    if metrique == "montant":
        return valeurs, graduations_euros(maximum)[1]
    return valeurs, [fmt.pour_plotly(valeur_texte(metrique, v)) for v in valeurs]


def _cadres_outre_mer(fig: go.Figure) -> None:
    """A frame and a name beside each moved overseas territory: its place is not geographic."""
    marge = 0.08
    lons: list[float | None] = []
    lats: list[float | None] = []
    etiquettes = []
    for d in geo.DROMS:
        ouest, sud, est, nord = geo.emprise("region", d.region_code)
        ouest, sud, est, nord = ouest - marge, sud - marge, est + marge, nord + marge
        lons += [ouest, est, est, ouest, ouest, None]
        lats += [sud, sud, nord, nord, sud, None]
        # centred text: MapLibre drew no label at all with a "middle left" anchor (no glyphs)
        demi_largeur = len(d.nom) * PX_PAR_CARACTERE / 2 / PX_PAR_DEGRE
        etiquettes.append((d.nom, ouest - 0.15 - demi_largeur, (sud + nord) / 2))
    fig.add_trace(
        go.Scattermap(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": COULEUR_CADRE, "width": 1},
            hoverinfo="skip",
            showlegend=False,
            name="Outre-mer rapproché",
        )
    )
    fig.add_trace(
        go.Scattermap(
            lon=[e[1] for e in etiquettes],
            lat=[e[2] for e in etiquettes],
            text=[e[0] for e in etiquettes],
            mode="text",
            textposition="middle center",
            textfont={"size": 12, "color": "#333333"},
            hoverinfo="skip",
            showlegend=False,
            name="Noms des outre-mer",
        )
    )


def carte(
    df: pd.DataFrame,
    niveau: str,
    metrique: str,
    titre: str,
    sous_titre: str = "",
    laureats: pd.DataFrame | None = None,
) -> go.Figure:
    """Choropleth of one metric by région or département, overseas moved near the mainland.

    Areas without a laureate are very light grey, areas whose amounts are unpublished grey; the
    rest follow the sequential scale. `laureats` (queries/laureats_points.sql) adds the seats.
    """
    n, m = NIVEAUX[niveau], METRIQUES[metrique]
    fig = go.Figure()
    avec = df[df["nb_projets"] > 0]
    valeurs = pd.to_numeric(avec[m.colonne], errors="coerce")
    # judged on every area, not per trace: a trace may hold only Mayotte
    anciennes = population_ancienne(df)
    for nom, zones, couleur in (
        (LIBELLE_SANS_LAUREAT, df[df["nb_projets"] == 0], COULEUR_SANS_LAUREAT),
        (LIBELLE_NON_PUBLIE, avec[valeurs.isna()], COULEUR_NON_PUBLIE),
    ):
        _zones(
            fig,
            zones,
            n,
            nom=nom,
            z=[0.0] * len(zones),
            couleurs=[[0, couleur], [1, couleur]],
            anciennes=anciennes,
            showscale=False,
            showlegend=True,
        )
    _zones_sur_l_echelle(fig, avec[valeurs.notna()], valeurs, n, m, anciennes)
    _cadres_outre_mer(fig)
    if laureats is not None:
        ajouter_sieges(fig, laureats)
    fig = mise_en_page(fig, en_deux_lignes(titre), hauteur=HAUTEUR_CARTE)
    fig.update_layout(
        map={"style": STYLE_HORS_LIGNE, "center": CENTRE, "zoom": ZOOM},
        margin={"l": 0, "r": 0, "t": 130, "b": 70},
        # title, subtitle (filters) and legend stacked in the top margin without overlapping
        title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
        legend={"y": 1.0, "yanchor": "bottom", "x": 0, "bgcolor": "rgba(255,255,255,0.8)"},
    )
    if sous_titre:
        fig.update_layout(title_subtitle_text=fmt.pour_plotly(sous_titre))
    return fig


def _zones_sur_l_echelle(
    fig: go.Figure,
    connus: pd.DataFrame,
    valeurs: pd.Series,
    n: Niveau,
    m: Metrique,
    anciennes: pd.Series,
) -> None:
    """The areas with a known value, on the sequential scale, its colour bar under the map."""
    if connus.empty:
        return
    maximum = float(valeurs.max())
    ticks, textes = _graduations(m.cle, maximum if maximum > 0 else 1.0)
    _zones(
        fig,
        connus,
        n,
        nom=m.libelle,
        z=valeurs.dropna().astype(float).tolist(),
        couleurs=echelle_sequentielle(),
        anciennes=anciennes,
        zmin=0,
        zmax=ticks[-1],
        showlegend=False,
        # horizontal, under the map: a vertical bar would take width from the map
        colorbar={
            "title": {"text": fmt.pour_plotly(m.titre_echelle), "side": "top"},
            "tickvals": ticks,
            "ticktext": textes,
            "orientation": "h",
            "x": 0.5,
            "xanchor": "center",
            "y": 0,
            "yanchor": "top",
            "len": 0.7,
            "thickness": 12,
        },
    )


def en_deux_lignes(titre: str) -> str:
    """Break a long « metric – total » title after the metric, so a narrow map keeps it whole."""
    return titre.replace(" – ", "<br>", 1) if len(titre) > 60 else titre
