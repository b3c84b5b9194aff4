"""« Données » in AppTest: login, preview, apply, see « versé » move, revert, bad file refused."""

from __future__ import annotations

import datetime
import hashlib
import shutil
import time

import pytest
from streamlit.testing.v1 import AppTest

from bench.fichiers_hostiles import colonnes_100000, projets_mauvais
from tests.appli import sans_erreur
from tid import db, fmt, ingest, mots_de_passe, texte_brut
from tid.filtres import aucun
from tid.ingest import fichier, problemes
from tid.textes import donnees as textes_donnees
from tid.textes import montants_a_completer as textes_completer
from tid.ui import completer

APP = str(db.ROOT / "dashboard.py")
PAGE = "pages/donnees.py"
ACCUEIL = "dashboard.py"
MOT_DE_PASSE = "cheval correct agrafe"
TROIS_VERSEMENTS = (
    "projet_id;nature;date_mouvement;montant_eur;source_url;notes\r\n"
    "tid1-grandest;versement;15/06/2023;1 000 000,00;https://example.org/a;Premier versement\r\n"
    "tid1-sdef29;versement;01/07/2023;250\u00a0000;https://example.org/b;État : acompte\r\n"
    "tid1-toulouse;versement;20/09/2023;300 000,50;https://example.org/c;Deuxième tranche\r\n"
).encode("cp1252")


@pytest.fixture
def base(base_seed, app_sur, tmp_path, monkeypatch):
    """A copy of the real base: these tests write to it."""
    copie = tmp_path / "tid.duckdb"
    shutil.copy(base_seed, copie)
    app_sur(copie)
    monkeypatch.setenv(mots_de_passe.VARIABLE_ENV, mots_de_passe.hacher(MOT_DE_PASSE, n=2**10))
    return copie


def ouvrir(page: str = PAGE) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page(page).run()


def connecter(at: AppTest, mot_de_passe: str = MOT_DE_PASSE) -> AppTest:
    at.text_input(key="tid_connexion_nom").input("Camille Martin")
    at.text_input(key="tid_connexion_mot_de_passe").input(mot_de_passe)
    return at.button[0].click().run()


def verse(at: AppTest) -> str:
    at.switch_page(ACCUEIL).run()
    sans_erreur(at)
    valeur = {m.label: m.value for m in at.metric}["Versé (publié)"]
    at.switch_page(PAGE).run()
    return valeur


def test_without_a_configured_hash_nothing_is_accepted(base, monkeypatch):
    monkeypatch.delenv(mots_de_passe.VARIABLE_ENV)
    at = ouvrir()
    sans_erreur(at)
    assert any("python -m tid hash-password" in i.value for i in at.info)
    assert not at.text_input and not at.file_uploader


def test_wrong_password_is_refused(base):
    at = connecter(ouvrir(), "mauvais mot de passe")
    assert "Mot de passe incorrect." in [e.value for e in at.error]
    assert not at.file_uploader


def pied(at) -> str:
    """The footer's caption (the frame's last caption of the page)."""
    return at.caption[-1].value


def test_maintainer_journey_apply_then_revert(base):
    at = connecter(ouvrir())
    sans_erreur(at)
    assert verse(at) == "non publié"
    # the footer dates the data truthfully: when the sources were read, no import yet
    assert "Sources consultées le 29 novembre 2026 ·" in pied(at)
    assert "dernier import" not in pied(at)

    at.file_uploader[0].upload("versements.csv", TROIS_VERSEMENTS, "text/csv").run()
    sans_erreur(at)
    apercu = " ".join(m.value for m in at.markdown)
    assert "À ajouter : **3**" in apercu and "encodage cp1252" in apercu
    assert len(at.dataframe[0].value) == 3  # the three payments to add
    next(b for b in at.button if b.label == "Appliquer l'import").click().run()
    sans_erreur(at)
    assert any("Import appliqué : lot n° 2" in s.value for s in at.success)
    assert verse(at) == "1,6\u00a0M€"
    aujourd_hui = fmt.date_longue(datetime.date.today())
    assert f"Sources consultées le 29 novembre 2026, dernier import le {aujourd_hui}" in pied(at)

    at.checkbox[0].check().run()
    next(b for b in at.button if b.label == "Annuler ce lot").click().run()
    sans_erreur(at)
    assert any("Lot 2 annulé par le lot n° 3" in s.value for s in at.success)
    assert verse(at) == "non publié"
    historique = at.dataframe[0].value
    assert list(historique["Statut"][:2]) == ["annulation d'un lot", "annulé"]


