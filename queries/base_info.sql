-- grain: one row describing the base in use; used by: tid/ui/blocs.py (footer, banner),
-- pages/methode.py, tid/__main__.py (export). Its dates are what happened to the data, never the
-- day the file was built: the last import after the seed lot ($lot_initial) and the last dated
-- movement; the seed's own reading date is in data/README.md (« Extraction »).
SELECT
    (SELECT max(date_import) FROM import_lot
     WHERE statut = 'applique' AND import_id <> $lot_initial) AS date_dernier_import,
    (SELECT count(*) FROM import_lot) AS nb_imports,
    (SELECT bool_or(est_synthetique) FROM programme) AS est_synthetique,
    (SELECT max(date_import) FROM import_lot WHERE import_id = $lot_initial) AS date_construction,
    (SELECT max(date_mouvement) FROM mouvement) AS date_dernier_mouvement;
