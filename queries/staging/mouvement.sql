-- grain: one row per money event of the seed ledger; source: data/seed/mouvement.csv;
-- used by: tid/db.py (build) (rows belong to the seed import batch $import_id)
INSERT INTO mouvement BY NAME
SELECT
    CAST(mouvement_id AS INTEGER) AS mouvement_id,
    projet_id,
    nature,
    CAST(date_mouvement AS DATE) AS date_mouvement,
    CAST(montant_eur AS DECIMAL(14, 2)) AS montant_eur,
    CAST(annule_mouvement_id AS INTEGER) AS annule_mouvement_id,
    source_url,
    notes,
    $import_id AS import_id
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