def test_a_bad_file_changes_nothing_and_says_what_is_wrong(base):
    avant = hashlib.sha256(base.read_bytes()).hexdigest()
    at = connecter(ouvrir())
    mauvais = TROIS_VERSEMENTS.replace(b"250\xa0000", b"-250").replace(b"tid1-toulouse", b"inconnu")
    at.file_uploader[0].upload("mauvais.csv", mauvais, "text/csv").run()
    sans_erreur(at)
    erreurs = " ".join(e.value for e in at.error)
    # shown as written: the sentences quote cells, so they are escaped for Markdown
    negatif = "Ligne 3, colonne « montant_eur » : un montant ne peut pas être négatif (-250)."
    assert texte_brut.markdown(negatif) in erreurs
    assert texte_brut.markdown("Ligne 4, colonne « projet_id » : projet inconnu « inconnu »") in (
        erreurs
    )
    assert not [b for b in at.button if b.label == "Appliquer l'import"]
    assert hashlib.sha256(base.read_bytes()).hexdigest() == avant


def test_a_warning_new_since_the_preview_is_shown_not_applied(base):
    """The maintainer ticks « J'ai lu les avertissements »; before the click another import
    changes the base and the file now raises another warning: nothing is written, it is shown."""
    convention = (
        b"projet_id;nature;date_mouvement;montant_eur;source_url\r\n"
        b"tid1-grandest;convention;17/05/2023;3 000 000;https://example.org/c\r\n"
    )
    at = connecter(ouvrir())
    at.file_uploader[0].upload("convention.csv", convention, "text/csv").run()
    sans_erreur(at)
    assert texte_brut.markdown("au-dessus de son attribué") in " ".join(w.value for w in at.warning)
    at.checkbox[0].check().run()
    # meanwhile, from the command line: a withdrawal changes grandest's attributed amount
    ingest.appliquer(
        (
            b"projet_id;nature;date_mouvement;montant_eur;source_url\r\n"
            b"tid1-grandest;annulation;10/01/2023;600 000;https://example.org/a\r\n"
        ),
        "retrait.csv",
        "autre",
        base,
    )
    avant = hashlib.sha256(base.read_bytes()).hexdigest()
    next(b for b in at.button if b.label == "Appliquer l'import").click().run()
    sans_erreur(at)
    erreurs = " ".join(e.value for e in at.error)
    assert "de nouveaux avertissements sont apparus, rien n'a été écrit" in erreurs
    assert hashlib.sha256(base.read_bytes()).hexdigest() == avant
    # the new warning is on screen, and the consent box is unticked until it is read
    assert texte_brut.markdown("(2\u202f000\u202f000,00\u00a0€)") in " ".join(
        w.value for w in at.warning
    )
    assert not at.checkbox[0].value


@pytest.mark.parametrize(
    ("fabriquer", "titre", "reste"),
    [
        pytest.param(
            colonnes_100000,
            "**Fichier refusé, rien n'a été écrit.**",
            None,
            id="100 000 colonnes",
        ),
        pytest.param(
            lambda: projets_mauvais(fichier.LIMITE_LIGNES),
            "**20\u202f000 erreurs : le fichier est refusé, rien ne sera écrit.**",
            "… et 19\u202f950 autres problèmes : 6\u202f650 « code inconnu » dans la colonne "
            "region_code, 6\u202f650 « montant illisible » dans la colonne cout_total_eur, "
            "6\u202f650 « date illisible » dans la colonne date_annonce.",
            id="20 000 lignes mauvaises",
        ),
    ],
)
def test_a_huge_bad_file_gives_a_short_list_and_the_exact_count(base, fabriquer, titre, reste):
    at = connecter(ouvrir())
    debut = time.perf_counter()
    at.file_uploader[0].upload("enorme.csv", fabriquer(), "text/csv").run()
    print(f"aperçu : {time.perf_counter() - debut:.1f} s")  # a figure to read, not a limit
    sans_erreur(at)
    (encadre,) = [e.value for e in at.error]
    assert encadre.startswith(titre)
    puces = [ligne.removeprefix("- ") for ligne in encadre.splitlines() if ligne.startswith("- ")]
    assert 1 <= len(puces) <= problemes.LIMITE_PROBLEMES_AFFICHES + 1
    # each sentence quotes cells: shown escaped for Markdown (textes.donnees.liste_problemes)
    if reste:
        assert puces[-1] == texte_brut.markdown(reste)
    else:
        assert puces == [
            texte_brut.markdown(
                f"Ligne 1 : 100\u202f000 colonnes : au plus {fichier.LIMITE_COLONNES}. "
                "Partez d'un modèle (page « Données ») ou d'un extrait de la page "
                "« Projets »."
            )
        ]


def test_invisible_characters_are_named_never_shown_raw(base):
    """The fixture of tests/fixtures/imports/README.md: each refused character named with its
    row and column; none of them reaches the page."""
    fixture = db.ROOT / "tests" / "fixtures" / "imports" / "caracteres_invisibles.csv"
    at = connecter(ouvrir())
    at.file_uploader[0].upload(fixture.name, fixture.read_bytes(), "text/csv").run()
    sans_erreur(at)
    (encadre,) = [e.value for e in at.error]
    ligne_2 = "Ligne 2, colonne « porteur » : caractère invisible U+202E (inversion du sens"
    assert "- " + texte_brut.markdown(ligne_2) in encadre
    ligne_3 = "Ligne 3, colonne « porteur » : caractère de contrôle U+001B (échappement"
    assert "- " + texte_brut.markdown(ligne_3) in encadre
    assert not {"\x1b", "\u202e", "\u2066", "\u2069", "\x85"} & set(encadre)


