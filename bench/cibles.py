"""What the bench measures and the targets it checks: read by bench.py and rapport.py alike."""

# Targets of the issue « Performance at scale », checked at 1 000 000 events.
CIBLE_PAGE_MS = 500
CIBLE_FILTRE_MS = 300
CIBLE_RATIO_PANDAS = 5
CIBLE_RSS_MO = 1536
CIBLE_CSV_MS = 3000
SESSIONS = 20
# A new version of the base copied in every this many seconds during the publication burst (far
# more often than maintainers publish: the worst case readers could meet).
PERIODE_COPIE_S = 10.0
# Targets of the issue « Serving many readers »: through HAProxy, N = 2 against N = 1.
CIBLE_RATIO_N2 = 1.6
CIBLE_P95_CHANGEMENT_N2_MS = 2500
CIBLE_PREMIER_KPI_MS = 3000
INTERACTIONS_PAR_SESSION = 4

PAGES_NOMS = {
    "dashboard.py": "Vue d'ensemble",
    "pages/vagues.py": "Vagues",
    "pages/axes-et-themes.py": "Axes et thèmes",
    "pages/territoires.py": "Territoires",
    "pages/projets.py": "Projets",
    "pages/methode.py": "Méthode et sources",
    "pages/donnees.py": "Données (partie publique)",
    "pages/quoi-de-neuf.py": "Quoi de neuf",
}
