-- grain: one row per published total (reconciliation); used by: tid/__main__.py (export
-- --format datapackage, resource « total_publie »). The list of waves is written as in
-- data/seed/total_publie.csv: codes separated by « | ».
SELECT
    total_publie_id, libelle, array_to_string(vague_ids, '|') AS vague_ids, nb_projets,
    montant_eur, est_minimum, date_publication, source_url, notes
FROM total_publie
ORDER BY date_publication, total_publie_id;