def test_the_team_downloads_the_amounts_to_complete_and_imports_them_back(base, monkeypatch):
    """« Montants à compléter » only behind the login, for the sidebar's scope; once filled, the
    page's own upload, preview and apply take it (tests/ui/test_completer.py: exact totals)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["programme"] = "TID"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.get("download_button")  # anonymous: the login form only
    at = connecter(at)
    sans_erreur(at)
    libelles = [b.label for b in at.get("download_button")]
    assert [textes_completer.libelle("csv"), textes_completer.libelle("xlsx")] == libelles[-2:]
    modele = completer.octets({**aucun(), "programme": ["TID"]}, "csv").decode("utf-8-sig")
    rempli = modele.replace(
        "tid1-toulouse;TID;TID-1;Toulouse Métropole;Timéo;attribution;;;;",
        "tid1-toulouse;TID;TID-1;Toulouse Métropole;Timéo;attribution;25/10/2022;1800000;"
        "https://example.org/d;",
    )
    assert rempli != modele
    at.file_uploader[0].upload("montants.csv", rempli.encode("cp1252"), "text/csv").run()
    sans_erreur(at)
    apercu = " ".join(m.value for m in at.markdown)
    assert "À ajouter : **1**" in apercu and "ignorées : 9." in apercu
    next(b for b in at.button if b.label == "Appliquer l'import").click().run()
    sans_erreur(at)
    assert any("Import appliqué : lot n° 2" in s.value for s in at.success)


SCDL = db.ROOT / "tests" / "fixtures" / "imports" / "scdl" / "subventions_2.1.1.csv"
ADRESSE_SCDL = "https://example.org/donnees/subventions-cdc.csv"


def choisir_scdl(at: AppTest, programme: str, adresse: str, televersement: int = 0) -> AppTest:
    at.selectbox(key=f"scdl_programme_{televersement}").select(programme).run()
    return at.text_input(key=f"scdl_adresse_{televersement}").input(adresse).run()


def test_a_scdl_file_asks_its_programme_and_address_then_is_imported(base):
    """tests/ingest/test_scdl.py holds the rules; here the page's two choices reach the plan
    and the apply, and a second look with another programme is not « a changed base »."""
    at = connecter(ouvrir())
    at.file_uploader[0].upload(SCDL.name, SCDL.read_bytes(), "text/csv").run()
    sans_erreur(at)
    assert textes_donnees.SCDL_A_CHOISIR in [i.value for i in at.info]
    assert not [b for b in at.button if b.label == "Appliquer l'import"]
    assert not at.error

    choisir_scdl(at, "DIAT", ADRESSE_SCDL)
    sans_erreur(at)
    assert textes_donnees.RIEN_A_IMPORTER in [i.value for i in at.info]
    assert "1 ligne rattachée à un lauréat DIAT" in " ".join(m.value for m in at.markdown)

    at.selectbox(key="scdl_programme_0").select("TID").run()
    sans_erreur(at)
    assert not at.error  # the warnings changed with the programme, not because the base did
    apercu = " ".join(m.value for m in at.markdown)
    assert "fichier SCDL « subventions » (version détectée 2.x), 6 lignes" in apercu
    assert "À ajouter : **5**" in apercu and "4 lignes rattachées à un lauréat TID" in apercu
    avertissements = " ".join(w.value for w in at.warning)
    assert texte_brut.markdown("Ligne 6, colonne « idBeneficiaire »") in avertissements
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label == "Appliquer l'import").click().run()
    sans_erreur(at)
    assert any("Import appliqué : lot n° 2" in s.value for s in at.success)
    con = db.connect(base)
    try:
        ajoutes = con.sql("SELECT source_url FROM mouvement WHERE import_id = 2").fetchall()
    finally:
        con.close()
    assert ajoutes == [(ADRESSE_SCDL,)] * 5

    # the next upload starts with nothing chosen; the same file again adds nothing
    at.file_uploader[0].upload(SCDL.name, SCDL.read_bytes(), "text/csv").run()
    assert textes_donnees.SCDL_A_CHOISIR in [i.value for i in at.info]
    choisir_scdl(at, "TID", ADRESSE_SCDL, televersement=1)
    sans_erreur(at)
    assert textes_donnees.RIEN_A_IMPORTER in [i.value for i in at.info]


def test_a_scdl_address_that_is_not_http_is_refused_on_the_page(base):
    at = connecter(ouvrir())
    at.file_uploader[0].upload(SCDL.name, SCDL.read_bytes(), "text/csv").run()
    choisir_scdl(at, "TID", "file:///etc/passwd")
    sans_erreur(at)
    erreurs = " ".join(e.value for e in at.error)
    assert texte_brut.markdown("adresse de publication « file:///etc/passwd » refusée") in erreurs
    assert not [b for b in at.button if b.label == "Appliquer l'import"]
