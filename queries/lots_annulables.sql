-- grain: one row per import batch a maintainer may revert: applied, not reverted yet, and not
-- the initial base ($lot_initial: db.SEED_IMPORT_ID), newest first; used by: pages/donnees.py.
-- The same states as queries/historique_imports.sql; tid/ingest/annulation.py checks them again.
SELECT
    l.import_id,
    l.nom_fichier,
    l.message
FROM import_lot AS l
WHERE l.statut = 'applique'
  AND l.import_id <> $lot_initial
  AND NOT EXISTS (SELECT 1 FROM import_lot AS a WHERE a.annule_import_id = l.import_id)
ORDER BY l.date_import DESC, l.import_id DESC;
