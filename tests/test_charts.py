"""tid/charts.py: figures carry French labels, unknown amounts say so, ticks are readable."""

import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from tid import cartes, charts, db, fmt
from tid.filtres import aucun


def test_palette_comes_from_the_streamlit_theme():
    assert charts.palette()[:3] == ["#0072B2", "#E69F00", "#009E73"]


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


def test_chaine_par_vague_marks_unpublished_amounts(con_seed):
    vagues = db.run(con_seed, "chaine_par_vague", **aucun())
    fig = charts.chaine_par_vague(vagues, "Titre")
    noms = [t.name for t in fig.data]
    assert noms == [nom for _, nom in charts.ETAPES]
    attribue = fig.data[1]
    assert list(attribue.text) == ["2,6\u00a0M€", "4,3\u00a0M€", "n. p.", "4,7\u00a0M€"]
    assert list(fig.data[3].text) == ["n. p."] * 4
    assert list(fig.data[3].customdata) == ["non publié"] * 4
    assert fig.layout.separators == ",\u00a0"
    assert "TID – vague 1<br>5 lauréats" in list(attribue.x)


def test_chaine_par_vague_with_no_wave_is_an_empty_figure():
    vide = pd.DataFrame(
        columns=["libelle", "nb_projets", *[c for c, _ in charts.ETAPES]],
    )
    fig = charts.chaine_par_vague(vide, "Vide")
    assert all(len(t.x) == 0 for t in fig.data)


def test_soleil_without_project_leaves_sums_theme_counts(con_seed):
    agrege = db.run(con_seed, "axe_theme", **aucun())
    detail = db.run(con_seed, "axe_theme_projet", **aucun())
    fig_agrege, fig_detail = charts.soleil(agrege, "A"), charts.soleil(detail, "D")
    racines = {
        i: v
        for i, p, v in zip(
            fig_agrege.data[0].ids,
            fig_agrege.data[0].parents,
            fig_agrege.data[0].values,
            strict=True,
        )
        if p == ""
    }
    racines_detail = {
        i: v
        for i, p, v in zip(
            fig_detail.data[0].ids,
            fig_detail.data[0].parents,
            fig_detail.data[0].values,
            strict=True,
        )
        if p == ""
    }
    assert racines == racines_detail == {"Axe 1": 3, "Axe 2": 34, "Axe 3": 3, "Axe non publié": 4}
    assert len(fig_agrege.data[0].ids) < len(fig_detail.data[0].ids)


def test_calendrier_has_french_month_ticks(con_seed):
    jalons = db.run(con_seed, "calendrier_vagues", **aucun())
    fig = charts.calendrier(jalons, "Calendrier")
    assert fig.layout.xaxis.ticktext[:3] == ("janv. 2021", "juil. 2021", "janv. 2022")
    assert {t.name for t in fig.data} >= {"Clôture annoncée", "Clôture effective"}


def test_cumul_attributions_steps_envelope_and_shared_wave_marks(con_seed):
    cumul = db.run(con_seed, "attributions_cumulees", **aucun())
    assert list(cumul["montant_cumule_eur"]) == [2_600_000, 6_900_000]
    assert cumul["montant_sans_date_eur"].iloc[0] == 4_680_000  # DIAT-2: no published date
    jalons = db.run(con_seed, "calendrier_vagues", **aucun())
    jalons = jalons[jalons["jalon"] == "Résultats publiés"]
    fig = charts.cumul_attributions(cumul, 70_000_000, jalons, "Cumul")
    assert fig.data[0].line.shape == "hv"
    textes = [a.text for a in fig.layout.annotations]
    assert "TID – vague 2 · DIAT – vague 1" in textes  # same day, one label
    assert any(t.startswith("Enveloppe 70") for t in textes)


