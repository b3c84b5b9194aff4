"""tid.mots_de_passe: scrypt hash round trip, malformed hashes, lockout, login, CLI function."""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import io
import threading
import unicodedata

import pytest

from tid import mots_de_passe

MOT_DE_PASSE = "cheval correct agrafe"
FAIBLE = 2**10  # low scrypt cost: fast tests; the default stays 2**14


@pytest.fixture(scope="module")
def empreinte() -> str:
    return mots_de_passe.hacher(MOT_DE_PASSE, n=FAIBLE)


class Horloge:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def avancer(self, secondes: float) -> None:
        self.t += secondes


@pytest.fixture
def horloge() -> Horloge:
    return Horloge()


@pytest.fixture
def verrou(horloge) -> mots_de_passe.Verrou:
    return mots_de_passe.Verrou(max_echecs=5, fenetre_s=900, duree_blocage_s=900, horloge=horloge)


def _b64(octets: bytes) -> str:
    return base64.b64encode(octets).decode()


SEL, CLE = _b64(b"s" * 16), _b64(b"k" * 32)


# --- hacher / verifier ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "mot_de_passe",
    [
        "cheval correct agrafe",
        "Mot de passe très long avec des accents éèàç et des espaces",
        "  espaces autour  ",
        "emoji 🔐 et guillemets « »",
        "x" * 1024,
    ],
)
def test_round_trip(mot_de_passe):
    assert mots_de_passe.verifier(mot_de_passe, mots_de_passe.hacher(mot_de_passe, n=FAIBLE))


def test_composed_and_decomposed_accents_match():
    compose = "mot de passe éprouvé"
    decompose = unicodedata.normalize("NFD", compose)
    assert compose != decompose
    assert mots_de_passe.verifier(decompose, mots_de_passe.hacher(compose, n=FAIBLE))


@pytest.mark.parametrize(
    "essai",
    [
        "Cheval correct agrafe",
        "cheval correct agrafe ",
        "cheval correct agraf",
        "cheval correct agrafe" * 2,
        "",
        "\ud800",  # lone surrogate: cannot be encoded, must not raise
        None,
        b"cheval correct agrafe",
    ],
)
def test_wrong_password_is_refused(empreinte, essai):
    assert mots_de_passe.verifier(essai, empreinte) is False


def test_hash_format(empreinte):
    nom, n, r, p, sel, cle = empreinte.split("$")
    assert (nom, n, r, p) == ("scrypt", str(FAIBLE), "8", "1")
    assert len(base64.b64decode(sel)) == 16
    assert len(base64.b64decode(cle)) == 32


def test_default_cost_is_2_14():
    assert mots_de_passe.hacher(MOT_DE_PASSE).startswith("scrypt$16384$8$1$")


def test_same_password_twice_gives_two_hashes():
    premiere, seconde = (mots_de_passe.hacher(MOT_DE_PASSE, n=FAIBLE) for _ in range(2))
    assert premiere != seconde
    assert premiere.split("$")[4] != seconde.split("$")[4]
    assert mots_de_passe.verifier(MOT_DE_PASSE, premiere) and mots_de_passe.verifier(
        MOT_DE_PASSE, seconde
    )


def test_hash_matches_a_direct_scrypt_computation(empreinte):
    """Independent of the module's helpers: the stored key is scrypt(password, salt)."""
    _, n, r, p, sel, cle = empreinte.split("$")
    attendu = hashlib.scrypt(
        MOT_DE_PASSE.encode(), salt=base64.b64decode(sel), n=int(n), r=int(r), p=int(p), dklen=32
    )
    assert base64.b64decode(cle) == attendu


