-- grain: one row: the next free import batch and ledger numbers; used by: tid/ingest
SELECT
    (SELECT coalesce(max(import_id), 0) + 1 FROM import_lot) AS import_id,
    (SELECT coalesce(max(mouvement_id), 0) + 1 FROM mouvement) AS mouvement_id;