def _mise_en_page_par_plotly(fig, titre, hauteur=420):
    """The former update_* version of charts._mise_en_page: the reference it must equal."""
    fig.update_layout(
        title={"text": fmt.pour_plotly(titre), "x": 0, "xanchor": "left"},
        title_font_color=charts.TEXTE,
        title_subtitle_font_color=charts.TEXTE_SECONDAIRE,
        separators=charts.SEPARATEURS,
        font={"family": charts.POLICE, "size": 14, "color": charts.TEXTE},
        height=hauteur,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        legend_font_color=charts.TEXTE,
        plot_bgcolor="white",
        hoverlabel={"font_family": charts.POLICE},
    )
    fig.update_xaxes(tickfont_color=charts.TEXTE_SECONDAIRE, title_font_color=charts.TEXTE)
    fig.update_yaxes(tickfont_color=charts.TEXTE, title_font_color=charts.TEXTE)
    fig.update_annotations(font_color=charts.TEXTE)
    fig.update_traces(textfont_color=charts.TEXTE, selector={"type": "bar"})
    for trace in fig.data:
        if "colorbar" in trace:
            trace.colorbar.tickfont.color = charts.TEXTE_SECONDAIRE
            trace.colorbar.title.font.color = charts.TEXTE
    return fig


def _toutes_les_figures(con):
    """Every kind of figure the pages draw, on the seed, with and without a filter."""
    filtres_tid = {**aucun(), "programme": ["TID"]}
    figures = []
    for filtres in (aucun(), filtres_tid):
        vagues = db.run(con, "chaine_par_vague", **filtres)
        jalons = db.run(con, "calendrier_vagues", **filtres)
        cumul = db.run(con, "attributions_cumulees", **filtres)
        regions = db.run(con, "par_region", **filtres)
        laureats = db.run(con, "laureats_points", **filtres, limite=None)
        figures += [
            charts.chaine_par_vague(vagues, "Chaîne"),
            charts.entonnoir(db.run(con, "vagues", **filtres), "Entonnoir"),
            charts.calendrier(jalons, "Calendrier"),
            charts.cumul_attributions(
                cumul, 70_000_000, jalons[jalons["jalon"] == "Résultats publiés"], "Cumul"
            ),
            charts.barres(db.run(con, "par_axe", **filtres), "libelle", "nb_projets", "Axes"),
            charts.carte_chaleur(
                db.run(con, "axe_type_territoire", **filtres),
                "axe_libelle",
                "type_territoire_libelle",
                "nb_projets",
                "Chaleur",
            ),
            charts.soleil(db.run(con, "axe_theme_projet", **filtres), "Soleil"),
            cartes.carte(regions, "region", "montant", "Carte", "Filtres : aucun.", laureats),
            cartes.carte(db.run(con, "par_departement", **filtres), "departement", "nombre", "D"),
            cartes.repartition(db.run(con, "par_type_territoire", **filtres), "R", "Filtres"),
        ]
    return figures


def test_house_layout_equals_plotly_update_methods(con_seed, monkeypatch):
    # compared as Streamlit sends them: plotly's JSON, parsed (key order does not matter)
    rapides = [json.loads(f.to_json()) for f in _toutes_les_figures(con_seed)]
    monkeypatch.setattr(charts, "_mise_en_page", _mise_en_page_par_plotly)
    monkeypatch.setattr(cartes, "_mise_en_page", _mise_en_page_par_plotly)
    reference = [json.loads(f.to_json()) for f in _toutes_les_figures(con_seed)]
    assert len(rapides) == len(reference) == 20
    for rapide, attendu in zip(rapides, reference, strict=True):
        assert rapide == attendu


def test_every_figure_passes_plotly_validation(con_seed):
    for fig in _toutes_les_figures(con_seed):
        go.Figure(fig.to_dict())  # raises ValueError on any unknown or invalid property


