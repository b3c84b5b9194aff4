"""LibreOffice Calc without a screen: a file converted as a French spreadsheet user opens it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

# Debian's libreoffice-calc-nogui (`make libreoffice` installs it); SOFFICE_PATH to try another.
SOFFICE = Path(os.environ.get("SOFFICE_PATH", "/usr/bin/soffice"))
DELAI_S = 180  # a cold start with a new profile takes 2-5 s; a hung soffice must not hang CI

# What a double-click on our CSV gives in French Excel, as a CSV import filter string. Token
# meanings from LibreOffice's help « CSV Filter Options » (csv_params), checked against
# ScAsciiOptions::ReadFromString: an absent token 13 also means « evaluate », but it is written.
JETONS_CSV_EXCEL_FR = (
    "59",  # 1 field separator: « ; »
    "34",  # 2 text delimiter: « " »
    "76",  # 3 character set: UTF-8 (the BOM is read and dropped)
    "1",  # 4 first line read: 1 (the header is a row like the others)
    "",  # 5 column formats: none, every column « Standard » like Excel's double-click
    "1036",  # 6 language: French (France), so « 1234,50 » is a number and 25/10/2022 a date
    "false",  # 7 quoted field as text: no, Excel reads "01" as 1 as well
    "true",  # 8 detect special numbers (dates): yes, like Excel
    "",  # 9 save cell contents as shown: export only
    "",  # 10 export cell formulas: export only
    "false",  # 11 trim spaces: no
    "",  # 12 sheet to export: export only
    "true",  # 13 evaluate formulas: yes, Excel runs « =1+1 » in a CSV; neutralising must hold
)
FILTRE_CSV_EXCEL_FR = "Text - txt - csv (StarCalc):" + ",".join(JETONS_CSV_EXCEL_FR)


def version() -> str:
    """« LibreOffice 7.4.7.2 40(Build:2) »: said in a failure, so a changed client shows."""
    sortie = subprocess.run(
        [str(SOFFICE), "--version"], capture_output=True, text=True, timeout=DELAI_S, check=True
    )
    return sortie.stdout.strip()


def convertir(
    fichiers: Sequence[Path], dossier: Path, profil: Path, filtre_entree: str | None = None
) -> list[Path]:
    """Open each file in Calc and save it as XLSX in `dossier` (one soffice start for all);
    a fresh profile per call, so no earlier setting and no other soffice instance interferes."""
    dossier.mkdir(parents=True, exist_ok=True)
    commande = [
        str(SOFFICE),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profil.resolve().as_uri()}",
        *([f"--infilter={filtre_entree}"] if filtre_entree else []),
        "--convert-to",
        "xlsx",
        "--outdir",
        str(dossier),
        *map(str, fichiers),
    ]
    sortie = subprocess.run(commande, capture_output=True, text=True, timeout=DELAI_S)
    convertis = [dossier / f"{fichier.stem}.xlsx" for fichier in fichiers]
    # soffice exits 0 even when a file could not be loaded: the output files are the proof
    manquants = [str(f) for f in convertis if not f.is_file()]
    if sortie.returncode != 0 or manquants:
        raise RuntimeError(
            f"soffice a échoué (code {sortie.returncode}, fichiers absents : {manquants}) :\n"
            f"{sortie.stdout}\n{sortie.stderr}"
        )
    return convertis
