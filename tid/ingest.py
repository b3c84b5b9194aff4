"""Validate an import file against the base, preview it, apply it in one transaction, revert it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tid import db, exports, fmt, identifiants
from tid.lecture import FichierRefuse, Lecture, Probleme, extrait
from tid.registre import ETAPE, LIBELLE, Soldes, montant_signe

if TYPE_CHECKING:
    import duckdb

DATE_MIN = date(2021, 1, 1)
NATURES = ("attribution", "convention", "versement", "annulation")
SEPARATEUR_THEMES = re.compile(r"\s*[;|,]\s*")
FORMULE_NEUTRALISEE = re.compile(r"^'(?=[=+\-@\t\r])")
# The largest values the base's columns hold (INTEGER, DECIMAL(14, 2)): refused while checking
# the file, never by DuckDB half-way through applying it.
ENTIER_MAX = 2**31 - 1
MONTANT_MAX = 999_999_999_999.99
AVERTISSEMENTS_NOUVEAUX = (
    "la base a changé depuis l'aperçu : de nouveaux avertissements sont apparus, rien n'a été "
    "écrit. Relisez-les, puis appliquez de nouveau."
)
# What our exports write for a value not published (queries/projets.sql): read back as empty.
_VIDES_EXPORT = {"axe_code": {"axe non publié"}}

# Column of a projects file -> kind of value. A new project needs the REQUISES ones; a known
# project may give only the columns it corrects (an absent column keeps the stored value, an
# empty cell means « non publié »).
COLONNES_PROJETS = {
    "projet_id": "identifiant",
    "programme_id": "code:programme",
    "vague_id": "code:vague",
    "nom_projet": "texte",
    "porteur": "texte",
    "type_porteur": "code:type_porteur",
    "type_territoire": "code:type_territoire",
    "siren_porteur": "siren",
    "nature_juridique_porteur": "texte",
    "commune_siege": "texte",
    "code_commune_siege": "commune",
    "departement_code": "code:departement",
    "region_code": "code:region",
    "axe_code": "code:axe",
    "description": "texte",
    "partenaires": "texte",
    "date_annonce": "date",
    "cout_total_eur": "montant",
    "latitude": "latitude",
    "longitude": "longitude",
    "population_perimetre": "entier",
    "annee_population_perimetre": "entier",
    "perimetre_population": "texte",
    "grille_densite_3": "grille",
    "source_url": "texte",
    "notes": "texte",
    "themes": "themes",
}
REQUISES_PROJET = (
    "projet_id",
    "programme_id",
    "vague_id",
    "porteur",
    "type_porteur",
    "type_territoire",
    "departement_code",
    "region_code",
    "source_url",
    "themes",
)
COLONNES_MOUVEMENTS = {
    "mouvement_id": "entier",
    "projet_id": "identifiant",
    "nature": "nature",
    "date_mouvement": "date",
    "montant_eur": "montant",
    "annule_mouvement_id": "entier",
    "source_url": "texte",
    "notes": "texte",
}
REQUISES_MOUVEMENT = ("projet_id", "nature", "date_mouvement", "montant_eur", "source_url")
# What each column holds, for the « Aide » sheet of the templates and data/README.md.
AIDE_COLONNES = {
    "projet_id": "identifiant stable du projet (ex. tid2-bfc) ; un identifiant connu corrige ce "
    "projet, un nouveau l'ajoute",
    "programme_id": "TID ou DIAT",
    "vague_id": "TID-1, TID-2, DIAT-1, DIAT-2…",
    "type_porteur": "region, departement, metropole, epci, commune, syndicat, gip, "
    "collectivite_outre_mer",
    "type_territoire": "metropole_grand_paris, agglomeration_ville_moyenne, petite_ville_rural, "
    "echelle_departementale_regionale, outre_mer (table de règles de data/README.md)",
    "departement_code": "code INSEE en texte : 01, 2A, 971…",
    "region_code": "code INSEE en texte : 53, 11, 02…",
    "axe_code": "1, 2 ou 3 ; vide si non publié",
    "themes": "1 à 3 codes séparés par « ; » (eau;energie) ; non_publie si inconnu",
    "date_annonce": "JJ/MM/AAAA ou AAAA-MM-JJ",
    "cout_total_eur": "coût total publié, en euros (1 250 000,50 accepté)",
    "source_url": "adresse de la source publique (plusieurs : séparées par des espaces)",
    "nature": "attribution, convention, versement ou annulation",
    "date_mouvement": "JJ/MM/AAAA ou AAAA-MM-JJ ; ni dans le futur, ni avant 2021",
    "montant_eur": "en euros, positif ; vide = non publié (interdit pour un versement)",
    "annule_mouvement_id": "pour corriger : numéro du mouvement que cette ligne annule",
    "mouvement_id": "laisser vide (rempli dans les extraits du registre)",
}

# The headers of our own exports, so an extract can be imported back (round trip).
_EXPORT_PROJETS = {v.lower(): k for k, v in exports.COLONNES_PROJETS.items()}
_EXPORT_MOUVEMENTS = {v.lower(): k for k, v in exports.COLONNES_MOUVEMENTS.items()}
_RENOMMER_EXPORT = {"type_porteur": "type_porteur", "axe": "axe_code", "themes": "themes"}
# Export columns computed from other data: read back, never imported.
_INFORMATIVES = {
    "departement",
    "region",
    "montant_attribue_eur",
    "montant_conventionne_eur",
    "montant_verse_eur",
    "date_convention",
    "statut",
    "programme_id@mouvements",
    "vague_id@mouvements",
    "porteur@mouvements",
    "region_code@mouvements",
    "montant_signe_eur",
    "import_id",
}


@dataclass
class Plan:
    """What an import would do: problems, rows to add or change, and envelope figures."""

    lecture: Lecture
    type_fichier: str
    problemes: list[Probleme] = field(default_factory=list)
    projets_ajoutes: list[dict] = field(default_factory=list)
    projets_modifies: list[dict] = field(default_factory=list)
    differences: list[dict] = field(default_factory=list)
    mouvements_ajoutes: list[dict] = field(default_factory=list)
    inchanges: int = 0
    colonnes_ignorees: list[str] = field(default_factory=list)
    chiffres: pd.DataFrame | None = None

    @property
    def erreurs(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite == "erreur"]

    @property
    def avertissements(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite == "avertissement"]

    @property
    def rien_a_faire(self) -> bool:
        return not (self.projets_ajoutes or self.projets_modifies or self.mouvements_ajoutes)


class ImportRefuse(Exception):
    """Nothing was written: the errors (or unaccepted warnings) say why."""

    def __init__(self, problemes: list[Probleme]):
        # the message is capped like every report (lecture.extrait): 20 000 problems stay short
        super().__init__("\n".join(extrait(problemes).lignes()))
        self.problemes = problemes


# --- reading values ------------------------------------------------------------------------


def _texte(brut: object) -> str | None:
    if brut is None:
        return None
    texte = str(brut).strip()
    if texte == "":
        return None
    return FORMULE_NEUTRALISEE.sub("", texte)


def _nombre(brut: object) -> float:
    """« 1 234 567,50 », « 1234567.5 », « 1.234.567,50 » or a spreadsheet number."""
    if isinstance(brut, (int, float)) and not isinstance(brut, bool):
        return float(brut)
    texte = re.sub(r"[\s\u00a0\u202f€]", "", str(brut))
    if "," in texte and "." in texte:
        decimal = "," if texte.rfind(",") > texte.rfind(".") else "."
        milliers = "." if decimal == "," else ","
        texte = texte.replace(milliers, "").replace(decimal, ".")
    else:
        texte = texte.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", texte):
        raise ValueError
    return float(texte)


def _date(brut: object) -> date:
    if isinstance(brut, datetime):
        return brut.date()
    if isinstance(brut, date):
        return brut
    texte = str(brut).strip()
    for motif in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(texte, motif).date()
        except ValueError:
            continue
    raise ValueError


class _Valeurs:
    """Turns the text cells of one row into typed values, recording one problem per bad cell."""

    def __init__(self, codes: dict[str, dict[str, str]], problemes: list[Probleme], ligne: int):
        self.codes = codes
        self.problemes = problemes
        self.ligne = ligne

    def erreur(self, colonne: str | None, message: str) -> None:
        self.problemes.append(Probleme(message, self.ligne, colonne))

    def convertir(self, colonne: str, genre: str, brut: object) -> object:
        texte = _texte(brut)
        if texte is None or texte.lower() in _VIDES_EXPORT.get(colonne, ()):
            return None
        if isinstance(brut, str) and brut.strip().startswith("="):
            self.erreur(colonne, f"formule refusée (« {texte[:40]} ») : saisissez la valeur.")
            return None
        try:
            return self._convertir(colonne, genre, brut, texte)
        except ValueError:
            return None

    def _convertir(self, colonne: str, genre: str, brut: object, texte: str) -> object:
        if genre == "texte":
            return texte
        if genre == "identifiant":
            return self._identifiant(colonne, texte)
        if genre.startswith("code:"):
            return self._code(colonne, genre.removeprefix("code:"), texte)
        if genre == "montant":
            return self._montant(colonne, brut)
        if genre == "date":
            return self._jour(colonne, brut, texte)
        if genre == "entier":
            try:
                valeur = _nombre(brut)
            except ValueError:
                self.erreur(colonne, f"nombre entier attendu, lu « {texte} ».")
                raise
            if valeur > ENTIER_MAX:
                self.erreur(colonne, f"nombre trop grand « {texte} » (au plus {ENTIER_MAX}).")
                raise ValueError
            # the schema wants a population > 0 (CHECK in 02_projets.sql)
            minimum = 1 if colonne == "population_perimetre" else 0
            if valeur != int(valeur) or valeur < minimum:
                qualite = "strictement positif" if minimum else "positif"
                self.erreur(colonne, f"nombre entier {qualite} attendu, lu « {texte} ».")
                raise ValueError
            return int(valeur)
        if genre in ("latitude", "longitude"):
            limite = 90 if genre == "latitude" else 180
            try:
                valeur = _nombre(brut)
            except ValueError:
                self.erreur(colonne, f"{genre} illisible « {texte} ».")
                raise
            if not -limite <= valeur <= limite:
                self.erreur(colonne, f"{genre} hors limites ({texte}).")
                raise ValueError
            return valeur
        if genre == "siren":
            siren = re.sub(r"\s", "", texte)
            if not re.fullmatch(r"\d{9}", siren):
                self.erreur(colonne, f"un SIREN a 9 chiffres, lu « {texte} ».")
                raise ValueError
            return siren
        if genre == "commune":
            if not re.fullmatch(r"\d{5}|2[AB]\d{3}", texte):
                self.erreur(colonne, f"code commune INSEE attendu (5 caractères), lu « {texte} ».")
                raise ValueError
            return texte
        if genre == "grille":
            if texte not in ("dense", "intermediaire", "rural"):
                self.erreur(
                    colonne, f"« dense », « intermediaire » ou « rural » attendu, lu « {texte} »."
                )
                raise ValueError
            return texte
        if genre == "nature":
            if texte.lower() not in NATURES:
                self.erreur(
                    colonne, f"nature inconnue « {texte} » (attendu : {', '.join(NATURES)})."
                )
                raise ValueError
            return texte.lower()
        if genre == "themes":
            return self._themes(colonne, texte)
        raise AssertionError(genre)

    def _code(self, colonne: str, filtre: str, texte: str) -> str:
        connus = self.codes[filtre]
        if texte in connus:
            return texte
        # our exports write labels (« Région », « Axe 2 – … »): read them back as codes
        par_libelle = {v.lower(): k for k, v in connus.items()}
        if texte.lower() in par_libelle:
            return par_libelle[texte.lower()]
        exemples = ", ".join(list(connus)[:8])
        self.erreur(colonne, f"code inconnu « {texte} » (exemples de codes valides : {exemples}).")
        raise ValueError

    def _identifiant(self, colonne: str, texte: str) -> str:
        try:
            forme = identifiants.canonique(texte)
        except identifiants.IdentifiantRefuse as refus:
            self.erreur(colonne, str(refus))
            raise ValueError from refus
        if forme != texte:
            self.problemes.append(
                Probleme(
                    f"identifiant « {texte[:40]} » lu « {forme} » (un identifiant s'écrit en "
                    "minuscules, sans accent ni caractère invisible).",
                    self.ligne,
                    colonne,
                    "avertissement",
                )
            )
        return forme

    def _montant(self, colonne: str, brut: object) -> float:
        try:
            valeur = _nombre(brut)
        except ValueError:
            self.erreur(colonne, f"montant illisible « {_texte(brut)} » (exemple : 1 250 000,50).")
            raise
        if valeur < 0:
            self.erreur(colonne, f"un montant ne peut pas être négatif ({_texte(brut)}).")
            raise ValueError
        if valeur > MONTANT_MAX:
            self.erreur(
                colonne, f"montant invraisemblable ({str(_texte(brut))[:40]}) : erreur de saisie ?"
            )
            raise ValueError
        return round(valeur, 2)

    def _jour(self, colonne: str, brut: object, texte: str) -> date:
        try:
            jour = _date(brut)
        except ValueError:
            self.erreur(colonne, f"date illisible « {texte} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).")
            raise
        if not DATE_MIN <= jour <= date.today():
            self.erreur(
                colonne,
                f"date invraisemblable ({jour:%d/%m/%Y}) : elle doit être entre le "
                f"{DATE_MIN:%d/%m/%Y} et aujourd'hui.",
            )
            raise ValueError
        return jour

    def _themes(self, colonne: str, texte: str) -> list[str]:
        themes = []
        for morceau in SEPARATEUR_THEMES.split(texte):
            if morceau:
                themes.append(self._code(colonne, "theme", morceau))
        if not 1 <= len(themes) <= 3:
            self.erreur(colonne, f"de 1 à 3 thèmes par projet, lu {len(themes)}.")
            raise ValueError
        if "non_publie" in themes and len(themes) > 1:
            self.erreur(colonne, "« non_publie » ne se combine pas avec d'autres thèmes.")
            raise ValueError
        return sorted(set(themes))


# --- recognising the file ------------------------------------------------------------------


def _colonnes_importees(lecture: Lecture) -> tuple[str, dict[str, str], list[str], list[Probleme]]:
    """(kind of file, file column -> import column, ignored columns, problems)."""
    entetes = lecture.colonnes
    problemes: list[Probleme] = []
    export_mouvements = sum(e in _EXPORT_MOUVEMENTS for e in entetes)
    export_projets = sum(e in _EXPORT_PROJETS for e in entetes)
    if "nature" in entetes or export_mouvements > export_projets:
        genre, schema, export = "mouvements", COLONNES_MOUVEMENTS, _EXPORT_MOUVEMENTS
    elif "projet_id" in entetes or export_projets:
        genre, schema, export = "projets", COLONNES_PROJETS, _EXPORT_PROJETS
    else:
        raise FichierRefuse(
            [
                Probleme(
                    "fichier non reconnu : un fichier de projets a une colonne « projet_id », un "
                    "fichier de mouvements les colonnes « projet_id », « nature », "
                    "« date_mouvement », « montant_eur » (voir les modèles).",
                    1,
                )
            ]
        )
    correspondance: dict[str, str] = {}
    ignorees: list[str] = []
    for entete in entetes:
        if entete == "":
            continue
        colonne = export.get(entete, entete)
        colonne = _RENOMMER_EXPORT.get(colonne, colonne) if genre == "projets" else colonne
        cle_info = f"{colonne}@mouvements" if genre == "mouvements" else colonne
        if cle_info in _INFORMATIVES or colonne in _INFORMATIVES:
            ignorees.append(entete)
        elif colonne in schema:
            if colonne in correspondance.values():
                problemes.append(Probleme(f"colonne en double « {entete} ».", 1, entete))
            correspondance[entete] = colonne
        else:
            problemes.append(
                Probleme(
                    f"colonne inconnue « {entete} » (colonnes possibles : {', '.join(schema)}).",
                    1,
                    entete,
                )
            )
    requises = REQUISES_MOUVEMENT if genre == "mouvements" else ("projet_id",)
    for colonne in requises:
        if colonne not in correspondance.values():
            problemes.append(Probleme(f"colonne obligatoire absente « {colonne} ».", 1, colonne))
    return genre, correspondance, ignorees, problemes


def _codes(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Known codes per kind (code -> label) and the parent of each wave and département."""
    options = db.run(con, "options_filtres")
    codes: dict[str, dict[str, str]] = {}
    parents: dict[str, str] = {}
    for r in options.itertuples():
        codes.setdefault(r.filtre, {})[r.code] = r.libelle
        if r.filtre in ("vague", "departement"):
            parents[f"{r.filtre}:{r.code}"] = r.parent
    return codes, parents