def _repartition_par_make_subplots(df: pd.DataFrame, titre: str, sous_titre: str = "") -> go.Figure:
    """The former make_subplots version of cartes.repartition: the reference it must equal."""
    hauteur = 160 + 46 * max(len(df), 1)
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.03,
        column_widths=[0.3, 0.7],
        subplot_titles=["Lauréats", "Attribué publié"],
    )
    # plotly draws the first category at the bottom: reverse to read in the table's order
    ordre = df.iloc[::-1]
    libelles = [fmt.pour_plotly(str(v)) for v in ordre["libelle"]]
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
            marker_color=charts.palette()[1],
            hovertemplate="%{y} : %{text} lauréat(s)<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    montants = pd.to_numeric(ordre["montant_attribue_eur"], errors="coerce")
    textes = [fmt.pour_plotly(cartes._texte_montant(r)) for r in ordre.itertuples()]
    fig.add_trace(
        go.Bar(
            name="Attribué publié",
            y=libelles,
            x=montants.fillna(0).tolist(),
            orientation="h",
            text=textes,
            textposition="outside",
            cliponaxis=False,
            marker_color=charts.palette()[0],
            customdata=[fmt.pour_plotly(fmt.euros(v)) for v in montants],
            hovertemplate="%{y} : %{customdata}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    maximum_nb = int(nb.max()) if len(nb) else 0
    fig.update_xaxes(
        range=[0, max(maximum_nb, 1) * 1.35], showticklabels=False, showgrid=False, row=1, col=1
    )
    maximum = float(montants.max()) if montants.notna().any() else 0.0
    valeurs, etiquettes = charts.graduations_euros(maximum)
    # room on the right for « 2,6 M€ · publié pour 1 projet sur 9 » written outside the bar
    fig.update_xaxes(
        range=[0, max(valeurs[-1], 1.0) * 2.1],
        tickvals=valeurs,
        ticktext=etiquettes,
        gridcolor="#e5e5e5",
        row=1,
        col=2,
    )
    fig.update_yaxes(automargin=True)
    fig = charts._mise_en_page(fig, titre.replace(" – ", "<br>", 1), hauteur=hauteur)
    fig.update_layout(bargap=0.3, margin={"l": 10, "r": 10, "t": 120, "b": 10})
    if sous_titre:
        fig.update_layout(title_subtitle_text=fmt.pour_plotly(sous_titre))
    return fig


def test_repartition_equals_the_make_subplots_version(con_seed):
    filtres_tid = {**aucun(), "programme": ["TID"]}
    for requete in ("par_type_territoire", "par_type_porteur"):
        for filtres in (aucun(), filtres_tid):
            df = db.run(con_seed, requete, **filtres)
            rapide = json.loads(cartes.repartition(df, "Titre", "Filtres").to_json())
            attendu = json.loads(_repartition_par_make_subplots(df, "Titre", "Filtres").to_json())
            assert rapide == attendu


def _cumul_par_add_lines(
    df: pd.DataFrame, enveloppe: float | None, jalons: pd.DataFrame, titre: str
) -> go.Figure:
    """The former add_hline/add_vline version of charts.cumul_attributions: the reference."""
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
        line_color=charts.palette()[0],
        customdata=survols,
        hovertemplate="%{customdata}<extra></extra>",
    )
    maximum = float(df["montant_cumule_eur"].max()) if len(df) else 0.0
    if enveloppe is not None and pd.notna(enveloppe):
        maximum = max(maximum, float(enveloppe))
        fig.add_hline(
            y=float(enveloppe),
            line_dash="dash",
            line_color=charts.GRIS_NON_PUBLIE,
            annotation_text=fmt.pour_plotly(f"Enveloppe {fmt.euros_compact(enveloppe)}"),
            annotation_position="top left",
        )
    # waves published the same day (TID-2 and DIAT-1) share one mark and one label
    for jour, libelles in jalons.groupby("date_jalon", sort=True)["libelle"]:
        fig.add_vline(x=pd.Timestamp(jour).to_pydatetime(), line_dash="dot", line_color="#9a9a9a")
        fig.add_annotation(
            x=pd.Timestamp(jour).to_pydatetime(),
            y=1,
            yref="paper",
            text=fmt.pour_plotly(" · ".join(libelles)),
            showarrow=False,
            textangle=-90,
            xanchor="right",
            yanchor="top",
            font={"size": 11, "color": "#555"},
        )
    graduations, textes = charts.graduations_euros(maximum * 1.1)
    fig.update_yaxes(
        tickvals=graduations, ticktext=textes, range=[0, graduations[-1]], gridcolor="#e5e5e5"
    )
    dates = pd.concat([pd.to_datetime(df["date_mouvement"]), pd.to_datetime(jalons["date_jalon"])])
    axe = charts.graduations_semestres(dates)
    fig.update_xaxes(tickvals=axe, ticktext=[fmt.mois(g) for g in axe], gridcolor="#f0f0f0")
    fig.update_layout(showlegend=False)
    return charts._mise_en_page(fig, titre, hauteur=380)


def test_cumul_attributions_equals_the_add_lines_version(con_seed):
    for filtres in (aucun(), {**aucun(), "programme": ["DIAT"]}):
        cumul = db.run(con_seed, "attributions_cumulees", **filtres)
        jalons = db.run(con_seed, "calendrier_vagues", **filtres)
        jalons = jalons[jalons["jalon"] == "Résultats publiés"]
        for enveloppe in (70_000_000, None):
            rapide = json.loads(charts.cumul_attributions(cumul, enveloppe, jalons, "C").to_json())
            attendu = json.loads(_cumul_par_add_lines(cumul, enveloppe, jalons, "C").to_json())
            if enveloppe is not None:
                # the envelope label moved on purpose (test below): everything else is the same
                for figure in (rapide, attendu):
                    position = figure["layout"]["annotations"][0]
                    for cle in ("x", "xref", "xanchor"):
                        position.pop(cle)
            assert rapide == attendu


def test_the_envelope_label_sits_in_the_widest_gap_between_wave_marks(con_seed):
    cumul = db.run(con_seed, "attributions_cumulees", **aucun())
    jalons = db.run(con_seed, "calendrier_vagues", **aucun())
    jalons = jalons[jalons["jalon"] == "Résultats publiés"]
    fig = charts.cumul_attributions(cumul, 70_000_000, jalons, "Cumul")
    etiquette = fig.layout.annotations[0]
    assert etiquette.text.startswith("Enveloppe") and etiquette.xanchor == "center"
    # marks: 25 Oct 2022 (TID-1) and 7 June 2023 (TID-2, DIAT-1): the label between them
    milieu = (
        pd.Timestamp("2022-10-25") + (pd.Timestamp("2023-06-07") - pd.Timestamp("2022-10-25")) / 2
    )
    assert pd.Timestamp(etiquette.x) == milieu


def test_charts_are_serialized_by_orjson():
    """st.plotly_chart calls plotly.io.to_json at every run: orjson makes it ~9x faster."""
    import importlib.util

    import plotly.io as pio

    assert importlib.util.find_spec("orjson") is not None
    assert pio.json.config.default_engine in ("auto", "orjson")


def test_bars_leave_room_for_long_labels():
    """35 % after the longest bar for the real labels; more for the long ones of a big base."""
    court = pd.DataFrame({"libelle": ["Axe 1", "Axe 2"], "nb_projets": [3, 34]})
    fig = charts.barres(court, "libelle", "nb_projets", "T", detail=["1 avec montant publié"] * 2)
    assert fig.layout.xaxis.range[1] == pytest.approx(34 * 1.35)
    long = pd.DataFrame({"libelle": ["Axe 1", "Axe 2"], "nb_projets": [7_943, 79_925]})
    detail = ["6 310 avec montant publié", "63 864 avec montant publié"]
    fig = charts.barres(long, "libelle", "nb_projets", "T", detail=detail)
    assert fig.layout.xaxis.range[1] > 79_925 * 1.45


# Text columns the figures show; codes and milestone names stay as they are (they select things)
ETIQUETTES = {
    "libelle",
    "nom",
    "porteur",
    "nom_projet",
    "commune_siege",
    "axe_libelle",
    "theme_libelle",
    "type_territoire_libelle",
    "projet_libelle",
    "vague_libelle",
    "departement_nom",
}
HTML_HOSTILE = "<a href='https://tiers.example'>lien</a> <img src=https://tiers.example/i.png> "


def test_no_figure_reads_html_from_the_data(con_seed, monkeypatch):
    """plotly reads <a href>, <img>, <b> in any text: every label from the data is escaped."""
    lire = db.run

    def lire_hostile(con, nom, **parametres):
        df = lire(con, nom, **parametres)
        for colonne in ETIQUETTES & set(df.columns):
            df[colonne] = [HTML_HOSTILE + v if isinstance(v, str) else v for v in df[colonne]]
        return df

    monkeypatch.setattr(db, "run", lire_hostile)
    for fig in _toutes_les_figures(con_seed):
        # parsed back: plotly's JSON writes < as \u003c
        spec = json.dumps(json.loads(fig.to_json()), ensure_ascii=False)
        assert "<a href" not in spec and "<img" not in spec, spec[:300]
        assert "&lt;a href='https://tiers.example'&gt;lien&lt;/a&gt;" in spec, spec[:300]