MALFORMEES = {
    "vide": "",
    "espaces": "   ",
    "None": None,
    "octets": b"scrypt$1024$8$1$" + SEL.encode() + b"$" + CLE.encode(),
    "texte clair": MOT_DE_PASSE,
    "autre algorithme": f"bcrypt$1024$8$1${SEL}${CLE}",
    "majuscules": f"SCRYPT$1024$8$1${SEL}${CLE}",
    "partie manquante": f"scrypt$1024$8${SEL}${CLE}",
    "partie en trop": f"scrypt$1024$8$1${SEL}${CLE}$x",
    "espace final": f"scrypt$1024$8$1${SEL}${CLE} ",
    "base64 invalide": f"scrypt$1024$8$1$!!!!${CLE}",
    "base64 mal rembourrée": f"scrypt$1024$8$1${SEL}${CLE}=",
    "n pas puissance de 2": f"scrypt$1000$8$1${SEL}${CLE}",
    "n = 1": f"scrypt$1$8$1${SEL}${CLE}",
    "n > 2**20": f"scrypt${2**21}$8$1${SEL}${CLE}",
    "n = 2**20, r = 8 : 1 Gio": f"scrypt${2**20}$8$1${SEL}${CLE}",
    "n énorme": f"scrypt$99999999$8$1${SEL}${CLE}",
    "r = 0": f"scrypt$1024$0$1${SEL}${CLE}",
    "r > 32": f"scrypt$1024$33$1${SEL}${CLE}",
    "p = 0": f"scrypt$1024$8$0${SEL}${CLE}",
    "p > 16": f"scrypt$1024$8$17${SEL}${CLE}",
    "r = 32, n = 2**17 : 512 Mio": f"scrypt${2**17}$32$1${SEL}${CLE}",
    "travail excessif": f"scrypt${2**16}$8$16${SEL}${CLE}",
    "n négatif": f"scrypt$-1024$8$1${SEL}${CLE}",
    "signe plus": f"scrypt$+1024$8$1${SEL}${CLE}",
    "chiffres arabes-indiens": f"scrypt$١٠٢٤$8$1${SEL}${CLE}",
    "tiret bas": f"scrypt$1_024$8$1${SEL}${CLE}",
    "sel trop court": f"scrypt$1024$8$1${_b64(b's' * 4)}${CLE}",
    "empreinte trop courte": f"scrypt$1024$8$1${SEL}${_b64(b'k' * 8)}",
}


@pytest.mark.parametrize("empreinte_malformee", MALFORMEES.values(), ids=MALFORMEES.keys())
def test_malformed_hash_is_false_and_never_hashes(monkeypatch, empreinte_malformee):
    def interdit(*args, **kwargs):
        raise AssertionError("scrypt must not run on a malformed hash")

    monkeypatch.setattr(hashlib, "scrypt", interdit)
    assert mots_de_passe.verifier(MOT_DE_PASSE, empreinte_malformee) is False


def test_tampered_parameters_do_not_verify(empreinte):
    nom, n, r, p, sel, cle = empreinte.split("$")
    for modifiee in (
        f"{nom}${int(n) * 2}${r}${p}${sel}${cle}",
        f"{nom}${n}${int(r) + 1}${p}${sel}${cle}",
        f"{nom}${n}${r}${p}${_b64(b'x' * 16)}${cle}",
    ):
        assert mots_de_passe.verifier(MOT_DE_PASSE, modifiee) is False


@pytest.mark.parametrize(
    "parametres", [{"n": 1000}, {"n": 2**21}, {"r": 0}, {"p": 17}, {"n": 2**20, "r": 8}]
)
def test_hacher_refuses_absurd_parameters(parametres):
    with pytest.raises(ValueError):
        mots_de_passe.hacher(MOT_DE_PASSE, **parametres)


@pytest.mark.parametrize("reponse", [True, False])
def test_comparison_goes_through_compare_digest(monkeypatch, empreinte, reponse):
    appels = []

    def espion(a, b):
        appels.append((a, b))
        return reponse

    monkeypatch.setattr(hmac, "compare_digest", espion)
    # the spy's answer is the verdict: a plain == anywhere would break one of the two cases
    assert mots_de_passe.verifier(MOT_DE_PASSE, empreinte) is reponse
    assert mots_de_passe.verifier("autre mot de passe", empreinte) is reponse
    assert len(appels) == 2
    assert all(isinstance(a, bytes) and len(a) == len(b) == 32 for a, b in appels)


# --- Verrou --------------------------------------------------------------------------------


def test_lockout_after_five_failures(verrou):
    for _ in range(4):
        verrou.echec("s")
        assert verrou.est_bloque("s") == 0
    verrou.echec("s")
    assert verrou.est_bloque("s") == 900
    assert verrou.est_bloque("autre session") == 0


def test_block_counts_down_then_lifts(verrou, horloge):
    for _ in range(5):
        verrou.echec("s")
    horloge.avancer(600)
    assert verrou.est_bloque("s") == 300
    horloge.avancer(300)
    assert verrou.est_bloque("s") == 0
    verrou.echec("s")  # a fresh start: one failure after the block is not a block
    assert verrou.est_bloque("s") == 0


