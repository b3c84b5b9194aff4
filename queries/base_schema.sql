-- grain: one row: the schema fingerprint, the number of import batches besides the seed and
-- whether the base is synthetic; used by: tid/db.py (ensure_base)
SELECT
    (SELECT valeur FROM base_meta WHERE cle = 'schema_sha256') AS schema_sha256,
    (SELECT count(*) FROM import_lot WHERE import_id <> 1) AS nb_imports,
    (SELECT coalesce(bool_or(est_synthetique), false) FROM programme) AS est_synthetique;
