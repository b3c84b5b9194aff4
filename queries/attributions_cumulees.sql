-- grain: one row per date of a published attribution of the filtered projects: the amount that
-- day and the running total; montant_sans_date_eur repeats on each row what has no published
-- date (so the curve's last point + it = the KPI); used by: dashboard.py
WITH p AS (
    SELECT * FROM projets_filtres($programme, $vague, $region, $departement,
                                  $type_territoire, $type_porteur, $axe, $theme,
                                  $au)
),
m AS (
    SELECT m.date_mouvement, m.montant_signe_eur
    FROM p JOIN mouvements_nets($au) AS m USING (projet_id)
    WHERE m.est_effectif AND m.etape = 'attribution' AND m.montant_eur IS NOT NULL
)
SELECT
    date_mouvement,
    sum(montant_signe_eur) AS montant_jour_eur,
    sum(sum(montant_signe_eur)) OVER (ORDER BY date_mouvement) AS montant_cumule_eur,
    count(*) AS nb_mouvements,
    (SELECT coalesce(sum(montant_signe_eur), 0) FROM m WHERE date_mouvement IS NULL)
        AS montant_sans_date_eur
FROM m
WHERE date_mouvement IS NOT NULL
GROUP BY date_mouvement
ORDER BY date_mouvement;
