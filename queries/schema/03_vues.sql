-- grain: views every query or derived table reads; used by: queries/*.sql, queries/derives/.

-- One row per ledger row that belongs to a reversal chain, roots included. A correction or a
-- revert is a reversing row naming an earlier row (annule_mouvement_id); a reversing row can
-- itself be reversed (reverting a correction lot). Each plain row roots a chain
-- root <- r1 <- r2 <- ...; profondeur is a row's place in it (0 = the root), longueur the
-- chain's length. Computed by recursion, so stored as mouvement_chaine by every write
-- (queries/derives/): readers join a small table (nearly every row is in no chain) instead of
-- recursing over the ledger (1 000 000 rows: 20 -> 100 ms per full scan when recomputed).
CREATE VIEW mouvement_chaine_calcul AS
WITH RECURSIVE inverse AS (
    SELECT mouvement_id, annule_mouvement_id FROM mouvement WHERE annule_mouvement_id IS NOT NULL
),
chaine(mouvement_id, racine_id, profondeur) AS (
    SELECT i.mouvement_id, i.annule_mouvement_id, 1
    FROM inverse AS i
    WHERE i.annule_mouvement_id NOT IN (SELECT mouvement_id FROM inverse)
    UNION ALL
    -- a reversal names an earlier row (the importer numbers rows upwards): no cycle can loop
    SELECT i.mouvement_id, c.racine_id, c.profondeur + 1
    FROM chaine AS c
    JOIN inverse AS i ON i.annule_mouvement_id = c.mouvement_id
    WHERE i.mouvement_id > c.mouvement_id
),
longueur AS (
    SELECT racine_id, max(profondeur) AS longueur FROM chaine GROUP BY racine_id
)
SELECT c.mouvement_id, c.racine_id, c.profondeur, l.longueur
FROM chaine AS c JOIN longueur AS l USING (racine_id)
UNION ALL
SELECT racine_id, racine_id, 0, longueur FROM longueur;

-- Stored here rather than in 04_derives.sql: mouvement_net below reads it.
CREATE TABLE mouvement_chaine AS SELECT * FROM mouvement_chaine_calcul;

-- « Situation au » (data/README.md): the day each ledger row became both true and known.
-- A row of the seed (lot 1) is dated by its own date only (the seed is built on the day the
-- base file is, which would blank every past date); an undated seed row by the day the seed's
-- sources were read ($date_extraction, bound by tid.db from data/README.md « Extraction »). A
-- row of an import: its own date or its lot's day, whichever is later (undated: the lot's).
-- A reversing row is known once every row above it in its chain is (running max): the rows
-- of a chain known at a date are always its first ones, so the stored chain's depths hold.
-- au NULL = every row (the current situation).
CREATE MACRO mouvement_connu(au, date_extraction) AS TABLE
WITH connu AS (
    SELECT
        m.*,
        CASE
            WHEN m.import_id = 1  -- the seed (tid.db.SEED_IMPORT_ID)
                THEN coalesce(m.date_mouvement, date_extraction, l.date_import::DATE)
            ELSE greatest(m.date_mouvement, l.date_import::DATE)
        END AS connu_le
    FROM mouvement AS m
    JOIN import_lot AS l USING (import_id)
),
chaine AS (
    SELECT
        c.mouvement_id,
        c.racine_id,
        c.profondeur,
        max(k.connu_le) OVER (PARTITION BY c.racine_id ORDER BY c.profondeur) AS connu_le
    FROM mouvement_chaine AS c
    JOIN connu AS k USING (mouvement_id)
)
SELECT
    k.* EXCLUDE (connu_le),
    coalesce(c.connu_le, k.connu_le) AS connu_le,
    c.racine_id AS chaine_racine_id,
    c.profondeur AS chaine_profondeur
FROM connu AS k
LEFT JOIN chaine AS c USING (mouvement_id)
WHERE au IS NULL OR coalesce(c.connu_le, k.connu_le) <= au;

-- One row per ledger event known at `au` (NULL = all) with its signed amount and whether it
-- counts, the reversal chains replayed on those rows only: a reversal known later does not
-- apply yet. The root of a chain counts when its known length is even (no reversal, or a
-- reversal reversed); a row is cancelled (est_annule) when an odd number of reversals stand
-- above it. The signed amount alternates along the chain, so summing every row's
-- montant_signe_eur gives the same total as summing the rows that count (the ledger export
-- adds up to the KPI). An « annulation » (partial withdrawal of an aid) subtracts from the
-- attributed amount. The ledger stays append-only and a reverted amount goes back to
-- « non publié », not to 0.
CREATE MACRO mouvement_net_au(au, date_extraction) AS TABLE
WITH m AS (
    SELECT * FROM mouvement_connu(au, date_extraction)
),
longueur AS (
    SELECT chaine_racine_id, max(chaine_profondeur) AS longueur
    FROM m
    WHERE chaine_racine_id IS NOT NULL
    GROUP BY chaine_racine_id
)
SELECT
    m.* EXCLUDE (connu_le, chaine_racine_id, chaine_profondeur),
    CASE WHEN m.nature = 'annulation' THEN 'attribution' ELSE m.nature END AS etape,
    coalesce(m.chaine_profondeur, 0) AS profondeur,
    coalesce(m.chaine_racine_id, m.mouvement_id) AS racine_id,
    m.montant_eur
        * (CASE WHEN m.nature = 'annulation' THEN -1 ELSE 1 END)
        * (CASE WHEN coalesce(m.chaine_profondeur, 0) % 2 = 1 THEN -1 ELSE 1 END)
        AS montant_signe_eur,
    coalesce((l.longueur - m.chaine_profondeur) % 2 = 1, false) AS est_annule,
    m.annule_mouvement_id IS NULL AND coalesce(l.longueur % 2 = 0, true) AS est_effectif,
    m.connu_le
FROM m
LEFT JOIN longueur AS l USING (chaine_racine_id);

-- The current ledger (every row): what the write path stores from and the checks read.
CREATE VIEW mouvement_net AS
SELECT * EXCLUDE (connu_le) FROM mouvement_net_au(NULL, NULL);

-- One row per project version standing at `au` (NULL = the current rows), with its theme
-- codes then. A write to a project (import, revert) first keeps the version it replaces in
-- projet_historique: the version at `au` is the one kept by the first write after `au`, or
-- the current row when none came after (an « ajout » kept nothing: the project did not exist
-- yet; a « retrait » kept the withdrawn laureate, shown until then). A laureate stands once
-- announced: its own date, else its wave's results, else (seed) the sources' reading day.
CREATE MACRO projet_au(au, date_extraction) AS TABLE
WITH ecriture_suivante AS (
    SELECT projet_id, min(historique_import_id) AS historique_import_id
    FROM projet_historique
    WHERE au IS NOT NULL AND date_action::DATE > au
    GROUP BY projet_id
),
versions AS (
    SELECT
        h.* EXCLUDE (historique_import_id, action, date_action, themes_avant),
        list_sort(string_split(h.themes_avant, ';')) AS codes_themes
    FROM ecriture_suivante AS e
    JOIN projet_historique AS h USING (projet_id, historique_import_id)
    WHERE h.action <> 'ajout'
    UNION ALL BY NAME
    SELECT p.*, NULL::VARCHAR[] AS codes_themes
    FROM projet AS p
    ANTI JOIN ecriture_suivante AS e USING (projet_id)
)
SELECT v.*
FROM versions AS v
JOIN vague AS w USING (vague_id)
WHERE au IS NULL OR coalesce(v.date_annonce, w.date_resultats, date_extraction) <= au;

-- One row per project standing at `au` (NULL = now) with its money chain, from the rows that
-- still count then (published amounts only; NULL = nothing published). Read through
-- projet_enrichi_au below, stored for `au` NULL by every write (04_derives.sql).
CREATE MACRO projet_montants_au(au, date_extraction) AS TABLE
SELECT
    p.projet_id,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'attribution') AS montant_attribue_eur,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'convention') AS montant_conventionne_eur,
    sum(m.montant_signe_eur) FILTER (WHERE m.etape = 'versement') AS montant_verse_eur,
    count(*) FILTER (WHERE m.nature = 'convention') AS nb_conventions,
    min(m.date_mouvement) FILTER (WHERE m.nature = 'convention') AS date_convention,
    count(*) FILTER (WHERE m.nature = 'versement') AS nb_versements
FROM projet_au(au, date_extraction) AS p
LEFT JOIN mouvement_net_au(au, date_extraction) AS m
    ON m.projet_id = p.projet_id AND m.est_effectif
GROUP BY p.projet_id;

-- One row per project as every page reads it, at `au` (NULL = now): its columns, its money
-- chain, its themes (codes and text), its search text and its two display orders (French
-- collation, costly on 100 000 rows: ranked once here, the queries sort on an integer). For
-- `au` NULL it is stored as projet_enrichi (04_derives.sql) by every write; the queries then
-- never join the ledger or sort by collation at read time. A past `au` computes it at read
-- time (projets_filtres), the same columns from the same definition.
CREATE MACRO projet_enrichi_au(au, date_extraction) AS TABLE
WITH p AS (
    SELECT * FROM projet_au(au, date_extraction)
),
themes_actuels AS (
    SELECT pt.projet_id, pt.theme_code FROM projet_theme AS pt
    WHERE pt.projet_id IN (SELECT projet_id FROM p WHERE codes_themes IS NULL)
    UNION ALL
    SELECT p.projet_id, unnest(p.codes_themes) FROM p WHERE p.codes_themes IS NOT NULL
),
themes AS (
    SELECT pt.projet_id,
           list(pt.theme_code ORDER BY t.ordre) AS theme_codes,
           string_agg(t.libelle, ' ; ' ORDER BY t.ordre) AS themes
    FROM themes_actuels AS pt JOIN theme AS t USING (theme_code)
    GROUP BY pt.projet_id
)
SELECT
    p.* EXCLUDE (codes_themes),
    pm.montant_attribue_eur,
    pm.montant_conventionne_eur,
    pm.montant_verse_eur,
    pm.nb_conventions,
    pm.date_convention,
    pm.nb_versements,
    coalesce(th.theme_codes, []::VARCHAR[]) AS theme_codes,
    th.themes,
    strip_accents(lower(concat_ws(' ', p.nom_projet, p.porteur, p.partenaires, p.commune_siege,
                                  p.projet_id))) AS texte_recherche,
    -- the order of lists and exports: programme, wave, carrier, identifier
    row_number() OVER (
        ORDER BY pr.ordre, p.vague_id, p.porteur COLLATE fr, p.projet_id
    ) AS rang_liste,
    -- the order of the map's seats table: région, commune, carrier, identifier
    row_number() OVER (
        ORDER BY r.nom COLLATE fr, p.commune_siege COLLATE fr, p.porteur COLLATE fr, p.projet_id
    ) AS rang_carte
FROM p
JOIN projet_montants_au(au, date_extraction) AS pm USING (projet_id)
JOIN programme AS pr ON pr.programme_id = p.programme_id
JOIN region AS r ON r.region_code = p.region_code
LEFT JOIN themes AS th ON th.projet_id = p.projet_id;

-- The current projects, as stored by every write (04_derives.sql) and checked against it.
CREATE VIEW projet_enrichi_calcul AS
SELECT * FROM projet_enrichi_au(NULL, NULL);

-- One row per distinct source (one URL of a source_url field) and table citing it, with the
-- objects it supports: computed from every table (1 000 000 ledger rows: 0.16 s), so stored as
-- sources_citees (04_derives.sql) by every write; queries/sources.sql reads it.
CREATE VIEW sources_citees_calcul AS
WITH citation AS (
    SELECT 1 AS table_ordre, 'programme' AS table_source, programme_id AS objet_id, source_url
    FROM programme
    UNION ALL
    -- the granting body's SIRET (SCDL export) is a fact of the programme, with its own source
    SELECT 1, 'programme', programme_id, attribuant_source_url
    FROM programme WHERE attribuant_source_url IS NOT NULL
    UNION ALL
    SELECT 2, 'vague', vague_id, source_url FROM vague
    UNION ALL
    SELECT 3, 'axe', axe_code, source_url FROM axe
    UNION ALL
    SELECT 4, 'projet', projet_id, source_url FROM projet
    UNION ALL
    -- zero-padded so that movements list in numeric order (objet_id only sorts and dedups)
    SELECT 5, 'mouvement', lpad(mouvement_id::VARCHAR, 10, '0'), source_url FROM mouvement
    UNION ALL
    SELECT 6, 'total_publie', total_publie_id, source_url FROM total_publie
    UNION ALL
    SELECT 7, 'region', region_code, source_url FROM region
    UNION ALL
    SELECT 8, 'departement', departement_code, source_url FROM departement
    UNION ALL
    -- cited, never summed: an unconfirmed indication's source is a source the app shows (one
    -- object per project: two indications of a project from one page support it once)
    SELECT DISTINCT 9, 'indication', projet_id, source_url FROM indication
),
champ AS (
    -- one row per distinct field of a table: thousands of rows cite the same field, so each
    -- field is split into URLs once. Each object has one field, so counts add up across fields.
    SELECT table_ordre, table_source, source_url, count(*) AS nb_objets,
           min_by(objet_id, objet_id, 10) AS premiers
    FROM citation
    GROUP BY ALL
),
jeton AS (
    -- list_distinct: an object citing the same URL twice supports it once
    SELECT table_ordre, table_source, nb_objets, premiers,
           unnest(list_distinct(string_split(trim(source_url), ' '))) AS source
    FROM champ
),
par_source AS (
    SELECT
        source,
        regexp_matches(source, '^https?://') AS est_lien,
        -- the host without « www. » (banquedesterritoires.fr and www.… are one domain);
        -- a non-web reference (npm:…) is grouped under its scheme
        CASE
            WHEN regexp_matches(source, '^https?://')
                THEN regexp_extract(lower(source), '^https?://(www\.)?([^/:?#]+)', 2)
            ELSE split_part(source, ':', 1)
        END AS domaine,
        table_ordre,
        table_source,
        sum(nb_objets) AS nb_objets,
        list_sort(flatten(list(premiers)))[1:10] AS premiers
    FROM jeton
    WHERE source <> ''
    GROUP BY ALL
),
liste AS (
    SELECT ps.source, ps.table_ordre, u.objet_id
    FROM par_source AS ps, unnest(ps.premiers) AS u(objet_id)
),
etiquette AS (
    -- labels of the listed objects only
    SELECT
        l.source,
        l.table_ordre,
        l.objet_id,
        CASE l.table_ordre
            WHEN 1 THEN pr.programme_id || ' – ' || pr.nom
            WHEN 2 THEN v.programme_id || ' – vague ' || v.numero
            WHEN 3 THEN 'Axe ' || a.axe_code || ' – ' || a.libelle
            WHEN 4 THEN p.porteur || coalesce(' – ' || p.nom_projet, '')
            WHEN 5 THEN m.nature || ' n° ' || m.mouvement_id || ' – ' || pm.porteur
            WHEN 6 THEN t.libelle
            WHEN 7 THEN r.nom
            WHEN 8 THEN d.departement_code || ' – ' || d.nom
            WHEN 9 THEN pi.porteur || coalesce(' – ' || pi.nom_projet, '')
        END AS objet
    FROM liste AS l
    LEFT JOIN programme AS pr ON l.table_ordre = 1 AND pr.programme_id = l.objet_id
    LEFT JOIN vague AS v ON l.table_ordre = 2 AND v.vague_id = l.objet_id
    LEFT JOIN axe AS a ON l.table_ordre = 3 AND a.axe_code = l.objet_id
    LEFT JOIN projet AS p ON l.table_ordre = 4 AND p.projet_id = l.objet_id
    LEFT JOIN mouvement AS m
        ON l.table_ordre = 5 AND m.mouvement_id = try_cast(l.objet_id AS INTEGER)
    LEFT JOIN projet AS pm ON pm.projet_id = m.projet_id
    LEFT JOIN total_publie AS t ON l.table_ordre = 6 AND t.total_publie_id = l.objet_id
    LEFT JOIN region AS r ON l.table_ordre = 7 AND r.region_code = l.objet_id
    LEFT JOIN departement AS d ON l.table_ordre = 8 AND d.departement_code = l.objet_id
    LEFT JOIN projet AS pi ON l.table_ordre = 9 AND pi.projet_id = l.objet_id
),
objets AS (
    SELECT source, table_ordre, list(objet ORDER BY objet_id) AS objets
    FROM etiquette
    GROUP BY ALL
)
SELECT
    ps.domaine,
    ps.source AS source_url,
    ps.est_lien,
    ps.table_source,
    ps.table_ordre,
    ps.nb_objets,
    o.objets,
    count(DISTINCT ps.source) OVER (PARTITION BY ps.domaine) AS nb_sources_domaine,
    count(DISTINCT ps.source) OVER (PARTITION BY ps.table_source) AS nb_sources_table,
    count(DISTINCT ps.domaine) OVER () AS nb_domaines,
    count(DISTINCT ps.source) OVER () AS nb_sources,
    count(DISTINCT ps.source) FILTER (WHERE ps.est_lien) OVER () AS nb_sources_lien
FROM par_source AS ps
JOIN objets AS o USING (source, table_ordre);
