"""The Table Schema of each Data Package resource: fields, keys, licences, French descriptions."""

from __future__ import annotations

from dataclasses import dataclass, field

LICENCE_OUVERTE = {
    "name": "etalab-2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "title": "Licence Ouverte 2.0 (Etalab)",
}

NON_PUBLIE_COURT = "vide : non publié"
NON_PUBLIE = f"{NON_PUBLIE_COURT} (jamais zéro)"
# INSEE / IGN, quoted in every description of a column derived from them (data/README.md)
INSEE_IGN = "Licence Ouverte 2.0"


@dataclass(frozen=True)
class Champ:
    """One column: its Table Schema type and French description; `requis` = never empty."""

    nom: str
    type: str
    description: str
    requis: bool = False
    contraintes: dict = field(default_factory=dict)

    @property
    def est_montant(self) -> bool:
        """Amounts in euros are written with two decimals (suffix _eur, R6)."""
        return self.type == "number" and self.nom.endswith("_eur")


@dataclass(frozen=True)
class Ressource:
    """One CSV of the package: the query that returns its rows and its Table Schema."""

    nom: str
    requete: str
    titre: str
    description: str
    champs: tuple[Champ, ...]
    cle_primaire: tuple[str, ...]
    # (column, referenced resource or "" for the resource itself, referenced column)
    cles_etrangeres: tuple[tuple[str, str, str], ...] = ()
    # None: the figures are quoted from the sources each row cites, under their terms
    licence: dict | None = None


def _code(nom: str, description: str, motif: str | None = None, requis: bool = True) -> Champ:
    return Champ(nom, "string", description, requis, {"pattern": motif} if motif else {})


EUROS = "en euros à deux décimales"


def _montant(nom: str, quoi: str, requis: bool = False) -> Champ:
    """An amount: never negative; empty when not published, unless `requis`."""
    description = f"{quoi}, {EUROS}" + ("" if requis else f" ; {NON_PUBLIE}")
    return Champ(nom, "number", description, requis, {"minimum": 0})


def _entier(nom: str, description: str, requis: bool = False, minimum: int | None = 0) -> Champ:
    return Champ(
        nom, "integer", description, requis, {} if minimum is None else {"minimum": minimum}
    )


def _texte(nom: str, description: str, requis: bool = False) -> Champ:
    return Champ(nom, "string", description, requis)


def _date(nom: str, description: str) -> Champ:
    return Champ(nom, "date", f"{description} (AAAA-MM-JJ ; {NON_PUBLIE_COURT})")


def _choix(nom: str, description: str, valeurs: tuple[str, ...], requis: bool = True) -> Champ:
    return Champ(nom, "string", description, requis, {"enum": list(valeurs)})


SOURCE_URL = _texte(
    "source_url",
    "Sources publiques de la ligne : une ou plusieurs adresses séparées par des espaces "
    "(les chiffres en sont cités, sous les conditions de chaque source)",
    requis=True,
)
NOTES = _texte("notes", "Notes de l'équipe : ce qui est certain, déduit ou incertain")

MOTIF_REGION = "[0-9]{2}"
MOTIF_DEPARTEMENT = "[0-9]{2}|2[AB]|97[0-9]"
NATURES = ("attribution", "convention", "versement", "annulation")
ETAPES = ("attribution", "convention", "versement")

