"""BENCHMARKS.md from the figures of bench/bench.py: tables, targets met or missed, analysis."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bench.cibles import (
    CIBLE_CSV_MS,
    CIBLE_FILTRE_MS,
    CIBLE_P95_CHANGEMENT_N2_MS,
    CIBLE_PAGE_MS,
    CIBLE_PREMIER_KPI_MS,
    CIBLE_RATIO_N2,
    CIBLE_RATIO_PANDAS,
    CIBLE_RSS_MO,
    INTERACTIONS_PAR_SESSION,
    PAGES_NOMS,
    SESSIONS,
)

ETATS = {"aucun": "aucun filtre", "region": "région 53", "programme": "programme TID"}


def ms(valeur: float | None, n: int | None = None) -> str:
    if valeur is None:
        return "—"
    texte = f"{valeur:,.0f}".replace(",", "\u202f") if valeur >= 10 else f"{valeur:.1f}"
    return f"{texte} ms" + (f" (n={n})" if n else "")


def mo(valeur: float | None) -> str:
    if valeur is None:
        return "—"
    if valeur < 10:
        return f"{valeur:.2f} Mio"
    return f"{valeur:,.0f} Mio".replace(",", "\u202f")


def tableau(entetes: list[str], lignes: list[list[str]]) -> str:
    sortie = ["| " + " | ".join(entetes) + " |", "|" + "---|" * len(entetes)]
    sortie += ["| " + " | ".join(str(c) for c in ligne) + " |" for ligne in lignes]
    return "\n".join(sortie)


def _cles(echelles: dict, section: str) -> list[str]:
    """The keys of one section of the app's results over every scale, in first-seen order: a
    page or query measured at one scale only still gets its row."""
    return list(dict.fromkeys(cle for e in echelles.values() for cle in e["app"].get(section, {})))


def _pages(res: dict) -> str:
    echelles = res["echelles"]
    pages = _cles(echelles, "pages")
    entetes = ["Page"]
    for e in echelles.values():
        entetes += [
            f"{e['libelle']} : 1er affichage",
            "changement de filtre",
            "relance, cache chaud",
        ]
    lignes = []
    for page in pages:
        ligne = [PAGES_NOMS.get(page, page)]
        for e in echelles.values():
            m = e["app"].get("pages", {}).get(page, {})
            for cle in ("froid", "filtre", "chaud"):
                ligne.append(ms(m.get(cle, {}).get("ms"), m.get(cle, {}).get("n")))
        lignes.append(ligne)
    return tableau(entetes, lignes)


def _requetes(res: dict) -> str:
    echelles = res["echelles"]
    entetes = ["Page (requêtes)"]
    for e in echelles.values():
        entetes += [f"{e['libelle']} : {ETATS[s]}" for s in ETATS]
    pages = _cles(echelles, "requetes")
    lignes = []
    for page in pages:
        ligne = [PAGES_NOMS.get(page, page)]
        for e in echelles.values():
            r = e["app"].get("requetes", {}).get(page, {})
            nb = r.get("aucun", {}).get("nb_requetes")
            if nb is not None:
                ligne[0] = f"{PAGES_NOMS.get(page, page)} ({nb})"
            for etat in ETATS:
                ligne.append(ms(r.get(etat, {}).get("ms"), r.get(etat, {}).get("n")))
        lignes.append(ligne)
    return tableau(entetes, lignes)


def _par_requete(res: dict) -> str:
    echelles = res["echelles"]
    noms = _cles(echelles, "par_requete")
    entetes = ["Requête"] + [f"{e['libelle']}" for e in echelles.values()]
    lignes = []
    for nom in sorted(noms):
        ligne = [f"`{nom}`"]
        for e in echelles.values():
            r = e["app"].get("par_requete", {}).get(nom)
            lignes_txt = f"{r['lignes']:,}".replace(",", "\u202f") if r else ""
            ligne.append("—" if r is None else f"{ms(r['ms'])}, {lignes_txt} lignes")
        lignes.append(ligne)
    return tableau(entetes, lignes)


def _pandas(res: dict) -> str:
    lignes = []
    for e in res["echelles"].values():
        ref = e["pandas"]
        if "etats" not in ref:
            lignes.append([e["libelle"], "erreur", ref.get("erreur", "")[:200], "", "", "", ""])
            continue
        ecarts = ref.get("ecarts", [])
        for etat, m in ref["etats"].items():
            rapport = m["pandas_ms"] / m["nous_ms"] if m["nous_ms"] else None
            lignes.append(
                [
                    e["libelle"],
                    ETATS[etat],
                    ms(m["nous_ms"], m["n"]),
                    ms(m["pandas_ms"], m["n"]),
                    "—" if rapport is None else f"{rapport:.1f}×",
                    "identiques" if not ecarts else f"{len(ecarts)} écart(s)",
                    f"{ms(ref['chargement_ms'])}, {mo(ref.get('rss_mo'))}",
                ]
            )
    return tableau(
        [
            "Échelle",
            "Filtres",
            "Nous : DuckDB (4 requêtes)",
            "pandas : filtre + agrégats",
            "pandas / nous",
            "Totaux",
            "pandas : chargement, pic mémoire",
        ],
        lignes,
    )


def _socle(res: dict) -> str:
    lignes = []
    for e in res["echelles"].values():
        base, app = e["base"], e["app"]
        exports = app.get("exports", {})
        lignes.append(
            [
                e["libelle"],
                ms(base.get("construction_ms"), base.get("n")),
                mo(base.get("taille_mo")),
                *(
                    f"{ms(exports.get(f, {}).get('ms'), exports.get(f, {}).get('n'))}, "
                    f"{mo((exports.get(f, {}).get('octets') or 0) / 2**20)}"
                    for f in ("csv", "xlsx")
                ),
                mo(app.get("pages_rss_mo")),
                mo(app.get("requetes_rss_mo")),
                mo(max((x.get("rss_mo") or 0) for x in exports.values()) if exports else None),
                mo(e["pandas"].get("rss_mo")),
            ]
        )
    return tableau(
        [
            "Échelle",
            "Construction (build / synth)",
            "Taille de la base",
            "Export CSV de tous les projets",
            "Export XLSX",
            "Pic RSS : pages (AppTest)",
            "Pic RSS : requêtes",
            "Pic RSS : exports",
            "Pic RSS : référence pandas",
        ],
        lignes,
    )


def _concurrence(res: dict) -> str:
    c = res.get("concurrence")
    if not c:
        return "Non mesurée (`--sans-concurrence`)."
    if "erreur" in c:
        return f"Erreur : {c['erreur']}"
    methode = (
        "Un vrai serveur `streamlit run dashboard.py` (`TID_DB` sur la base, caches froids) et "
        f"{c['sessions']} clients lancés ensemble, chacun une session de navigateur : websocket "
        "`/_stcore/stream`, messages `BackMsg` / `ForwardMsg` du protocole de Streamlit "
        "(`bench/concurrence.py`). Chaque session ouvre l'accueil (une sur deux par un lien "
        f"`?region=…`), puis {INTERACTIONS_PAR_SESSION} fois change de page (au hasard, hors "
        "« Données ») et de région dans la barre latérale. Temps : de la demande au "
        "`script_finished`. Problème : une exception, une erreur affichée, un script qui ne "
        "finit pas normalement ou pas en 2 min, une page sans son titre, une région absente de "
        "l'adresse après son choix, un message « Aucun lauréat / projet ne correspond » (les "
        "régions tirées ont des projets)."
    )

    def mesure(nom: str) -> str:
        return (
            f"{ms(c.get(f'{nom}_p50_ms'))} / {ms(c.get(f'{nom}_p95_ms'))} / "
            f"{ms(c.get(f'{nom}_max_ms'))} (n={c.get(f'{nom}_n', '—')})"
        )

    cpu = c.get("cpu_serveur_s"), c.get("cpu_clients_s")
    texte = tableau(
        ["Mesure", "Valeur"],
        [
            ["Base", res["echelles"][c["echelle"]]["libelle"]],
            ["Sessions simultanées (vraies sessions websocket)", str(c["sessions"])],
            ["1er affichage : p50 / p95 / max", mesure("premier")],
            ["Changement de page : p50 / p95 / max", mesure("page")],
            ["Changement de région : p50 / p95 / max", mesure("changement")],
            ["Durée totale des sessions", f"{c['duree_s']:.1f} s"],
            ["Démarrage du serveur", f"{c['demarrage_s']:.1f} s" if c.get("demarrage_s") else "—"],
            [
                "Temps CPU : serveur / clients",
                " / ".join("—" if x is None else f"{x:.0f} s" for x in cpu),
            ],
            ["Problèmes (erreurs, titres, filtres, résultats vides)", str(len(c["problemes"]))],
            ["Tracebacks dans le journal du serveur", str(len(c.get("erreurs_serveur", [])))],
            ["Pic RSS du serveur", mo(c.get("rss_mo"))],
        ],
    )
    texte = methode + "\n\n" + texte
    if c["problemes"]:
        texte += "\n\n" + "\n".join(f"- {p}" for p in c["problemes"][:20])
    if c.get("erreurs_serveur"):
        texte += (
            f"\n\nJournal du serveur : `{c.get('journal_serveur')}`. Première trace :\n\n```\n"
            + c["erreurs_serveur"][0][-3000:]
            + "\n```"
        )
    return texte


def _mandataire(res: dict) -> str:
    x = res.get("proxy")
    if not x:
        return "Non mesuré (`--sans-concurrence`)."
    if "erreur" in x:
        return f"Erreur : {x['erreur']}"
    r, k = x["rafales"], x["premier_kpi"]
    methode = (
        f"La même rafale que ci-dessus ({SESSIONS} sessions, {INTERACTIONS_PAR_SESSION} pages et "
        "régions chacune), à travers HAProxy devant N processus `streamlit run` neufs (caches "
        "froids) sur la même base (`deploy/lanceur.py`, ce que lance `make serve`), N = 1 puis "
        "N = 2 dans la même exécution. Interactions par seconde : 1ers affichages, changements "
        "de page et de région, divisés par la durée de la rafale. 1re visite : Chromium, un "
        "contexte neuf par visite (rien en cache), du début de la navigation au premier "
        "indicateur dans la page (`performance.now()` relevé par un MutationObserver), "
        f"médiane de {k['essais']} visites alternées, directement sur un processus et par le "
        "mandataire, après une visite de chauffe chacune."
    )
    lignes = []
    for n, m in sorted(r.items()):
        cpu = m.get("cpu_serveurs_s")
        lignes.append(
            [
                f"N = {n}",
                f"{m['par_seconde']:.2f}" if m.get("par_seconde") else "—",
                f"{ms(m['changement_p50_ms'])} / {ms(m['changement_p95_ms'])}",
                ms(m["premier_p50_ms"]),
                f"{m['duree_s']:.1f} s",
                "—" if cpu is None else f"{cpu:.0f} s",
                ", ".join(f"{s} : {v}" for s, v in m.get("repartition", {}).items()),
                str(len(m["problemes"]) + len(m.get("erreurs_serveur", []))),
            ]
        )
    texte = tableau(
        [
            "Processus",
            "Interactions / s",
            "Région : p50 / p95",
            "1er affichage p50",
            "Durée",
            "CPU des processus",
            "Sessions par processus",
            "Problèmes",
        ],
        lignes,
    )
    echelle = res["echelles"].get(x.get("echelle"), {}).get("libelle", "base des rafales")
    visites = [("Données réelles", res.get("premier_kpi_reel") or {}), (echelle, k)]
    kpi = tableau(
        ["1re visite (Chromium)", "Base", "Médiane", "Visites"],
        [
            [
                voie,
                base,
                ms(v.get(f"{cle}_p50_ms")),
                ", ".join(ms(t) for t in v.get(f"{cle}_ms", [])),
            ]
            for base, v in visites
            if v and "erreur" not in v
            for voie, cle in (
                ("Directement sur un processus", "direct"),
                ("Par HAProxy", "mandataire"),
            )
        ],
    )
    detail = tableau(
        [
            "1re visite : où va le temps (médianes)",
            "Base",
            "Websocket ouvert",
            "Dernier message avant l'indicateur",
            "Tâches longues du navigateur avant l'indicateur",
            "JS : fichiers, transférés / décodés",
        ],
        [
            [
                voie,
                base,
                ms(d.get("ws_ouvert")),
                ms(d.get("ws_dernier")),
                ms(d.get("taches_longues")),
                f"{d.get('js_fichiers', 0):.0f}, {mo(d.get('js_transferes', 0) / 2**20)} / "
                f"{mo(d.get('js_decodes', 0) / 2**20)}",
            ]
            for base, v in visites
            if v and "erreur" not in v
            for voie, cle in (("Direct", "direct"), ("Par HAProxy", "mandataire"))
            for d in [v.get(f"{cle}_detail_p50") or {}]
        ],
    )
    problemes = [p for m in r.values() for p in m["problemes"][:10]]
    return "\n\n".join(
        [
            methode,
            texte,
            kpi,
            detail,
            *(["\n".join(f"- {p}" for p in problemes)] if problemes else []),
        ]
    )


def _publication(res: dict) -> str:
    x = res.get("publication")
    if not x:
        return "Non mesuré (`--sans-concurrence`)."
    if "erreur" in x:
        return f"Erreur : {x['erreur']}"
    methode = (
        f"La même rafale, à travers HAProxy devant {x['processus']} processus, pendant qu'un "
        f"fil copie une nouvelle version de la base toutes les {x['periode_s']:.0f} s "
        "(`tid.db.copie.copier_base`, ce que fait `python -m deploy copy` sur chaque machine "
        "de lecteurs : copie à côté, lecture complète, renommage). Les deux versions ont les "
        "mêmes données (la base et sa sauvegarde Parquet restaurée), des octets différents : "
        "chaque copie publie une version, les caches des processus repartent de zéro."
    )
    valeurs = [
        ["Copies publiées pendant la rafale", str(x["copies"])],
        [
            "Durée d'une copie : p50 / max",
            f"{x['copie_p50_s'] or 0:.2f} s / {x['copie_max_s'] or 0:.2f} s",
        ],
        ["Taille de la base", mo(x["octets"] / 2**20)],
        ["Interactions / s", f"{x['par_seconde']:.2f}" if x.get("par_seconde") else "—"],
        [
            "Région : p50 / p95",
            f"{ms(x['changement_p50_ms'])} / {ms(x['changement_p95_ms'])}",
        ],
        ["Copies refusées ou en échec", str(len(x["echecs_copie"]))],
        [
            "Problèmes des lecteurs / tracebacks",
            f"{len(x['problemes'])} / {len(x['erreurs_serveur'])}",
        ],
    ]
    details = [*x["echecs_copie"][:5], *x["problemes"][:10], *x["erreurs_serveur"][:3]]
    return "\n\n".join(
        [
            methode,
            tableau(["Mesure", "Valeur"], valeurs),
            *(["\n".join(f"- {d}" for d in details)] if details else []),
        ]
    )


def cibles(res: dict) -> list[list[str]]:
    """The targets of the issue at the largest scale: measured value and met / missed."""
    grande = res["echelles"].get("100k")
    if not grande:
        return []
    app, ref = grande["app"], grande["pandas"]
    lignes = []
    pages = app.get("pages", {})
    pire_froid = max(pages.items(), key=lambda kv: kv[1]["froid"]["ms"] or 0, default=None)
    pire_filtre = max(pages.items(), key=lambda kv: kv[1]["filtre"]["ms"] or 0, default=None)

    def ligne(cible: str, mesure: str, ok: bool) -> list[str]:
        return [cible, mesure, "atteinte" if ok else "**manquée**"]

    if pire_froid:
        lents = [PAGES_NOMS.get(p, p) for p, m in pages.items() if m["froid"]["ms"] > CIBLE_PAGE_MS]
        lignes.append(
            ligne(
                f"Chaque page < {CIBLE_PAGE_MS} ms (médiane, 1er affichage)",
                f"pire : {PAGES_NOMS.get(pire_froid[0])} {ms(pire_froid[1]['froid']['ms'])}"
                + (f" ; au-dessus : {', '.join(lents)}" if lents else ""),
                not lents,
            )
        )
    if pire_filtre:
        lents = [
            PAGES_NOMS.get(p, p) for p, m in pages.items() if m["filtre"]["ms"] > CIBLE_FILTRE_MS
        ]
        lignes.append(
            ligne(
                f"Changement de filtre < {CIBLE_FILTRE_MS} ms",
                f"pire : {PAGES_NOMS.get(pire_filtre[0])} {ms(pire_filtre[1]['filtre']['ms'])}"
                + (f" ; au-dessus : {', '.join(lents)}" if lents else ""),
                not lents,
            )
        )
    if "etats" in ref:
        rapports = {
            etat: m["pandas_ms"] / m["nous_ms"] for etat, m in ref["etats"].items() if m["nous_ms"]
        }
        pire = min(rapports.values())
        lignes.append(
            ligne(
                f"Nous ≥ {CIBLE_RATIO_PANDAS}× plus rapides que pandas (filtre + agrégats)",
                ", ".join(f"{ETATS[k]} {v:.1f}×" for k, v in rapports.items())
                + (" ; totaux identiques" if not ref.get("ecarts") else " ; ÉCARTS"),
                pire >= CIBLE_RATIO_PANDAS,
            )
        )
    pics = [app.get("pages_rss_mo") or 0, app.get("requetes_rss_mo") or 0]
    pics += [x.get("rss_mo") or 0 for x in app.get("exports", {}).values()]
    lignes.append(
        ligne(
            f"Pic RSS < {CIBLE_RSS_MO} Mio",
            f"{mo(max(pics))} (processus de l'app)",
            max(pics) < CIBLE_RSS_MO,
        )
    )
    csv = app.get("exports", {}).get("csv", {}).get("ms")
    if csv is not None:
        lignes.append(
            ligne(
                f"Export CSV de 100 000 projets < {CIBLE_CSV_MS} ms",
                ms(csv),
                csv < CIBLE_CSV_MS,
            )
        )
    c = res.get("concurrence")
    if c and "problemes" in c:
        lignes.append(
            ligne(
                f"{c['sessions']} sessions simultanées : ni erreur ni résultat vide",
                f"{len(c['problemes'])} problème(s) sur {c.get('premier_n', 0)} 1ers affichages, "
                f"{c.get('page_n', 0)} changements de page et {c['interactions']} de région "
                f"(vrai serveur) ; région : p50 {ms(c['changement_p50_ms'])}, "
                f"p95 {ms(c['changement_p95_ms'])}",
                not c["problemes"] and not c.get("erreurs_serveur"),
            )
        )
    x = res.get("proxy")
    if x and "rafales" in x:
        un, deux = x["rafales"].get("1", {}), x["rafales"].get("2", {})
        if un.get("par_seconde") and deux.get("par_seconde"):
            rapport = deux["par_seconde"] / un["par_seconde"]
            lignes.append(
                ligne(
                    f"Par HAProxy, N = 2 ≥ {CIBLE_RATIO_N2}× les interactions par seconde de N = 1",
                    f"{un['par_seconde']:.2f} → {deux['par_seconde']:.2f} /s ({rapport:.2f}×)",
                    rapport >= CIBLE_RATIO_N2,
                )
            )
        if deux.get("changement_p95_ms") is not None:
            lignes.append(
                ligne(
                    f"Région sous {SESSIONS} sessions, N = 2 : p95 ≤ "
                    f"{ms(CIBLE_P95_CHANGEMENT_N2_MS)}",
                    ms(deux["changement_p95_ms"]),
                    deux["changement_p95_ms"] <= CIBLE_P95_CHANGEMENT_N2_MS,
                )
            )
        reel = res.get("premier_kpi_reel", {})
        grand = x.get("premier_kpi", {})
        for libelle, k in (("données réelles", reel), ("1 000 000 de mouvements", grand)):
            premier = k.get("mandataire_p50_ms")
            if premier is not None:
                lignes.append(
                    ligne(
                        f"1er indicateur par le mandataire ≤ {ms(CIBLE_PREMIER_KPI_MS)} "
                        f"(Chromium, {libelle})",
                        f"{ms(premier)} (direct : {ms(k.get('direct_p50_ms'))})",
                        premier <= CIBLE_PREMIER_KPI_MS,
                    )
                )
    return lignes


def markdown(res: dict, analyse: Path) -> str:
    m = res["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    erreurs = [
        f"- {e['libelle']} : {x}"
        for e in res["echelles"].values()
        for x in [
            *e["app"].get("erreurs", []),
            *([e["app"]["erreur"]] if "erreur" in e["app"] else []),
        ]
    ]
    parties = [
        "# Mesures de performance",
        f"Produit par `make bench` (`bench/bench.py`) le {datetime.now():%d/%m/%Y à %H:%M}, en "
        f"{res['duree_s'] / 60:.1f} min. Médianes sur n exécutions (n indiqué ; les étapes de plus "
        "de 5 s sont répétées 3 fois). Ne pas éditer à la main : relancer `make bench`, "
        "l'analyse vient de `bench/analyse.md`.",
        "## Machine",
        tableau(
            ["", ""],
            [
                ["Processeur", f"{m['processeur']}, {m['coeurs']} cœurs"],
                ["Mémoire", m["memoire"]],
                ["Python", m["python"]],
                ["Système", m["systeme"]],
                ["Versions", versions],
                [
                    "Charge (1, 5, 15 min) au début / à la fin",
                    " / ".join(
                        ", ".join(f"{x:.1f}" for x in c)
                        for c in (m["charge"], m.get("charge_fin", ()))
                    ),
                ],
            ],
        ),
        "Machine partagée : d'autres processus tournent en même temps, les chiffres varient "
        "d'une exécution à l'autre (une charge au-dessus de 2 signifie des cœurs partagés).",
        "## Cibles à 1 000 000 de mouvements",
        tableau(["Cible", "Mesure", "Résultat"], cibles(res)),
        "## Pages côté serveur (AppTest)",
        "`AppTest.from_file(dashboard.py)`, `TID_DB` sur la base, `switch_page` vers chaque page. "
        "1er affichage : caches vidés (`st.cache_data.clear()` et le cache des résultats de "
        "`tid.db`) puis exécution complète (cadre + page). "
        'Changement de filtre : `at.sidebar.multiselect(key="region").set_value(["53"]).run()`. '
        "Relance, cache chaud : la même vue sans filtre une seconde fois (tout vient du cache : "
        "reste le Python de la page et la sérialisation des éléments).",
        _pages(res),
        "## Requêtes de chaque page par DuckDB "
        "(`tid.db.run`, connexion en lecture seule, sans cache)",
        "Les requêtes sont celles que la page a réellement demandées à `db.fetch` pendant sa "
        "mesure AppTest (nombre entre parenthèses), rejouées sans cache ; somme des temps.",
        _requetes(res),
        "### Détail par requête, aucun filtre",
        _par_requete(res),
        "## Référence pandas : « comme la plupart des tableaux de bord Streamlit »",
        "Projets, thèmes et registre chargés une fois dans des DataFrames ; à chaque interaction, "
        "filtre des projets, registre net (annulations), montants par projet, puis indicateurs, "
        "par vague, par région, par thème. Nous : `kpi`, `chaine_par_vague`, `repartition` "
        "(région, thème) sans cache. Mesures alternées nous / pandas. « Totaux » : toutes les "
        "valeurs comparées (nombre de projets, attribué, conventionné, versé ; à 0,01 € près).",
        _pandas(res),
        "## Construction, exports, mémoire",
        "Construction : `python -m tid build` (données réelles, processus complet) ; "
        "`tid.synth.generer` (le code de `python -m tid synth`) pour les bases fictives, sièges "
        "compris (`bench/sieges.py`). Exports : `python -m tid export --format csv|xlsx` de tous "
        "les projets, appelé dans le processus (requête + octets). Pics RSS par phase (VmHWM remis "
        "à zéro entre les phases), chaque échelle dans son propre processus.",
        _socle(res),
        f"## {SESSIONS} sessions simultanées",
        _concurrence(res),
        f"## {SESSIONS} sessions par HAProxy : N = 1 et N = 2 processus",
        _mandataire(res),
        f"## {SESSIONS} sessions par HAProxy pendant des publications de la base",
        _publication(res),
    ]
    if erreurs:
        parties += ["## Erreurs pendant les mesures", "\n".join(erreurs)]
    if analyse.exists():
        parties.append(analyse.read_text(encoding="utf-8").strip())
    return "\n\n".join(parties) + "\n"
