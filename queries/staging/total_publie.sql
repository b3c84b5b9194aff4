-- grain: one row per published aggregate figure; source: data/seed/total_publie.csv;
-- used by: tid/db.py (build) (vague_ids is a |-separated list in the CSV)
INSERT INTO total_publie BY NAME
SELECT
    total_publie_id,
    libelle,
    string_split(vague_ids, '|') AS vague_ids,
    CAST(nb_projets AS INTEGER) AS nb_projets,
    CAST(montant_eur AS DECIMAL(14, 2)) AS montant_eur,
    CAST(est_minimum AS BOOLEAN) AS est_minimum,
    CAST(date_publication AS DATE) AS date_publication,
    source_url,
    notes
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
