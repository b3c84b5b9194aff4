-- grain: one row per reversing ledger row that points at another project's or nature's row,
-- at a row that is not earlier, or with another amount than the row it reverses, and one row
-- per row reversed more than once; used by: tid/check.py
SELECT a.mouvement_id::VARCHAR AS objet,
       'annule le mouvement ' || a.annule_mouvement_id || ' (' || o.projet_id || ', ' || o.nature
           || ')' AS detail
FROM mouvement AS a JOIN mouvement AS o ON o.mouvement_id = a.annule_mouvement_id
WHERE o.projet_id <> a.projet_id OR o.nature <> a.nature
UNION ALL
SELECT a.mouvement_id::VARCHAR,
       'annule le mouvement ' || a.annule_mouvement_id || ', qui n''est pas antérieur'
FROM mouvement AS a
WHERE a.annule_mouvement_id >= a.mouvement_id
UNION ALL
-- the ledger export adds up to the totals only when a reversal repeats the amount it cancels
SELECT a.mouvement_id::VARCHAR,
       'annule le mouvement ' || a.annule_mouvement_id || ' de '
           || coalesce(o.montant_eur::VARCHAR, 'non publié') || ' € avec un montant de '
           || coalesce(a.montant_eur::VARCHAR, 'non publié') || ' €'
FROM mouvement AS a JOIN mouvement AS o ON o.mouvement_id = a.annule_mouvement_id
WHERE a.montant_eur IS DISTINCT FROM o.montant_eur
UNION ALL
SELECT annule_mouvement_id::VARCHAR, count(*) || ' annulations du même mouvement'
FROM mouvement WHERE annule_mouvement_id IS NOT NULL
GROUP BY annule_mouvement_id HAVING count(*) > 1;
