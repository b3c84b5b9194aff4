-- grain: one row per project whose ledger dates are out of order (a convention before the
-- attribution, a payment before the first convention), among the rows that count;
-- used by: tid/check.py
WITH d AS (
    SELECT projet_id,
           min(date_mouvement) FILTER (WHERE nature = 'attribution') AS date_attribution,
           min(date_mouvement) FILTER (WHERE nature = 'convention') AS date_convention,
           min(date_mouvement) FILTER (WHERE nature = 'versement') AS date_versement
    FROM mouvement_net
    WHERE est_effectif
    GROUP BY projet_id
)
SELECT projet_id AS objet,
       'convention du ' || date_convention || ' avant l''attribution du ' || date_attribution
           AS detail
FROM d WHERE date_convention < date_attribution
UNION ALL
SELECT projet_id, 'versement du ' || date_versement || ' avant la convention du ' || date_convention
FROM d WHERE date_versement < date_convention
UNION ALL
SELECT projet_id, 'versement du ' || date_versement || ' sans convention connue'
FROM d WHERE date_versement IS NOT NULL AND date_convention IS NULL;