def test_failures_outside_the_window_do_not_add_up(verrou, horloge):
    for _ in range(4):
        verrou.echec("s")
    horloge.avancer(901)
    for _ in range(4):
        verrou.echec("s")
    assert verrou.est_bloque("s") == 0
    verrou.echec("s")
    assert verrou.est_bloque("s") == 900


def test_the_window_slides(verrou, horloge):
    """Failures at 0, 300, 600, 850 s and 950 s: the first has left the 900 s window."""
    for pas in (0, 300, 300, 250):
        horloge.avancer(pas)
        verrou.echec("s")
    horloge.avancer(100)
    verrou.echec("s")
    assert verrou.est_bloque("s") == 0
    horloge.avancer(1)
    verrou.echec("s")
    assert verrou.est_bloque("s") == 900


def test_failures_while_blocked_do_not_extend_the_block(verrou, horloge):
    for _ in range(5):
        verrou.echec("s")
    horloge.avancer(800)
    for _ in range(10):
        verrou.echec("s")
    assert verrou.est_bloque("s") == 100


def test_success_resets_failures_and_block(verrou):
    for _ in range(4):
        verrou.echec("s")
    verrou.succes("s")
    for _ in range(4):
        verrou.echec("s")
    assert verrou.est_bloque("s") == 0
    verrou.echec("s")
    assert verrou.est_bloque("s") > 0
    verrou.succes("s")
    assert verrou.est_bloque("s") == 0


def test_per_key_limit(horloge):
    verrou = mots_de_passe.Verrou(horloge=horloge, limites={mots_de_passe.CLE_GLOBALE: 20})
    for _ in range(19):
        verrou.echec(mots_de_passe.CLE_GLOBALE)
    assert verrou.est_bloque(mots_de_passe.CLE_GLOBALE) == 0
    verrou.echec(mots_de_passe.CLE_GLOBALE)
    assert verrou.est_bloque(mots_de_passe.CLE_GLOBALE) == 900


def test_expired_entries_are_purged(verrou, horloge):
    for i in range(100):
        verrou.echec(f"session {i}")
    horloge.avancer(901)
    verrou.echec("nouvelle")
    assert list(verrou._echecs) == ["nouvelle"]


# --- tenter --------------------------------------------------------------------------------

CLES = ["session-a", mots_de_passe.CLE_GLOBALE]


def test_tenter_ok(empreinte, verrou):
    assert mots_de_passe.tenter(MOT_DE_PASSE, empreinte, verrou, CLES) == mots_de_passe.Resultat(
        mots_de_passe.Statut.OK
    )


def test_tenter_refuse_counts_on_every_key(empreinte, verrou):
    resultat = mots_de_passe.tenter("mauvais", empreinte, verrou, CLES)
    assert resultat == mots_de_passe.Resultat(mots_de_passe.Statut.REFUSE)
    assert [len(verrou._echecs[c]) for c in CLES] == [1, 1]


def test_five_failures_lock_even_the_right_password(monkeypatch, empreinte, verrou, horloge):
    statuts = [mots_de_passe.tenter("mauvais", empreinte, verrou, CLES) for _ in range(5)]
    assert [r.statut for r in statuts] == [mots_de_passe.Statut.REFUSE] * 5
    assert statuts[-1].attente_s == 900  # the attempt that locks says for how long

    verifications = []
    monkeypatch.setattr(mots_de_passe, "verifier", lambda *a: verifications.append(a) or True)
    horloge.avancer(60)
    resultat = mots_de_passe.tenter(MOT_DE_PASSE, empreinte, verrou, CLES)
    assert resultat == mots_de_passe.Resultat(mots_de_passe.Statut.BLOQUE, 840)
    assert verifications == []  # a blocked attempt does not even check the password


def test_right_password_works_again_after_the_block(empreinte, verrou, horloge):
    for _ in range(5):
        mots_de_passe.tenter("mauvais", empreinte, verrou, CLES)
    horloge.avancer(900)
    assert mots_de_passe.tenter(MOT_DE_PASSE, empreinte, verrou, CLES).ok


def test_success_resets_the_counters(empreinte, verrou):
    for _ in range(4):
        mots_de_passe.tenter("mauvais", empreinte, verrou, CLES)
    assert mots_de_passe.tenter(MOT_DE_PASSE, empreinte, verrou, CLES).ok
    for _ in range(4):
        assert (
            mots_de_passe.tenter("mauvais", empreinte, verrou, CLES).statut
            is mots_de_passe.Statut.REFUSE
        )
    assert mots_de_passe.tenter(MOT_DE_PASSE, empreinte, verrou, CLES).ok


