"""SCDL « subventions » 2.1.1, the open-data format of French grant data (décret 2017-779): one
row per laureate whose published figures make a valid row; the others are listed with why,
never completed by a guess."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tid import fmt
from tid.exports.cellules import neutraliser

SCHEMA = Path(__file__).resolve().parents[2] / "data" / "schemas" / "scdl-subventions-2.1.1.json"
VERSION = "2.1.1"
# « Moins de 256 caractères » (objet, conditionsVersement): 255 is valid under either reading.
LONGUEUR_TEXTE = 255
# Every amount of the ledger is money paid by the operator: the aid is « en numéraire ».
NATURE = "aide en numéraire"
# One beneficiary per laureate (the carrier): it receives the whole amount.
POURCENTAGE = "1"
# Why a laureate's row cannot be valid: the SCDL field it lacks, in the schema's order.
RAISONS = {
    "montant": "montant attribué non publié (montant)",
    "dateConvention": "date de convention non publiée (dateConvention)",
    "datesPeriodeVersement": "aucun versement publié : date ou période de versement inconnue "
    "(datesPeriodeVersement, obligatoire)",
    "idAttribuant": "SIRET de l'attribuant absent des données du programme (idAttribuant)",
    "notificationUE": "notification à la Commission européenne non renseignée (notificationUE)",
}


def colonnes() -> list[str]:
    """The field names, in order, read from the schema file kept in the repository."""
    return [champ["name"] for champ in json.loads(SCHEMA.read_text("utf-8"))["fields"]]


@dataclass
class Exclusion:
    """A laureate of the scope without a valid SCDL row, and the missing published facts."""

    projet_id: str
    porteur: str
    raisons: list[str]


@dataclass
class Scdl:
    """The publishable rows (SCDL columns, as text) and the excluded laureates."""

    lignes: list[dict[str, str]] = field(default_factory=list)
    exclus: list[Exclusion] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.lignes) + len(self.exclus)

    def contenu(self) -> bytes:
        """UTF-8 without BOM, « , », point decimals, ISO dates: the schema's conventions."""
        tampon = io.StringIO()
        ecrivain = csv.DictWriter(tampon, fieldnames=colonnes(), lineterminator="\r\n")
        ecrivain.writeheader()
        ecrivain.writerows(self.lignes)
        return tampon.getvalue().encode("utf-8")

    def bilan(self) -> str:
        """« 1 ligne publiable sur 25 lauréats » — the companion report's first line."""
        return _bilan(len(self.lignes), self.total)

    def rapport(self) -> list[str]:
        """One line per excluded laureate: who, and every published fact its row lacks."""
        return [f"{e.projet_id} ({e.porteur}) : {' ; '.join(e.raisons)}" for e in self.exclus]

    def tableau_exclus(self) -> pd.DataFrame:
        """The excluded laureates as the page lists them beside the button."""
        return pd.DataFrame(
            {
                "Projet": [e.projet_id for e in self.exclus],
                "Porteur": [e.porteur for e in self.exclus],
                "Ce qui manque": [" ; ".join(e.raisons) for e in self.exclus],
            }
        )


def _bilan(publiables: int, total: int) -> str:
    return (
        f"{fmt.compte(publiables, 'ligne publiable', 'lignes publiables')} sur "
        f"{fmt.compte(total, 'lauréat', 'lauréats')} (SCDL « subventions » {VERSION})"
    )


@dataclass(frozen=True)
class Apercu:
    """What the page says beside the button, without building the file's rows."""

    publiables: int
    total: int
    exclus: pd.DataFrame  # Projet, Porteur, Ce qui manque: as Scdl.tableau_exclus()

    def bilan(self) -> str:
        return _bilan(self.publiables, self.total)


