"""Maintainers' login: scrypt password hash, constant-time check, lockout (no st.* calls)."""

from __future__ import annotations

import argparse
import base64
import binascii
import enum
import getpass
import hashlib
import hmac
import re
import secrets
import sys
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TextIO

CLE_SECRETS = "tid_mot_de_passe_hash"
VARIABLE_ENV = "TID_MOT_DE_PASSE_HASH"
CLE_GLOBALE = "*"
LONGUEUR_MIN = 12
LONGUEUR_MAX = 1024

# Bounds on the parameters read from a hash: the hash is configured by an operator, but a typo
# (n=2**30) must not make every login attempt allocate gigabytes or run for minutes.
N_MAX = 2**20
R_MAX = 32
P_MAX = 16
MEMOIRE_MAX = 256 * 2**20
TRAVAIL_MAX = 2**22  # n * r * p: 32 times the default cost
_SEL_OCTETS = 16
_CLE_OCTETS = 32

_B64 = r"[A-Za-z0-9+/]+={0,2}"
# [0-9], not \d: int() would also accept other scripts' digits, "+16" or "1_6".
_FORMAT = re.compile(rf"scrypt\$([0-9]{{1,8}})\$([0-9]{{1,3}})\$([0-9]{{1,3}})\$({_B64})\$({_B64})")


@dataclass(frozen=True)
class _Empreinte:
    n: int
    r: int
    p: int
    sel: bytes
    cle: bytes


def _memoire(n: int, r: int, p: int) -> int:
    """Bytes OpenSSL needs for scrypt (its own formula; hashlib's maxmem must cover it)."""
    return 128 * r * (n + p + 2)


def _parametres_valides(n: int, r: int, p: int) -> bool:
    return (
        2 <= n <= N_MAX
        and n & (n - 1) == 0
        and 1 <= r <= R_MAX
        and 1 <= p <= P_MAX
        and _memoire(n, r, p) <= MEMOIRE_MAX
        and n * r * p <= TRAVAIL_MAX
    )


def _lire(empreinte: object) -> _Empreinte | None:
    """The parts of a `scrypt$n$r$p$sel$cle` string, or None when anything is off."""
    if not isinstance(empreinte, str):
        return None
    trouve = _FORMAT.fullmatch(empreinte)
    if trouve is None:
        return None
    n, r, p = (int(x) for x in trouve.group(1, 2, 3))
    if not _parametres_valides(n, r, p):
        return None
    try:
        sel = base64.b64decode(trouve.group(4), validate=True)
        cle = base64.b64decode(trouve.group(5), validate=True)
    except (binascii.Error, ValueError):
        return None
    if not (8 <= len(sel) <= 64 and 16 <= len(cle) <= 64):
        return None
    return _Empreinte(n, r, p, sel, cle)


def _octets(mot_de_passe: str) -> bytes:
    # NFC: « é » typed as one code point or as e + accent must give the same hash.
    return unicodedata.normalize("NFC", mot_de_passe).encode("utf-8")


def _scrypt(mot_de_passe: str, sel: bytes, n: int, r: int, p: int, longueur: int) -> bytes:
    return hashlib.scrypt(
        _octets(mot_de_passe),
        salt=sel,
        n=n,
        r=r,
        p=p,
        dklen=longueur,
        maxmem=_memoire(n, r, p) + 2**20,
    )


def _b64(donnees: bytes) -> str:
    return base64.b64encode(donnees).decode("ascii")


def hacher(mot_de_passe: str, *, n: int = 2**14, r: int = 8, p: int = 1) -> str:
    """`scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>` with a fresh random 16-byte salt."""
    if not _parametres_valides(n, r, p):
        raise ValueError(f"paramètres scrypt refusés : n={n}, r={r}, p={p}")
    sel = secrets.token_bytes(_SEL_OCTETS)
    cle = _scrypt(mot_de_passe, sel, n, r, p, _CLE_OCTETS)
    return f"scrypt${n}${r}${p}${_b64(sel)}${_b64(cle)}"


def verifier(mot_de_passe: str, empreinte: str) -> bool:
    """True when the password matches the hash; False for a malformed hash, never an exception."""
    lue = _lire(empreinte)
    if lue is None or not isinstance(mot_de_passe, str):
        return False
    try:
        calculee = _scrypt(mot_de_passe, lue.sel, lue.n, lue.r, lue.p, len(lue.cle))
    except (ValueError, MemoryError, UnicodeError):
        # e.g. lone surrogates in the password, or OpenSSL refusing the memory it needs
        return False
    return hmac.compare_digest(calculee, lue.cle)


