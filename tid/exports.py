"""CSV for French Excel and XLSX (data + « Lisez-moi ») from a DataFrame and its provenance."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tid.filtres import CLES

# A cell starting with one of these is read as a formula by spreadsheets (CSV/formula injection).
_DEBUT_FORMULE = ("=", "+", "-", "@", "\t", "\r")
URL_ENV_VAR = "TID_URL_PUBLIQUE"
URL_PAR_DEFAUT = "http://127.0.0.1:8501"
FORMAT_EUROS_XLSX = '#,##0.00 "€"'

# Export column -> French header (units in the header, R6); the order is the file's order.
COLONNES_PROJETS = {
    "projet_id": "Identifiant",
    "programme_id": "Programme",
    "vague_id": "Vague",
    "nom_projet": "Projet",
    "porteur": "Porteur",
    "type_porteur": "Type de porteur",
    "type_territoire": "Type de territoire",
    "siren_porteur": "SIREN du porteur",
    "commune_siege": "Commune siège",
    "code_commune_siege": "Code commune (INSEE)",
    "departement_code": "Code département",
    "departement": "Département",
    "region_code": "Code région",
    "region": "Région",
    "axe": "Axe",
    "themes": "Thèmes",
    "partenaires": "Partenaires",
    "date_annonce": "Date d'annonce",
    "montant_attribue_eur": "Attribué publié (€)",
    "montant_conventionne_eur": "Conventionné publié (€)",
    "montant_verse_eur": "Versé publié (€)",
    "cout_total_eur": "Coût total publié (€)",
    "date_convention": "Date de convention",
    "statut": "Statut",
    "source_url": "Sources",
    "notes": "Notes",
}
COLONNES_MOUVEMENTS = {
    "mouvement_id": "N° de mouvement",
    "projet_id": "Identifiant du projet",
    "programme_id": "Programme",
    "vague_id": "Vague",
    "porteur": "Porteur",
    "region_code": "Code région",
    "nature": "Nature",
    "date_mouvement": "Date",
    "montant_eur": "Montant publié (€)",
    "montant_signe_eur": "Montant compté dans les totaux (€)",
    "annule_mouvement_id": "Annule le mouvement n°",
    "import_id": "Lot d'import",
    "source_url": "Sources",
    "notes": "Notes",
}
GLOSSAIRE = (
    ("Attribué", "aide décidée pour un lauréat (mouvements « attribution », moins annulations)."),
    ("Conventionné", "montant engagé par une convention de financement signée."),
    ("Versé", "montant effectivement payé au lauréat."),
    ("Cellule vide", "montant ou date non publié : jamais zéro, jamais estimé."),
    ("Couverture", "part des projets dont le montant est publié."),
)


@dataclass
class Provenance:
    """What the « Lisez-moi » sheet says about an extract: scope, date, sources, link."""

    titre: str
    filtres: Mapping[str, list[str]]
    description_filtres: str
    date_donnees: str
    page: str
    recherche: str | None = None
    sources: Sequence[str] = field(default_factory=tuple)


def neutraliser(valeur: object) -> object:
    """Prefix text a spreadsheet would run as a formula with « ' » (OWASP advice)."""
    if isinstance(valeur, str) and valeur.startswith(_DEBUT_FORMULE):
        return "'" + valeur
    return valeur


def _preparer(df: pd.DataFrame, colonnes: Mapping[str, str]) -> pd.DataFrame:
    """Keep and rename the export columns; text neutralised, booleans and dates readable."""
    sortie = pd.DataFrame(index=df.index)
    for colonne, titre in colonnes.items():
        valeurs = df[colonne]
        if colonne.startswith("date_"):
            sortie[titre] = pd.to_datetime(valeurs)
        elif colonne.endswith("_eur"):
            sortie[titre] = pd.to_numeric(valeurs, errors="coerce")
        elif colonne.endswith("_id") and pd.api.types.is_numeric_dtype(valeurs):
            sortie[titre] = valeurs.astype("Int64")
        else:
            # column-wise: a Python call per cell took seconds at 100 000 rows (bench/)
            texte = valeurs.astype("string")
            formule = texte.str.startswith(_DEBUT_FORMULE).fillna(False)
            texte = texte.mask(formule, "'" + texte)
            sortie[titre] = texte.astype(object).where(texte.notna(), None)
    return sortie.reset_index(drop=True)


