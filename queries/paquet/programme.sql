-- grain: one row per programme; used by: tid/__main__.py (export --format datapackage,
-- resource « programme » of the Data Package: tid/exports/paquet_schema.py lists its fields).
SELECT
    programme_id, nom, ordre, enveloppe_eur, operateur, date_lancement, nb_vagues_annoncees,
    est_synthetique, attribuant_nom, attribuant_siret, notification_ue, source_url, notes,
    attribuant_source_url, attribuant_notes
FROM programme
ORDER BY ordre;