# --- validating ----------------------------------------------------------------------------


def _comparable(valeur: object) -> object:
    if valeur is None or (not isinstance(valeur, (list, str)) and pd.isna(valeur)):
        return None
    if isinstance(valeur, pd.Timestamp):
        return valeur.date()
    if isinstance(valeur, float) and valeur == int(valeur):
        return int(valeur)
    if hasattr(valeur, "item"):
        return _comparable(valeur.item())
    return valeur


def _valider_projets(plan: Plan, con, correspondance: dict[str, str], codes, parents) -> None:
    lignes = plan.lecture.lignes
    par_cle = _par_cle(con)
    bruts = [_texte(valeurs.get(_inverse(correspondance, "projet_id"))) for _, valeurs in lignes]
    ids = sorted({par_cle.get(identifiants.cle(b), b) for b in bruts if b})
    existants = db.run(con, "ingest/projets_existants", ids=ids)
    stockes = {r["projet_id"]: r for r in existants.to_dict("records")}
    vus: dict[str, int] = {}
    for numero, valeurs in lignes:
        # this row's problems start here: looking them up in the whole list made 20 000 bad
        # rows quadratic (23 of 33 s profiled)
        debut_ligne = len(plan.problemes)
        conv = _Valeurs(codes, plan.problemes, numero)
        fichier = {
            colonne: conv.convertir(colonne, COLONNES_PROJETS[colonne], valeurs.get(entete))
            for entete, colonne in correspondance.items()
        }
        projet_id = fichier.get("projet_id")
        if not projet_id:
            if not any(p.colonne == "projet_id" for p in plan.problemes[debut_ligne:]):
                conv.erreur("projet_id", "identifiant de projet vide.")
            continue
        projet_id = fichier["projet_id"] = par_cle.get(projet_id, projet_id)
        if projet_id in vus:
            conv.erreur("projet_id", f"projet « {projet_id} » déjà présent ligne {vus[projet_id]}.")
            continue
        vus[projet_id] = numero
        stocke = stockes.get(projet_id)
        if stocke is None:
            ligne = {c: fichier.get(c) for c in COLONNES_PROJETS}
        else:
            actuel = {c: _comparable(stocke.get(c)) for c in COLONNES_PROJETS if c != "themes"}
            actuel["themes"] = sorted(stocke["themes"].split(";")) if stocke.get("themes") else []
            ligne = {**actuel, **fichier}
        # A required value must be there after the merge: a new project gives it, and an empty
        # cell cannot erase it from a known one (the base refuses NULL there).
        manquantes = [c for c in REQUISES_PROJET if ligne.get(c) in (None, [])]
        deja_signalees = {p.colonne for p in plan.problemes[debut_ligne:]}
        for colonne in manquantes:
            if colonne in deja_signalees:
                continue
            if stocke is None:
                conv.erreur(colonne, f"nouveau projet « {projet_id} » : valeur obligatoire.")
            else:
                conv.erreur(
                    colonne,
                    f"valeur obligatoire : une cellule vide ne peut pas effacer ce champ du "
                    f"projet « {projet_id} ».",
                )
        if manquantes:
            continue
        _coherence_projet(conv, ligne, parents)
        if stocke is None:
            plan.projets_ajoutes.append(ligne)
            continue
        changes = {
            c: (actuel.get(c), ligne.get(c))
            for c in COLONNES_PROJETS
            if _comparable(actuel.get(c)) != _comparable(ligne.get(c))
        }
        if changes:
            plan.projets_modifies.append(ligne)
            plan.differences.extend(
                {"projet_id": projet_id, "colonne": c, "avant": a, "apres": n}
                for c, (a, n) in changes.items()
            )
        else:
            plan.inchanges += 1


