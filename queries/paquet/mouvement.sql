-- grain: one row per ledger event, reversed ones included (the ledger is append-only); used by:
-- tid/__main__.py (export --format datapackage, resource « mouvement »). The signed amount and
-- the money stage come from mouvement_net, as in the ledger extract (queries/mouvements.sql):
-- the sum of montant_signe_eur per stage gives the totals of the pages. import_id is left out
-- (see projet.sql).
SELECT
    mouvement_id, projet_id, nature, etape, date_mouvement, montant_eur, montant_signe_eur,
    annule_mouvement_id, source_url, notes
FROM mouvement_net
ORDER BY mouvement_id;
