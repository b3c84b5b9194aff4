-- grain: one row per carrier type; source: data/seed/type_porteur.csv; used by: tid/db.py (build)
INSERT INTO type_porteur BY NAME
SELECT type_porteur, libelle, CAST(ordre AS INTEGER) AS ordre
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