def csv_excel_fr(df: pd.DataFrame, colonnes: Mapping[str, str]) -> bytes:
    """UTF-8 with BOM, « ; », decimal comma, dates dd/mm/yyyy: what French Excel opens right."""
    table = _preparer(df, colonnes)
    texte = table.to_csv(
        sep=";",
        decimal=",",
        index=False,
        float_format="%.2f",
        date_format="%d/%m/%Y",
        lineterminator="\r\n",
    )
    return texte.encode("utf-8-sig")


def _cellule(valeur: object) -> object:
    """A value openpyxl writes as itself: None for missing, a date for a timestamp."""
    if pd.isna(valeur):
        return None
    if isinstance(valeur, pd.Timestamp):
        return valeur.date()
    return valeur


def permalien(page: str, filtres: Mapping[str, list[str]], recherche: str | None = None) -> str:
    """The link that reopens the same view (public base URL from $TID_URL_PUBLIQUE)."""
    base = os.environ.get(URL_ENV_VAR, URL_PAR_DEFAUT).rstrip("/")
    paires = [(cle, code) for cle in CLES for code in filtres.get(cle, [])]
    if recherche:
        paires.append(("recherche", recherche))
    requete = urlencode(paires)
    return f"{base}/{page}" + (f"?{requete}" if requete else "")


def xlsx(
    df: pd.DataFrame,
    colonnes: Mapping[str, str],
    provenance: Provenance,
    maintenant: datetime | None = None,
) -> bytes:
    """A workbook with the data sheet (text stays text, money is numeric) and « Lisez-moi »."""
    table = _preparer(df, colonnes)
    classeur = Workbook()
    donnees = classeur.active
    donnees.title = "Données"
    donnees.append(list(table.columns))
    for cellule in donnees[1]:
        cellule.font = Font(bold=True)
    for ligne in table.itertuples(index=False):
        donnees.append([_cellule(v) for v in ligne])
    for indice, titre in enumerate(table.columns, start=1):
        lettre = get_column_letter(indice)
        if titre.endswith("(€)"):
            for cellule in donnees[lettre][1:]:
                cellule.number_format = FORMAT_EUROS_XLSX
        elif titre.startswith("Date"):
            for cellule in donnees[lettre][1:]:
                cellule.number_format = "DD/MM/YYYY"
        largeur = max([len(str(titre)), *(len(str(v)) for v in table[titre].head(200))])
        donnees.column_dimensions[lettre].width = min(max(largeur + 2, 10), 60)
    donnees.freeze_panes = "A2"
    donnees.auto_filter.ref = donnees.dimensions

    lisez_moi = classeur.create_sheet("Lisez-moi")
    moment = (maintenant or datetime.now()).replace(microsecond=0)
    lignes = [
        ("Extrait", provenance.titre),
        ("Lignes", len(table)),
        ("Filtres actifs", provenance.description_filtres),
        ("Recherche", provenance.recherche or "aucune"),
        (
            "Lien vers la même vue",
            permalien(provenance.page, provenance.filtres, provenance.recherche),
        ),
        ("Date des données", provenance.date_donnees),
        ("Date de l'extraction", moment.strftime("%d/%m/%Y %H:%M")),
        ("", ""),
        ("Définitions", ""),
        *GLOSSAIRE,
        ("", ""),
        ("Sources", "chaque ligne de la feuille « Données » cite ses sources (colonne Sources)."),
        *(("", neutraliser(source)) for source in provenance.sources),
        (
            "Licence",
            "faits publics cités ; données géographiques INSEE / IGN sous Licence Ouverte.",
        ),
    ]
    for cle, valeur in lignes:
        lisez_moi.append([cle, neutraliser(valeur)])
    for cellule in lisez_moi["A"]:
        cellule.font = Font(bold=True)
    lisez_moi.column_dimensions["A"].width = 24
    lisez_moi.column_dimensions["B"].width = 110
    for cellule in lisez_moi["B"]:
        cellule.alignment = Alignment(wrap_text=True, vertical="top")

    # Fixed document dates: two extracts of the same rows differ only by the line above.
    classeur.properties.created = moment
    classeur.properties.modified = moment
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def _segment(valeurs: Sequence[str]) -> str:
    return "-".join(re.sub(r"[^0-9A-Za-z]+", "", v) for v in valeurs)


