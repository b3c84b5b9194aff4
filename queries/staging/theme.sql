-- grain: one row per theme of the controlled vocabulary; source: data/seed/theme.csv; used by: tid/db.py (build)
INSERT INTO theme BY NAME
SELECT theme_code, libelle, CAST(ordre AS INTEGER) AS ordre
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
