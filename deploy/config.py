"""The proxy's configuration: deploy/haproxy.cfg filled in, with a CSP that names every script."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MODELE = Path(__file__).resolve().parent / "haproxy.cfg"
# The public host takes no file (uploads are refused at the proxy): no reader's request carries
# more than a few kilobytes; 1 MiB leaves room and refuses any flood of bytes.
CORPS_MAX_OCTETS = 1024 * 1024
# One year, as browsers and Streamlit count « immutable » files.
HSTS_MAX_AGE_S = 63_072_000

# Every directive lists only the app's own origin, except where the comments of haproxy.cfg say
# why (the browser tests prove each one is needed: tests/deploy/test_proxy_browser.py).
_DIRECTIVES = (
    ("default-src", ["'self'"]),
    ("script-src", ["'self'", "'wasm-unsafe-eval'"]),  # + the hashes of the inline scripts
    ("style-src", ["'self'", "'unsafe-inline'"]),
    ("img-src", ["'self'", "data:", "blob:"]),
    ("font-src", ["'self'", "data:"]),
    ("connect-src", ["'self'"]),
    ("worker-src", ["'self'", "blob:"]),
    ("frame-src", ["'none'"]),
    ("object-src", ["'none'"]),
    ("base-uri", ["'self'"]),
    ("form-action", ["'self'"]),
    ("frame-ancestors", ["'none'"]),
)
_SCRIPT_EN_LIGNE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)


@dataclass(frozen=True)
class Tls:
    """TLS terminated by HAProxy: the certificate and key in one PEM file, HSTS sent."""

    certificat: Path
    port_https: int = 443
    port_http: int = 80


def scripts_en_ligne(html: str) -> list[str]:
    """The text of each inline <script> of an HTML fragment, as the browser hashes it."""
    return _SCRIPT_EN_LIGNE.findall(html)


def empreinte(script: str) -> str:
    """The CSP source that allows exactly this inline script."""
    condensat = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(condensat).decode('ascii')}'"


def scripts_de_streamlit() -> list[str]:
    """The inline scripts of the installed Streamlit's index.html (one, `prerenderReady`)."""
    paquet = Path(importlib.util.find_spec("streamlit").origin).parent
    return scripts_en_ligne((paquet / "static" / "index.html").read_text(encoding="utf-8"))


def scripts_de_l_app() -> list[str]:
    """The inline scripts the app writes into every page (tid/ui/cadre.py)."""
    from tid.ui.cadre import HTML_EN_LIGNE  # imports Streamlit: only when a CSP is wanted

    return scripts_en_ligne(HTML_EN_LIGNE)


def politique_securite(scripts: Iterable[str]) -> str:
    """The Content-Security-Policy: the app's own origin, and these inline scripts by hash."""
    empreintes = sorted({empreinte(s) for s in scripts})
    return "; ".join(
        " ".join([nom, *sources, *(empreintes if nom == "script-src" else [])])
        for nom, sources in _DIRECTIVES
    )


def _ecoute(adresse: str, port: int, tls: Tls | None) -> str:
    if tls is None:
        return f"    bind {adresse}:{port}"
    return "\n".join(
        [
            f"    bind {adresse}:{tls.port_https} ssl crt {tls.certificat} alpn h2,http/1.1",
            f"    bind {adresse}:{tls.port_http}",
            "    # plain HTTP only redirects to HTTPS",
            "    http-request redirect scheme https code 301 unless { ssl_fc }",
        ]
    )


def _en_tetes_tls(tls: Tls | None) -> str:
    if tls is None:
        return "    # (HTTPS only: Strict-Transport-Security, see README « Production »)"
    return (
        "    # Browsers that saw HTTPS once never try plain HTTP on this host for two years.\n"
        f'    http-after-response set-header Strict-Transport-Security "max-age={HSTS_MAX_AGE_S}"'
    )


def configuration(
    ports: Sequence[int],
    *,
    port: int = 8080,
    adresse: str = "127.0.0.1",
    tls: Tls | None = None,
    csp: str | None = None,
    corps_max_octets: int = CORPS_MAX_OCTETS,
    socket_stats: Path | None = None,
) -> str:
    """deploy/haproxy.cfg with one backend server per Streamlit port, on 127.0.0.1.

    `adresse`/`port`: where HAProxy listens (`adresse` "" for every interface); with `tls` it
    listens on tls.port_https and tls.port_http instead. `csp` defaults to the CSP of the
    installed Streamlit and app. `socket_stats`: a local socket for `show stat` (tests, bench).
    """
    if not ports:
        raise ValueError("au moins un processus Streamlit")
    serveurs = "\n".join(
        f"    server s{numero} 127.0.0.1:{p} cookie s{numero} check"
        for numero, p in enumerate(ports, start=1)
    )
    valeurs = {
        "@ECOUTE@": _ecoute(adresse, port, tls),
        "@CORPS_MAX_OCTETS@": str(corps_max_octets),
        "@CSP@": csp
        if csp is not None
        else politique_securite([*scripts_de_streamlit(), *scripts_de_l_app()]),
        "@EN_TETES_TLS@": _en_tetes_tls(tls),
        "@COOKIE_SECURE@": " secure" if tls else "",
        "@SERVEURS@": serveurs,
        "@SOCKET_STATS@": (
            f"    stats socket {socket_stats} mode 600 level user"
            if socket_stats
            else "    # (no stats socket: `python -m deploy config --socket-stats PATH` adds one)"
        ),
    }
    texte = MODELE.read_text(encoding="utf-8")
    for marque, valeur in valeurs.items():
        texte = texte.replace(marque, valeur)
    return texte
