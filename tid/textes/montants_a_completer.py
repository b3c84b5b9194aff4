"""Sentences of the « Montants à compléter » download (pages « Données » and « Méthode »)."""

from __future__ import annotations

TITRE = "Montants à compléter"
LEGENDE = (
    "Le modèle d'import des mouvements, prérempli avec chaque lauréat du périmètre choisi (filtres "
    "du panneau latéral) dont le montant attribué n'est pas publié : identifiant, programme, "
    "vague, porteur et nom, une ligne « attribution » chacun. Pour chaque montant connu, "
    "remplissez la date de la décision (JJ/MM/AAAA), le montant en euros (virgule décimale "
    "acceptée) et l'adresse de la source publique : une ligne sans source ou sans date est "
    "refusée, une ligne laissée vide est ignorée. Enregistrez (CSV « point-virgule » ou XLSX), "
    "puis importez le fichier sur la page « Données » (équipe du programme) ou avec "
    "`python -m tid import` : aperçu, puis application."
)


def libelle(format_fichier: str) -> str:
    return f"{TITRE} ({'CSV pour Excel' if format_fichier == 'csv' else 'XLSX'})"
