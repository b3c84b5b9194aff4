"""Maps and breakdown bars of the Territoires page: DataFrame (+ GeoJSON) in, plotly Figure out."""

from __future__ import annotations

import copy
import textwrap
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tid import fmt, geo, texte_brut
from tid.charts import _mise_en_page, graduations_euros, palette, theme


@dataclass(frozen=True)
class Metrique:
    """What a map colours: a column of queries/par_region.sql and its French wording."""

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
        "Attribué publié",
        True,
        "Montant publié",
    ),
    "nombre": Metrique(
        "nombre", "Nombre de lauréats", "nb_projets", "Lauréats", False, "Nombre de lauréats"
    ),
    "par_habitant": Metrique(
        "par_habitant",
        "Montant attribué publié par habitant",
        "eur_par_habitant",
        "€ par habitant",
        True,
        "€ par habitant",
    ),
}
NIVEAUX = {
    "region": Niveau("region", "region_code", "région", "régions"),
    "departement": Niveau("departement", "departement_code", "département", "départements"),
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
COULEUR_SIEGE = "#D55E00"
LIBELLE_SANS_LAUREAT = "Aucun lauréat"
LIBELLE_NON_PUBLIE = "Lauréats, montant non publié"
LIBELLE_SIEGES = "Siège d'un lauréat"
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


def _pluriel(n: int, mot: str) -> str:
    return f"{fmt.nombre(n)} {mot}{'s' if abs(n) >= 2 else ''}"


def couverture_totale(df: pd.DataFrame) -> tuple[float | None, str]:
    """(published total or None when nothing is published, « publié pour N projets sur M »)."""
    nb = int(df["nb_projets"].sum())
    nb_publies = int(df["nb_projets_attribution_publiee"].sum())
    total = float(df["montant_attribue_eur"].fillna(0).sum()) if nb_publies else None
    return total, fmt.couverture(nb_publies, nb)


def titre_carte(metrique: str, niveau: str, df: pd.DataFrame) -> str:
    """Title stating the metric, the level and the total the map shows."""
    m, n = METRIQUES[metrique], NIVEAUX[niveau]
    nb = int(df["nb_projets"].sum())
    if metrique == "nombre":
        return f"{m.libelle} par {n.nom} – total : {_pluriel(nb, 'lauréat')}"
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
    lignes = [f"<b>{texte_brut.plotly(ligne.nom)}</b>"]
    if nb == 0:
        lignes.append(LIBELLE_SANS_LAUREAT)
    else:
        lignes.append(_pluriel(nb, "lauréat"))
        couverture = fmt.couverture(int(ligne.nb_projets_attribution_publiee), nb)
        lignes.append(f"Attribué publié : {fmt.euros(ligne.montant_attribue_eur)} ({couverture})")
        lignes.append(f"Par habitant : {fmt.euros(ligne.eur_par_habitant, decimals=2)}")
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


def _couper(texte: str, largeur: int = 55) -> str:
    """Wrap a long name over several hover lines: plotly never wraps, the map is ~600 px wide."""
    if len(texte) <= largeur and texte.isprintable() and texte == texte.strip():
        # what textwrap returns for such a text, without its cost (100 000 laureates)
        return texte
    return "<br>".join(textwrap.wrap(texte, largeur)) or texte


def _lignes_laureats(laureats: pd.DataFrame) -> list[str]:
    """The hover lines of each laureate: carrier, project, wave and published amount."""
    # one Babel call per distinct amount, not per laureate (100 000 laureates: 10 s -> 0.1 s)
    montants: dict[object, str] = {}
    lignes = []
    for porteur, nom, vague, montant in zip(
        laureats["porteur"],
        laureats["nom_projet"],
        laureats["vague_libelle"],
        laureats["montant_attribue_eur"],
        strict=True,
    ):
        texte = montants.get(montant)
        if texte is None:
            texte = montants[montant] = fmt.euros(montant)
        # names escaped before _couper adds its <br>: plotly reads tags in any text
        morceaux = [_couper(texte_brut.plotly(porteur))]
        if isinstance(nom, str) and nom:
            morceaux.append(_couper(f"Projet : {texte_brut.plotly(nom)}"))
        morceaux.append(f"{texte_brut.plotly(vague)} · attribué publié : {texte}")
        lignes.append("<br>".join(morceaux))
    return lignes


# Seats: 9 px for one laureate, 4 px more per laureate sharing it, up to 25 px (5 laureates);
# a tooltip lists the first 10 laureates of a seat and counts the others.
TAILLE_SIEGE_MAX = 25
LAUREATS_PAR_SURVOL = 10


def _liste_siege(lignes: list[str]) -> str:
    """The hover lines of one seat: every laureate up to 10, then « … et N autres »."""
    if len(lignes) <= LAUREATS_PAR_SURVOL:
        return "<br>".join(lignes)
    reste = len(lignes) - LAUREATS_PAR_SURVOL
    pluriel = "s" if reste > 1 else ""
    autres = f"… et {fmt.nombre(reste)} autre{pluriel} lauréat{pluriel}"
    return "<br>".join([*lignes[:LAUREATS_PAR_SURVOL], autres])


def _sieges(fig: go.Figure, laureats: pd.DataFrame) -> None:
    """One marker per seat commune (two laureates may share one), overseas seats moved too."""
    if laureats.empty:
        return
    cles = ["latitude", "longitude"]
    # a laureate without a seat (coordinates not published) has no marker
    places = laureats.dropna(subset=cles)
    lignes = places[[*cles, "commune_siege", "departement_nom", "departement_code"]].assign(
        ligne=_lignes_laureats(places)
    )
    # grouped once, in order of first appearance like the markers (sort=False); joined by hand:
    # groupby().agg("<br>".join) ran Python per group (25 000 seats: 2.9 s)
    groupes = lignes.groupby(cles, sort=False)
    numeros = groupes.ngroup().to_numpy()
    par_siege: list[list[str]] = [[] for _ in range(groupes.ngroups)]
    for numero, ligne in zip(numeros, lignes["ligne"], strict=True):
        par_siege[numero].append(ligne)
    premieres = groupes.head(1)
    lons, lats = [], []
    for lat, lon, code in zip(
        premieres["latitude"], premieres["longitude"], premieres["departement_code"], strict=True
    ):
        lon_carte, lat_carte = geo.rapprocher(lon, lat, code)
        lons.append(lon_carte)
        lats.append(lat_carte)
    survols = [
        fmt.pour_plotly(
            f"<b>{texte_brut.plotly(commune)}</b> ({texte_brut.plotly(departement)})<br>"
            + _liste_siege(siege)
        )
        for commune, departement, siege in zip(
            premieres["commune_siege"], premieres["departement_nom"], par_siege, strict=True
        )
    ]
    # a seat of 500 synthetic laureates drew a disc over a whole région: the size stops growing
    tailles = [min(9 + 4 * (len(siege) - 1), TAILLE_SIEGE_MAX) for siege in par_siege]
    fig.add_trace(
        go.Scattermap(
            name=LIBELLE_SIEGES,
            lon=lons,
            lat=lats,
            mode="markers",
            marker={"size": tailles, "color": COULEUR_SIEGE, "opacity": 0.9},
            # an array, not a list: plotly checks a list element by element (1.8 s for 25 000)
            customdata=np.array(survols, dtype=object),
            hovertemplate="%{customdata}<extra></extra>",
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
    sans = df[df["nb_projets"] == 0]
    avec = df[df["nb_projets"] > 0]
    valeurs = pd.to_numeric(avec[m.colonne], errors="coerce")
    non_publies = avec[valeurs.isna()]
    connus = avec[valeurs.notna()]
    # judged on every area, not per trace: a trace may hold only Mayotte
    anciennes = population_ancienne(df)
    _zones(
        fig,
        sans,
        n,
        nom=LIBELLE_SANS_LAUREAT,
        z=[0.0] * len(sans),
        couleurs=[[0, COULEUR_SANS_LAUREAT], [1, COULEUR_SANS_LAUREAT]],
        anciennes=anciennes,
        showscale=False,
        showlegend=True,
    )
    _zones(
        fig,
        non_publies,
        n,
        nom=LIBELLE_NON_PUBLIE,
        z=[0.0] * len(non_publies),
        couleurs=[[0, COULEUR_NON_PUBLIE], [1, COULEUR_NON_PUBLIE]],
        anciennes=anciennes,
        showscale=False,
        showlegend=True,
    )
    if not connus.empty:
        maximum = float(valeurs.max())
        ticks, textes = _graduations(metrique, maximum if maximum > 0 else 1.0)
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
    _cadres_outre_mer(fig)
    if laureats is not None:
        _sieges(fig, laureats)
    fig = _mise_en_page(fig, en_deux_lignes(titre), hauteur=HAUTEUR_CARTE)
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


def en_deux_lignes(titre: str) -> str:
    """Break a long « metric – total » title after the metric, so a narrow map keeps it whole."""
    return titre.replace(" – ", "<br>", 1) if len(titre) > 60 else titre


def _texte_montant(ligne) -> str:
    nb = int(ligne.nb_projets)
    if nb == 0:
        return LIBELLE_SANS_LAUREAT.lower()
    nb_publies = int(ligne.nb_projets_attribution_publiee)
    if nb_publies == 0:
        return f"{fmt.NON_PUBLIE} ({_pluriel(nb, 'lauréat')})"
    couverture = fmt.couverture(nb_publies, nb)
    return f"{fmt.euros_compact(ligne.montant_attribue_eur)} · {couverture}"


@lru_cache(maxsize=1)
def _grille_repartition() -> dict:
    """The layout of two panels sharing the y axis, made once: make_subplots took ~60 ms per
    chart; repartition places its traces on x/y and x2/y2 itself (tests/test_charts.py)."""
    return make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.03,
        column_widths=[0.3, 0.7],
        subplot_titles=["Lauréats", "Attribué publié"],
    ).to_dict()["layout"]


def repartition(df: pd.DataFrame, titre: str, sous_titre: str = "") -> go.Figure:
    """Horizontal bars per category: laureates on the left, published amount on the right."""
    hauteur = 160 + 46 * max(len(df), 1)
    fig = go.Figure(layout=copy.deepcopy(_grille_repartition()), _validate=False)
    # plotly draws the first category at the bottom: reverse to read in the table's order
    ordre = df.iloc[::-1]
    libelles = [texte_brut.plotly(v) for v in ordre["libelle"]]
    nb = ordre["nb_projets"].astype(int)
    fig.add_trace(
        go.Bar(
            name="Lauréats",
            y=libelles,
            x=nb.tolist(),
            orientation="h",
            text=[fmt.nombre(v) for v in nb],
            textposition="outside",
            cliponaxis=False,
            marker_color=palette()[1],
            hovertemplate="%{y} : %{text} lauréat(s)<extra></extra>",
            showlegend=False,
            xaxis="x",
            yaxis="y",
        )
    )
    montants = pd.to_numeric(ordre["montant_attribue_eur"], errors="coerce")
    textes = [fmt.pour_plotly(_texte_montant(r)) for r in ordre.itertuples()]
    fig.add_trace(
        go.Bar(
            name="Attribué publié",
            y=libelles,
            x=montants.fillna(0).tolist(),
            orientation="h",
            text=textes,
            textposition="outside",
            cliponaxis=False,
            marker_color=palette()[0],
            customdata=[fmt.pour_plotly(fmt.euros(v)) for v in montants],
            hovertemplate="%{y} : %{customdata}<extra></extra>",
            showlegend=False,
            xaxis="x2",
            yaxis="y2",
        )
    )
    maximum_nb = int(nb.max()) if len(nb) else 0
    fig.layout.xaxis.update(
        range=[0, max(maximum_nb, 1) * 1.35], showticklabels=False, showgrid=False
    )
    maximum = float(montants.max()) if montants.notna().any() else 0.0
    valeurs, etiquettes = graduations_euros(maximum)
    # room on the right for « 2,6 M€ · publié pour 1 projet sur 9 » written outside the bar
    fig.layout.xaxis2.update(
        range=[0, max(valeurs[-1], 1.0) * 2.1],
        tickvals=valeurs,
        ticktext=etiquettes,
        gridcolor="#e5e5e5",
    )
    fig.update_yaxes(automargin=True)
    # the metric on one line, the total on the next: at 100 000 laureates the one-line title
    # ran past the chart's width and plotly cut it mid-word
    fig = _mise_en_page(fig, titre.replace(" – ", "<br>", 1), hauteur=hauteur)
    fig.update_layout(bargap=0.3, margin={"l": 10, "r": 10, "t": 120, "b": 10})
    if sous_titre:
        fig.update_layout(title_subtitle_text=fmt.pour_plotly(sous_titre))
    return fig


def titre_repartition(objet: str, df: pd.DataFrame) -> str:
    """« Lauréats et montant attribué publié par type de territoire – total : … »."""
    nb = int(df["nb_projets"].sum())
    total, couverture = couverture_totale(df)
    return (
        f"Lauréats et montant attribué publié par {objet} – total : {_pluriel(nb, 'lauréat')}, "
        f"{fmt.euros(total)} attribués ({couverture})"
    )