def apercu(frame: pd.DataFrame) -> Apercu:
    """The same exclusions as scdl(), computed by column: the page shows them at every run
    (scdl() takes 3.5 s at 100 000 laureates, this 0.1 s); the rows are built on click."""
    manques = {
        "montant": frame["montant_attribue_eur"].isna(),
        "dateConvention": frame["date_convention"].isna(),
        "datesPeriodeVersement": frame["premier_versement"].isna(),
        "idAttribuant": frame["attribuant_siret"].isna(),
        "notificationUE": frame["notification_ue"].isna(),
    }
    raisons = pd.Series("", index=frame.index, dtype=object)
    for champ, manque in manques.items():
        separateur = raisons.where(raisons == "", raisons + " ; ")
        raisons = raisons.mask(manque.to_numpy(dtype=bool), separateur + RAISONS[champ])
    exclu = (raisons != "").to_numpy()
    exclus = pd.DataFrame(
        {
            "Projet": frame["projet_id"][exclu].astype("str"),
            "Porteur": frame["porteur"][exclu].astype("str"),
            "Ce qui manque": raisons[exclu].astype("str"),
        }
    ).reset_index(drop=True)
    return Apercu(int((~exclu).sum()), len(frame), exclus)


def _jour(valeur: object) -> str | None:
    return None if pd.isna(valeur) else pd.Timestamp(valeur).date().isoformat()


def _texte(valeur: object) -> str:
    """Text a spreadsheet will not run (a laureate's name comes from imported files)."""
    texte = "" if pd.isna(valeur) else str(valeur)
    if len(texte) > LONGUEUR_TEXTE:
        texte = texte[: LONGUEUR_TEXTE - 1] + "…"
    return neutraliser(texte)


def _versement(r) -> tuple[str | None, str]:
    """(datesPeriodeVersement, conditionsVersement) from the payments published so far."""
    premier, dernier = _jour(r.premier_versement), _jour(r.dernier_versement)
    if premier is None:
        return None, ""
    if r.nb_versements > 1:
        return f"{premier}/{dernier}", "échelonné"
    # one payment known: its date, but whether others follow is not published
    return premier, "autre : 1 versement publié à ce jour, calendrier de la convention non publié"


def _raisons(r, periode: str | None) -> list[str]:
    manque = {
        "montant": pd.isna(r.montant_attribue_eur),
        "dateConvention": pd.isna(r.date_convention),
        "datesPeriodeVersement": periode is None,
        "idAttribuant": pd.isna(r.attribuant_siret),
        "notificationUE": pd.isna(r.notification_ue),
    }
    return [RAISONS[champ] for champ, absent in manque.items() if absent]


def _objet(r) -> str:
    projet = "projet au nom non publié" if pd.isna(r.nom_projet) else r.nom_projet
    return f"France 2030, appel à projets « {r.programme_nom} » ({r.vague_libelle}) : {projet}"


def scdl(frame: pd.DataFrame) -> Scdl:
    """The SCDL rows of `frame` (queries/scdl_subventions.sql), excluded laureates listed."""
    resultat = Scdl()
    for r in frame.itertuples(index=False):
        periode, conditions = _versement(r)
        raisons = _raisons(r, periode)
        if raisons:
            resultat.exclus.append(Exclusion(r.projet_id, r.porteur, raisons))
            continue
        resultat.lignes.append(
            {
                "nomAttribuant": _texte(r.attribuant_nom),
                "idAttribuant": r.attribuant_siret,
                "dateConvention": _jour(r.date_convention),
                "referenceDecision": "",
                "nomBeneficiaire": _texte(r.porteur),
                # the SIRET (SIREN + establishment) of the carriers is not published: left empty
                "idBeneficiaire": "",
                "rnaBeneficiaire": "",
                "objet": _texte(_objet(r)),
                "montant": f"{float(r.montant_attribue_eur):.2f}",
                "nature": NATURE,
                "conditionsVersement": _texte(conditions),
                "datesPeriodeVersement": periode,
                "idRAE": "",
                "notificationUE": "oui" if r.notification_ue else "non",
                "pourcentageSubvention": POURCENTAGE,
                "dispositifAide": "",
            }
        )
    return resultat
