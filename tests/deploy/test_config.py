"""The proxy's configuration: the CSP names every inline script, the cache rule every hashed file,
and HAProxy accepts what `python -m deploy config` writes, over HTTP and HTTPS."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy import config

RACINE = Path(__file__).resolve().parents[2]
STATIQUES = Path(importlib.util.find_spec("streamlit").origin).parent / "static" / "static"


def _directives(csp: str) -> dict[str, list[str]]:
    return {nom: sources for nom, *sources in (d.split() for d in csp.split(";"))}


def test_an_inline_script_is_allowed_by_the_hash_of_its_exact_text():
    html = "<p>x</p><script>\nalert(1)\n</script><script src='app/static/x.js'></script>"
    assert config.scripts_en_ligne(html) == ["\nalert(1)\n"]
    # the value a browser computes (checked with Chromium's own report of a blocked script)
    assert config.empreinte("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    csp = _directives(config.politique_securite(["\nalert(1)\n"]))
    assert config.empreinte("\nalert(1)\n") in csp["script-src"]
    assert config.empreinte("alert(1)") not in csp["script-src"]


def test_the_csp_allows_the_app_own_origin_and_no_script_but_its_own():
    scripts = [*config.scripts_de_streamlit(), *config.scripts_de_l_app()]
    # Streamlit's `prerenderReady` line, the app's page script and its phone script
    assert len(scripts) == 3, scripts
    csp = _directives(config.politique_securite(scripts))
    assert csp["default-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert sorted(csp["script-src"][2:]) == sorted({config.empreinte(s) for s in scripts})
    # no host anywhere, no way to run a string as JavaScript
    sources = {s for liste in csp.values() for s in liste}
    assert not {"'unsafe-eval'", "'unsafe-inline'", "*", "https:", "http:"} & set(csp["script-src"])
    assert not [s for s in sources if "." in s or s.endswith("://")], sources


def test_the_app_writes_its_scripts_only_through_the_html_the_csp_hashes():
    appels = []
    for fichier in [
        RACINE / "dashboard.py",
        *RACINE.glob("pages/*.py"),
        *RACINE.glob("tid/**/*.py"),
    ]:
        for noeud in ast.walk(ast.parse(fichier.read_text(encoding="utf-8"))):
            if isinstance(noeud, ast.keyword) and noeud.arg == "unsafe_allow_javascript":
                appels.append(fichier.relative_to(RACINE).as_posix())
    assert appels == ["tid/ui/cadre.py"]
    source = (RACINE / "tid/ui/cadre.py").read_text(encoding="utf-8")
    assert "st.sidebar.html(HTML_EN_LIGNE, unsafe_allow_javascript=True)" in source
    assert "components.html" not in source


def test_every_file_of_streamlit_frontend_gets_the_long_cache_and_nothing_else_does():
    modele = config.MODELE.read_text(encoding="utf-8")
    motif = re.compile(re.search(r"path_reg (\S+)", modele).group(1))
    fichiers = [f"/static/{f.relative_to(STATIQUES).as_posix()}" for f in STATIQUES.rglob("*.*")]
    assert len(fichiers) > 300
    assert [f for f in fichiers if not motif.match(f)] == []
    for chemin in [
        "/",
        "/projets",
        "/favicon.png",
        "/app/static/favicon.png",
        "/media/0b6c5f0e7d.csv",
        "/_stcore/health",
        "/static/js/../../index.html",
    ]:
        assert not motif.match(chemin), chemin


def test_one_backend_server_per_process_sticky_by_cookie():
    texte = config.configuration([8501, 8502, 8503], csp="default-src 'self'")
    assert re.findall(r"^\s+server (s\d) 127\.0\.0\.1:(\d+) cookie (s\d) check$", texte, re.M) == [
        ("s1", "8501", "s1"),
        ("s2", "8502", "s2"),
        ("s3", "8503", "s3"),
    ]
    assert "@" not in re.sub(r"#.*", "", texte), "a marker of the template was left unfilled"
    with pytest.raises(ValueError):
        config.configuration([], csp="")


# ---- HAProxy itself reads the file ---------------------------------------------------------------
def _haproxy_accepte(texte: str, dossier: Path) -> subprocess.CompletedProcess:
    fichier = dossier / "haproxy.cfg"
    fichier.write_text(texte, encoding="utf-8")
    return subprocess.run(
        ["haproxy", "-c", "-f", str(fichier)], capture_output=True, text=True, timeout=30
    )


@pytest.mark.proxy
def test_haproxy_accepts_the_config_and_refuses_a_broken_one(tmp_path):
    texte = config.configuration([8501, 8502])
    verdict = _haproxy_accepte(texte, tmp_path)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert "warning" not in (verdict.stdout + verdict.stderr).lower(), verdict.stderr
    # the check can fail: an unknown keyword is an error
    casse = _haproxy_accepte(texte.replace("balance leastconn", "balance auhasard"), tmp_path)
    assert casse.returncode != 0


@pytest.mark.proxy
def test_the_https_variant_redirects_plain_http_and_sends_hsts(tmp_path):
    if shutil.which("openssl") is None:
        pytest.fail("openssl absent : apt-get install openssl")
    pem = tmp_path / "tid.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=tid.example.org", "-keyout", str(pem), "-out", str(pem)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    texte = config.configuration([8501], adresse="", tls=config.Tls(pem))
    assert f"bind :443 ssl crt {pem} alpn h2,http/1.1" in texte
    assert "http-request redirect scheme https code 301 unless { ssl_fc }" in texte
    assert 'Strict-Transport-Security "max-age=63072000"' in texte
    assert re.search(r"^\s+cookie TID_PROCESSUS .* secure$", texte, re.M)
    verdict = _haproxy_accepte(texte, tmp_path)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr


def test_the_readme_quotes_the_csp_shipped():
    csp = config.politique_securite([*config.scripts_de_streamlit(), *config.scripts_de_l_app()])
    cite = re.sub(r"'sha256-[^']+'", "'sha256-…'", csp)
    assert f"  {cite}\n" in (RACINE / "README.md").read_text(encoding="utf-8")