PROGRAMME = Ressource(
    nom="programme",
    requete="paquet/programme",
    titre="Programmes",
    description="Une ligne par programme : TID (Territoires intelligents et durables) et son "
    "volet IA (DIAT), enveloppe annoncée, opérateur, attribuant au sens du SCDL.",
    champs=(
        _code("programme_id", "Code du programme (TID, DIAT)"),
        _texte("nom", "Nom du programme", requis=True),
        _entier("ordre", "Ordre d'affichage", requis=True),
        _montant("enveloppe_eur", "Enveloppe annoncée du programme"),
        _texte("operateur", "Opérateur de l'appel à projets"),
        _date("date_lancement", "Date de lancement"),
        _entier("nb_vagues_annoncees", "Nombre de vagues annoncées", minimum=1),
        Champ(
            "est_synthetique",
            "boolean",
            "true : données FICTIVES (base de mesure de performance), jamais des faits publiés",
            requis=True,
        ),
        _texte("attribuant_nom", "Attribuant des aides au sens du SCDL « subventions »"),
        _code("attribuant_siret", "SIRET de l'attribuant (14 chiffres)", "[0-9]{14}", False),
        Champ(
            "notification_ue",
            "boolean",
            "Aides notifiées à l'Union européenne (notificationUE du SCDL)",
        ),
        SOURCE_URL,
        NOTES,
        _texte("attribuant_source_url", "Source des colonnes attribuant_*"),
        _texte("attribuant_notes", "Notes sur l'attribuant"),
    ),
    cle_primaire=("programme_id",),
)

VAGUE = Ressource(
    nom="vague",
    requete="paquet/vague",
    titre="Vagues (appels successifs)",
    description="Une ligne par vague d'un programme : calendrier annoncé et effectif, "
    "enveloppe, candidatures et lauréats publiés.",
    champs=(
        _code("vague_id", "Code de la vague (TID-1, DIAT-2…)"),
        _code("programme_id", "Programme de la vague"),
        _entier("numero", "Numéro de la vague dans son programme", requis=True, minimum=1),
        _date("date_ouverture", "Ouverture des candidatures"),
        _date("date_cloture_annoncee", "Clôture annoncée"),
        _date("date_cloture_effective", "Clôture effective"),
        _date("date_resultats", "Publication des résultats"),
        _montant("enveloppe_eur", "Enveloppe de la vague"),
        _entier("nb_candidatures", f"Nombre de candidatures ; {NON_PUBLIE}"),
        _entier("nb_laureats_publie", "Nombre de lauréats publié par les sources"),
        SOURCE_URL,
        NOTES,
    ),
    cle_primaire=("vague_id",),
    cles_etrangeres=(("programme_id", "programme", "programme_id"),),
)

AXE = Ressource(
    nom="axe",
    requete="paquet/axe",
    titre="Axes de l'appel à projets",
    description="Les trois objectifs de l'appel à projets TID, tels que publiés à son lancement.",
    champs=(
        _code("axe_code", "Code de l'axe (1 à 3)"),
        _texte("libelle", "Libellé court", requis=True),
        _texte("description", "Objectif publié", requis=True),
        SOURCE_URL,
    ),
    cle_primaire=("axe_code",),
)

THEME = Ressource(
    nom="theme",
    requete="paquet/theme",
    titre="Thèmes",
    description="Vocabulaire contrôlé des thèmes, établi par l'équipe ; « non_publie » quand "
    "aucune description du projet n'est publiée.",
    champs=(
        _code("theme_code", "Code du thème"),
        _texte("libelle", "Libellé du thème", requis=True),
        _entier("ordre", "Ordre d'affichage", requis=True),
    ),
    cle_primaire=("theme_code",),
)

TYPE_PORTEUR = Ressource(
    nom="type_porteur",
    requete="paquet/type_porteur",
    titre="Types de porteurs",
    description="Types de porteurs de projets (classement de l'équipe).",
    champs=(
        _code("type_porteur", "Code du type de porteur"),
        _texte("libelle", "Libellé", requis=True),
        _entier("ordre", "Ordre d'affichage", requis=True),
    ),
    cle_primaire=("type_porteur",),
)

TYPE_TERRITOIRE = Ressource(
    nom="type_territoire",
    requete="paquet/type_territoire",
    titre="Types de territoires",
    description="Table de règles appliquée au porteur, dans l'ordre (la première règle qui "
    "s'applique l'emporte) : classement de l'équipe.",
    champs=(
        _code("type_territoire", "Code du type de territoire"),
        _texte("libelle", "Libellé", requis=True),
        _entier("ordre", "Ordre d'application de la règle", requis=True),
        _texte("regle", "Règle, en français", requis=True),
    ),
    cle_primaire=("type_territoire",),
)