def _inverse(correspondance: dict[str, str], colonne: str) -> str | None:
    return next((e for e, c in correspondance.items() if c == colonne), None)


def _coherence_projet(conv: _Valeurs, ligne: dict, parents: dict[str, str]) -> None:
    """Rules across columns: wave of its programme, département of its région, types."""
    vague, programme = ligne.get("vague_id"), ligne.get("programme_id")
    if vague and programme and parents.get(f"vague:{vague}") != programme:
        conv.erreur("vague_id", f"la vague {vague} n'appartient pas au programme {programme}.")
    departement, region = ligne.get("departement_code"), ligne.get("region_code")
    if departement and region and parents.get(f"departement:{departement}") != region:
        conv.erreur(
            "region_code",
            f"le département {departement} est en région "
            f"{parents.get(f'departement:{departement}')}, pas {region}.",
        )
    outre_mer = str(departement or "").startswith("97")
    if departement and (ligne.get("type_territoire") == "outre_mer") != outre_mer:
        conv.erreur(
            "type_territoire",
            "« outre_mer » est réservé aux porteurs d'outre-mer, et obligatoire pour eux "
            "(table de règles de data/README.md).",
        )


def _par_cle(con) -> dict[str, str]:
    """Stored identifier by canonical key: a base written before identifiers were canonical may
    hold « TID2-BFC »; a file saying « tid2-bfc » means that laureate, never a second one."""
    stockes = db.run(con, "ingest/identifiants_projets")["projet_id"]
    return {identifiants.cle(i): i for i in stockes}


