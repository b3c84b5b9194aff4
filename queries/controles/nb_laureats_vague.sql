-- grain: one row per wave whose number of laureates in the base differs from the published
-- count; used by: tid/check.py
SELECT v.vague_id AS objet,
       count(p.projet_id) || ' lauréats dans la base, ' || v.nb_laureats_publie || ' publiés'
           AS detail
FROM vague AS v LEFT JOIN projet AS p USING (vague_id)
WHERE v.nb_laureats_publie IS NOT NULL
GROUP BY v.vague_id, v.nb_laureats_publie
HAVING count(p.projet_id) <> v.nb_laureats_publie;