REGION = Ressource(
    nom="region",
    requete="paquet/region",
    titre="Régions",
    description="Codes et noms du Code officiel géographique (INSEE, COG 2026), population "
    "municipale (INSEE, populations de référence 2023 ; Mayotte : 2017), superficie calculée sur "
    "les contours IGN Admin Express COG 2018 simplifiés (pas une surface officielle), via Etalab "
    f"@etalab/decoupage-administratif 6.0.0 : {INSEE_IGN}.",
    champs=(
        _code("region_code", "Code INSEE de la région (texte : « 01 »)", MOTIF_REGION),
        _texte("nom", "Nom (COG)", requis=True),
        _texte("chef_lieu", "Chef-lieu"),
        _entier("population", "Population municipale (INSEE)", requis=True, minimum=1),
        _entier("annee_population", "Année de référence de la population", requis=True),
        Champ("superficie_km2", "number", "Superficie calculée en km² (contours IGN simplifiés)"),
        Champ("est_outre_mer", "boolean", "Région d'outre-mer", requis=True),
        SOURCE_URL,
    ),
    cle_primaire=("region_code",),
    licence=LICENCE_OUVERTE,
)

DEPARTEMENT = Ressource(
    nom="departement",
    requete="paquet/departement",
    titre="Départements",
    description=REGION.description.replace("de la région", "du département"),
    champs=(
        _code(
            "departement_code",
            "Code INSEE du département (texte : « 01 », « 2A », « 971 »)",
            MOTIF_DEPARTEMENT,
        ),
        _texte("nom", "Nom (COG)", requis=True),
        _code("region_code", "Région du département", MOTIF_REGION),
        _texte("chef_lieu", "Chef-lieu"),
        _entier("population", "Population municipale (INSEE)", requis=True, minimum=1),
        _entier("annee_population", "Année de référence de la population", requis=True),
        Champ("superficie_km2", "number", "Superficie calculée en km² (contours IGN simplifiés)"),
        SOURCE_URL,
    ),
    cle_primaire=("departement_code",),
    cles_etrangeres=(("region_code", "region", "region_code"),),
    licence=LICENCE_OUVERTE,
)

# The columns of projet derived from INSEE / IGN / DGCL lists (data/README.md, « projet.csv »)
COLONNES_INSEE_IGN_PROJET = (
    "siren_porteur",
    "nature_juridique_porteur",
    "commune_siege",
    "code_commune_siege",
    "departement_code",
    "region_code",
    "latitude",
    "longitude",
    "population_perimetre",
    "annee_population_perimetre",
    "grille_densite_3",
)