def _resoudre_projets(con, lues: list[tuple[int, _Valeurs, dict]]) -> None:
    """Point each row at the stored project its identifier means (see _par_cle)."""
    par_cle = _par_cle(con)
    for _, _, ligne in lues:
        if ligne.get("projet_id"):
            ligne["projet_id"] = par_cle.get(ligne["projet_id"], ligne["projet_id"])


def _valider_mouvements(plan: Plan, con, correspondance: dict[str, str], codes) -> None:
    lues = []
    for numero, valeurs in plan.lecture.lignes:
        conv = _Valeurs(codes, plan.problemes, numero)
        ligne = {
            colonne: conv.convertir(colonne, COLONNES_MOUVEMENTS[colonne], valeurs.get(entete))
            for entete, colonne in correspondance.items()
        }
        lues.append((numero, conv, ligne))
    _resoudre_projets(con, lues)
    ids = sorted({ligne.get("projet_id") for _, _, ligne in lues if ligne.get("projet_id")})
    projets = db.run(con, "ingest/projets_existants", ids=ids)
    programme_de = dict(zip(projets["projet_id"], projets["programme_id"], strict=True))
    registre = [
        {k: _comparable(v) for k, v in r.items()}
        for r in db.run(con, "ingest/mouvements_existants", ids=ids).to_dict("records")
    ]
    cites = sorted(
        {
            int(ligne[c])
            for _, _, ligne in lues
            for c in ("mouvement_id", "annule_mouvement_id")
            if ligne.get(c) is not None
        }
    )
    par_id = {
        int(r["mouvement_id"]): {k: _comparable(v) for k, v in r.items()}
        for r in db.run(con, "ingest/mouvements_par_id", mouvement_ids=cites).to_dict("records")
    }
    soldes = Soldes(
        {
            r["projet_id"]: {
                "attribution": _comparable(r["montant_attribue_eur"]),
                "convention": _comparable(r["montant_conventionne_eur"]),
                "versement": _comparable(r["montant_verse_eur"]),
            }
            for r in db.run(con, "ingest/montants_projets", ids=ids).to_dict("records")
        }
    )
    totaux = db.run(con, "ingest/totaux_programmes")
    enveloppes = dict(zip(totaux["programme_id"], totaux["enveloppe_eur"], strict=True))
    # rows this file reverses: a correction may then repeat one of them (same date, amount)
    inverses_du_fichier = {
        int(ligne["annule_mouvement_id"])
        for _, _, ligne in lues
        if ligne.get("annule_mouvement_id") is not None
    }
    deja = {
        _cle_mouvement(r["projet_id"], r["nature"], r["date_mouvement"], r["montant_eur"]): r
        for r in registre
        if r["est_effectif"] and r["mouvement_id"] not in inverses_du_fichier
    }
    dates: dict[tuple[str, str], list[date]] = {}
    for r in registre:
        if r["est_effectif"] and r["date_mouvement"] is not None:
            dates.setdefault((r["nature"], r["projet_id"]), []).append(r["date_mouvement"])
    for _, _, ligne in lues:
        if ligne.get("nature") == "convention" and ligne.get("date_mouvement"):
            cle_dates = ("convention", ligne.get("projet_id"))
            dates.setdefault(cle_dates, []).append(ligne["date_mouvement"])

    # rows whose cells could not be read (a set: 20 000 bad rows made a scan per row quadratic)
    illisibles = {p.ligne for p in plan.problemes if p.gravite == "erreur"}
    vus: dict[tuple, int] = {}
    for numero, conv, ligne in lues:
        if numero in illisibles:
            continue
        if ligne.get("mouvement_id") is not None:
            _ligne_numerotee(plan, conv, ligne, par_id)
            continue
        projet_id, nature = ligne.get("projet_id"), ligne.get("nature")
        for colonne in REQUISES_MOUVEMENT:
            if ligne.get(colonne) is None and colonne != "montant_eur":
                conv.erreur(colonne, "valeur obligatoire.")
        if not projet_id or not nature or not ligne.get("date_mouvement"):
            continue
        if not ligne.get("source_url"):
            continue
        if projet_id not in programme_de:
            conv.erreur(
                "projet_id",
                f"projet inconnu « {projet_id} » : importez d'abord le "
                "projet (fichier de projets).",
            )
            continue
        try:
            if ligne.get("annule_mouvement_id") is not None:
                effet = _verifier_inversion(conv, ligne, par_id, registre, vus)
            else:
                effet = _verifier_mouvement(
                    conv,
                    ligne,
                    enveloppes.get(programme_de[projet_id]),
                    programme_de,
                    deja,
                    dates,
                    soldes,
                    vus,
                )
        except _LigneRefusee:
            continue
        etape = ETAPE[nature]
        apres = soldes.apres(projet_id, etape, effet)
        if apres is not None and apres < 0:
            conv.erreur(
                "montant_eur",
                f"après cette ligne, le {LIBELLE[etape]} publié de « {projet_id} » serait "
                f"négatif ({fmt.euros(apres, 2)}).",
            )
            continue
        soldes.appliquer(projet_id, etape, effet)
        for phrase in soldes.incoherences(projet_id):
            plan.problemes.append(Probleme(phrase, numero, "montant_eur", "avertissement"))
        plan.mouvements_ajoutes.append(
            {
                **ligne,
                "programme_id": programme_de[projet_id],
                "etape": etape,
                "montant_signe_eur": effet,
            }
        )