def nom_fichier(
    objet: str, filtres: Mapping[str, list[str]], extension: str, jour: date | None = None
) -> str:
    """« tid-projets_2026-11-29_programme-TID_region-53.csv »: the date and the main filters."""
    morceaux = [f"tid-{objet}", (jour or date.today()).isoformat()]
    for cle in ("programme", "vague", "region", "departement"):
        if filtres.get(cle):
            morceaux.append(f"{cle}-{_segment(filtres[cle])}")
    autres = [
        cle
        for cle in CLES
        if filtres.get(cle) and cle not in ("programme", "vague", "region", "departement")
    ]
    if autres:
        morceaux.append("autres-filtres")
    return "_".join(morceaux) + f".{extension}"


OBJETS = {
    # objet -> (query, columns, title of the extract)
    "projets": ("projets", COLONNES_PROJETS, "Projets lauréats (une ligne par projet)"),
    "registre": ("mouvements", COLONNES_MOUVEMENTS, "Registre des mouvements financiers"),
}


def provenance(
    objet: str,
    frame: pd.DataFrame,
    filtres: Mapping[str, list[str]],
    description_filtres: str,
    date_donnees: str,
    recherche: str | None,
) -> Provenance:
    """The same provenance for the page's download and `python -m tid export`."""
    sources = sorted({u for cellule in frame["source_url"].dropna() for u in str(cellule).split()})
    return Provenance(
        titre=OBJETS[objet][2],
        filtres=filtres,
        description_filtres=description_filtres,
        date_donnees=date_donnees,
        page="projets",
        recherche=recherche or None,
        sources=sources,
    )


def fichier(
    objet: str,
    format_fichier: str,
    frame: pd.DataFrame,
    prov: Provenance,
    maintenant: datetime | None = None,
) -> bytes:
    """The bytes of an extract (CSV or XLSX) of `frame`, the rows the query returned."""
    colonnes = OBJETS[objet][1]
    if format_fichier == "csv":
        return csv_excel_fr(frame, colonnes)
    if format_fichier == "xlsx":
        return xlsx(frame, colonnes, prov, maintenant)
    raise ValueError(f"format inconnu : {format_fichier}")


def modele(type_fichier: str, format_fichier: str) -> bytes:
    """An empty import template (header row, plus an « Aide » sheet in XLSX), documented in
    data/README.md: the importer's own columns, so nothing is lost on the way."""
    from tid import ingest

    colonnes = list(
        ingest.COLONNES_PROJETS if type_fichier == "projets" else ingest.COLONNES_MOUVEMENTS
    )
    obligatoires = set(
        ingest.REQUISES_PROJET if type_fichier == "projets" else ingest.REQUISES_MOUVEMENT
    )
    if format_fichier == "csv":
        return (";".join(colonnes) + "\r\n").encode("utf-8-sig")
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = type_fichier.capitalize()
    feuille.append(colonnes)
    for indice, cellule in enumerate(feuille[1], start=1):
        cellule.font = Font(bold=True)
        feuille.column_dimensions[get_column_letter(indice)].width = max(
            len(colonnes[indice - 1]) + 4, 14
        )
        # codes typed in this sheet stay text (« 01 », « 2A »)
        for ligne in range(2, 502):
            feuille.cell(row=ligne, column=indice).number_format = "@"
    aide = classeur.create_sheet("Aide")
    aide.append(["Colonne", "Obligatoire", "Contenu"])
    for colonne in colonnes:
        aide.append(
            [
                colonne,
                "oui" if colonne in obligatoires else "non",
                ingest.AIDE_COLONNES.get(colonne, ""),
            ]
        )
    for cellule in aide[1]:
        cellule.font = Font(bold=True)
    aide.column_dimensions["A"].width = 28
    aide.column_dimensions["C"].width = 100
    classeur.properties.created = datetime(2026, 1, 1)
    classeur.properties.modified = datetime(2026, 1, 1)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
