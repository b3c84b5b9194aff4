-- grain: one row per published total that the base contradicts (per-project sum above the
-- total, or another number of projects than announced); used by: tid/check.py
WITH perimetre AS (
    SELECT t.total_publie_id, t.montant_eur, t.nb_projets,
           count(p.projet_id) AS nb_projets_base,
           coalesce(sum(p.montant_attribue_eur), 0) AS somme_projets_eur
    FROM total_publie AS t
    LEFT JOIN projet_enrichi AS p ON list_contains(t.vague_ids, p.vague_id)
    GROUP BY t.total_publie_id, t.montant_eur, t.nb_projets
)
SELECT total_publie_id AS objet,
       nb_projets_base || ' projets dans la base pour ces vagues, ' || nb_projets || ' annoncés'
           AS detail
FROM perimetre
WHERE nb_projets IS NOT NULL AND nb_projets <> nb_projets_base
UNION ALL
SELECT total_publie_id,
       'somme des montants par projet ' || somme_projets_eur || ' € au-dessus du total publié '
           || montant_eur || ' €'
FROM perimetre
WHERE somme_projets_eur > montant_eur;