class _LigneRefusee(Exception):
    """The row's error is recorded: the row changes nothing."""


def _cle_mouvement(projet_id, nature, jour, montant) -> tuple:
    return (projet_id, nature, _comparable(jour), None if montant is None else float(montant))


def _ligne_numerotee(plan: Plan, conv: _Valeurs, ligne: dict, par_id: dict[int, dict]) -> None:
    """A row of a ledger extract (it has its number): unchanged, or refused (append-only)."""
    existant = par_id.get(int(ligne["mouvement_id"]))
    if existant is None:
        conv.erreur(
            "mouvement_id",
            "numéro de mouvement inconnu : laissez la colonne vide pour un nouveau mouvement.",
        )
    elif _cle_mouvement(
        existant["projet_id"],
        existant["nature"],
        existant["date_mouvement"],
        existant["montant_eur"],
    ) == _cle_mouvement(
        ligne.get("projet_id"),
        ligne.get("nature"),
        ligne.get("date_mouvement"),
        ligne.get("montant_eur"),
    ):
        plan.inchanges += 1
    else:
        conv.erreur(
            "mouvement_id",
            f"le mouvement n° {ligne['mouvement_id']} existe avec "
            "d'autres valeurs : le registre est en ajout seul, ajoutez une ligne "
            "qui l'annule (annule_mouvement_id) puis la bonne ligne.",
        )


