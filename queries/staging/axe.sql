-- grain: one row per axis (objective of the call); source: data/seed/axe.csv; used by: tid/db.py (build)
INSERT INTO axe BY NAME
SELECT axe_code, libelle, description, source_url
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
