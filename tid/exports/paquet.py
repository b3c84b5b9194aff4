"""The open-data Data Package: one CSV per published table and its datapackage.json (v1)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd

from tid import vocabulaire
from tid.exports.paquet_schema import RESSOURCES, Champ, Ressource

DESCRIPTEUR = "datapackage.json"
NOM = "suivi-tid"
TITRE = (
    "Suivi TID : lauréats et financements publiés de l'appel à projets France 2030 "
    "« Territoires intelligents et durables » et de son volet IA (DIAT)"
)
FICTIF = "DONNÉES FICTIVES"
MOTS_CLES = (
    "France 2030",
    "territoires intelligents et durables",
    "TID",
    "DIAT",
    "collectivités territoriales",
    "subventions",
    "lauréats",
)
# The glossary words the package's figures are read with (data/README.md, R14)
TERMES = ("Lauréat", "Enveloppe", "Attribué", "Conventionné", "Versé", "Publié", "Non publié")
# What the CSVs are, said once in the package description.
ENCODAGE = (
    "CSV UTF-8 sans BOM, séparateur virgule, point décimal, montants en euros à deux décimales, "
    "dates AAAA-MM-JJ, codes en texte (« 01 », « 2A ») ; une cellule vide veut dire non publié, "
    "jamais zéro."
)


def _nombres(serie: pd.Series, modele: str) -> pd.Series:
    """Numbers as text with a printf pattern, missing values as ""."""
    # + 0.0: a negative zero (an amount of 0 € reversed) is written 0.00
    valeurs = pd.to_numeric(serie).astype("float64") + 0.0
    textes = np.char.mod(modele, valeurs.fillna(0).to_numpy())
    return pd.Series(np.where(valeurs.isna(), "", textes), index=serie.index)


def _colonne(serie: pd.Series, champ: Champ) -> pd.Series:
    """A column as the text its Table Schema type reads back; missing values as ""."""
    if champ.type == "date":
        return pd.to_datetime(serie).dt.strftime("%Y-%m-%d").fillna("")
    if champ.type == "boolean":
        return serie.map({True: "true", False: "false"}).fillna("")
    if champ.type == "integer":
        return serie.astype("Int64").astype("string").fillna("")
    if champ.type == "number":
        # amounts: two decimals (R6 suffix _eur); other numbers: shortest exact form
        return _nombres(serie, "%.2f" if champ.est_montant else "%s")
    return serie.astype("string").fillna("")


def csv_ouvert(frame: pd.DataFrame, champs: tuple[Champ, ...]) -> bytes:
    """An open-data CSV (RFC 4180): UTF-8 without BOM, `,`, point decimals, ISO dates,
    true/false, the schema's columns in its order. Not the Excel-FR extract (csv_excel.py)."""
    colonnes = {champ.nom: _colonne(frame[champ.nom], champ) for champ in champs}
    texte = pd.DataFrame(colonnes, index=frame.index).to_csv(index=False, lineterminator="\r\n")
    return texte.encode("utf-8")


def _champ(champ: Champ) -> dict:
    sortie = {"name": champ.nom, "type": champ.type, "description": champ.description}
    if champ.nom in vocabulaire.LIBELLES:
        sortie["title"] = vocabulaire.LIBELLES[champ.nom]
    contraintes = {**champ.contraintes, **({"required": True} if champ.requis else {})}
    if contraintes:
        sortie["constraints"] = contraintes
    return sortie


def _schema(ressource: Ressource) -> dict:
    schema = {
        "fields": [_champ(champ) for champ in ressource.champs],
        "missingValues": [""],
        "primaryKey": list(ressource.cle_primaire),
    }
    if ressource.cles_etrangeres:
        schema["foreignKeys"] = [
            {"fields": [colonne], "reference": {"resource": cible, "fields": [reference]}}
            for colonne, cible, reference in ressource.cles_etrangeres
        ]
    return schema


