"""The cells of an import file as typed values (numbers, dates, codes): one problem per bad cell."""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd

from tid.ingest.identifiants import IdentifiantRefuse, canonique
from tid.ingest.problemes import Probleme

DATE_MIN = date(2021, 1, 1)
NATURES = ("attribution", "convention", "versement", "annulation")
SEPARATEUR_THEMES = re.compile(r"\s*[;|,]\s*")
FORMULE_NEUTRALISEE = re.compile(r"^'(?=[=+\-@\t\r])")
# The largest values the base's columns hold (INTEGER, DECIMAL(14, 2)): refused while checking
# the file, never by DuckDB half-way through applying it.
ENTIER_MAX = 2**31 - 1
MONTANT_MAX = 999_999_999_999.99
# What our exports write for a value not published (queries/projets.sql): read back as empty.
_VIDES_EXPORT = {"axe_code": {"axe non publié"}}
GRILLES = ("dense", "intermediaire", "rural")


def texte(brut: object) -> str | None:
    """The cell's text without surrounding spaces nor the « ' » our exports put before formulas."""
    if brut is None:
        return None
    lu = str(brut).strip()
    if lu == "":
        return None
    return FORMULE_NEUTRALISEE.sub("", lu)


def nombre(brut: object) -> float:
    """« 1 234 567,50 », « 1234567.5 », « 1.234.567,50 » or a spreadsheet number."""
    if isinstance(brut, (int, float)) and not isinstance(brut, bool):
        return float(brut)
    lu = re.sub(r"[\s\u00a0\u202f€]", "", str(brut))
    if "," in lu and "." in lu:
        decimal = "," if lu.rfind(",") > lu.rfind(".") else "."
        milliers = "." if decimal == "," else ","
        lu = lu.replace(milliers, "").replace(decimal, ".")
    else:
        lu = lu.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", lu):
        raise ValueError
    return float(lu)


def jour(brut: object) -> date:
    """A spreadsheet date, or a text written AAAA-MM-JJ or JJ/MM/AAAA."""
    if isinstance(brut, datetime):
        return brut.date()
    if isinstance(brut, date):
        return brut
    lu = str(brut).strip()
    for motif in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(lu, motif).date()
        except ValueError:
            continue
    raise ValueError


def comparable(valeur: object) -> object:
    """A cell or a stored value in one form, so that equal values compare equal."""
    if valeur is None or (not isinstance(valeur, (list, str)) and pd.isna(valeur)):
        return None
    if isinstance(valeur, pd.Timestamp):
        return valeur.date()
    if isinstance(valeur, float) and valeur == int(valeur):
        return int(valeur)
    if hasattr(valeur, "item"):
        return comparable(valeur.item())
    return valeur