def _verifier_inversion(
    conv: _Valeurs, ligne: dict, par_id: dict[int, dict], registre: list[dict], vus: dict
) -> float | None:
    """A row cancelling an earlier one (a correction, or undoing one): its effect on the stage
    (_LigneRefusee once its error is recorded). It repeats the cancelled amount (empty = it)."""
    cible_id = int(ligne["annule_mouvement_id"])
    cible = par_id.get(cible_id)
    if (
        cible is None
        or cible["projet_id"] != ligne["projet_id"]
        or cible["nature"] != ligne["nature"]
    ):
        conv.erreur(
            "annule_mouvement_id",
            "la ligne annulée doit exister, pour le même projet et la même nature.",
        )
        raise _LigneRefusee
    if cible["a_une_inversion"]:
        chaine = [r for r in registre if r["racine_id"] == cible["racine_id"]]
        dernier = max(chaine, key=lambda r: r["profondeur"])["mouvement_id"]
        conv.erreur(
            "annule_mouvement_id",
            f"le mouvement n° {cible_id} a déjà sa ligne d'annulation : une ligne ne s'annule "
            f"qu'une fois. Pour revenir en arrière, annulez la dernière ligne de sa chaîne "
            f"(n° {dernier}).",
        )
        raise _LigneRefusee
    if ("inversion", cible_id) in vus:
        conv.erreur(
            "annule_mouvement_id",
            f"le mouvement n° {cible_id} est déjà annulé ligne {vus[('inversion', cible_id)]}.",
        )
        raise _LigneRefusee
    montant = ligne.get("montant_eur")
    if montant is None:
        ligne["montant_eur"] = cible["montant_eur"]
    elif cible["montant_eur"] is None or float(montant) != float(cible["montant_eur"]):
        conv.erreur(
            "montant_eur",
            f"une ligne d'annulation reprend le montant de la ligne qu'elle annule "
            f"({fmt.euros(cible['montant_eur'], 2)}) : pour corriger un montant, annulez la "
            "ligne puis ajoutez la bonne.",
        )
        raise _LigneRefusee
    vus[("inversion", cible_id)] = conv.ligne
    return None if cible["montant_signe_eur"] is None else -float(cible["montant_signe_eur"])


def _verifier_mouvement(
    conv: _Valeurs,
    ligne: dict,
    enveloppe,
    programme_de: dict[str, str],
    deja: dict,
    dates: dict,
    soldes: Soldes,
    vus: dict,
) -> float | None:
    """A new ledger event: the effect on its stage (_LigneRefusee once its error is recorded)."""
    projet_id, nature = ligne["projet_id"], ligne["nature"]
    jour, montant = ligne["date_mouvement"], ligne.get("montant_eur")
    if montant is None and nature in ("versement", "annulation"):
        conv.erreur("montant_eur", f"un mouvement « {nature} » doit avoir un montant.")
        raise _LigneRefusee
    if montant is not None and enveloppe is not None and montant > float(enveloppe):
        conv.erreur(
            "montant_eur",
            f"{fmt.euros(montant, 2)} dépasse à lui seul l'enveloppe du "
            f"programme {programme_de[projet_id]} : erreur de saisie ?",
        )
        raise _LigneRefusee
    k = _cle_mouvement(projet_id, nature, jour, montant)
    if k in vus:
        conv.erreur(
            None,
            f"ligne en double (même projet, nature, date et montant que la ligne {vus[k]}).",
        )
        raise _LigneRefusee
    vus[k] = conv.ligne
    if k in deja:
        conv.erreur(None, f"déjà dans le registre (mouvement n° {deja[k]['mouvement_id']}).")
        raise _LigneRefusee
    if nature == "annulation":
        attribue = soldes.montant(projet_id, "attribution")
        if attribue is None:
            conv.erreur(
                "montant_eur",
                f"annulation sur « {projet_id} », qui n'a pas d'attribution publiée : rien à "
                "annuler.",
            )
            raise _LigneRefusee
        if montant > attribue:
            conv.erreur(
                "montant_eur",
                f"annulation de {fmt.euros(montant, 2)} au-dessus de l'attribué publié de "
                f"« {projet_id} » ({fmt.euros(attribue, 2)}).",
            )
            raise _LigneRefusee
    if nature == "versement":
        conventions = dates.get(("convention", projet_id), [])
        if not conventions:
            conv.erreur(
                "date_mouvement",
                f"versement sans convention connue pour "
                f"« {projet_id} » : importez d'abord la convention.",
            )
            raise _LigneRefusee
        if jour < min(conventions):
            conv.erreur(
                "date_mouvement",
                f"versement du {jour:%d/%m/%Y} avant la convention du {min(conventions):%d/%m/%Y}.",
            )
            raise _LigneRefusee
    attributions = dates.get(("attribution", projet_id))
    if nature == "convention" and attributions and jour < min(attributions):
        conv.problemes.append(
            Probleme(
                f"convention du {jour:%d/%m/%Y} avant la décision d'attribution du "
                f"{min(attributions):%d/%m/%Y} : vérifiez la date.",
                conv.ligne,
                "date_mouvement",
                "avertissement",
            )
        )
    if montant is None:
        conv.problemes.append(
            Probleme(
                "montant vide : le mouvement sera enregistré « non publié ».",
                conv.ligne,
                "montant_eur",
                "avertissement",
            )
        )
    return montant_signe(nature, montant)


