-- grain: one row per laureate (projet), per project theme, per import batch, per money event,
-- per published total, per past version of a project, per unconfirmed indication; used by: tid/db.py (build), tid/ingest.py.
--
-- No foreign key points AT projet: DuckDB refuses to UPDATE or DELETE a row that another table
-- references, and an import must be able to correct a project. mouvement.projet_id and
-- projet_theme.projet_id are checked by the importer and by queries/controles/codes_orphelins.sql.

CREATE TABLE projet (
    projet_id                  VARCHAR PRIMARY KEY,
    programme_id               VARCHAR NOT NULL REFERENCES programme (programme_id),
    vague_id                   VARCHAR NOT NULL REFERENCES vague (vague_id),
    nom_projet                 VARCHAR,
    porteur                    VARCHAR NOT NULL,
    type_porteur               VARCHAR NOT NULL REFERENCES type_porteur (type_porteur),
    type_territoire            VARCHAR NOT NULL REFERENCES type_territoire (type_territoire),
    siren_porteur              VARCHAR CHECK (regexp_full_match(siren_porteur, '[0-9]{9}')),
    nature_juridique_porteur   VARCHAR,
    commune_siege              VARCHAR,
    code_commune_siege         VARCHAR CHECK (regexp_full_match(code_commune_siege, '[0-9]{5}|2[AB][0-9]{3}')),
    departement_code           VARCHAR NOT NULL REFERENCES departement (departement_code),
    region_code                VARCHAR NOT NULL REFERENCES region (region_code),
    axe_code                   VARCHAR REFERENCES axe (axe_code),
    description                VARCHAR,
    partenaires                VARCHAR,
    date_annonce               DATE,
    cout_total_eur             DECIMAL(14, 2) CHECK (cout_total_eur >= 0),
    latitude                   DOUBLE CHECK (latitude BETWEEN -90 AND 90),
    longitude                  DOUBLE CHECK (longitude BETWEEN -180 AND 180),
    population_perimetre       INTEGER CHECK (population_perimetre > 0),
    annee_population_perimetre INTEGER,
    perimetre_population       VARCHAR,
    grille_densite_3           VARCHAR CHECK (grille_densite_3 IN ('dense', 'intermediaire', 'rural')),
    source_url                 VARCHAR NOT NULL,
    notes                      VARCHAR,
    -- the import batch that wrote this version of the row (1 = the seed)
    import_id                  INTEGER NOT NULL
);

CREATE TABLE projet_theme (
    projet_id  VARCHAR NOT NULL,
    theme_code VARCHAR NOT NULL REFERENCES theme (theme_code),
    PRIMARY KEY (projet_id, theme_code)
);

CREATE TABLE import_lot (
    import_id   INTEGER PRIMARY KEY,
    date_import TIMESTAMP NOT NULL,
    nom_fichier VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL CHECK (regexp_full_match(sha256, '[0-9a-f]{64}')),
    nb_lignes   INTEGER NOT NULL CHECK (nb_lignes >= 0),
    auteur      VARCHAR NOT NULL,
    -- append-only too: a revert is a new lot ('annulation') naming the lot it cancels
    statut      VARCHAR NOT NULL CHECK (statut IN ('applique', 'annulation')),
    annule_import_id INTEGER,
    message     VARCHAR
);

-- Append-only ledger: a correction or a revert is a new row pointing at the row it cancels
-- (annule_mouvement_id); totals subtract such rows (see mouvement_net in 03_vues.sql).
-- annule_mouvement_id has no FK (DuckDB checks it row by row inside one INSERT):
-- queries/controles/codes_orphelins.sql checks it instead.
CREATE TABLE mouvement (
    mouvement_id        INTEGER PRIMARY KEY,
    projet_id           VARCHAR NOT NULL,
    nature              VARCHAR NOT NULL
        CHECK (nature IN ('attribution', 'convention', 'versement', 'annulation')),
    date_mouvement      DATE CHECK (date_mouvement BETWEEN DATE '2021-01-01' AND DATE '2040-12-31'),
    -- NULL = amount not published (never zero for "unknown")
    montant_eur         DECIMAL(14, 2) CHECK (montant_eur >= 0),
    annule_mouvement_id INTEGER,
    source_url          VARCHAR NOT NULL,
    notes               VARCHAR,
    import_id           INTEGER NOT NULL REFERENCES import_lot (import_id)
);

CREATE TABLE total_publie (
    total_publie_id  VARCHAR PRIMARY KEY,
    libelle          VARCHAR NOT NULL,
    vague_ids        VARCHAR[] NOT NULL,
    nb_projets       INTEGER CHECK (nb_projets >= 0),
    montant_eur      DECIMAL(14, 2) NOT NULL CHECK (montant_eur >= 0),
    -- true when the source says "plus de X": per-project sums may stay below, never above
    est_minimum      BOOLEAN NOT NULL,
    date_publication DATE NOT NULL,
    source_url       VARCHAR NOT NULL,
    notes            VARCHAR
);

-- Every write to projet keeps what was there before: one row per (import batch, project) with
-- the action and the full previous version (all NULL for an 'ajout'). Same columns as projet.
CREATE TABLE projet_historique AS
SELECT
    NULL::INTEGER AS historique_import_id,
    NULL::VARCHAR AS action,
    NULL::TIMESTAMP AS date_action,
    NULL::VARCHAR AS themes_avant,
    *
FROM projet
LIMIT 0;

-- Facts a source gives with lower confidence (a range, a blog figure, an amount of unknown
-- nature): shown on the project sheet as « indication non confirmée », never summed. valeur is
-- text (a range « 5000000-6000000 » is one); its unit follows the nature's suffix (_eur, _pct,
-- date_). No FK to projet (see above): queries/controles/codes_orphelins.sql checks it.
CREATE TABLE indication (
    projet_id          VARCHAR NOT NULL,
    nature             VARCHAR NOT NULL,
    valeur             VARCHAR NOT NULL,
    source_url         VARCHAR NOT NULL CHECK (regexp_matches(source_url, '^https?://')),
    pourquoi_incertain VARCHAR NOT NULL,
    confiance          VARCHAR NOT NULL CHECK (confiance IN ('probable', 'incertain')),
    PRIMARY KEY (projet_id, nature)
);
