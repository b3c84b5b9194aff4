-- grain: inserts one history row per project in the registered table `lignes` (projet_id,
-- action): the stored version before the change (NULLs for an 'ajout'); used by: tid/ingest
INSERT INTO projet_historique BY NAME
SELECT
    $import_id AS historique_import_id,
    l.action,
    $date_action AS date_action,
    (SELECT string_agg(pt.theme_code, ';' ORDER BY pt.theme_code)
     FROM projet_theme AS pt WHERE pt.projet_id = l.projet_id) AS themes_avant,
    l.projet_id,
    p.* EXCLUDE (projet_id)
FROM lignes AS l
LEFT JOIN projet AS p ON p.projet_id = l.projet_id;
