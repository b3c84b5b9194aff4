"""Import files built for the tests of tid/ingest: by openpyxl, or by hand where it refuses."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from openpyxl import Workbook

from tid.ingest.fichier import lire
from tid.ingest.problemes import FichierRefuse, Probleme

ROOT = Path(__file__).resolve().parents[2]
IMPORTS = ROOT / "tests" / "fixtures" / "imports"
ENTETE_MOUVEMENTS = "projet_id;nature;date_mouvement;montant_eur;source_url;notes"
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def refus(contenu: bytes, nom: str) -> Probleme:
    """The one problem a refused file gives."""
    with pytest.raises(FichierRefuse) as erreur:
        lire(contenu, nom)
    assert len(erreur.value.problemes) == 1
    return erreur.value.problemes[0]


def classeur(lignes: list[list[object]]) -> bytes:
    wb = Workbook()
    for ligne in lignes:
        wb.active.append(ligne)
    tampon = io.BytesIO()
    wb.save(tampon)
    return tampon.getvalue()


def remplacer_dans_zip(contenu: bytes, nom: str, nouveau: bytes) -> bytes:
    """The same archive with one member's bytes replaced (a corrupt part of a real XLSX)."""
    source = zipfile.ZipFile(io.BytesIO(contenu))
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        for membre in source.namelist():
            archive.writestr(membre, nouveau if membre == nom else source.read(membre))
    return sortie.getvalue()


FEUILLE = "xl/worksheets/sheet1.xml"
NS = b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
ENTETE_XML = b"<row r='1'><c r='A1' t='inlineStr'><is><t>projet_id</t></is></c></row>"


def feuille_xml(lignes: bytes, dimension: bytes = b"") -> bytes:
    return NS + dimension + b"<sheetData>" + ENTETE_XML + lignes + b"</sheetData></worksheet>"


BASE_XLSX = classeur([["projet_id"], ["a"]])


def xlsx_a_la_main(lignes: list[list[str]]) -> bytes:
    """A workbook whose sheet XML is written by hand: openpyxl itself cuts cells at 32 767."""
    lettres = [chr(ord("A") + i) for i in range(26)]
    xml = b"".join(
        f"<row r='{n}'>".encode()
        + b"".join(
            f"<c r='{lettre}{n}' t='inlineStr'><is><t>{valeur}</t></is></c>".encode()
            for lettre, valeur in zip(lettres, ligne, strict=False)
        )
        + b"</row>"
        for n, ligne in enumerate(lignes, start=1)
    )
    return remplacer_dans_zip(
        BASE_XLSX, FEUILLE, NS + b"<sheetData>" + xml + b"</sheetData></worksheet>"
    )
