-- grain: one row per (project, nature) of an unconfirmed indication; source:
-- data/seed/indication.csv; used by: tid/db.py (build). valeur stays text (ranges, rates).
INSERT INTO indication BY NAME
SELECT projet_id, nature, valeur, source_url, pourquoi_incertain, confiance
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
