-- grain: one row per distinct source (one URL of a source_url field) and table citing it, with
-- the objects it supports; used by: vues/methode.py. A source_url field may hold several
-- URLs separated by spaces: each one is a source of its own.
WITH citation AS (
    SELECT 1 AS table_ordre, 'programme' AS table_source, programme_id AS objet_id,
           programme_id || ' – ' || nom AS objet, source_url
    FROM programme
    UNION ALL
    SELECT 2, 'vague', vague_id, programme_id || ' – vague ' || numero, source_url
    FROM vague
    UNION ALL
    SELECT 3, 'axe', axe_code, 'Axe ' || axe_code || ' – ' || libelle, source_url
    FROM axe
    UNION ALL
    SELECT 4, 'projet', projet_id, porteur || coalesce(' – ' || nom_projet, ''), source_url
    FROM projet
    UNION ALL
    -- zero-padded so that movements list in numeric order (objet_id only sorts and dedups)
    SELECT 5, 'mouvement', lpad(m.mouvement_id::VARCHAR, 10, '0'),
           m.nature || ' n° ' || m.mouvement_id || ' – ' || p.porteur, m.source_url
    FROM mouvement AS m
    JOIN projet AS p USING (projet_id)
    UNION ALL
    SELECT 6, 'total_publie', total_publie_id, libelle, source_url
    FROM total_publie
    UNION ALL
    SELECT 7, 'region', region_code, nom, source_url
    FROM region
    UNION ALL
    SELECT 8, 'departement', departement_code, departement_code || ' – ' || nom, source_url
    FROM departement
),
jeton AS (
    SELECT c.table_ordre, c.table_source, c.objet_id, c.objet,
           unnest(string_split(trim(c.source_url), ' ')) AS source
    FROM citation AS c
),
source AS (
    -- DISTINCT: an object citing the same URL twice supports it once
    SELECT DISTINCT
        source,
        regexp_matches(source, '^https?://') AS est_lien,
        -- the host without « www. » (banquedesterritoires.fr and www.… are one domain);
        -- a non-web reference (npm:…) is grouped under its scheme
        CASE
            WHEN regexp_matches(source, '^https?://')
                THEN regexp_extract(lower(source), '^https?://(www\.)?([^/:?#]+)', 2)
            ELSE split_part(source, ':', 1)
        END AS domaine,
        table_ordre, table_source, objet_id, objet
    FROM jeton
    WHERE source <> ''
)
SELECT
    domaine,
    source AS source_url,
    est_lien,
    table_source,
    table_ordre,
    count(*) AS nb_objets,
    list(objet ORDER BY objet_id) AS objets,
    count(DISTINCT source) OVER (PARTITION BY domaine) AS nb_sources_domaine,
    count(DISTINCT source) OVER (PARTITION BY table_source) AS nb_sources_table,
    count(DISTINCT domaine) OVER () AS nb_domaines,
    count(DISTINCT source) OVER () AS nb_sources,
    count(DISTINCT source) FILTER (WHERE est_lien) OVER () AS nb_sources_lien
FROM source
GROUP BY domaine, source, est_lien, table_ordre, table_source
ORDER BY domaine, source, table_ordre;