def _chiffres(plan: Plan, con) -> pd.DataFrame:
    """Per programme: envelope and published totals now and after the import."""
    totaux = db.run(con, "ingest/totaux_programmes")
    colonnes = {
        "attribution": "montant_attribue_eur",
        "convention": "montant_conventionne_eur",
        "versement": "montant_verse_eur",
    }
    apres = totaux.copy()
    for ligne in plan.mouvements_ajoutes:
        if ligne.get("montant_signe_eur") is None:
            continue
        masque = apres["programme_id"] == ligne["programme_id"]
        colonne = colonnes[ligne["etape"]]
        apres.loc[masque, colonne] = (
            apres.loc[masque, colonne].fillna(0) + ligne["montant_signe_eur"]
        )
    for colonne in colonnes.values():
        totaux[f"{colonne.removesuffix('_eur')}_apres_eur"] = apres[colonne]
    for r in totaux.itertuples():
        if r.montant_attribue_apres_eur > float(r.enveloppe_eur or 0) > 0:
            plan.problemes.append(
                Probleme(
                    f"après l'import, l'attribué publié du programme {r.programme_id} "
                    f"({fmt.euros(r.montant_attribue_apres_eur)}) dépasserait son enveloppe "
                    f"({fmt.euros(r.enveloppe_eur)}).",
                    gravite="avertissement",
                )
            )
    return totaux


def planifier(lecture: Lecture, con: duckdb.DuckDBPyConnection) -> Plan:
    """Check a read file against the base (read-only): nothing is written here."""
    genre, correspondance, ignorees, problemes = _colonnes_importees(lecture)
    plan = Plan(lecture, genre, problemes=problemes, colonnes_ignorees=ignorees)
    if plan.erreurs:
        return plan
    codes, parents = _codes(con)
    if genre == "projets":
        _valider_projets(plan, con, correspondance, codes, parents)
    else:
        _valider_mouvements(plan, con, correspondance, codes)
    plan.chiffres = _chiffres(plan, con)
    # the reader's warnings (invisible characters removed), added after validation: it skips a
    # required value whose cell already has a problem, warnings included
    plan.problemes.extend(lecture.avertissements)
    plan.problemes.sort(key=lambda p: (p.ligne or 0, p.gravite != "erreur"))
    return plan


def preparer(contenu: bytes, nom_fichier: str, path: Path | str | None = None) -> Plan:
    """Read and check a file against the published base (the preview, `--dry-run`)."""
    from tid.lecture import lire

    lecture = lire(contenu, nom_fichier)
    # an explicit base (--db) is checked like the app's: a damaged one is refused in French
    base = db.ensure_base() if path is None else db.verifier_base(path)
    con = db.connect(base, read_only=True)
    try:
        return planifier(lecture, con)
    finally:
        con.close()


# --- applying ------------------------------------------------------------------------------


def _frame_projets(lignes: list[dict], import_id: int) -> pd.DataFrame:
    colonnes = [c for c in COLONNES_PROJETS if c != "themes"]
    frame = pd.DataFrame(
        [{c: ligne.get(c) for c in colonnes} for ligne in lignes], columns=colonnes
    )
    for colonne in ("date_annonce",):
        frame[colonne] = pd.to_datetime(frame[colonne])
    for colonne in ("cout_total_eur", "latitude", "longitude"):
        frame[colonne] = pd.to_numeric(frame[colonne])
    for colonne in ("population_perimetre", "annee_population_perimetre"):
        frame[colonne] = pd.array(frame[colonne], dtype="Int64")
    frame["import_id"] = import_id
    return frame


def _appliquer_projets(con, plan: Plan, import_id: int, maintenant: datetime) -> None:
    ecrits = plan.projets_ajoutes + plan.projets_modifies
    actions = pd.DataFrame(
        [{"projet_id": p["projet_id"], "action": "ajout"} for p in plan.projets_ajoutes]
        + [{"projet_id": p["projet_id"], "action": "modification"} for p in plan.projets_modifies],
        columns=["projet_id", "action"],
    )
    ids = actions["projet_id"].tolist()
    db.run_avec(
        con,
        "ingest/historiser_projets",
        {"lignes": actions},
        import_id=import_id,
        date_action=maintenant,
    )
    db.run(con, "ingest/supprimer_projets", ids=ids)
    db.run(con, "ingest/supprimer_themes", ids=ids)
    db.run_avec(con, "ingest/inserer_projets", {"lignes": _frame_projets(ecrits, import_id)})
    themes = pd.DataFrame(
        [{"projet_id": p["projet_id"], "theme_code": t} for p in ecrits for t in p["themes"]],
        columns=["projet_id", "theme_code"],
    )
    db.run_avec(con, "ingest/inserer_themes", {"lignes": themes})


def _appliquer_mouvements(con, plan: Plan, import_id: int, premier_id: int) -> None:
    colonnes = [
        "mouvement_id",
        "projet_id",
        "nature",
        "date_mouvement",
        "montant_eur",
        "annule_mouvement_id",
        "source_url",
        "notes",
        "import_id",
    ]
    frame = pd.DataFrame(
        [
            {
                **{c: ligne.get(c) for c in colonnes},
                "mouvement_id": premier_id + i,
                "import_id": import_id,
            }
            for i, ligne in enumerate(plan.mouvements_ajoutes)
        ],
        columns=colonnes,
    )
    frame["date_mouvement"] = pd.to_datetime(frame["date_mouvement"])
    frame["montant_eur"] = pd.to_numeric(frame["montant_eur"])
    frame["annule_mouvement_id"] = pd.array(frame["annule_mouvement_id"], dtype="Int64")
    db.run_avec(con, "ingest/inserer_mouvements", {"lignes": frame})


