"""Imported text shown as data, never as markup: in Markdown, plotly labels, links, the terminal."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

import pandas as pd

from tid import fmt

# Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and escaping
# them all also defeats what Streamlit adds to Markdown (`:red[…]`, `:material/…:`, emoji
# shortcodes, `$…$` LaTeX, which it detects on the raw text) and the parser's own bare
# `www.`/`http://` and e-mail autolinks (a second pass on the text needs _REECRITS).
_PONCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# line breaks and tabs with the blanks around them: inside a list item or a label, one space
_BLANCS = re.compile(r"[ \t]*[\t\n][ \t\n]*")
# What Streamlit's Markdown rewrites in the text itself, after escapes are resolved, so that no
# backslash can stop it: bare `http(s)://` and `www.` addresses and e-mails become links (GFM),
# `:streamlit:` a logo, `:smile:` an emoji, ` -> ` an arrow. A word joiner (U+2060, invisible,
# adds no line break) placed inside each such pattern makes it text again.
_JOINT = "\u2060"
_REECRITS = re.compile(
    r"(?i)(?=https?://|www\.)"  # before an address
    r"|(?<=[-.\w+])(?=@)"  # before the @ of an e-mail
    r"|(?<=:)(?=[\w+-]+:)"  # inside :word:
    r"|(?<=[-<>~])(?<!\S[-<>~])(?=(?:->|[->=])(?:\s|$))"  # inside -> <- <-> -- >= <= ~=
)
# Characters no URL should hold that would break out of `[texte](<url>)` or of an attribute.
_HORS_URL = re.compile(r"[\s<>\"`\\]")


def invisibles(texte: str) -> set[str]:
    """Its control characters but tab and line feed, and its format characters (Unicode Cc,
    Cf: bidi overrides and isolates, zero-width characters, the BOM, ESC)."""
    # They reorder or hide text on screen (a file « fdp.exe » shown as « exe.pdf ») or command a
    # terminal, and carry no meaning in our data. Only the characters str.isprintable() rejects
    # are looked up (no-break spaces are among them): a table of every Cf character would cost
    # 0.2 s per process and miss the next Unicode version's. One definition for the import
    # (tid/ingest/caracteres.py refuses or removes them) and for the display (nettoyer drops them).
    return {
        c
        for c in set(texte)
        if not c.isprintable() and c not in "\t\n" and unicodedata.category(c) in ("Cc", "Cf")
    }


def nettoyer(texte: object) -> str:
    """The text without bidi overrides, zero-width and control characters (tab, newline kept)."""
    texte = str(texte)
    # str.isprintable is C-fast and false for every character we remove (and for \t, \n)
    if texte.isprintable():
        return texte
    texte = texte.replace("\r\n", "\n")
    return texte.translate(dict.fromkeys(map(ord, invisibles(texte))))


def markdown(texte: object, *, lignes: bool = False) -> str:
    """Text to place inside our own Markdown: shown as written, never a link, image, heading…"""
    texte = nettoyer(texte)
    # one line by default: a newline would end the list item or sentence the text sits in
    if not lignes:
        return _inerte(_BLANCS.sub(" ", texte).strip())
    # paragraphs stay paragraphs, lines hard line breaks; leading blanks dropped, as four of
    # them would open a code block
    paragraphes = re.split(r"\n\s*\n", texte.strip())
    return "\n\n".join(
        "  \n".join(_inerte(ligne.strip()) for ligne in paragraphe.split("\n"))
        for paragraphe in paragraphes
    )


def _inerte(ligne: str) -> str:
    return _PONCTUATION.sub(r"\\\1", _REECRITS.sub(_JOINT, ligne))


def plotly(texte: object) -> str:
    """Text for a plotly label, tick or tooltip: `<`, `>`, `&` shown as written, not as HTML."""
    texte = str(texte)
    if not texte.isprintable():
        texte = _BLANCS.sub(" ", nettoyer(texte))
    return fmt.pour_plotly(html.escape(texte.strip(), quote=False))


# a plotly label's markup: its line breaks, then any other tag (`<b>`, `<span …>`); imported
# text in it was escaped by `plotly`, so a tag here is ours, never the data's
_SAUT_PLOTLY = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_BALISE_PLOTLY = re.compile(r"<[^<>]*>")


def depuis_plotly(texte: object, saut: str = " – ") -> str:
    """A plotly label as plain text (tags dropped, `&lt;` as `<`), for Streamlit to write again."""
    sans_balise = _BALISE_PLOTLY.sub("", _SAUT_PLOTLY.sub(saut, str(texte)))
    return nettoyer(html.unescape(sans_balise)).strip()


def tableau(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are cleaned (`nettoyer`) before a st.dataframe shows them."""
    sortie = df.copy()
    for colonne in sortie.columns:
        type_colonne = sortie[colonne].dtype
        if pd.api.types.is_object_dtype(type_colonne) or pd.api.types.is_string_dtype(type_colonne):
            sortie[colonne] = sortie[colonne].map(
                lambda v: nettoyer(v) if isinstance(v, str) else v
            )
    return sortie


def url_web(mot: str) -> bool:
    """An absolute http(s) URL with a host, and nothing that could fake or break a link."""
    if _HORS_URL.search(mot) or nettoyer(mot) != mot:
        return False
    try:
        morceaux = urlsplit(mot)
        _ = morceaux.port  # raises ValueError on a port that is not a number
    except ValueError:
        return False
    # user info (« https://www.banquedesterritoires.fr@ailleurs.example/ ») hides the real host
    return (
        morceaux.scheme in ("http", "https")
        and bool(morceaux.hostname)
        and "@" not in morceaux.netloc
    )


def sources(*champs: object) -> list[str]:
    """The distinct references of source_url fields (several per field, space-separated)."""
    mots = (mot for champ in champs if isinstance(champ, str) for mot in champ.split())
    return list(dict.fromkeys(mots))


def lien(mot: str, texte: str | None = None) -> str:
    """Markdown for one reference: a link when it is an http(s) URL, else plain text."""
    if not url_web(mot):
        return markdown(mot)
    # between <>, the URL may hold parentheses; `<`, `>`, backslashes and blanks are refused
    return f"[{markdown(mot if texte is None else texte)}](<{mot}>)"