def empreinte_configuree(secrets: Mapping | None, environ: Mapping) -> str | None:
    """The hash from Streamlit secrets, else from the environment; None if unset or malformed.

    The first source that holds a non-empty value wins, even when that value is malformed: a
    broken secret must show the setup help rather than silently fall back to another hash.
    """
    for source, cle in ((secrets, CLE_SECRETS), (environ, VARIABLE_ENV)):
        valeur = source.get(cle) if source is not None else None
        if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
            continue
        valeur = valeur.strip() if isinstance(valeur, str) else valeur
        return valeur if _lire(valeur) is not None else None
    return None


class Verrou:
    """Thread-safe lockout: `max_echecs` failures on a key within `fenetre_s` block it.

    The app counts each attempt on two keys: the browser session, and the global key "*" so that
    opening new sessions does not give unlimited tries. Trade-off of the global key: anyone can
    lock the maintainers out for `duree_blocage_s` by sending wrong passwords; `limites` gives it
    a higher threshold than a session's (e.g. {"*": 20}), which keeps a mistyping maintainer
    from locking out the others but not a determined attacker. The state lives in one process:
    each server process (or restart) has its own counters.
    """

    def __init__(
        self,
        max_echecs: int = 5,
        fenetre_s: float = 900,
        duree_blocage_s: float = 900,
        horloge: Callable[[], float] = time.monotonic,
        *,
        limites: Mapping[str, int] | None = None,
    ) -> None:
        self.max_echecs = max_echecs
        self.fenetre_s = fenetre_s
        self.duree_blocage_s = duree_blocage_s
        self.horloge = horloge
        self.limites = dict(limites or {})
        self._verrou = threading.Lock()
        self._echecs: dict[str, deque[float]] = {}
        self._bloque_jusqu_a: dict[str, float] = {}

    def _reste(self, cle: str, maintenant: float) -> float:
        fin = self._bloque_jusqu_a.get(cle)
        if fin is None:
            return 0.0
        if fin > maintenant:
            return fin - maintenant
        del self._bloque_jusqu_a[cle]
        return 0.0

    def _purger(self, maintenant: float) -> None:
        """Drop expired entries, so that abandoned sessions do not pile up."""
        limite = maintenant - self.fenetre_s
        for cle in [c for c, d in self._echecs.items() if not d or d[-1] <= limite]:
            del self._echecs[cle]
        for cle in [c for c, fin in self._bloque_jusqu_a.items() if fin <= maintenant]:
            del self._bloque_jusqu_a[cle]

    def _compter(self, cle: str, maintenant: float) -> None:
        if self._reste(cle, maintenant):
            return  # a blocked key does not extend its own block
        echecs = self._echecs.setdefault(cle, deque())
        while echecs and echecs[0] <= maintenant - self.fenetre_s:
            echecs.popleft()
        echecs.append(maintenant)
        if len(echecs) >= self.limites.get(cle, self.max_echecs):
            self._bloque_jusqu_a[cle] = maintenant + self.duree_blocage_s
            del self._echecs[cle]

    def est_bloque(self, cle: str) -> float:
        """Seconds left before the key may try again; 0.0 when it is not blocked."""
        with self._verrou:
            return self._reste(cle, self.horloge())

    def echec(self, cle: str) -> None:
        with self._verrou:
            maintenant = self.horloge()
            self._purger(maintenant)
            self._compter(cle, maintenant)

    def succes(self, cle: str) -> None:
        """Forget the key's failures and lift its block."""
        with self._verrou:
            self._echecs.pop(cle, None)
            self._bloque_jusqu_a.pop(cle, None)

    def essai(self, cles: Iterable[str]) -> float:
        """Atomically: seconds left if any key is blocked, else count a failure on each and 0.0.

        The attempt is counted before the slow hash runs and forgiven by `succes`: otherwise
        parallel requests would all pass the check during the tens of milliseconds scrypt takes.
        """
        cles = list(cles)
        with self._verrou:
            maintenant = self.horloge()
            self._purger(maintenant)
            attente = max((self._reste(c, maintenant) for c in cles), default=0.0)
            if attente:
                return attente
            for cle in cles:
                self._compter(cle, maintenant)
            return 0.0


