-- grain: one row per (project, theme); source: data/seed/projet_theme.csv; used by: tid/db.py (build)
INSERT INTO projet_theme BY NAME
SELECT projet_id, theme_code
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
