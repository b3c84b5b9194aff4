"""Mise en forme française (Babel, fr_FR) des montants, nombres, taux et dates affichés."""

import datetime as dt
from decimal import Decimal
from functools import lru_cache

import pandas as pd
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "fr_FR"
NON_PUBLIE = "non publié"
DATE_NON_PUBLIEE = "date non publiée"

_NBSP = "\u00a0"
_NNBSP = "\u202f"
# Unités du format compact, de la plus grande à la plus petite (pas de « Bn » : on reste en Md€).
_UNITES_COMPACTES = (
    (Decimal(10) ** 9, "Md"),
    (Decimal(10) ** 6, "M"),
    (Decimal(10) ** 3, "k"),
    (Decimal(1), ""),
)
_DIXIEME = Decimal("0.1")


def manquant(value: object) -> bool:
    """Vrai pour None, NaN, pandas.NA et NaT, que l'on affiche comme « non publié »."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _motif(decimals: int, suffixe: str = "") -> str:
    """Motif Babel à séparateur de milliers et exactement `decimals` décimales."""
    fraction = "." + "0" * decimals if decimals > 0 else ""
    return f"#,##0{fraction}{suffixe}"


def euros(value: object, decimals: int = 0) -> str:
    return NON_PUBLIE if manquant(value) else _euros(value, decimals)


# Tables of thousands of rows repeat the same amounts: Babel is called once per distinct value.
@lru_cache(maxsize=65_536)
def _euros(value: object, decimals: int) -> str:
    return format_currency(
        value,
        "EUR",
        format=_motif(decimals, f"{_NBSP}¤"),
        currency_digits=False,
        locale=LOCALE,
    )


def _decimal_court(value: Decimal) -> str:
    """Au plus une décimale, sans « -0 » pour un petit négatif arrondi à zéro."""
    if value.quantize(_DIXIEME) == 0:
        value = Decimal(0)
    return format_decimal(value, format="#,##0.#", locale=LOCALE)


def euros_compact(value: object) -> str:
    """Montant court (« 11,6 M€ ») : au plus une décimale, omise quand elle vaut zéro."""
    if manquant(value):
        return NON_PUBLIE
    montant = Decimal(str(value))
    dernier = len(_UNITES_COMPACTES) - 1
    i = next((i for i, (e, _) in enumerate(_UNITES_COMPACTES) if abs(montant) >= e), dernier)
    # 999 950 € s'arrondirait en « 1 000 k€ » : on passe alors à l'unité supérieure.
    if i > 0 and abs((montant / _UNITES_COMPACTES[i][0]).quantize(_DIXIEME)) >= 1000:
        i -= 1
    echelle, unite = _UNITES_COMPACTES[i]
    return f"{_decimal_court(montant / echelle)}{_NBSP}{unite}€"


def nombre(value: object, decimals: int = 0) -> str:
    return NON_PUBLIE if manquant(value) else _nombre(value, decimals)


# Chart labels repeat the same counts (1 136 calendar points at 100 000 projects): one Babel
# call per distinct value, as for amounts.
@lru_cache(maxsize=65_536)
def _nombre(value: object, decimals: int) -> str:
    return format_decimal(value, format=_motif(decimals), locale=LOCALE)


def pourcent(ratio: object, decimals: int = 0) -> str:
    """Taux donné comme une part entre 0 et 1 : 0,387 -> « 39 % »."""
    if manquant(ratio):
        return NON_PUBLIE
    return format_percent(ratio, format=_motif(decimals, f"{_NBSP}%"), locale=LOCALE)


def _en_date(value: object) -> dt.date:
    """Convertit date, datetime, Timestamp, datetime64 ou chaîne ISO 8601 en date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        texte = value.strip()
        try:
            return dt.date.fromisoformat(texte)
        except ValueError:
            return dt.datetime.fromisoformat(texte).date()
    return pd.Timestamp(value).date()


def _date_manquante(value: object) -> bool:
    return manquant(value) or (isinstance(value, str) and not value.strip())


def date_fr(value: object) -> str:
    """Date abrégée : « 25 oct. 2022 »."""
    return DATE_NON_PUBLIEE if _date_manquante(value) else _date(_en_date(value), "medium")


def date_longue(value: object) -> str:
    """Date en toutes lettres : « 25 octobre 2022 »."""
    return DATE_NON_PUBLIEE if _date_manquante(value) else _date(_en_date(value), "long")


# Tables and captions repeat the same dates: one Babel call per distinct (day, format).
@lru_cache(maxsize=16_384)
def _date(jour: dt.date, format_babel: str) -> str:
    return format_date(jour, format=format_babel, locale=LOCALE)


def ratio(value: object, decimals: int = 1) -> str:
    """Multiplicateur (effet de levier) : 1,92 -> « 1,9 »."""
    return nombre(value, decimals)


def couverture(
    n_connus: int, n_total: int, objet: str = "projets", *, feminin: bool = False
) -> str:
    """Part des lignes où la donnée est publiée : « publié pour 5 projets sur 25 »."""
    singulier = objet.removesuffix("s")
    if n_total == 0:
        return f"{'aucune' if feminin else 'aucun'} {singulier}"
    # En français, 0 et 1 appellent le singulier (« 0 projet », « 1 projet »).
    nom = singulier if abs(n_connus) < 2 else objet
    return f"publié pour {nombre(n_connus)} {nom} sur {nombre(n_total)}"


def pour_plotly(text: str) -> str:
    """Remplace U+202F par U+00A0, car le SVG de plotly dessine U+202F sans largeur."""
    return text.replace(_NNBSP, _NBSP)


def texte(value: object) -> str:
    """A text field as written, or « non publié » when it is missing."""
    return NON_PUBLIE if manquant(value) or str(value).strip() == "" else str(value)


def accord(n: object, singulier: str, pluriel: str) -> str:
    """The word agreeing with n (« n'a » / « n'ont »): in French, 0 and 1 take the singular."""
    return singulier if abs(int(n)) < 2 else pluriel


def compte(n: object, singulier: str, pluriel: str) -> str:
    """« 1 source », « 57 sources »: in French, 0 and 1 take the singular (as couverture)."""
    return f"{nombre(int(n))} {accord(n, singulier, pluriel)}"


def date_heure(value: object) -> str:
    """Date and time of an event such as an import: « 29 nov. 2026, 06:22 »."""
    if manquant(value):
        return DATE_NON_PUBLIEE
    return format_datetime(
        pd.Timestamp(value).to_pydatetime(), format="d MMM y, HH:mm", locale=LOCALE
    )


def mois(value: object) -> str:
    """Month and year for a time axis: « janv. 2022 »."""
    if manquant(value):
        return DATE_NON_PUBLIEE
    return format_date(_en_date(value), format="MMM y", locale=LOCALE)