def _ressource(ressource: Ressource, contenu: bytes) -> dict:
    sortie = {
        "name": ressource.nom,
        "path": f"{ressource.nom}.csv",
        "profile": "tabular-data-resource",
        "title": ressource.titre,
        "description": ressource.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(contenu),
        "hash": f"sha256:{hashlib.sha256(contenu).hexdigest()}",
    }
    if ressource.licence is not None:
        sortie["licenses"] = [ressource.licence]
    sortie["schema"] = _schema(ressource)
    return sortie


def sources_citees(sources: pd.DataFrame) -> list[dict]:
    """The `sources` of the descriptor: one per source of the « Méthode et sources » list, its
    title naming its domain and the resources citing it; a web address as its path."""
    liste = []
    for adresse, lignes in sources.groupby("source_url", sort=False):
        premiere = lignes.iloc[0]
        tables = ", ".join(lignes.sort_values("table_ordre")["table_source"].drop_duplicates())
        nom = premiere["domaine"] if premiere["est_lien"] else adresse
        source = {"title": f"{nom} (cité par : {tables})"}
        if premiere["est_lien"]:
            source["path"] = adresse
        liste.append(source)
    return liste


def jour_des_donnees(info: Mapping, date_extraction: date | None) -> date | None:
    """The data's date for the Licence Ouverte's « date de dernière mise à jour »: the later of
    the sources' reading day and the last import; a synthetic base's generation day."""
    if bool(info["est_synthetique"]):
        return pd.Timestamp(info["date_construction"]).date()
    jours = [date_extraction]
    if not pd.isna(info["date_dernier_import"]):
        jours.append(pd.Timestamp(info["date_dernier_import"]).date())
    jours = [jour for jour in jours if jour is not None]
    return max(jours) if jours else None


def _description(date_donnees: str, est_synthetique: bool) -> str:
    morceaux = [
        f"{FICTIF} générées pour mesurer les performances : aucun chiffre n'est un fait publié."
        if est_synthetique
        else "",
        "Toute la base publiée du tableau de bord « Suivi TID », sans filtre : programmes, "
        "vagues, axes, thèmes, lauréats et leurs thèmes, registre des mouvements financiers, "
        "totaux publiés, indications non confirmées, sources.",
        f"{date_donnees}.",
        "Chaque ligne cite ses sources publiques (colonne source_url, liste dans la ressource "
        "« source ») : les chiffres en sont cités, sous les conditions de ces sources. Les parties "
        "dérivées de l'INSEE et de l'IGN (régions, départements, codes commune, populations, "
        "grille de densité, centroïdes) sont sous Licence Ouverte 2.0 (Etalab) : "
        f"{vocabulaire.attribution_geographique()}",
        *(f"{terme} : {vocabulaire.definition(terme)}" for terme in TERMES),
        ENCODAGE,
    ]
    return "\n\n".join(morceau for morceau in morceaux if morceau)


def fichiers(
    tables: Mapping[str, pd.DataFrame],
    *,
    date_donnees: str,
    jour_donnees: date | None,
    est_synthetique: bool,
    maintenant: datetime | None = None,
) -> dict[str, bytes]:
    """{file name: bytes} of the package: one CSV per resource of `tables` (the rows of its
    query, by resource name), then datapackage.json."""
    contenus = {r.nom: csv_ouvert(tables[r.nom], r.champs) for r in RESSOURCES}
    moment = (maintenant or datetime.now(UTC)).astimezone(UTC)
    descripteur = {
        "profile": "tabular-data-package",
        "name": f"{NOM}-donnees-fictives" if est_synthetique else NOM,
        "title": f"{FICTIF} – {TITRE}" if est_synthetique else TITRE,
        "description": _description(date_donnees, est_synthetique),
        "created": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": list(MOTS_CLES),
        "sources": sources_citees(tables["source"]),
    }
    if jour_donnees is not None:
        # read by no tool; kept for the Licence Ouverte's « date de dernière mise à jour »
        descripteur["date_des_donnees"] = jour_donnees.isoformat()
    descripteur["resources"] = [_ressource(r, contenus[r.nom]) for r in RESSOURCES]
    texte = json.dumps(descripteur, ensure_ascii=False, indent=2) + "\n"
    return {f"{nom}.csv": contenu for nom, contenu in contenus.items()} | {
        DESCRIPTEUR: texte.encode("utf-8")
    }
