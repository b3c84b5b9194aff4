-- grain: re-inserts the themes each project batch $import_id modified had before; used by:
-- tid/ingest (revert)
INSERT INTO projet_theme
SELECT h.projet_id, t.theme_code
FROM projet_historique AS h, unnest(string_split(h.themes_avant, ';')) AS t(theme_code)
WHERE h.historique_import_id = $import_id AND h.action = 'modification'
  AND h.themes_avant IS NOT NULL;
