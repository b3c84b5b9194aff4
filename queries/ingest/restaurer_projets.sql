-- grain: re-inserts the version of each project batch $import_id modified, as it was before;
-- used by: tid/ingest (revert; the current version was put in projet_historique first)
INSERT INTO projet BY NAME
SELECT * EXCLUDE (historique_import_id, action, date_action, themes_avant)
    REPLACE ($nouvel_import_id AS import_id)
FROM projet_historique
WHERE historique_import_id = $import_id AND action = 'modification';
