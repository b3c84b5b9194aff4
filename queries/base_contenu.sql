-- grain: one row: the number of import batches besides the seed (lot 1) and whether the base
-- is synthetic; reads only tables every schema since the first one has, so a base built before
-- base_meta existed answers too; used by: tid/db.py (ensure_base, reconstruire)
SELECT
    (SELECT count(*) FROM import_lot WHERE import_id <> 1) AS nb_imports,
    (SELECT coalesce(bool_or(est_synthetique), false) FROM programme) AS est_synthetique;
