-- grain: one row per distinct source (one URL of a source_url field) and table citing it, with
-- the objects it supports; used by: vues/methode.py. A source_url field may hold several
-- URLs separated by spaces: each one is a source of its own. `objets` lists the first 10
-- objects by key (the page shows 5), `nb_objets` counts them all: at 1 000 000 ledger rows,
-- building every label took 2.7 s and a 50 MB list (bench/analyse.md).
WITH citation AS (
    SELECT 1 AS table_ordre, 'programme' AS table_source, programme_id AS objet_id, source_url
    FROM programme
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
JOIN objets AS o USING (source, table_ordre)
ORDER BY ps.domaine, ps.source, ps.table_ordre;
