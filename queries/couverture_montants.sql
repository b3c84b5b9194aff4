-- grain: one row per wave: laureates, how many have a published amount, and the sum;
-- used by: tid/check.py (coverage report).
SELECT
    v.vague_id,
    count(p.projet_id) AS nb_projets,
    count(p.montant_attribue_eur) AS nb_projets_montant_publie,
    coalesce(sum(p.montant_attribue_eur), 0) AS montant_attribue_eur
FROM vague AS v
LEFT JOIN projet_enrichi AS p USING (vague_id)
GROUP BY v.vague_id, v.programme_id, v.numero
ORDER BY (SELECT pr.ordre FROM programme AS pr WHERE pr.programme_id = v.programme_id), v.numero;