def test_new_sessions_do_not_give_unlimited_tries(empreinte, verrou):
    """The global key: each new session is another key, but "*" counts them all."""
    for i in range(5):
        cles = [f"session-{i}", mots_de_passe.CLE_GLOBALE]
        assert (
            mots_de_passe.tenter("mauvais", empreinte, verrou, cles).statut
            is mots_de_passe.Statut.REFUSE
        )
    resultat = mots_de_passe.tenter(
        MOT_DE_PASSE, empreinte, verrou, ["session-neuve", mots_de_passe.CLE_GLOBALE]
    )
    assert resultat.statut is mots_de_passe.Statut.BLOQUE


def test_attempt_is_counted_before_the_slow_hash(monkeypatch, empreinte, horloge):
    verrou = mots_de_passe.Verrou(max_echecs=1, horloge=horloge)
    vu_pendant_le_calcul = []

    def verifier_lent(mot_de_passe, empreinte):
        vu_pendant_le_calcul.append(verrou.est_bloque("s"))
        return False

    monkeypatch.setattr(mots_de_passe, "verifier", verifier_lent)
    mots_de_passe.tenter("mauvais", empreinte, verrou, ["s"])
    assert vu_pendant_le_calcul == [900]


def test_parallel_attempts_cannot_exceed_the_limit(empreinte, verrou):
    n = 40
    depart = threading.Barrier(n)
    resultats: list[mots_de_passe.Resultat] = []

    def essayer():
        depart.wait()
        resultats.append(mots_de_passe.tenter("mauvais", empreinte, verrou, ["s"]))

    fils = [threading.Thread(target=essayer) for _ in range(n)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    statuts = [r.statut for r in resultats]
    assert statuts.count(mots_de_passe.Statut.REFUSE) == 5
    assert statuts.count(mots_de_passe.Statut.BLOQUE) == n - 5


@pytest.mark.parametrize("empreinte_absente", [None, "", "   ", "pas une empreinte"])
def test_non_configure_accepts_nothing_and_counts_nothing(monkeypatch, verrou, empreinte_absente):
    monkeypatch.setattr(mots_de_passe, "verifier", lambda *a: True)  # even a verifier saying yes
    for mot_de_passe in (MOT_DE_PASSE, "", empreinte_absente):
        resultat = mots_de_passe.tenter(mot_de_passe, empreinte_absente, verrou, CLES)
        assert resultat == mots_de_passe.Resultat(mots_de_passe.Statut.NON_CONFIGURE)
    assert verrou._echecs == {} and verrou._bloque_jusqu_a == {}


def test_tenter_needs_a_key(empreinte, verrou):
    with pytest.raises(ValueError):
        mots_de_passe.tenter(MOT_DE_PASSE, empreinte, verrou, [])


# --- empreinte_configuree ------------------------------------------------------------------

BONNE = f"scrypt$1024$8$1${SEL}${CLE}"
AUTRE = f"scrypt$2048$8$1${SEL}${CLE}"


@pytest.mark.parametrize(
    ("secrets", "environ", "attendu"),
    [
        pytest.param(None, {}, None, id="rien"),
        pytest.param({}, {}, None, id="sources vides"),
        pytest.param({"tid_mot_de_passe_hash": BONNE}, {}, BONNE, id="secrets"),
        pytest.param(None, {"TID_MOT_DE_PASSE_HASH": BONNE}, BONNE, id="environnement"),
        pytest.param(
            {"tid_mot_de_passe_hash": BONNE},
            {"TID_MOT_DE_PASSE_HASH": AUTRE},
            BONNE,
            id="secrets avant environnement",
        ),
        pytest.param(
            {"tid_mot_de_passe_hash": ""},
            {"TID_MOT_DE_PASSE_HASH": AUTRE},
            AUTRE,
            id="secret vide : environnement",
        ),
        pytest.param(
            {"tid_mot_de_passe_hash": "  \n"},
            {"TID_MOT_DE_PASSE_HASH": AUTRE},
            AUTRE,
            id="secret blanc : environnement",
        ),
        pytest.param(
            {"tid_mot_de_passe_hash": "mot de passe en clair"},
            {"TID_MOT_DE_PASSE_HASH": AUTRE},
            None,
            id="secret malformé : aide, pas de repli",
        ),
        pytest.param(None, {"TID_MOT_DE_PASSE_HASH": "hunter2"}, None, id="env malformée"),
        pytest.param(None, {"TID_MOT_DE_PASSE_HASH": ""}, None, id="env vide"),
        pytest.param(None, {"TID_MOT_DE_PASSE_HASH": BONNE + "\n"}, BONNE, id="saut de ligne"),
        pytest.param({"tid_mot_de_passe_hash": 42}, {}, None, id="secret nombre"),
        pytest.param({"tid_mot_de_passe_hash": {"a": BONNE}}, {}, None, id="secret table"),
        pytest.param({"TID_MOT_DE_PASSE_HASH": BONNE}, {}, None, id="clé de secrets exacte"),
        pytest.param(None, {"tid_mot_de_passe_hash": BONNE}, None, id="variable exacte"),
        pytest.param(None, {"TID_MOT_DE_PASSE_HASH": f"bcrypt$x${CLE}"}, None, id="bcrypt"),
    ],
)
def test_empreinte_configuree(secrets, environ, attendu):
    assert mots_de_passe.empreinte_configuree(secrets, environ) == attendu


# --- nom_valide ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [
        ("Anne-Sophie O’Brien", "Anne-Sophie O’Brien"),
        ("  Jean   Dupont ", "Jean Dupont"),
        ("É. Lefèvre", "É. Lefèvre"),
        ("", None),
        ("   ", None),
        ("--", None),
        ("[lien](https://exemple.org)", None),
        ("**gras**", None),
        ("nom_souligne", None),
        ("R2D2", None),
        ("a\nb", "a b"),
        ("x" * 81, None),
        (None, None),
    ],
)
def test_nom_valide(nom, attendu):
    assert mots_de_passe.nom_valide(nom) == attendu


