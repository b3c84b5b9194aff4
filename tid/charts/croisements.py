"""Two categories crossed: a heatmap of counts, a sunburst of axes and themes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tid import fmt, texte_brut, vocabulaire
from tid.charts.theme import BLANC, TEXTE, mise_en_page, palette, texte_sur, theme


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
            colorbar={"title": {"text": vocabulaire.LIBELLES[valeur]}},
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return mise_en_page(fig, titre, hauteur=max(300, 120 + 55 * len(pivot.index)))


def soleil(df: pd.DataFrame, titre: str) -> go.Figure:
    """Sunburst axis -> theme (-> project when `df` has one row per project leaf, `projet_id`
    filled, each worth one; else `nb_projets` per theme): a multi-theme project appears under
    each of its themes."""
    feuilles_projet = bool(df["projet_id"].notna().any()) if "projet_id" in df else False
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
    return mise_en_page(fig, titre, hauteur=620)
