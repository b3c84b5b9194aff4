-- grain: one row per programme; source: data/seed/programme.csv; used by: tid/db.py (build)
INSERT INTO programme BY NAME
SELECT
    programme_id,
    nom,
    CAST(ordre AS INTEGER) AS ordre,
    CAST(enveloppe_eur AS DECIMAL(14, 2)) AS enveloppe_eur,
    operateur,
    CAST(date_lancement AS DATE) AS date_lancement,
    CAST(nb_vagues_annoncees AS INTEGER) AS nb_vagues_annoncees,
    CAST(est_synthetique AS BOOLEAN) AS est_synthetique,
    source_url,
    notes,
    NULLIF(attribuant_nom, '') AS attribuant_nom,
    NULLIF(attribuant_siret, '') AS attribuant_siret,
    CAST(NULLIF(notification_ue, '') AS BOOLEAN) AS notification_ue,
    NULLIF(attribuant_source_url, '') AS attribuant_source_url,
    NULLIF(attribuant_notes, '') AS attribuant_notes
FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"');
