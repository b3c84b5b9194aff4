-- grain: one row describing the base in use (data date, synthetic flag); used by: dashboard.py
SELECT
    (SELECT max(date_import) FROM import_lot WHERE statut = 'applique') AS date_donnees,
    (SELECT count(*) FROM import_lot) AS nb_imports,
    (SELECT bool_or(est_synthetique) FROM programme) AS est_synthetique,
    (SELECT max(date_mouvement) FROM mouvement) AS date_dernier_mouvement;
