-- grain: one row per wave; source: data/seed/vague.csv; used by: tid/db.py (build)
INSERT INTO vague BY NAME
SELECT
    vague_id,
    programme_id,
    CAST(numero AS INTEGER) AS numero,
    CAST(date_ouverture AS DATE) AS date_ouverture,
    CAST(date_cloture_annoncee AS DATE) AS date_cloture_annoncee,
    CAST(date_cloture_effective AS DATE) AS date_cloture_effective,
    CAST(date_resultats AS DATE) AS date_resultats,
    CAST(enveloppe_eur AS DECIMAL(14, 2)) AS enveloppe_eur,
    CAST(nb_candidatures AS INTEGER) AS nb_candidatures,
    CAST(nb_laureats_publie AS INTEGER) AS nb_laureats_publie,
    source_url,
    notes
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
