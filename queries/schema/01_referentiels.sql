-- grain: reference tables (one row per programme, wave, axis, theme, type, région, département);
-- used by: tid/db.py (build). Codes are VARCHAR (INSEE "01", "2A"), money DECIMAL(14,2) in euros.

CREATE TABLE programme (
    programme_id        VARCHAR PRIMARY KEY,
    nom                 VARCHAR NOT NULL,
    -- display order (TID before its AI strand DIAT)
    ordre               INTEGER NOT NULL,
    enveloppe_eur       DECIMAL(14, 2) CHECK (enveloppe_eur >= 0),
    operateur           VARCHAR,
    date_lancement      DATE,
    nb_vagues_annoncees INTEGER CHECK (nb_vagues_annoncees > 0),
    -- synthetic programmes exist only in benchmark bases; every page shows a banner for them
    est_synthetique     BOOLEAN NOT NULL DEFAULT false,
    source_url          VARCHAR NOT NULL,
    notes               VARCHAR,
    -- the granting body in SCDL « subventions » terms (idAttribuant: SIRET, 14 digits) and
    -- whether its aids are notified to the EU as de minimis (notificationUE): sourced seed data
    attribuant_nom        VARCHAR,
    attribuant_siret      VARCHAR CHECK (regexp_full_match(attribuant_siret, '[0-9]{14}')),
    notification_ue       BOOLEAN,
    attribuant_source_url VARCHAR,
    attribuant_notes      VARCHAR
);

CREATE TABLE vague (
    vague_id               VARCHAR PRIMARY KEY,
    programme_id           VARCHAR NOT NULL REFERENCES programme (programme_id),
    numero                 INTEGER NOT NULL CHECK (numero > 0),
    date_ouverture         DATE,
    date_cloture_annoncee  DATE,
    date_cloture_effective DATE,
    date_resultats         DATE,
    enveloppe_eur          DECIMAL(14, 2) CHECK (enveloppe_eur >= 0),
    nb_candidatures        INTEGER CHECK (nb_candidatures >= 0),
    nb_laureats_publie     INTEGER CHECK (nb_laureats_publie >= 0),
    source_url             VARCHAR NOT NULL,
    notes                  VARCHAR,
    UNIQUE (programme_id, numero),
    CHECK (date_cloture_annoncee IS NULL OR date_ouverture IS NULL
           OR date_cloture_annoncee >= date_ouverture),
    CHECK (date_cloture_effective IS NULL OR date_ouverture IS NULL
           OR date_cloture_effective >= date_ouverture),
    CHECK (date_resultats IS NULL OR date_cloture_effective IS NULL
           OR date_resultats >= date_cloture_effective)
);

CREATE TABLE axe (
    axe_code    VARCHAR PRIMARY KEY,
    libelle     VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    source_url  VARCHAR NOT NULL
);

CREATE TABLE theme (
    theme_code VARCHAR PRIMARY KEY,
    libelle    VARCHAR NOT NULL,
    ordre      INTEGER NOT NULL
);

CREATE TABLE type_territoire (
    type_territoire VARCHAR PRIMARY KEY,
    libelle         VARCHAR NOT NULL,
    ordre           INTEGER NOT NULL,
    regle           VARCHAR NOT NULL
);

CREATE TABLE type_porteur (
    type_porteur VARCHAR PRIMARY KEY,
    libelle      VARCHAR NOT NULL,
    ordre        INTEGER NOT NULL
);

CREATE TABLE region (
    region_code      VARCHAR PRIMARY KEY CHECK (regexp_full_match(region_code, '[0-9]{2}')),
    nom              VARCHAR NOT NULL,
    chef_lieu        VARCHAR,
    population       INTEGER NOT NULL CHECK (population > 0),
    annee_population INTEGER NOT NULL,
    superficie_km2   DOUBLE,
    est_outre_mer    BOOLEAN NOT NULL,
    source_url       VARCHAR NOT NULL
);

CREATE TABLE departement (
    departement_code VARCHAR PRIMARY KEY
        CHECK (regexp_full_match(departement_code, '[0-9]{2}|2[AB]|97[0-9]')),
    nom              VARCHAR NOT NULL,
    region_code      VARCHAR NOT NULL REFERENCES region (region_code),
    chef_lieu        VARCHAR,
    population       INTEGER NOT NULL CHECK (population > 0),
    annee_population INTEGER NOT NULL,
    superficie_km2   DOUBLE,
    source_url       VARCHAR NOT NULL
);