PROJET = Ressource(
    nom="projet",
    requete="paquet/projet",
    titre="Projets lauréats",
    description="Une ligne par lauréat publié (version en vigueur). Faits cités des sources de "
    "la colonne source_url, sous leurs conditions ; colonnes dérivées de l'INSEE, de la DGCL et "
    f"de l'IGN ({', '.join(COLONNES_INSEE_IGN_PROJET)}) : {INSEE_IGN}. Les montants du projet "
    "sont dans « mouvement ».",
    champs=(
        _code("projet_id", "Identifiant stable du lauréat"),
        _code("programme_id", "Programme"),
        _code("vague_id", "Vague"),
        _texte("nom_projet", f"Nom du projet ; {NON_PUBLIE_COURT}"),
        _texte("porteur", "Porteur du projet (chef de file)", requis=True),
        _code("type_porteur", "Type de porteur (voir type_porteur)"),
        _code("type_territoire", "Type de territoire (voir type_territoire)"),
        _code(
            "siren_porteur",
            f"SIREN du porteur, 9 chiffres, vide si absent des listes officielles ({INSEE_IGN})",
            "[0-9]{9}",
            requis=False,
        ),
        _texte(
            "nature_juridique_porteur",
            f"Catégorie juridique selon la DGCL, l'INSEE ou l'OFGL ({INSEE_IGN})",
        ),
        _texte("commune_siege", f"Commune siège (nom du COG, {INSEE_IGN})"),
        _code(
            "code_commune_siege",
            f"Code INSEE de la commune siège, COG 2026 ({INSEE_IGN})",
            "[0-9]{5}|2[AB][0-9]{3}",
            requis=False,
        ),
        _code("departement_code", f"Département du siège ({INSEE_IGN})", MOTIF_DEPARTEMENT),
        _code("region_code", f"Région du siège ({INSEE_IGN})", MOTIF_REGION),
        _code("axe_code", "Axe de l'appel ; vide : non publié", requis=False),
        _texte("description", "Description publiée du projet"),
        _texte("partenaires", "Partenaires publiés"),
        _date("date_annonce", "Annonce du lauréat"),
        _montant("cout_total_eur", "Coût total du projet publié"),
        Champ(
            "latitude",
            "number",
            f"Latitude WGS84 du centroïde de la commune siège, calculée d'après IGN Admin Express "
            f"COG 2018 ({INSEE_IGN})",
            contraintes={"minimum": -90, "maximum": 90},
        ),
        Champ(
            "longitude",
            "number",
            f"Longitude WGS84 du même centroïde ({INSEE_IGN})",
            contraintes={"minimum": -180, "maximum": 180},
        ),
        _entier(
            "population_perimetre",
            f"Population municipale INSEE du périmètre du porteur ({INSEE_IGN})",
            minimum=1,
        ),
        _entier("annee_population_perimetre", "Année de cette population", minimum=None),
        _texte("perimetre_population", "Ce que couvre la population du périmètre, en mots"),
        _choix(
            "grille_densite_3",
            f"Grille communale de densité INSEE 2022 en 3 niveaux, commune siège ({INSEE_IGN})",
            ("dense", "intermediaire", "rural"),
            requis=False,
        ),
        SOURCE_URL,
        NOTES,
    ),
    cle_primaire=("projet_id",),
    cles_etrangeres=(
        ("programme_id", "programme", "programme_id"),
        ("vague_id", "vague", "vague_id"),
        ("type_porteur", "type_porteur", "type_porteur"),
        ("type_territoire", "type_territoire", "type_territoire"),
        ("departement_code", "departement", "departement_code"),
        ("region_code", "region", "region_code"),
        ("axe_code", "axe", "axe_code"),
    ),
    licence={
        **LICENCE_OUVERTE,
        "title": f"{LICENCE_OUVERTE['title']}, pour les colonnes "
        f"{', '.join(COLONNES_INSEE_IGN_PROJET)} ; les autres sont citées de leurs sources",
    },
)

PROJET_THEME = Ressource(
    nom="projet_theme",
    requete="paquet/projet_theme",
    titre="Thèmes des lauréats",
    description="Un à trois thèmes par lauréat, lus par l'équipe dans sa description publiée.",
    champs=(
        _code("projet_id", "Lauréat"),
        _code("theme_code", "Thème (voir theme)"),
    ),
    cle_primaire=("projet_id", "theme_code"),
    cles_etrangeres=(
        ("projet_id", "projet", "projet_id"),
        ("theme_code", "theme", "theme_code"),
    ),
)

MOUVEMENT = Ressource(
    nom="mouvement",
    requete="paquet/mouvement",
    titre="Registre des mouvements financiers",
    description="Registre en ajout seul : attributions, conventions, versements, annulations. "
    "Rien n'y est modifié en place : une correction est une nouvelle ligne qui annule la "
    "précédente (annule_mouvement_id). La somme de montant_signe_eur par étape donne l'attribué, "
    "le conventionné et le versé publiés du tableau de bord. Montants cités des sources de la "
    "colonne source_url, sous leurs conditions ; un montant vide n'est pas publié, jamais zéro.",
    champs=(
        _entier("mouvement_id", "Numéro du mouvement", requis=True, minimum=1),
        _code("projet_id", "Lauréat concerné"),
        _choix("nature", "Nature du mouvement", NATURES),
        _choix(
            "etape",
            "Étape dont le mouvement compte dans les totaux (une annulation réduit l'attribué)",
            ETAPES,
        ),
        _date("date_mouvement", "Date du mouvement"),
        _montant("montant_eur", "Montant publié"),
        Champ(
            "montant_signe_eur",
            "number",
            f"Montant tel qu'il compte dans les totaux, {EUROS} : négatif pour une annulation ou "
            "une ligne annulée ; vide quand le montant n'est pas publié",
        ),
        _entier(
            "annule_mouvement_id",
            "Mouvement que cette ligne annule (correction ou retour arrière) ; vide sinon",
            minimum=1,
        ),
        SOURCE_URL,
        NOTES,
    ),
    cle_primaire=("mouvement_id",),
    cles_etrangeres=(
        ("projet_id", "projet", "projet_id"),
        ("annule_mouvement_id", "", "mouvement_id"),
    ),
)

