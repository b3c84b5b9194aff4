-- grain: one row per territory type and its rule; source: data/seed/type_territoire.csv; used by: tid/db.py (build)
INSERT INTO type_territoire BY NAME
SELECT type_territoire, libelle, CAST(ordre AS INTEGER) AS ordre, regle
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
