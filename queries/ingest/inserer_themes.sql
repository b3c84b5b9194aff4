-- grain: inserts one (project, theme) per row of the registered table `lignes`; used by:
-- tid/ingest
INSERT INTO projet_theme BY NAME SELECT projet_id, theme_code FROM lignes;
