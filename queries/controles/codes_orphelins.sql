-- grain: one row per code that points at nothing (a base loaded without its foreign keys,
-- e.g. a synthetic one, is checked the same way); used by: tid/check.py
SELECT p.projet_id AS objet, 'département inconnu ' || p.departement_code AS detail
FROM projet AS p ANTI JOIN departement AS d USING (departement_code)
UNION ALL
SELECT p.projet_id, 'région inconnue ' || p.region_code
FROM projet AS p ANTI JOIN region AS r USING (region_code)
UNION ALL
SELECT p.projet_id, 'axe inconnu ' || p.axe_code
FROM projet AS p ANTI JOIN axe AS a USING (axe_code) WHERE p.axe_code IS NOT NULL
UNION ALL
SELECT pt.projet_id, 'thème inconnu ' || pt.theme_code
FROM projet_theme AS pt ANTI JOIN theme AS t USING (theme_code)
UNION ALL
SELECT pt.projet_id, 'thème d''un projet inconnu'
FROM projet_theme AS pt ANTI JOIN projet AS p USING (projet_id)
UNION ALL
SELECT m.mouvement_id::VARCHAR, 'projet inconnu ' || m.projet_id
FROM mouvement AS m ANTI JOIN projet AS p USING (projet_id)
UNION ALL
SELECT m.mouvement_id::VARCHAR, 'annule un mouvement inconnu ' || m.annule_mouvement_id
FROM mouvement AS m
WHERE m.annule_mouvement_id IS NOT NULL
  AND m.annule_mouvement_id NOT IN (SELECT mouvement_id FROM mouvement)
UNION ALL
SELECT i.projet_id || ' / ' || i.nature, 'indication d''un projet inconnu'
FROM indication AS i ANTI JOIN projet AS p USING (projet_id)
UNION ALL
SELECT t.total_publie_id || ' / ' || v.vague_id, 'vague inconnue'
FROM total_publie AS t, unnest(t.vague_ids) AS v(vague_id)
WHERE v.vague_id NOT IN (SELECT vague_id FROM vague);
