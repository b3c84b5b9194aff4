-- grain: one row: the import batch $import_id, with the batch that reverted it if any;
-- used by: tid/ingest (revert)
SELECT
    l.*,
    (SELECT min(a.import_id) FROM import_lot AS a WHERE a.annule_import_id = l.import_id)
        AS annule_par_import_id
FROM import_lot AS l
WHERE l.import_id = $import_id;
