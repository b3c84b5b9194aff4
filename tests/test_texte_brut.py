"""Imported text stays data: Markdown escaping, plotly labels, links, terminal output."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from tid import texte_brut
from tid.__main__ import main

JOINT = "\u2060"
# What a reader sees of our escaped Markdown: CommonMark drops the backslash before any ASCII
# punctuation, and the word joiner is invisible.
_ECHAPPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def lu(markdown: str) -> str:
    return _ECHAPPE.sub(r"\1", markdown).replace(JOINT, "")


# (case, hostile text); each must come out of texte_brut.markdown shown as written
HOSTILES = [
    ("image", "![x](https://tiers.example/pixel.png)"),
    ("link", "[clic](https://tiers.example)"),
    ("javascript link", "[js](javascript:alert(1))"),
    ("reference link", "[a]: https://tiers.example"),
    ("autolink", "<https://tiers.example>"),
    ("heading", "# Titre injecté"),
    ("setext heading", "Titre ==="),
    ("emphasis", "**gras** _italique_ ~~barré~~"),
    ("html tags", "<img src=https://tiers.example/a.png> <b>b</b> <script>x</script>"),
    ("html entity", "&lt;b&gt; &#60;"),
    ("latex", "$x^2$ et $$y$$"),
    ("colour directive", ":red[rouge] :blue-badge[b] :small[p]"),
    ("emoji shortcode", ":smile: :+1:"),
    ("material icon", ":material/home:"),
    ("streamlit logo", ":streamlit:"),
    ("list markers", "- puce"),
    ("ordered list", "1. premier"),
    ("quote", "> cité"),
    ("table", "| a | b |"),
    ("code", "`code`"),
    ("backslash", "\\*pas gras\\*"),
    ("arrows", "a -> b <- c <-> d -- e >= f"),
]


@pytest.mark.parametrize(("cas", "texte"), HOSTILES, ids=[c for c, _ in HOSTILES])
def test_markdown_escapes_every_ascii_punctuation_and_reads_back_the_same(cas, texte):
    sortie = texte_brut.markdown(texte)
    # no markup character is left bare: each is escaped, so Markdown shows it as text
    assert not re.search(r"(?<!\\)[!-/:-@\[-`{-~]", _ECHAPPE.sub("", sortie)), sortie
    assert lu(sortie) == texte


@pytest.mark.parametrize(
    "texte",
    [
        "https://tiers.example/nu",
        "HTTP://TIERS.EXAMPLE",
        "www.tiers.example",
        "contact@tiers.example",
        "a.b+c@d.example",
        ":streamlit:",
        ":smile:",
        "a -> b",
        "x <-> y",
    ],
)
def test_markdown_breaks_what_streamlit_rewrites_after_escapes(texte):
    """GFM autolinks, :streamlit:, emoji and arrows are found in the text itself: a word joiner
    inside each one stops them (checked in Chromium: tests/e2e/test_texte_importe_browser.py)."""
    sortie = texte_brut.markdown(texte)
    assert JOINT in sortie
    assert lu(sortie) == texte


def test_markdown_leaves_plain_text_alone():
    assert texte_brut.markdown("Région Île-de-France") == "Région Île\\-de\\-France"
    assert texte_brut.markdown("Syndicat d'énergie") == "Syndicat d\\'énergie"
    assert JOINT not in texte_brut.markdown("10:30, 2 300 000 €, S.A. « Lyon »")


def test_markdown_keeps_one_line_or_lines_without_markup():
    texte = "Ligne 1\n\n    # pas un titre\n> pas une citation"
    assert texte_brut.markdown(texte) == "Ligne 1 \\# pas un titre \\> pas une citation"
    # lines kept as hard breaks, each stripped: four leading spaces would open a code block
    assert texte_brut.markdown(texte, lignes=True) == (
        "Ligne 1\n\n\\# pas un titre  \n\\> pas une citation"
    )


BIDI_ET_INVISIBLES = [
    ("right-to-left override", "fdp\u202eexe.pdf", "fdpexe.pdf"),
    ("isolate", "a\u2066b\u2069c", "abc"),
    ("zero width space", "ze\u200bro", "zero"),
    ("zero width joiner", "a\u200db", "ab"),
    ("word joiner", "a\u2060b", "ab"),
    ("byte order mark", "\ufeffnom", "nom"),
    ("control", "a\x00b\x07c\x1fd", "abcd"),
    ("c1 control", "a\x85b", "ab"),
]


@pytest.mark.parametrize(
    ("cas", "texte", "attendu"), BIDI_ET_INVISIBLES, ids=[c for c, _, _ in BIDI_ET_INVISIBLES]
)
def test_bidi_zero_width_and_control_characters_are_dropped_everywhere(cas, texte, attendu):
    assert texte_brut.nettoyer(texte) == attendu
    assert lu(texte_brut.markdown(texte)) == attendu
    assert texte_brut.plotly(texte) == attendu


def test_nettoyer_keeps_tabs_newlines_and_french_spaces():
    assert texte_brut.nettoyer("a\tb\r\nc") == "a\tb\nc"
    assert texte_brut.nettoyer("2\u202f300\u00a0€") == "2\u202f300\u00a0€"


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        (
            "<a href='https://tiers.example'>lien</a>",
            "&lt;a href='https://tiers.example'&gt;lien&lt;/a&gt;",
        ),
        ("<b>gras</b><br>x", "&lt;b&gt;gras&lt;/b&gt;&lt;br&gt;x"),
        ("<img src=https://tiers.example/a.png>", "&lt;img src=https://tiers.example/a.png&gt;"),
        ("A & B &lt;", "A &amp; B &amp;lt;"),
        ("ligne 1\nligne 2", "ligne 1 ligne 2"),
        ("2\u202f300\u00a0€", "2\u00a0300\u00a0€"),  # as fmt.pour_plotly
    ],
)
def test_plotly_escapes_the_html_plotly_reads_in_labels(texte, attendu):
    assert texte_brut.plotly(texte) == attendu


@pytest.mark.parametrize(
    "url",
    [
        "https://www.banquedesterritoires.fr/ok",
        "http://example.fr",
        "HTTPS://EXAMPLE.FR/A",
        "https://example.fr:8443/a_(b)?q=1#x",
        "https://exemple.fr/été",
    ],
)
def test_web_urls_become_one_link_each(url):
    assert texte_brut.url_web(url)
    assert texte_brut.lien(url) == f"[{texte_brut.markdown(url)}](<{url}>)"


@pytest.mark.parametrize(
    "reference",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>x</script>",
        "ftp://example.fr/f",
        "//tiers.example/a",
        "http:/x",
        "https://",
        "https:tiers.example",
        "mailto:a@example.fr",
        "https://www.banquedesterritoires.fr@tiers.example/",
        "https://example.fr/<img>",
        "https://example.fr/a\\b",
        "https://exa\u202emple.fr",
        "http://[::1",
        "http://example.fr:port/",
        "npm:paquet",
    ],
)
def test_anything_else_stays_text(reference):
    assert not texte_brut.url_web(reference)
    assert texte_brut.lien(reference) == texte_brut.markdown(reference)
    assert "](" not in texte_brut.lien(reference)


def test_sources_splits_fields_on_blanks_once_per_url():
    champ = "javascript:alert(1)  https://a.example/x\nhttps://b.example https://a.example/x"
    assert texte_brut.sources(champ, None, float("nan"), "https://b.example") == [
        "javascript:alert(1)",
        "https://a.example/x",
        "https://b.example",
    ]


def test_tableau_cleans_text_cells_only():
    df = pd.DataFrame({"nom": ["a\u202eb", None], "montant": [1.5, None]})
    propre = texte_brut.tableau(df)
    assert propre["nom"].tolist()[0] == "ab"
    assert propre["montant"].tolist()[0] == 1.5
    assert df["nom"].tolist()[0] == "a\u202eb"  # a copy: the caller's frame is untouched


def test_the_cli_prints_imported_text_without_escape_sequences(base_seed, tmp_path, capsys):
    """A file name and a cell may hold ESC sequences: the terminal must never receive them."""
    base = tmp_path / "tid.duckdb"
    shutil.copy(base_seed, base)
    chemin = tmp_path / "\x1b]0;titre\x07projets\x1b[8m.csv"
    # a cell holding ESC is refused at reading (tests/ingest/test_caracteres.py);
    # the name is printed
    chemin.write_bytes(b"projet_id;notes\r\ntid2-bfc;hier\r\n")
    main(["import", str(chemin), "--dry-run", "--db", str(base)])
    sortie = capsys.readouterr()
    assert sortie.out + sortie.err
    assert "\x1b" not in sortie.out + sortie.err
    assert "\x07" not in sortie.out + sortie.err
    # shown as data: the operator sees the sequence was there (lecture.affichable)
    assert "<U+001B>]0;titre<U+0007>projets<U+001B>[8m.csv" in sortie.out + sortie.err


@pytest.mark.parametrize(
    "texte",
    ["<b>gras</b><br>x", "A & B &lt;", "Métropole – Lyon", "2\u00a0300\u00a0€ <script>"],
)
def test_depuis_plotly_gives_back_the_text_plotly_was_given(texte):
    assert texte_brut.depuis_plotly(texte_brut.plotly(texte)) == texte


def test_depuis_plotly_drops_our_own_tags_and_turns_line_breaks_into_dashes():
    libelle = "Axe 1<br><span style='font-size:12px'>publié pour 1 projet sur 2</span>"
    assert texte_brut.depuis_plotly(libelle) == "Axe 1 – publié pour 1 projet sur 2"
    assert texte_brut.depuis_plotly("Titre<br />suite", saut="\n") == "Titre\nsuite"
