-- grain: one row per programme or wave whose published attributions exceed its envelope;
-- used by: tid/check.py
SELECT pr.programme_id AS objet,
       'attribué publié ' || sum(p.montant_attribue_eur) || ' € > enveloppe '
           || pr.enveloppe_eur || ' €' AS detail
FROM programme AS pr
JOIN projet_enrichi AS p USING (programme_id)
GROUP BY pr.programme_id, pr.enveloppe_eur
HAVING sum(p.montant_attribue_eur) > pr.enveloppe_eur
UNION ALL
SELECT v.vague_id,
       'attribué publié ' || sum(p.montant_attribue_eur) || ' € > enveloppe de vague '
           || v.enveloppe_eur || ' €'
FROM vague AS v
JOIN projet_enrichi AS p USING (vague_id)
WHERE v.enveloppe_eur IS NOT NULL
GROUP BY v.vague_id, v.enveloppe_eur
HAVING sum(p.montant_attribue_eur) > v.enveloppe_eur;
