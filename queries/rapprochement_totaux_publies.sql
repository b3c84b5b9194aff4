-- grain: one row per published aggregate figure, beside the sum of per-project published
-- amounts over the same waves; used by: dashboard.py (reconciliation and « Où en sont les
-- 30 M€ ? »), pages/methode.py, tid/check.py. $au (« Situation au », NULL = now): the figures
-- published by then, beside the projects then.
WITH perimetre AS (
    SELECT t.total_publie_id, p.projet_id, p.montant_attribue_eur
    FROM total_publie AS t
    JOIN projets_filtres([], [], [], [], [], [], [], [], $au) AS p
        ON list_contains(t.vague_ids, p.vague_id)
)
SELECT
    t.total_publie_id,
    t.libelle AS total_publie_libelle,
    array_to_string(t.vague_ids, ', ') AS vagues,
    -- the same waves under the name every page gives them
    (SELECT list(v.vague_libelle ORDER BY pr.ordre, v.numero)
     FROM vagues_filtrees([], []) AS v JOIN programme AS pr USING (programme_id)
     WHERE list_contains(t.vague_ids, v.vague_id)) AS vague_libelles,
    t.montant_eur AS montant_publie_eur,
    t.est_minimum,
    t.nb_projets AS nb_projets_annonces,
    t.date_publication,
    t.source_url,
    -- what the figure covers and may include, as the seed's notes say it (home page answer)
    t.notes AS total_publie_notes,
    count(pe.projet_id) AS nb_projets_base,
    count(pe.montant_attribue_eur) AS nb_projets_montant_publie,
    coalesce(sum(pe.montant_attribue_eur), 0) AS somme_projets_eur
FROM total_publie AS t
LEFT JOIN perimetre AS pe USING (total_publie_id)
WHERE $au IS NULL OR t.date_publication <= $au
GROUP BY ALL
ORDER BY t.date_publication, t.total_publie_id;