TOTAL_PUBLIE = Ressource(
    nom="total_publie",
    requete="paquet/total_publie",
    titre="Totaux publiés",
    description="Totaux publiés par les sources, pour rapprochement avec la somme des montants "
    "par projet ; cités de leurs sources, sous leurs conditions.",
    champs=(
        _code("total_publie_id", "Identifiant du total"),
        _texte("libelle", "Ce que dit la source", requis=True),
        _texte("vague_ids", "Vagues couvertes, codes séparés par « | »", requis=True),
        _entier("nb_projets", "Nombre de projets couverts"),
        _montant("montant_eur", "Montant publié", requis=True),
        Champ(
            "est_minimum",
            "boolean",
            "true quand la source dit « plus de » : la somme par projet peut rester en dessous",
            requis=True,
        ),
        Champ("date_publication", "date", "Date de publication (AAAA-MM-JJ)", requis=True),
        SOURCE_URL,
        NOTES,
    ),
    cle_primaire=("total_publie_id",),
)

INDICATION = Ressource(
    nom="indication",
    requete="paquet/indication",
    titre="Indications non confirmées",
    description="Faits qu'une source donne avec une confiance moindre (fourchette, montant de "
    "nature inconnue, chiffre d'un blog) : montrés sur la fiche projet, jamais additionnés.",
    champs=(
        _code("projet_id", "Lauréat"),
        _code("nature", "Ce que dit la source ; son suffixe donne l'unité de valeur"),
        _texte("valeur", "Valeur en texte (« 5000000-6000000 » est une fourchette)", True),
        Champ(
            "source_url",
            "string",
            "Adresse de la source (citée sous ses conditions)",
            True,
            {"pattern": "https?://.*"},
        ),
        _texte("pourquoi_incertain", "Pourquoi cette valeur n'est pas confirmée", requis=True),
        _choix("confiance", "Niveau de confiance", ("probable", "incertain")),
    ),
    cle_primaire=("projet_id", "nature"),
    cles_etrangeres=(("projet_id", "projet", "projet_id"),),
)

SOURCE = Ressource(
    nom="source",
    requete="sources",
    titre="Sources citées",
    description="Une ligne par source et par table qui la cite (la liste de la page « Méthode "
    "et sources ») ; chaque chiffre est cité de ces sources, sous leurs conditions.",
    champs=(
        _texte("source_url", "Adresse de la source (ou référence d'un paquet logiciel)", True),
        _texte("domaine", "Domaine de l'adresse (sans « www. »)", requis=True),
        Champ("est_lien", "boolean", "true : adresse web", requis=True),
        _texte("table_source", "Ressource du paquet qui cite la source", requis=True),
        _entier("nb_objets", "Nombre de lignes de cette ressource qui la citent", True, 1),
    ),
    cle_primaire=("source_url", "table_source"),
)

# In load order: a referenced resource comes before the ones pointing at it.
RESSOURCES: tuple[Ressource, ...] = (
    PROGRAMME,
    VAGUE,
    AXE,
    THEME,
    TYPE_PORTEUR,
    TYPE_TERRITOIRE,
    REGION,
    DEPARTEMENT,
    PROJET,
    PROJET_THEME,
    MOUVEMENT,
    TOTAL_PUBLIE,
    INDICATION,
    SOURCE,
)
