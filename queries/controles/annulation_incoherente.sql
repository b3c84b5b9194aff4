-- grain: one row per reversing ledger row that points at another project's or nature's row,
-- or at a row already reversed; used by: tid/check.py
SELECT a.mouvement_id::VARCHAR AS objet,
       'annule le mouvement ' || a.annule_mouvement_id || ' (' || o.projet_id || ', ' || o.nature
           || ')' AS detail
FROM mouvement AS a JOIN mouvement AS o ON o.mouvement_id = a.annule_mouvement_id
WHERE o.projet_id <> a.projet_id OR o.nature <> a.nature
UNION ALL
SELECT annule_mouvement_id::VARCHAR, count(*) || ' annulations du même mouvement'
FROM mouvement WHERE annule_mouvement_id IS NOT NULL
GROUP BY annule_mouvement_id HAVING count(*) > 1;