def appliquer(
    contenu: bytes,
    nom_fichier: str,
    auteur: str,
    path: Path | str | None = None,
    avertissements_acceptes: Collection[str] = (),
) -> tuple[int, Plan]:
    """Check the file again on the base being written, then apply it in one transaction,
    published atomically. Returns the new import batch number and the plan applied.

    `avertissements_acceptes` are the warnings (Probleme.texte()) the maintainer read and
    accepted at the preview: a warning that appears only now (the base changed since) refuses
    the import, so nothing is applied that nobody has read."""
    from tid.lecture import lire

    lecture = lire(contenu, nom_fichier)
    with db.nouvelle_version(path) as con:
        plan = planifier(lecture, con)
        if plan.erreurs:
            raise ImportRefuse(plan.erreurs)
        nouveaux = [p for p in plan.avertissements if p.texte() not in avertissements_acceptes]
        if nouveaux and avertissements_acceptes:
            raise ImportRefuse([Probleme(AVERTISSEMENTS_NOUVEAUX, gravite="erreur"), *nouveaux])
        if nouveaux:
            raise ImportRefuse(nouveaux)
        if plan.rien_a_faire:
            raise ImportRefuse(
                [
                    Probleme(
                        "rien à importer : toutes les lignes sont déjà dans la base.",
                        gravite="erreur",
                    )
                ]
            )
        ids = db.run(con, "ingest/prochains_ids").iloc[0]
        import_id = int(ids["import_id"])
        maintenant = datetime.now().replace(microsecond=0)
        db.run(
            con,
            "ingest/inserer_lot",
            import_id=import_id,
            date_import=maintenant,
            nom_fichier=Path(nom_fichier).name[:200],
            sha256=lecture.sha256,
            nb_lignes=len(lecture.lignes),
            auteur=auteur[:100],
            statut="applique",
            annule_import_id=None,
            message=resume(plan),
        )
        if plan.type_fichier == "projets":
            _appliquer_projets(con, plan, import_id, maintenant)
        else:
            _appliquer_mouvements(con, plan, import_id, int(ids["mouvement_id"]))
    return import_id, plan


def resume(plan: Plan) -> str:
    """One line for the import history: what the batch did."""
    if plan.type_fichier == "projets":
        return (
            f"{len(plan.projets_ajoutes)} projet(s) ajouté(s), "
            f"{len(plan.projets_modifies)} modifié(s), {plan.inchanges} inchangé(s)"
        )
    return (
        f"{len(plan.mouvements_ajoutes)} mouvement(s) ajouté(s), {plan.inchanges} déjà présent(s)"
    )


def annuler(import_id: int, auteur: str, path: Path | str | None = None) -> int:
    """Revert a batch: reversing ledger rows, previous project versions back; nothing deleted
    from the ledger, and the history keeps both. Returns the new batch number."""
    with db.nouvelle_version(path) as con:
        lot = db.run(con, "ingest/lot", import_id=import_id)
        if lot.empty:
            raise ImportRefuse([Probleme(f"lot d'import n° {import_id} inconnu.")])
        lot = lot.iloc[0]
        if import_id == db.SEED_IMPORT_ID:
            raise ImportRefuse(
                [
                    Probleme(
                        "la base initiale (lot 1) ne s'annule pas : "
                        "corrigez ses lignes par un import (modèles de la page « Données »)."
                    )
                ]
            )
        if lot["statut"] == "annulation":
            raise ImportRefuse([Probleme(f"le lot {import_id} est lui-même une annulation.")])
        if pd.notna(lot["annule_par_import_id"]):
            raise ImportRefuse(
                [
                    Probleme(
                        f"le lot {import_id} est déjà annulé (lot "
                        f"{int(lot['annule_par_import_id'])})."
                    )
                ]
            )
        projets = db.run(con, "ingest/projets_du_lot", import_id=import_id)
        problemes = []
        for r in projets.itertuples():
            if r.import_id_actuel != import_id:
                problemes.append(
                    Probleme(
                        f"le projet « {r.projet_id} » a été modifié depuis par le lot "
                        f"{r.import_id_actuel} : annulez d'abord ce lot."
                    )
                )
            elif r.action == "ajout" and r.nb_mouvements_autres_lots:
                problemes.append(
                    Probleme(
                        f"le projet « {r.projet_id} » a des mouvements importés par d'autres "
                        "lots : annulez d'abord ces lots."
                    )
                )
        if problemes:
            raise ImportRefuse(problemes)
        ids = db.run(con, "ingest/prochains_ids").iloc[0]
        nouvel_id = int(ids["import_id"])
        maintenant = datetime.now().replace(microsecond=0)
        inverses = db.run(
            con,
            "ingest/mouvements_a_annuler",
            import_id=import_id,
            premier_id=int(ids["mouvement_id"]),
            nouvel_import_id=nouvel_id,
        )
        db.run(
            con,
            "ingest/inserer_lot",
            import_id=nouvel_id,
            date_import=maintenant,
            nom_fichier=str(lot["nom_fichier"]),
            sha256=str(lot["sha256"]),
            nb_lignes=len(inverses) + len(projets),
            auteur=auteur[:100],
            statut="annulation",
            annule_import_id=import_id,
            message=f"Annulation du lot {import_id} : {len(inverses)} mouvement(s) inversé(s), "
            f"{len(projets)} projet(s) remis dans leur état antérieur",
        )
        if len(inverses):
            db.run_avec(con, "ingest/inserer_mouvements", {"lignes": inverses})
        if len(projets):
            actions = pd.DataFrame(
                {
                    "projet_id": projets["projet_id"],
                    "action": [
                        "retrait" if a == "ajout" else "modification" for a in projets["action"]
                    ],
                }
            )
            db.run_avec(
                con,
                "ingest/historiser_projets",
                {"lignes": actions},
                import_id=nouvel_id,
                date_action=maintenant,
            )
            ids_projets = projets["projet_id"].tolist()
            db.run(con, "ingest/supprimer_projets", ids=ids_projets)
            db.run(con, "ingest/supprimer_themes", ids=ids_projets)
            db.run(con, "ingest/restaurer_projets", import_id=import_id, nouvel_import_id=nouvel_id)
            db.run(con, "ingest/restaurer_themes", import_id=import_id)
    return nouvel_id


def compter_lignes(plan: Plan) -> Counter:
    """Counts for the preview headline."""
    return Counter(
        ajouts=len(plan.projets_ajoutes) + len(plan.mouvements_ajoutes),
        modifications=len(plan.projets_modifies),
        inchanges=plan.inchanges,
        erreurs=len(plan.erreurs),
        avertissements=len(plan.avertissements),
    )