class Statut(enum.Enum):
    OK = "ok"
    REFUSE = "refuse"
    BLOQUE = "bloque"
    NON_CONFIGURE = "non_configure"


@dataclass(frozen=True)
class Resultat:
    """Outcome of a login attempt; `attente_s` is the time left when the keys are blocked."""

    statut: Statut
    attente_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.statut is Statut.OK


def tenter(
    mot_de_passe: str, empreinte: str | None, verrou: Verrou, cles: Iterable[str]
) -> Resultat:
    """One login attempt: NON_CONFIGURE, then BLOQUE (password not checked), then OK or REFUSE.

    A REFUSE that triggers the lockout carries the block's duration in `attente_s`.
    """
    cles = list(cles)
    if not cles:
        raise ValueError("tenter() a besoin d'au moins une clé de verrouillage")
    if _lire(empreinte) is None:
        return Resultat(Statut.NON_CONFIGURE)
    attente = verrou.essai(cles)
    if attente:
        return Resultat(Statut.BLOQUE, attente)
    if verifier(mot_de_passe, empreinte):
        for cle in cles:
            verrou.succes(cle)
        return Resultat(Statut.OK)
    return Resultat(Statut.REFUSE, max(verrou.est_bloque(c) for c in cles))


_NOM = re.compile(r"(?:[^\W\d_]|[ .'’-])+")


def nom_valide(nom: object) -> str | None:
    """The maintainer's name with spaces tidied, or None: letters, spaces, . ' ’ - (80 max).

    Only these characters, so that a name shown in Markdown or written to the import history
    cannot carry links, emphasis or control characters.
    """
    if not isinstance(nom, str):
        return None
    nom = " ".join(nom.split())
    if not nom or len(nom) > 80 or not _NOM.fullmatch(nom) or not any(c.isalpha() for c in nom):
        return None
    return nom


AIDE_CLI = """\
Empreinte à déclarer sur le serveur, au choix :
  - variable d'environnement (apostrophes simples : le shell développerait les « $ ») :
      export {variable}='{empreinte}'
  - ou fichier .streamlit/secrets.toml, dans le dossier d'où l'application est lancée :
      {cle} = "{empreinte}"
Le fichier secrets.toml ne doit jamais être versionné (il est dans .gitignore).
Dans un fichier .env de docker compose, doublez chaque « $ » en « $$ ».
Relancez ensuite l'application."""


def commande_hash(args: argparse.Namespace, entree: TextIO, sortie: TextIO) -> int:
    """`python -m tid hash-password [--stdin]`: the hash alone on `sortie`, help on stderr.

    Exit codes as in tid.__main__: 0, or 2 for an unusable password.
    """
    if getattr(args, "stdin", False):
        try:
            mot_de_passe = entree.readline().rstrip("\r\n")
        except UnicodeError:
            print("Erreur : entrée illisible (UTF-8 attendu).", file=sys.stderr)
            return 2
    else:
        try:
            mot_de_passe = getpass.getpass("Mot de passe : ")
            confirmation = getpass.getpass("Confirmation : ")
        except EOFError:
            print("Erreur : saisie interrompue.", file=sys.stderr)
            return 2
        if not hmac.compare_digest(_octets(mot_de_passe), _octets(confirmation)):
            print("Erreur : les deux saisies diffèrent.", file=sys.stderr)
            return 2
    if len(mot_de_passe) < LONGUEUR_MIN:
        print(
            f"Erreur : le mot de passe doit compter au moins {LONGUEUR_MIN} caractères.",
            file=sys.stderr,
        )
        return 2
    if len(mot_de_passe) > LONGUEUR_MAX:
        print(f"Erreur : {LONGUEUR_MAX} caractères au plus.", file=sys.stderr)
        return 2
    try:
        empreinte = hacher(mot_de_passe)
    except UnicodeError:
        print("Erreur : caractères illisibles dans le mot de passe.", file=sys.stderr)
        return 2
    print(empreinte, file=sortie)
    print(
        AIDE_CLI.format(variable=VARIABLE_ENV, cle=CLE_SECRETS, empreinte=empreinte),
        file=sys.stderr,
    )
    return 0