# --- commande_hash -------------------------------------------------------------------------


def _lancer(stdin: bool, entree: str = "") -> tuple[int, str]:
    sortie = io.StringIO()
    code = mots_de_passe.commande_hash(argparse.Namespace(stdin=stdin), io.StringIO(entree), sortie)
    return code, sortie.getvalue()


@pytest.mark.parametrize(
    "entree", ["", "\n", "court\n", "onze-carac\n", "x" * 11, "x" * 1025 + "\n"]
)
def test_cli_refuses_short_or_huge_password(capsys, entree):
    code, sortie = _lancer(True, entree)
    assert (code, sortie) == (2, "")
    assert "Erreur" in capsys.readouterr().err


def test_cli_stdin_prints_a_hash_verifier_accepts(capsys):
    code, sortie = _lancer(True, "douze-carac!\nligne suivante ignorée\n")
    empreinte = sortie.strip()
    assert code == 0
    assert sortie.count("\n") == 1  # stdout holds the hash alone: `H=$(python -m tid ...)`
    assert mots_de_passe.verifier("douze-carac!", empreinte)
    assert (
        mots_de_passe.empreinte_configuree(None, {mots_de_passe.VARIABLE_ENV: empreinte})
        == empreinte
    )
    aide = capsys.readouterr().err
    assert f"export TID_MOT_DE_PASSE_HASH='{empreinte}'" in aide
    assert f'tid_mot_de_passe_hash = "{empreinte}"' in aide
    assert "jamais être versionné" in aide


def test_cli_stdin_keeps_inner_and_trailing_spaces():
    code, sortie = _lancer(True, " espaces  dedans \r\n")
    assert code == 0
    assert mots_de_passe.verifier(" espaces  dedans ", sortie.strip())


@pytest.mark.parametrize(
    ("saisies", "code_attendu"),
    [
        (["phrase de passe sûre", "phrase de passe sûre"], 0),
        (["phrase de passe sûre", "phrase de passe sure"], 2),
        (["court", "court"], 2),
    ],
)
def test_cli_interactive(monkeypatch, saisies, code_attendu):
    reponses = iter(saisies)
    monkeypatch.setattr(mots_de_passe.getpass, "getpass", lambda invite="": next(reponses))
    code, sortie = _lancer(False)
    assert code == code_attendu
    if code == 0:
        assert mots_de_passe.verifier(saisies[0], sortie.strip())
    else:
        assert sortie == ""


def test_cli_interactive_eof(monkeypatch):
    def fin(invite=""):
        raise EOFError

    monkeypatch.setattr(mots_de_passe.getpass, "getpass", fin)
    assert _lancer(False) == (2, "")