class Valeurs:
    """Turns the text cells of one row into typed values, recording one problem per bad cell.

    Each reader below records its problem, then raises ValueError: the cell then reads None."""

    def __init__(self, codes: dict[str, dict[str, str]], problemes: list[Probleme], ligne: int):
        self.codes = codes
        self.problemes = problemes
        self.ligne = ligne

    def erreur(self, colonne: str | None, message: str) -> None:
        self.problemes.append(Probleme(message, self.ligne, colonne))

    def avertissement(self, colonne: str | None, message: str) -> None:
        self.problemes.append(Probleme(message, self.ligne, colonne, "avertissement"))

    def convertir(self, colonne: str, genre: str, brut: object) -> object:
        lu = texte(brut)
        if lu is None or lu.lower() in _VIDES_EXPORT.get(colonne, ()):
            return None
        if isinstance(brut, str) and brut.strip().startswith("="):
            self.erreur(colonne, f"formule refusée (« {lu[:40]} ») : saisissez la valeur.")
            return None
        try:
            return self._convertir(colonne, genre, brut, lu)
        except ValueError:
            return None

    def _convertir(self, colonne: str, genre: str, brut: object, lu: str) -> object:
        if genre == "texte":
            return lu
        if genre.startswith("code:"):
            return self._code(colonne, genre.removeprefix("code:"), lu)
        if genre in ("latitude", "longitude"):
            return self._coordonnee(colonne, genre, brut, lu)
        lecteurs = {
            "identifiant": self._identifiant,
            "montant": self._montant,
            "date": self._jour,
            "entier": self._entier,
            "siren": self._siren,
            "commune": self._commune,
            "grille": self._grille,
            "nature": self._nature,
            "themes": self._themes,
        }
        if genre not in lecteurs:
            raise AssertionError(genre)
        return lecteurs[genre](colonne, brut, lu)

    def _lire(self, lecteur, colonne: str, brut: object, illisible: str):
        """`lecteur(brut)`, or the `illisible` problem recorded and ValueError."""
        try:
            return lecteur(brut)
        except ValueError:
            self.erreur(colonne, illisible)
            raise

    def _refuser(self, colonne: str, message: str) -> ValueError:
        self.erreur(colonne, message)
        return ValueError()

    def _code(self, colonne: str, filtre: str, lu: str) -> str:
        connus = self.codes[filtre]
        if lu in connus:
            return lu
        # our exports write labels (« Région », « Axe 2 – … »): read them back as codes
        par_libelle = {v.lower(): k for k, v in connus.items()}
        if lu.lower() in par_libelle:
            return par_libelle[lu.lower()]
        exemples = ", ".join(list(connus)[:8])
        raise self._refuser(
            colonne, f"code inconnu « {lu} » (exemples de codes valides : {exemples})."
        )

    def _identifiant(self, colonne: str, brut: object, lu: str) -> str:
        try:
            forme = canonique(lu)
        except IdentifiantRefuse as refus:
            self.erreur(colonne, str(refus))
            raise ValueError from refus
        if forme != lu:
            self.avertissement(
                colonne,
                f"identifiant « {lu[:40]} » lu « {forme} » (un identifiant s'écrit en "
                "minuscules, sans accent ni caractère invisible).",
            )
        return forme

    def _montant(self, colonne: str, brut: object, lu: str) -> float:
        valeur = self._lire(
            nombre, colonne, brut, f"montant illisible « {lu} » (exemple : 1 250 000,50)."
        )
        if valeur < 0:
            raise self._refuser(colonne, f"un montant ne peut pas être négatif ({lu}).")
        if valeur > MONTANT_MAX:
            raise self._refuser(
                colonne, f"montant invraisemblable ({lu[:40]}) : erreur de saisie ?"
            )
        return round(valeur, 2)

    def _jour(self, colonne: str, brut: object, lu: str) -> date:
        valeur = self._lire(
            jour, colonne, brut, f"date illisible « {lu} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)."
        )
        if not DATE_MIN <= valeur <= date.today():
            raise self._refuser(
                colonne,
                f"date invraisemblable ({valeur:%d/%m/%Y}) : elle doit être entre le "
                f"{DATE_MIN:%d/%m/%Y} et aujourd'hui.",
            )
        return valeur

    def _entier(self, colonne: str, brut: object, lu: str) -> int:
        valeur = self._lire(nombre, colonne, brut, f"nombre entier attendu, lu « {lu} ».")
        if valeur > ENTIER_MAX:
            raise self._refuser(colonne, f"nombre trop grand « {lu} » (au plus {ENTIER_MAX}).")
        # the schema wants a population > 0 (CHECK in 02_projets.sql)
        minimum = 1 if colonne == "population_perimetre" else 0
        if valeur != int(valeur) or valeur < minimum:
            qualite = "strictement positif" if minimum else "positif"
            raise self._refuser(colonne, f"nombre entier {qualite} attendu, lu « {lu} ».")
        return int(valeur)

    def _coordonnee(self, colonne: str, genre: str, brut: object, lu: str) -> float:
        limite = 90 if genre == "latitude" else 180
        valeur = self._lire(nombre, colonne, brut, f"{genre} illisible « {lu} ».")
        if not -limite <= valeur <= limite:
            raise self._refuser(colonne, f"{genre} hors limites ({lu}).")
        return valeur

    def _siren(self, colonne: str, brut: object, lu: str) -> str:
        siren = re.sub(r"\s", "", lu)
        if not re.fullmatch(r"\d{9}", siren):
            raise self._refuser(colonne, f"un SIREN a 9 chiffres, lu « {lu} ».")
        return siren

    def _commune(self, colonne: str, brut: object, lu: str) -> str:
        if not re.fullmatch(r"\d{5}|2[AB]\d{3}", lu):
            raise self._refuser(colonne, f"code commune INSEE attendu (5 caractères), lu « {lu} ».")
        return lu

    def _grille(self, colonne: str, brut: object, lu: str) -> str:
        if lu not in GRILLES:
            raise self._refuser(
                colonne, f"« dense », « intermediaire » ou « rural » attendu, lu « {lu} »."
            )
        return lu

    def _nature(self, colonne: str, brut: object, lu: str) -> str:
        if lu.lower() not in NATURES:
            raise self._refuser(
                colonne, f"nature inconnue « {lu} » (attendu : {', '.join(NATURES)})."
            )
        return lu.lower()

    def _themes(self, colonne: str, brut: object, lu: str) -> list[str]:
        themes = []
        for morceau in SEPARATEUR_THEMES.split(lu):
            if morceau:
                themes.append(self._code(colonne, "theme", morceau))
        if not 1 <= len(themes) <= 3:
            raise self._refuser(colonne, f"de 1 à 3 thèmes par projet, lu {len(themes)}.")
        if "non_publie" in themes and len(themes) > 1:
            raise self._refuser(colonne, "« non_publie » ne se combine pas avec d'autres thèmes.")
        return sorted(set(themes))
